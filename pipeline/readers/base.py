from __future__ import annotations

import zipfile
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


def open_zip(data: bytes, path: Path, settings: Settings, what: str) -> zipfile.ZipFile:
    """Open an office zip after checking its directory for a zip bomb (nothing is inflated yet).

    ``what`` names the format for the clerk ("документ Word").
    """
    import io

    from pipeline.errors import CorruptFile, LimitExceeded

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise CorruptFile(
            f"файл назван как {what}, но это не он или он повреждён (архив не читается); "
            "откройте его в офисной программе и сохраните заново",
            path=str(path),
        ) from exc
    total = sum(i.file_size for i in infos)
    packed = max(len(data), 1)
    if total > settings.max_unzipped_mb * 1024 * 1024 or total / packed > settings.max_zip_ratio:
        raise LimitExceeded(
            f"{what} после распаковки занял бы {total / 1048576:.0f} МБ (сжатие в {total / packed:.0f} раз): "
            "похоже на «zip-бомбу»; файл не открыт. Если он настоящий, увеличьте "
            "ORDEX_MAX_UNZIPPED_MB / ORDEX_MAX_ZIP_RATIO",
            path=str(path),
        )
    return archive
