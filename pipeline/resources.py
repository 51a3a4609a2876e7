"""Heavy language resources, created once per process and passed to every stage.

Nothing is loaded at import time: ``Resources()`` is cheap, each model is built on first
use and kept.  The batch runner and the inbox create one ``Resources`` and reuse it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, lru_cache, wraps
from typing import TypeVar


class Resources:
    @cached_property
    def morph(self):
        """pymorphy3 analyser: parsing and inflection of Russian words.

        Acts repeat the same few thousand words; parses are memoised per process, which
        makes morphology a dictionary look-up after the first documents.
        """
        import pymorphy3

        class MemoisingAnalyzer(pymorphy3.MorphAnalyzer):
            @lru_cache(maxsize=200_000)  # noqa: B019 — one analyser per process, kept for its life
            def parse(self, word):
                return super().parse(word)

            @lru_cache(maxsize=200_000)  # noqa: B019
            def word_is_known(self, word, strict=False):
                return super().word_is_known(word, strict)

        analyzer = MemoisingAnalyzer()
        _memoise_tag_categories(analyzer.TagClass)
        return analyzer

    @cached_property
    def embedding(self):
        from natasha import NewsEmbedding

        return NewsEmbedding()

    @cached_property
    def segmenter(self):
        from natasha import Segmenter

        return Segmenter()

    @cached_property
    def morph_vocab(self):
        from natasha import MorphVocab

        return MorphVocab()

    @cached_property
    def ner_tagger(self):
        from natasha import NewsNERTagger

        return NewsNERTagger(self.embedding)

    @cached_property
    def names_extractor(self):
        from natasha import NamesExtractor

        return NamesExtractor(self.morph_vocab)

    def person_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, stop) of PER entities natasha's NER finds in ``text``."""
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_ner(self.ner_tagger)
        return [(s.start, s.stop) for s in doc.spans if s.type == "PER"]


class _MemoisedCategory:
    """A tag's grammeme of one category ("POS", "case", ...), computed once per tag.

    pymorphy3 recomputes ``tag.POS`` (a set intersection and a new string object) on every
    access; rules read these attributes hundreds of thousands of times per batch over a few
    thousand distinct tags.  The values are the library's own, memoised by the tag string."""

    def __init__(self, category) -> None:
        self.category = category
        self.values: dict[str, object] = {}

    def __get__(self, tag, owner):
        if tag is None:
            return self
        try:
            return self.values[tag._str]
        except KeyError:
            value = self.values[tag._str] = self.category.__get__(tag, owner)
            return value


_TAG_CATEGORIES = ("POS", "animacy", "aspect", "case", "gender", "involvement", "mood", "number",
                   "person", "tense", "transitivity", "voice")


def _memoise_tag_categories(tag_class) -> None:
    for name in _TAG_CATEGORIES:
        category = tag_class.__dict__.get(name)
        if category is not None and not isinstance(category, _MemoisedCategory):
            setattr(tag_class, name, _MemoisedCategory(category))


# --- memos for one document ------------------------------------------------------------
# A clause's sentence is read by its container, the task splitter and as a leaf; one
# executor phrase recurs in many clauses.  Such pure functions of strings are memoised for
# the document being extracted only: :func:`new_document` empties the memos, so a batch's
# figures never rest on text repeated across documents, and memory stays flat.

_DOCUMENT_MEMOS: list[dict] = []
_MEMO_LIMIT = 4096  # entries of one memo; a huge document starts afresh past it
F = TypeVar("F", bound=Callable)


def per_document(fn: F) -> F:
    """Memoise a pure function of hashable arguments until the next :func:`new_document`.

    Its value is shared by every caller: it must be immutable (a str, a tuple, a frozen
    dataclass)."""
    memo: dict = {}
    _DOCUMENT_MEMOS.append(memo)

    @wraps(fn)
    def memoised(*args):
        try:
            return memo[args]
        except KeyError:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            value = memo[args] = fn(*args)
            return value

    return memoised  # type: ignore[return-value]


def new_document() -> None:
    """Forget what the memos of :func:`per_document` hold (called for every document)."""
    for memo in _DOCUMENT_MEMOS:
        memo.clear()


_SHARED: Resources | None = None


def shared() -> Resources:
    """The process-wide instance (CLI, inbox, tests share it)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Resources()
    return _SHARED
