"""Limits and switches, with defaults sane for an office inbox.

Every field can be overridden from the environment as ``ORDEX_<NAME>`` (upper case).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Settings:
    max_file_mb: float = 100.0  # larger files are refused before reading
    max_pages: int = 300  # PDF pages read; a longer document is refused
    max_unzipped_mb: float = 300.0  # total uncompressed size of a .docx/.odt (zip bombs)
    max_zip_ratio: float = 200.0  # uncompressed/compressed ratio above which a zip is a bomb
    ocr_timeout_s: float = 120.0  # per page
    ocr_dpi: int = 300
    ocr_languages: str = "rus+eng"  # extra installed regional traineddata are added when present
    convert_timeout_s: float = 120.0  # LibreOffice conversion of .doc
    max_seconds_per_doc: float = 300.0  # reading and extraction of one document; 0: no budget
    max_page_pixels: int = 90_000_000  # a page rendered or an image decoded (an A3 scan at 600 dpi is 70 MP)
    max_text_chars: int = 2_000_000  # characters of text read (~1,000 pages); a longer text is refused

    @classmethod
    def from_env(cls) -> Settings:
        kwargs = {}
        for f in fields(cls):
            value = os.environ.get(f"ORDEX_{f.name.upper()}")
            if value is not None:
                kwargs[f.name] = type(f.default)(value)
        return cls(**kwargs)
