"""Who an act is: (type, issuer, date, number), normalised so that citations match.

- numbers: "№ 18-р" = "N 18-р" = "18-p" (Latin look-alikes read as Cyrillic) = "18р";
- issuers: the set of content-word lemmas, abbreviations expanded first
  ("Губернатора Херсонской области" = "Губернатор Херсонской области";
  "АМС Пригородного района" ⊂ "Администрация местного самоуправления Пригородного
  муниципального района ..."); compared by containment, not equality;
- types: lemmas ("распоряжения" = "распоряжение"; "закон" is compatible with "федеральный закон");
- titles: word stems as in EVALUATION.md (first five letters of words of 3+ letters).

All lemmatisation goes through one :class:`Normaliser`, created once with the process's
pymorphy3 analyser (``Resources.morph``) and caching every word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from extractors.morph import vocabulary

_DATA = Path(__file__).with_name("issuer_abbreviations.txt")

# Latin letters that look like Cyrillic ones, as OCR and hurried typists mix them
_LOOKALIKES = str.maketrans("aAbBcCeEhHkKmMoOpPtTxXyY", "аАвВсСеЕнНкКмМоОрРтТхХуУ")
# "№ 18-р", "N 18", "No. 5", "N° 7"
_NUMBER_SIGN = re.compile(r"^\s*(?:№|N[o°º]?\.?(?=[\s\d])|номер)\s*", re.IGNORECASE)
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
# a hyphen between digits and letters is optional in practice: "18-р" = "18р"
_DIGIT_LETTER_HYPHEN = re.compile(r"(?<=\d)-(?=[^\W\d_])|(?<=[^\W\d_])-(?=\d)")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TITLE_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)

# parts of speech that carry no identity: prepositions, conjunctions, particles
_FUNCTION_POS = {"PREP", "CONJ", "PRCL", "INTJ"}


def number_key(number: str | None) -> str | None:
    """The comparable form of an act number.

    >>> number_key("N 18-p"), number_key("№18-р"), number_key("149-ФЗ")
    ('18р', '18р', '149фз')
    """
    if not number:
        return None
    text = _NUMBER_SIGN.sub("", number.strip())
    text = _DASHES.sub("-", text).translate(_LOOKALIKES).lower().replace("ё", "е")
    text = re.sub(r"[\s.]", "", text)
    text = _DIGIT_LETTER_HYPHEN.sub("", text)
    return text or None


def number_suffix(key: str | None) -> str | None:
    """The letters after the last digit of a number key: "149фз" -> "фз"."""
    if not key:
        return None
    m = re.search(r"\d([^\W\d_]+)$", key)
    return m.group(1) if m else None


def title_stems(title: str | None) -> frozenset[str]:
    """Stems of a title, as the evaluation compares text.

    >>> sorted(title_stems("О персональных данных"))
    ['данны', 'персо']
    """
    if not title:
        return frozenset()
    return frozenset(w.lower().replace("ё", "е")[:5] for w in _TITLE_WORD.findall(title))


def iso_date(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10] or None


def dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def containment(a: frozenset, b: frozenset) -> float:
    """|a ∩ b| / min(|a|, |b|): 1.0 when the shorter is contained in the longer."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def load_abbreviations(path: Path = _DATA) -> dict[str, str]:
    return {abbr.lower(): expansion for abbr, expansion in vocabulary(path)}


@dataclass(frozen=True)
class ActKey:
    """The normalised identity of an act, as a document or as a citation."""

    type: frozenset[str]
    issuer: frozenset[str]
    date: str | None
    number: str | None
    title: frozenset[str]


class Normaliser:
    """Lemmatises issuers and types with pymorphy3; one per process (caches every word)."""

    def __init__(self, morph) -> None:
        self._morph = morph
        self._abbreviations = load_abbreviations()
        self._lemma: dict[str, str | None] = {}
        self._phrase: dict[str, frozenset[str]] = {}

    def lemma(self, word: str) -> str | None:
        """The lemma of a content word (None for prepositions, conjunctions...)."""
        low = word.lower().replace("ё", "е")
        if low not in self._lemma:
            p = self._morph.parse(low)[0]
            self._lemma[low] = None if p.tag.POS in _FUNCTION_POS else p.normal_form.replace("ё", "е")
        return self._lemma[low]

    def lemmas(self, phrase: str | None) -> frozenset[str]:
        """Content-word lemmas of a phrase, abbreviations expanded.

        Hyphenated names are split ("Осетия-Алания" = "Осетия – Алания").
        """
        if not phrase:
            return frozenset()
        if phrase not in self._phrase:
            self._phrase[phrase] = frozenset(self._expand(phrase, depth=2))
        return self._phrase[phrase]

    def _expand(self, phrase: str, depth: int) -> list[str]:
        out: list[str] = []
        for word in _WORD.findall(phrase):
            low = word.lower().replace("ё", "е")
            lemma = self.lemma(word)
            if lemma is None:  # "с" in "общество с ограниченной ..." is not "село"
                continue
            expansion = self._abbreviations.get(low) or self._abbreviations.get(lemma)
            if expansion and depth:
                out.extend(self._expand(expansion, depth - 1))
            else:
                out.append(lemma)
        return out

    def key(self, type_: str | None, issuer: str | None, date_: object, number: str | None, title: str | None) -> ActKey:
        return ActKey(
            type=self.lemmas(type_),
            issuer=self.lemmas(issuer),
            date=iso_date(date_),
            number=number_key(number),
            title=title_stems(title),
        )


# ---- compatibility of two keys' parts ------------------------------------------------

ISSUER_CONTAINMENT = 0.8  # "Администрация Аксайского района" ≠ "... Аксайского городского поселения" (2/3)
TITLE_DICE = 0.75
TITLE_MIN_STEMS = 3  # a shorter title contained in a longer one is enough when it has this many stems


def types_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Unknown matches anything; "закон" matches "федеральный закон"."""
    return not a or not b or a <= b or b <= a


def issuers_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or containment(a, b) >= ISSUER_CONTAINMENT


def issuers_same(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both known and one (almost) contained in the other."""
    return bool(a and b) and containment(a, b) >= ISSUER_CONTAINMENT


def dates_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def titles_same(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    if dice(a, b) >= TITLE_DICE:
        return True
    return min(len(a), len(b)) >= TITLE_MIN_STEMS and containment(a, b) == 1.0


def titles_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both known and plainly different (a citation's paraphrase is not a difference)."""
    return bool(a and b) and containment(a, b) < 0.5
