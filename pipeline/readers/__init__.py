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
    CorruptFile,
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


# formats whose bytes are mostly the text itself: a text that long is refused before decoding
_TEXT_FORMATS = ("txt", "html", "rtf")
MAX_BYTES_PER_CHAR = 4  # UTF-8 Cyrillic is 2 bytes a letter, RTF's \'e0 four
_FORMAT_NAMES = {"docx": "Word (.docx)", "odt": "OpenDocument (.odt)", "pdf": "PDF", "html": "HTML",
                 "rtf": "RTF", "txt": "текстовый", "image": "изображения", "doc": "Word (.doc)"}


def _damaged_file_errors() -> tuple[type[BaseException], ...]:
    """Exceptions the parsing libraries raise on a damaged or forged file (a bad CRC, a zip
    method not supported, a non-numeric attribute, a broken stream), as opposed to ours."""
    import struct
    import zipfile
    import zlib

    kinds: list[type[BaseException]] = [zlib.error, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError,
                                        UnicodeError, ValueError, KeyError, IndexError, EOFError, struct.error,
                                        RecursionError, SyntaxError, OSError, AssertionError, TypeError]
    for module, name in (("lxml.etree", "LxmlError"), ("pdfminer.pdfparser", "PDFException"),
                         ("pdfminer.psparser", "PSException"), ("pdfplumber.utils.exceptions", "PdfminerException"),
                         ("pdfplumber.utils.exceptions", "MalformedPDFException"), ("pypdfium2", "PdfiumError")):
        try:
            kinds.append(getattr(__import__(module, fromlist=[name]), name))
        except (ImportError, AttributeError):
            continue
    return tuple(kinds)


def _too_long_text(chars: int, settings: Settings, path: Path, about: str = "около") -> LimitExceeded:
    return LimitExceeded(
        f"текст файла слишком длинный ({about} {chars / 1e6:.1f} млн знаков, допускается "
        f"{settings.max_text_chars / 1e6:g} млн, это около {settings.max_text_chars // 2000} страниц); "
        "разделите документ на части или увеличьте ORDEX_MAX_TEXT_CHARS",
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
    if reader.format in _TEXT_FORMATS and len(data) > settings.max_text_chars * MAX_BYTES_PER_CHAR:
        raise _too_long_text(len(data) // MAX_BYTES_PER_CHAR, settings, path, "не меньше")
    try:
        reading = reader.read(path, settings, data)
    except ReadError:
        raise
    except MemoryError as exc:
        raise LimitExceeded("для чтения файла не хватило памяти; разделите документ на части", path=str(path)) from exc
    except _damaged_file_errors() as exc:  # what a parsing library says of a damaged file
        raise CorruptFile(
            f"файл {_FORMAT_NAMES.get(reader.format, reader.format)} повреждён и не читается "
            f"({type(exc).__name__}: {str(exc)[:200]}); откройте его в программе, которой он создан, "
            "и сохраните заново, или попросите отправителя прислать файл ещё раз",
            path=str(path),
        ) from exc
    chars = sum(len(b.text) for b in reading.blocks)
    if chars > settings.max_text_chars:
        raise _too_long_text(chars, settings, path)
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
