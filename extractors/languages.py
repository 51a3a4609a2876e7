"""Languages of a header blank: Russian and the Cyrillic-script languages of Russia's
republics and neighbours (ISO 639 codes).

Bilingual blanks put the issuer's name in the state language of the republic beside or
above the Russian one ("Республикæ Цæгат Ирыстон – Аланийы" / "Республика Северная
Осетия – Алания").  General language-ID packages miss most of these languages, so each is
described in ``data/languages/<code>.txt``: the letters the Russian alphabet lacks
(``@letters``), letter combinations Russian never writes (``@patterns``) and typical blank
words — "республика", "министерство", "приказ", "район", "образование" in that language
and its frequent function words (``word``, ``stem*``, ``*ending``).

Each word of the header gives evidence: a vocabulary hit names its language(s), a foreign
letter names every language that has it, a Russian dictionary word is Russian.  Letters
shared by several languages are resolved by the vocabulary evidence of the same line,
then of the whole header (ә ө ү ң һ: Tatar, Bashkir or Kalmyk by their words).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data" / "languages"

# A word of any script; hyphenated compounds are looked up part by part.
_WORD = re.compile(r"[^\W\d_]+")
# Palochka Ӏ is typed as Ӏ/ӏ, Latin I/l, Cyrillic І/і or the digit 1: "ГIалгIай", "кlоштан".
_PALOCHKA = re.compile(r"(?<=[а-яёӏ])[il1іӏ]|[il1іӏ](?=[а-яё])")
_RUSSIAN_WORD = re.compile(r"^[а-яё]+$")
# Latin letters with diacritics typed or OCR-read for the Cyrillic ones in a Cyrillic word:
# "кытшлöн" (Komi ӧ), "ШУÖМ", "Республикæ" stays (æ is Ossetian's own letter).
_LATIN_LOOKALIKES = str.maketrans("öüäÿ", "ӧӱӓӱ")
_CYRILLIC = re.compile(r"[а-яё]")
# pymorphy3 tags of proper names: a place or person name is no evidence of the language.
_PROPER_TAGS = ("Geox", "Name", "Surn", "Patr", "Orgn", "Trad", "Abbr")

# A run of letters longer than any word of these languages (the longest Russian words have
# about 30 letters) is debris — a binary file read as text, words glued by a broken text
# layer — and tells no language; not looking at it keeps a 100,000-letter line cheap.
LONGEST_WORD = 60

VOCABULARY = 3  # weight of a vocabulary hit in the tallies
LETTER = 1  # weight of a foreign letter or pattern


@dataclass(frozen=True)
class Language:
    code: str
    letters: frozenset[str]
    patterns: re.Pattern | None
    words: frozenset[str]
    stems: tuple[str, ...]
    endings: tuple[str, ...]

    def knows(self, word: str) -> bool:
        """``word`` (lower case) is in the vocabulary, as a word, stem or ending."""
        return (
            word in self.words
            or word.startswith(self.stems)
            or (word.endswith(self.endings) and any(len(word) > len(e) + 2 for e in self.endings if word.endswith(e)))
        )

    def writes(self, word: str) -> bool:
        """``word`` has a letter or a letter combination of this language."""
        return not self.letters.isdisjoint(word) or bool(self.patterns and self.patterns.search(word))


@lru_cache(maxsize=1)
def languages() -> tuple[Language, ...]:
    """Every language described in ``data/languages``, loaded once."""
    out = []
    for path in sorted(DATA_DIR.glob("*.txt")):
        letters: set[str] = set()
        patterns: list[str] = []
        entries: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("@letters"):
                letters.update(line.split()[1:])
            elif line.startswith("@patterns"):
                patterns.append(line.split(None, 1)[1])
            else:
                entries.append(line.lower())
        out.append(
            Language(
                code=path.stem,
                letters=frozenset(letters),
                patterns=re.compile("|".join(patterns)) if patterns else None,
                words=frozenset(e for e in entries if "*" not in e),
                stems=tuple(e[:-1] for e in entries if e.endswith("*")),
                endings=tuple(e[1:] for e in entries if e.startswith("*")),
            )
        )
    return tuple(out)


def is_russian_word(word: str, morph) -> bool:
    """A common Russian word of three letters or more (pymorphy3 knows it not only as a
    proper name); short words ("а", "да") are shared with too many languages."""
    w = word.lower()
    if len(w) < 3 or not _RUSSIAN_WORD.match(w) or not morph.word_is_known(w):
        return False
    return any(p.is_known and not any(t in p.tag for t in _PROPER_TAGS) for p in morph.parse(w))


@dataclass(frozen=True)
class WordEvidence:
    word: str
    vocabulary: frozenset[str]  # languages whose vocabulary has the word
    letters: frozenset[str]  # languages whose letters/patterns the word shows
    russian: bool

    @property
    def candidates(self) -> frozenset[str]:
        return self.vocabulary or self.letters


@lru_cache(maxsize=65536)
def word_evidence(word: str, morph) -> WordEvidence:
    if len(word) > LONGEST_WORD:
        return WordEvidence(word, frozenset(), frozenset(), False)
    lower = word.lower()
    if _CYRILLIC.search(lower):
        lower = lower.translate(_LATIN_LOOKALIKES)
    variants = {lower, _PALOCHKA.sub("ӏ", lower)}
    vocabulary = frozenset(lang.code for lang in languages() if any(lang.knows(v) for v in variants))
    letters = frozenset(lang.code for lang in languages() if lang.writes(lower))
    # a Russian dictionary word without foreign letters is Russian, even when a stem
    # entry ("республика*") or a loanword ("министерство") is shared with another language
    russian = not letters and is_russian_word(lower, morph)
    return WordEvidence(word, frozenset() if russian else vocabulary, letters, russian)


def _tally(evidence: list[WordEvidence]) -> Counter:
    tally: Counter = Counter()
    for ev in evidence:
        for code in ev.vocabulary:
            tally[code] += VOCABULARY
        for code in ev.letters:
            tally[code] += LETTER
    return tally


@dataclass(frozen=True)
class LineLanguages:
    line: str
    foreign: Counter  # language -> words assigned to it
    vocabulary: Counter  # language -> assigned words that are vocabulary hits
    russian: int  # Russian words, counted only on lines where Russian dominates


def line_languages(lines: list[str], morph) -> list[LineLanguages]:
    """Per line: which words belong to which language (shared letters resolved by context)."""
    evidence = [[word_evidence(w, morph) for w in _WORD.findall(line)] for line in lines]
    header_tally = _tally([ev for line in evidence for ev in line])
    out = []
    for line, words in zip(lines, evidence):
        line_tally = _tally(words)
        foreign: Counter = Counter()
        vocabulary: Counter = Counter()
        for ev in words:
            if not ev.candidates:
                continue
            code = max(sorted(ev.candidates), key=lambda c: (line_tally[c], header_tally[c]))
            foreign[code] += 1
            vocabulary[code] += code in ev.vocabulary
        russian = sum(ev.russian for ev in words)
        # a foreign line borrows a Russian word or two ("министерство"); a glued
        # bilingual line has as many Russian words as foreign ones, and at least two
        other = sum(foreign.values())
        dominant = russian > other or (russian == other and russian >= 2)
        out.append(LineLanguages(line, foreign, vocabulary, russian if dominant else 0))
    return out


def header_languages(lines: list[str], morph) -> list[str]:
    """Sorted ISO 639 codes of the languages the header lines are written in.

    A foreign language needs two words, one of them from its vocabulary (or three words
    with its letters); Russian needs two dictionary words on lines where Russian
    dominates.  A header with no evidence at all is Russian: ordex reads Russian acts.
    """
    per_line = line_languages(lines, morph)
    words: Counter = Counter()
    vocabulary: Counter = Counter()
    russian = 0
    for ll in per_line:
        words.update(ll.foreign)
        vocabulary.update(ll.vocabulary)
        russian += ll.russian
    found = {c for c, n in words.items() if n >= 2 and (vocabulary[c] >= 1 or n >= 3)}
    if russian >= 2 or not found:
        found.add("ru")
    return sorted(found)
