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


def _image_only_pdf(pages: list[bytes], size: tuple[int, int], dpi: int, page_type: bytes = b"/Type /Page ") -> bytes:
    """A PDF 1.3 as old scanners write it: each page one JPEG (DCTDecode), no fonts;
    ``page_type`` b"" leaves the page objects without their /Type (pdfminer then sees no page)."""
    w, h = size
    pw, ph = w * 72 / dpi, h * 72 / dpi
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for jpg in pages:
        objs.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, len(jpg)) + jpg + b"\nendstream")
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objs.append(b"<< %s/Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> "
                    b"/ProcSet [/PDF /ImageB] >> /Contents %d 0 R >>" % (page_type, pw, ph, len(objs) - 1, len(objs)))
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.3\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("page_type", [b"/Type /Page ", b""], ids=["typed_pages", "untyped_pages"])
def test_image_only_pdf_13_of_jpeg_pages_is_ocred(tmp_path, page_type):
    import io

    page = render_page_image(SCAN_LINES, dpi=150)
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=60)
    path = tmp_path / "скан.pdf"
    path.write_bytes(_image_only_pdf([buf.getvalue()] * 3, page.size, 150, page_type))
    doc = read_document(path)
    assert doc.source.ocr and doc.source.pages == 3
    assert {b.origin.page for b in doc.blocks} == {1, 2, 3}
    assert doc.text.count("Министр Л.Р. Кадиева") == 3


def test_scan_with_a_typed_note_is_ocred(tmp_path):
    """A scanned page with an e-signature note over it: the page's text is in the picture."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", str(cyrillic_font())))
    path = tmp_path / "скан с отметкой.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(render_page_image(SCAN_LINES, dpi=150)), 0, 0, *A4)
    c.setFont("DejaVu", 8)
    c.drawString(40, 20, "Документ подписан электронной подписью")
    c.save()
    doc = read_document(path)
    assert doc.source.ocr and "Министр Л.Р. Кадиева" in doc.text
