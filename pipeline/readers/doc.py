"""Old Word .doc (OLE2): converted to .docx by LibreOffice, then read by the docx reader."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import CorruptFile, EncryptedFile, LimitExceeded, MissingTool
from pipeline.readers.base import Reading
from pipeline.settings import Settings

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
INSTALL_HINT = "apt-get install libreoffice-writer-nogui"
# an OOXML file with a password is an OLE2 container holding this stream
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise MissingTool(f"для чтения .doc нужен LibreOffice: {INSTALL_HINT}; или пересохраните файл как .docx")
    return exe


class DocReader:
    format = "doc"
    extensions = (".doc", ".dot")

    def can_read(self, path: Path, head: bytes) -> bool:
        return head.startswith(OLE_MAGIC)

    def read(self, path: Path, settings: Settings, data: bytes) -> Reading:
        from pipeline.readers.docx import READER as DOCX

        if _ENCRYPTED_STREAM in data:
            raise EncryptedFile("документ Word защищён паролем; попросите отправителя прислать файл без пароля", path=str(path))
        if not data.startswith(OLE_MAGIC):
            raise CorruptFile("файл назван .doc, но это не документ Word; откройте его в Word и сохраните заново", path=str(path))
        try:
            exe = soffice()
        except MissingTool as exc:
            exc.path = str(path)
            raise
        with tempfile.TemporaryDirectory(prefix="ordex-doc-") as tmp:
            src = Path(tmp) / "input.doc"
            src.write_bytes(data)
            cmd = [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", tmp, str(src)]
            try:
                subprocess.run(cmd, capture_output=True, timeout=settings.convert_timeout_s, check=False)
            except subprocess.TimeoutExpired as exc:
                raise LimitExceeded(
                    f"LibreOffice не преобразовал .doc за {settings.convert_timeout_s:g} с; "
                    "увеличьте ORDEX_CONVERT_TIMEOUT_S или пересохраните файл как .docx",
                    path=str(path),
                ) from exc
            out = Path(tmp) / "input.docx"
            if not out.exists():
                raise CorruptFile("LibreOffice не смог открыть этот .doc; откройте его в Word и сохраните как .docx", path=str(path))
            reading = DOCX.read(path, settings, out.read_bytes())
        reading.format = "doc"
        return reading


READER = DocReader()
