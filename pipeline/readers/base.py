from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pipeline.document import RawBlock
from pipeline.settings import Settings


@dataclass
class Reading:
    blocks: list[RawBlock] = field(default_factory=list)
    format: str | None = None
    pages: int | None = None
    ocr: bool = False
    encoding: str | None = None


class Reader(Protocol):
    format: str
    extensions: tuple[str, ...]

    def can_read(self, path: Path, head: bytes) -> bool: ...

    def read(self, path: Path, settings: Settings, data: bytes) -> Reading: ...
