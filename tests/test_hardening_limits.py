"""Budgets and typed errors of issue 15: page pixels, time per document, text length, damaged
encodings and images, control characters, escaped previews, docx entities."""

from __future__ import annotations

import io
import re
import resource
import subprocess
import sys
import time
import zipfile

import pytest
from lxml import etree
from PIL import Image

from pipeline.batch import process_file
from pipeline.bench import make_docx
from pipeline.budget import within_time_budget
from pipeline.errors import CorruptFile, LimitExceeded, OrdexError
from pipeline.layout import to_docx, to_markdown
from pipeline.readers import read_document
from pipeline.settings import Settings
from tests.test_inbox import order


def _pdf(media_box: str) -> bytes:
    """A minimal PDF of one empty page with the given MediaBox, offsets computed."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               f"<< /Type /Page /Parent 2 0 R /MediaBox [{media_box}] >>".encode()]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_huge_empty_pdf_page_is_refused_not_rendered(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf("0 0 14400 14400"))
    t0 = time.monotonic()
    with pytest.raises(LimitExceeded) as err:
        read_document(path, Settings())
    assert "ORDEX_MAX_PAGE_PIXELS" in err.value.message and time.monotonic() - t0 < 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1024 * 1024  # KB: under 1 GB


def test_image_decompression_bomb_is_limit_exceeded(tmp_path):
    path = tmp_path / "bomb.png"
    buf = io.BytesIO()
    Image.new("1", (12_000, 12_000), 1).save(buf, "PNG")  # 144 MP, a few kilobytes
    path.write_bytes(buf.getvalue())
    with pytest.raises(LimitExceeded):
        read_document(path, Settings())


def test_time_budget_interrupts_a_runaway_regex():
    t0 = time.monotonic()
    with pytest.raises(LimitExceeded) as err:
        within_time_budget(0.5, lambda: re.match(r"(a+)+$", "a" * 40 + "b"))
    assert time.monotonic() - t0 < 2 and "ORDEX_MAX_SECONDS_PER_DOC" in err.value.message


def test_time_budget_applies_to_a_real_document(tmp_path, res):
    path = tmp_path / "a.txt"
    # a text no other test extracted, so no memo of the session's resources answers at once
    path.write_text("".join(order(i) for i in range(1, 201)) + tmp_path.name, encoding="utf-8")
    with pytest.raises(LimitExceeded):
        process_file(path, res, Settings(max_seconds_per_doc=0.005))
    assert process_file(path, res, Settings()).doc.text  # the default budget lets it through


def test_text_longer_than_the_limit_is_refused_up_front(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(order(1) * 100, encoding="utf-8")
    with pytest.raises(LimitExceeded) as err:
        read_document(path, Settings(max_text_chars=1000))
    assert "ORDEX_MAX_TEXT_CHARS" in err.value.message


def test_text_as_large_as_the_size_limit_stays_under_1_gb(tmp_path):
    path = tmp_path / "huge.txt"
    line = ("а" * 999 + "\n").encode()
    with open(path, "wb") as fh:
        for _ in range(99 * 1024 * 1024 // len(line)):  # just under the 100 MB limit
            fh.write(line)
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(path), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert "limit_exceeded" in proc.stdout and "млн знаков" in proc.stdout
    assert peak_mb < 1024 and time.monotonic() - t0 < 120, peak_mb


@pytest.mark.parametrize("data", [
    b"\xff\xfe" + "ПРИКАЗ\n01.03.2026 № 5\nО проверке журналов\n".encode(),  # a lying BOM
    "ПРИКАЗ\n".encode("utf-16") + "01.03.2026 № 5\nО проверке журналов\n".encode(),  # UTF-16, then UTF-8
])
def test_text_with_broken_encoding_is_read_or_typed(tmp_path, data):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    try:
        assert read_document(path).text
    except OrdexError as exc:
        assert exc.code != "internal_error"


def test_html_with_invalid_utf8_is_read_or_typed(tmp_path):
    path = tmp_path / "a.html"
    path.write_bytes(b'<html><head><meta charset="utf-8"></head><body><p>\xd0\x9f\xd0\xa0\xff\xfe\xd0</p>'
                     + "<p>О проверке журналов</p></body></html>".encode())
    try:
        assert read_document(path).text
    except OrdexError as exc:
        assert exc.code != "internal_error"


def test_damaged_deflate_stream_in_docx_is_corrupt_file(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    raw = bytearray(src.read_bytes())
    info = zipfile.ZipFile(src).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(10, 40):
        raw[start + k] ^= 0x5A
    src.write_bytes(bytes(raw))
    with pytest.raises(CorruptFile) as err:
        read_document(src)
    assert "сохраните" in err.value.message


def test_control_characters_are_removed_with_offsets_kept(tmp_path):
    path = tmp_path / "a.txt"
    raw = order(1).replace("О проведении", "О про\x07ведении\x1b")
    path.write_text(raw, encoding="utf-8")
    doc = read_document(path)
    assert "\x07" not in doc.text and "\x1b" not in doc.text and "О проведении проверки" in doc.text


def test_draft_and_preview_are_safe_with_hostile_values():
    markup = "@type ПРИКАЗ\n@title О про\x07ведении <script>alert(1)</script>\nТекст & ещё\n"
    docx = to_docx(markup)
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")
    assert b"\x07" not in xml and "Опроведении".encode() not in xml and "О проведении".encode() in xml
    md = to_markdown(markup)
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_chain_svg_is_well_formed_with_control_characters(res):
    """A record stored before normalisation removed control characters still draws."""
    from dataclasses import replace

    from pipeline.chain import link_records, record_from_extraction
    from pipeline.chain.render import render_svg
    from tests.test_chain_helpers import make_doc

    stem, ex = make_doc("gov", "распоряжение", "Губернатор Херсонской области", "2026-01-21", "18-р", title="О мерах")
    rec = record_from_extraction(stem, ex)
    rec = replace(rec, act=replace(rec.act, title="О ме\x07рах <b>"))
    svg = render_svg(link_records([rec], res=res))
    etree.fromstring(svg.encode("utf-8"))  # well-formed
    assert "О мерах &lt;b&gt;" in svg


def test_docx_text_after_an_entity_reference_is_kept(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    xml = parts["word/document.xml"]
    xml = xml.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY org "X">]>', 1)
    xml = xml.replace(b"<w:t>", b"<w:t>&org; after entity ", 1)
    parts["word/document.xml"] = xml
    with zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    assert "after entity" in read_document(src).text
