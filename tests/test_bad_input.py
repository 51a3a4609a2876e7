"""Bad input: each gets a typed error with a message a clerk can act on; a batch carries on."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.bench import make_docx
from pipeline.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    FileVanished,
    LimitExceeded,
    ReadError,
)
from pipeline.readers import read_document
from pipeline.settings import Settings


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (50 * 1024 * 1024))  # 50 MB of zeros, ~50 KB packed
    return buf.getvalue()


def _encrypted_pdf(path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("секрет", "owner"))
    c.drawString(100, 700, "secret")
    c.save()


def _long_pdf(path, pages: int):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for n in range(pages):
        c.drawString(100, 700, f"page {n + 1}")
        c.showPage()
    c.save()


@pytest.mark.parametrize(
    "name, content, error, words",
    [
        ("пустой.docx", b"", EmptyFile, "пуст"),
        ("пробелы.txt", b"  \n\n ", EmptyFile, "пуст"),
        ("мусор.docx", bytes(range(256)) * 20, CorruptFile, "Word"),
        ("битый.docx", b"PK\x03\x04" + b"\x00" * 100, CorruptFile, "архив"),
        ("битый.odt", b"PK\x03\x04garbage", CorruptFile, "OpenDocument"),
        ("мусор.txt", bytes(range(256)) * 20, CorruptFile, "двоичные"),
        ("битый.pdf", b"%PDF-1.4\n garbage", CorruptFile, "PDF"),
        ("бомба.docx", None, LimitExceeded, "zip-бомб"),
        ("не картинка.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, CorruptFile, "изображение"),
        ("неизвестное.xyz", b"data", ReadError, "не поддерживается"),
    ],
)
def test_bad_file_gets_typed_error(tmp_path, name, content, error, words):
    path = tmp_path / name
    path.write_bytes(_zip_bomb() if content is None else content)
    with pytest.raises(error) as exc:
        read_document(path)
    assert words in exc.value.message
    assert exc.value.path == str(path)


def test_zip_bomb_refused_by_ratio(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_zip_bomb())
    with pytest.raises(LimitExceeded):
        read_document(path, Settings(max_unzipped_mb=10_000, max_zip_ratio=100))


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "с паролем.pdf"
    _encrypted_pdf(path)
    with pytest.raises(EncryptedFile, match="паролем"):
        read_document(path)


def test_too_many_pages(tmp_path):
    path = tmp_path / "500 страниц.pdf"
    _long_pdf(path, 500)
    with pytest.raises(LimitExceeded, match="500 страниц"):
        read_document(path)


def test_cyrillic_name_with_spaces(tmp_path):
    path = make_docx(tmp_path / "Приказ № 5 от 12.03.2024 (копия).docx", items=2)
    assert "ПРИКАЗ" in read_document(path).text


def test_vanished_file(tmp_path):
    with pytest.raises(FileVanished, match="исчез"):
        read_document(tmp_path / "был и нет.docx")


def test_batch_reports_each_bad_file_and_carries_on(tmp_path, res):
    from pipeline.batch import run_batch

    inbox = tmp_path / "входящие"
    inbox.mkdir()
    (inbox / "пустой.docx").write_bytes(b"")
    (inbox / "мусор.docx").write_bytes(bytes(range(256)) * 4)
    (inbox / "хороший приказ.txt").write_text("ПРИКАЗ\nот 12.03.2024 № 5\n1. Утвердить план.\n", encoding="cp1251")
    out = io.StringIO()
    outcomes = run_batch([inbox], tmp_path / "out", res=res, stream=out, progress=False, with_chain=False)
    errors = {o.path.name: o.error.code for o in outcomes if o.error}
    assert errors == {"пустой.docx": "empty_file", "мусор.docx": "corrupt_file"}
    assert (tmp_path / "out" / "хороший приказ.json").exists()
    assert out.getvalue().count("ОШИБКА") == 2
