"""Scans: a page typed in DejaVu, rasterised by PIL, read back through Tesseract."""

from __future__ import annotations

import shutil

import pytest

from pipeline.bench import SCAN_LINES, cyrillic_font, make_scan_pdf, render_page_image
from pipeline.readers import read_document

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="apt-get install tesseract-ocr tesseract-ocr-rus"),
    pytest.mark.skipif(cyrillic_font() is None, reason="нет шрифта DejaVuSans"),
]


@pytest.fixture(scope="module")
def scan_pdf(tmp_path_factory):
    return read_document(make_scan_pdf(tmp_path_factory.mktemp("scan") / "скан приказа.pdf"))


def test_scanned_pdf_is_ocred_with_confidence(scan_pdf):
    assert scan_pdf.source.ocr and scan_pdf.source.pages == 1
    paras = [scan_pdf.slice(b.span) for b in scan_pdf.paragraphs()]
    assert "ПРИКАЗ" in paras and "от 12.03.2024 № 145-од" in paras
    assert any(p.startswith("1. Утвердить состав комиссии") and p.endswith("учебному году.") for p in paras)
    assert any(p.startswith("2. Руководителям") and p.endswith("2024 года.") for p in paras)
    for b in scan_pdf.paragraphs():
        assert b.origin.ocr and b.origin.page == 1 and b.origin.confidence > 60


def test_png_and_multipage_tiff(tmp_path):
    page = render_page_image(SCAN_LINES, dpi=200)
    page.save(tmp_path / "скан.png", dpi=(200, 200))
    page.save(tmp_path / "скан.tif", save_all=True, append_images=[page], dpi=(200, 200))
    png = read_document(tmp_path / "скан.png")
    assert png.source.format == "image" and "Министр Л.Р. Кадиева" in png.text
    tif = read_document(tmp_path / "скан.tif")
    assert tif.source.pages == 2 and {b.origin.page for b in tif.blocks} == {1, 2}
