"""Errors a clerk can act on.

Every error has a stable ``code`` (for logs, the inbox journal and tests) and a message
that says what was expected, what came, and what to do.
"""

from __future__ import annotations


class OrdexError(Exception):
    code = "error"

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ReadError(OrdexError):
    """The file could not be turned into a Document."""

    code = "read_error"


class EmptyFile(ReadError):
    code = "empty_file"


class UnsupportedFormat(ReadError):
    code = "unsupported_format"


class CorruptFile(ReadError):
    code = "corrupt_file"


class EncryptedFile(ReadError):
    code = "encrypted"


class LimitExceeded(ReadError):
    code = "limit_exceeded"


class MissingTool(ReadError):
    """A system program (Tesseract, LibreOffice) the format needs is not installed."""

    code = "missing_tool"


class FileVanished(ReadError):
    code = "file_vanished"


class NoText(ReadError):
    code = "no_text"


class TemplateError(OrdexError):
    code = "template_error"


class DraftError(OrdexError):
    code = "draft_error"
