"""Heavy language resources, created once per process and passed to every stage.

Nothing is loaded at import time: ``Resources()`` is cheap, each model is built on first
use and kept.  The batch runner and the inbox create one ``Resources`` and reuse it.
"""

from __future__ import annotations

from functools import cached_property, lru_cache


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

        return MemoisingAnalyzer()

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


_SHARED: Resources | None = None


def shared() -> Resources:
    """The process-wide instance (CLI, inbox, tests share it)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Resources()
    return _SHARED
