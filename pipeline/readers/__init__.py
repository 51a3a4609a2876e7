"""Readers: one per file format, each turning a file into raw blocks.

A reader is a module-level object with ``format`` (the contract's name for it),
``extensions``, ``can_read(path, head)`` and ``read(path, settings) -> Reading``.
:func:`read_document` picks the reader by content sniffing first, extension second,
checks the limits, and builds the :class:`~pipeline.document.Document`.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

from pipeline.document import Document, Source, build_document
from pipeline.errors import (
    EmptyFile,
    FileVanished,
    LimitExceeded,
    NoText,
    ReadError,
    UnsupportedFormat,
)
from pipeline.readers import text as _text
from pipeline.readers.base import Reader, Reading  # noqa: F401  (Reading: the readers' public type)
from pipeline.settings import Settings

READERS: list[Reader] = [_text.READER]


def register(reader: Reader) -> None:
    READERS.insert(0, reader)


def _load_optional_readers() -> None:
    """Import the format modules that exist; each registers itself in READERS."""
    import importlib

    for name in ("docx", "pdf", "image", "html", "rtf", "odt", "doc"):
        try:
            module = importlib.import_module(f"pipeline.readers.{name}")
        except ModuleNotFoundError as exc:  # only a missing reader module is tolerated
            if exc.name == f"pipeline.readers.{name}":
                continue
            raise
        if module.READER not in READERS:
            READERS.insert(0, module.READER)


_load_optional_readers()

SUPPORTED_EXTENSIONS = sorted({e for r in READERS for e in r.extensions if e})  # "" (no extension) is no name to list


def pick_reader(path: Path, head: bytes) -> Reader:
    ext = path.suffix.lower()
    for reader in READERS:
        if reader.can_read(path, head):
            return reader
    for reader in READERS:
        if ext in reader.extensions:
            return reader
    raise UnsupportedFormat(
        f"формат «{ext or 'без расширения'}» не поддерживается; ordex читает: "
        + ", ".join(SUPPORTED_EXTENSIONS),
        path=str(path),
    )


def _read_bytes(path: Path, follow_symlinks: bool) -> bytes:
    if follow_symlinks:
        return path.read_bytes()
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def read_document(path: str | Path, settings: Settings | None = None, *, follow_symlinks: bool = True) -> Document:
    """``follow_symlinks=False`` (the inbox): a symbolic link is refused, not read (``O_NOFOLLOW``)."""
    settings = settings or Settings()
    path = Path(path)
    try:
        data = _read_bytes(path, follow_symlinks)
    except FileNotFoundError as exc:
        raise FileVanished("файл исчез до того, как его удалось прочитать", path=str(path)) from exc
    except OSError as exc:  # no permission, a folder, a broken network share
        if exc.errno == errno.ELOOP:
            raise ReadError("файл — символическая ссылка; читаются только обычные файлы", path=str(path)) from exc
        raise ReadError(f"файл не удалось прочитать ({exc.strerror or exc}); проверьте права доступа", path=str(path)) from exc
    if not data.strip():
        raise EmptyFile("файл пуст (0 байт или одни пробелы)", path=str(path))
    if len(data) > settings.max_file_mb * 1024 * 1024:
        raise LimitExceeded(
            f"файл больше {settings.max_file_mb:g} МБ ({len(data) / 1048576:.1f} МБ); "
            "увеличьте ORDEX_MAX_FILE_MB, если он настоящий",
            path=str(path),
        )
    reader = pick_reader(path, data[:4096])
    reading = reader.read(path, settings, data)
    source = Source(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format=reading.format or reader.format,
        ocr=reading.ocr,
        pages=reading.pages,
        encoding=reading.encoding,
    )
    doc = build_document(reading.blocks, source)
    if not doc.text.strip():
        raise NoText(
            "в файле не найден текст" + (" (распознавание не дало результата)" if reading.ocr else ""),
            path=str(path),
        )
    return doc
