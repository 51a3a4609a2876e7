"""The real originals of corpus/ against the reference texts a careful reader got from them."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from pipeline.normalise import normalise_block
from pipeline.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
REFERENCES = ROOT.parent / "shared" / "dev" / "docs"
ORIGINALS = sorted(p for p in (ROOT / "corpus").glob("g*") if p.suffix in (".pdf", ".html"))
SCANS = {"g02_barnaul_sosh64_shkolny_teatr"}  # read by OCR: slow


def words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[А-Яа-яЁёA-Za-z0-9]{2,}", normalise_block(text)[0])]


def in_order_share(reference: str, got: str) -> float:
    """Share of the reference's words found in the reading, in the same order."""
    ref, out = words(reference), words(got)
    matcher = difflib.SequenceMatcher(None, ref, out, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / len(ref)


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=p.stem, marks=[pytest.mark.slow] if p.stem in SCANS else []) for p in ORIGINALS],
)
def test_original_reads_like_reference(path):
    reference = REFERENCES / f"{path.stem}.txt"
    if not reference.exists():
        pytest.skip("нет эталонного текста в ../shared/dev/docs")
    doc = read_document(path)
    assert in_order_share(reference.read_text(encoding="utf-8"), doc.text) >= 0.93
    for b in doc.blocks:
        assert doc.text[b.span.start : b.span.stop] == doc.slice(b.span)
    if path.stem in SCANS:
        assert doc.source.ocr and all(b.origin.ocr for b in doc.blocks if b.kind == "paragraph")
