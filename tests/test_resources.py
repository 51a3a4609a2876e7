"""Memos of pipeline/resources.py: they change how fast, never what is extracted."""

from __future__ import annotations

import pytest

from pipeline.bench import make_varied_docx, varied_order
from pipeline.resources import new_document, per_document

CATEGORIES = ("POS", "animacy", "aspect", "case", "gender", "involvement", "mood", "number",
              "person", "tense", "transitivity", "voice")


@pytest.mark.parametrize("word", ["руководителям", "обеспечить", "обеспечивает", "Ивановой", "ежеквартально", "и", "ГБУ"])
def test_memoised_tag_categories_are_the_library_values(res, word):
    from inspect import getattr_static

    for parse in res.morph.parse(word):
        tag = parse.tag
        for name in CATEGORIES:
            library = getattr_static(type(tag), name).category  # pymorphy3's own descriptor
            assert getattr(tag, name) == library.__get__(tag, type(tag))
            assert getattr(tag, name) == getattr(tag, name)


def test_per_document_memo_is_emptied_for_every_document():
    calls: list[str] = []

    @per_document
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert upper("а") == upper("а") == "А"
    assert calls == ["а"]
    new_document()
    assert upper("а") == "А"
    assert calls == ["а", "а"]


def test_bench_documents_are_distinct_and_about_5_kb(tmp_path):
    texts = [varied_order(i) for i in range(40)]
    assert len(set(texts)) == len(texts)
    assert all(4500 <= len(t) <= 5500 for t in texts)
    from pipeline.readers import read_document

    doc = read_document(make_varied_docx(tmp_path / "a.docx", 7))
    assert 4500 <= len(doc.text) <= 5500
