"""Seeded mutations of real files through every reader: a Document or a typed error, never an
untyped one, within the time budget of a document and in bounded memory (issue 15)."""

from __future__ import annotations

import io
import random
import resource
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from pipeline.budget import within_time_budget
from pipeline.errors import OrdexError
from pipeline.readers import read_document
from pipeline.settings import Settings

TESTS = Path(__file__).parent
SEEDS = {  # small real files of each format from the test sets
    "docx": TESTS / "devset_requisites2/docs/s34_mku_uo_letter_docx.docx",
    "odt": TESTS / "devset4/docs/o01_udm_buranovo_school_prikaz_pitanie.odt",
    "html": TESTS / "devset4/docs/h02_ntagil_rpn_letter_html.html",
    "rtf": TESTS / "devset4/docs/r01_myv_atyashevo_rasp_vrio_subbotnik.rtf",
    "pdf": TESTS / "devset4/docs/p04_starocherkasskaya_rasp_blagoustroystvo.pdf",
}
CASES_PER_FORMAT = {"docx": 70, "odt": 60, "html": 40, "rtf": 40, "txt": 60, "pdf": 25, "png": 10}
BUDGET_S = 5.0
SETTINGS = Settings(max_seconds_per_doc=BUDGET_S, ocr_dpi=100, ocr_timeout_s=5, max_page_pixels=4_000_000)


def _seed_bytes(fmt: str) -> bytes:
    if fmt == "txt":
        return (TESTS / "devset4/docs").glob("*.txt").__next__().read_bytes() if list((TESTS / "devset4/docs").glob("*.txt")) \
            else "ПРИКАЗ\n01.03.2026 № 5\nО проверке\n1. Иванову И.И. провести проверку до 30.04.2026.\n".encode()
    if fmt == "png":
        image = Image.new("L", (300, 120), 255)
        buf = io.BytesIO()
        image.save(buf, "PNG")
        return buf.getvalue()
    return SEEDS[fmt].read_bytes()


def _flip(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def _rezip(data: bytes, rng: random.Random) -> bytes:
    """A zip whose members are damaged inside: flipped deflate bytes (zlib.error, bad CRC), a
    compression method nobody supports, a non-numeric attribute in the XML."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    victim = rng.choice([i.filename for i in src.infolist() if i.filename.endswith(".xml")])
    kind = rng.choice(["attr", "xml_bytes", "control"])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == victim:
                if kind == "attr":
                    body = body.replace(b'number-columns-repeated="', b'number-columns-repeated="x', 1) \
                        .replace(b'w:val="', b'w:val="\xd1\x8f', 3)
                elif kind == "xml_bytes":
                    body = _flip(body, rng)
                else:
                    body = body.replace(b"<w:t>", b"<w:t>\x07", 2).replace(b"<text:p", b"\x01<text:p", 1)
            dst.writestr(info, body)
    raw = bytearray(out.getvalue())
    if rng.random() < 0.5:  # damage the compressed stream or the method field of a local header
        at = raw.find(b"PK\x03\x04", rng.randrange(len(raw) // 2))
        central = raw.find(b"PK\x01\x02", rng.randrange(len(raw)))
        if central >= 0 and rng.random() < 0.5:
            raw[central + 10] = 99  # compression method 99 (AES): NotImplementedError
        elif at >= 0:
            start = at + 30 + int.from_bytes(raw[at + 26:at + 28], "little")
            for k in range(3):
                if start + 10 + k < len(raw):
                    raw[start + 10 + k] ^= 0xFF
    return bytes(raw)


def _text_variant(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    kind = rng.choice(["utf16_lying_bom", "utf16_then_utf8", "controls", "flip", "cp1251_cut"])
    if kind == "utf16_lying_bom":
        return b"\xff\xfe" + text.encode("utf-8")
    if kind == "utf16_then_utf8":
        return text[:200].encode("utf-16") + text[200:].encode("utf-8")
    if kind == "controls":
        return "".join(ch + ("\x07" if rng.random() < 0.05 else "") for ch in text).encode()
    if kind == "cp1251_cut":
        return text.encode("cp1251", "replace")[: rng.randrange(10, len(text))]
    return _flip(data, rng)


def mutations():
    rng = random.Random(15)
    for fmt, n in CASES_PER_FORMAT.items():
        seed = _seed_bytes(fmt)
        ext = "txt" if fmt == "txt" else fmt
        for i in range(n):
            r = rng.random()
            if fmt in ("docx", "odt") and r < 0.6:
                data = _rezip(seed, rng)
            elif fmt == "txt" or (fmt in ("html", "rtf") and r < 0.4):
                data = _text_variant(seed, rng)
            elif r < 0.8:
                data = _flip(seed, rng)
            else:
                data = seed[: rng.randrange(1, len(seed))]
            yield f"{fmt}-{i:03d}.{ext}", data


def test_mutated_real_files_fail_typed_within_budgets(tmp_path):
    started = time.monotonic()
    untyped, slow = [], []
    for name, data in mutations():
        path = tmp_path / name
        path.write_bytes(data)
        t0 = time.monotonic()
        try:
            within_time_budget(SETTINGS.max_seconds_per_doc, lambda p=path: read_document(p, SETTINGS), path=str(path))
        except OrdexError as exc:
            assert exc.code != "internal_error" and exc.message
        except Exception as exc:  # noqa: BLE001 — what this test looks for
            untyped.append(f"{name}: {type(exc).__name__}: {exc}"[:200])
        if time.monotonic() - t0 > BUDGET_S + 2:
            slow.append(name)
        path.unlink()
    assert not untyped, "\n".join(untyped)
    assert not slow
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < 1024, f"peak memory {peak_mb:.0f} MB"
    assert time.monotonic() - started < 240


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_zip_member_with_unsupported_method_is_corrupt(tmp_path, fmt):
    raw = bytearray(_seed_bytes(fmt))
    for at in range(len(raw)):
        if raw[at:at + 4] == b"PK\x01\x02":  # the central directory's compression method
            raw[at + 10] = 99
    path = tmp_path / f"x.{fmt}"
    path.write_bytes(bytes(raw))
    with pytest.raises(OrdexError) as err:
        read_document(path, SETTINGS)
    assert err.value.code in ("corrupt_file",) and "сохраните" in err.value.message
