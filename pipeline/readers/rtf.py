"""RTF through striprtf: ``\\'xx`` bytes in the document's code page (``\\ansicpg1251``),
``\\uN`` Unicode escapes, table rows (striprtf ends each cell with ``|``) as cells."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import CorruptFile
from pipeline.readers.base import Reading
from pipeline.readers.text import split_text
from pipeline.settings import Settings

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
DEFAULT_CODEPAGE = "cp1251"  # Russian Word writes \ansicpg1251; a missing one is most likely it too


class RtfReader:
    format = "rtf"
    extensions = (".rtf",)

    def can_read(self, path: Path, head: bytes) -> bool:
        return head.lstrip().startswith(b"{\\rtf")

    def read(self, path: Path, settings: Settings, data: bytes) -> Reading:
        from striprtf.striprtf import rtf_to_text

        if not data.lstrip().startswith(b"{\\rtf"):
            raise CorruptFile("файл назван .rtf, но не начинается с «{\\rtf»; сохраните его заново в формате RTF", path=str(path))
        m = _CODEPAGE.search(data[:4096])
        encoding = f"cp{m.group(1).decode()}" if m else DEFAULT_CODEPAGE
        try:
            "".encode(encoding)
        except LookupError:
            encoding = DEFAULT_CODEPAGE
        try:
            text = rtf_to_text(data.decode(encoding, errors="replace"), encoding=encoding, errors="replace")
        except Exception as exc:  # striprtf raises bare errors on broken groups
            raise CorruptFile(f"RTF повреждён ({type(exc).__name__}); откройте его в Word и сохраните заново", path=str(path)) from exc
        # a table row comes out as "cell|cell|": make it the TAB-separated row split_text reads
        lines = ["\t".join(c.strip() for c in ln[:-1].split("|")) if ln.endswith("|") and ln.count("|") >= 2 else ln for ln in text.split("\n")]
        return Reading(blocks=split_text("\n".join(lines), wrapped=False), format="rtf", encoding=encoding)


READER = RtfReader()
