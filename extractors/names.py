"""Persons' names: parts, gender, and inflection into any case.

"Иванова Мария Петровна", "Иванова М.П.", "М.П. Иванова", "Петров-Водкин И.С." — the
surname is inflected by the gender that the first name or patronymic reveals (or that is
given), so "Иванова" in the accusative is "Иванову" for Мария Петровна and "Иванова"
for Иван Петрович.  Morphology from pymorphy3; no endings are written by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.morph import _match_case, _parses

_INITIALS = re.compile(r"^(?:[А-ЯЁ]\.\s?){1,2}$")
_PART = re.compile(r"(?:[А-ЯЁ]\.\s?){1,2}|[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")


@dataclass(frozen=True)
class PersonName:
    surname: str
    first: str | None = None  # full first name, or None
    patronymic: str | None = None
    initials: str | None = None  # "М.П."
    initials_first: bool = False  # "М.П. Иванова" vs "Иванова М.П."

    @property
    def gender(self) -> str | None:
        for word, tag in ((self.patronymic, "Patr"), (self.first, "Name")):
            if word:
                for p in _parses(word):
                    if tag in p.tag and p.tag.gender in ("masc", "femn"):
                        return p.tag.gender
        return None

    def short(self) -> str:
        """"Иванова М.П." — the form used in orders."""
        ini = self.initials or "".join(f"{w[0]}." for w in (self.first, self.patronymic) if w)
        return f"{self.surname} {ini}".strip()


def parse_person(text: str) -> PersonName | None:
    parts = [m.group().strip() for m in _PART.finditer(text)]
    if not parts:
        return None
    if _INITIALS.match(parts[0]) and len(parts) >= 2:
        return PersonName(surname=parts[1], initials=parts[0].replace(" ", ""), initials_first=True)
    surname, rest = parts[0], parts[1:]
    if rest and _INITIALS.match(rest[0]):
        return PersonName(surname=surname, initials=rest[0].replace(" ", ""))
    return PersonName(surname=surname, first=rest[0] if rest else None, patronymic=rest[1] if len(rest) > 1 else None)


def _inflect_part(word: str, tag: str, case: str, gender: str | None) -> str:
    """One name part from the nominative into ``case``; a double surname part by part."""
    if "-" in word:
        return "-".join(_inflect_part(w, tag, case, gender) for w in word.split("-"))
    candidates = [p for p in _parses(word) if tag in p.tag and p.tag.case == "nomn"]
    if gender:
        candidates = [p for p in candidates if p.tag.gender == gender] or candidates
    for p in candidates:
        form = p.inflect({case, "sing"} if p.tag.gender is None else {case})
        if form:
            return _match_case(word, form.word)
    if tag == "Surn" and gender == "masc" and word[-1:].lower() not in "аяоеиуыюэь":
        # a masculine surname pymorphy does not know declines like a noun ending in a consonant
        probe = [p for p in _parses(word) if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
        for p in probe:
            form = p.inflect({case})
            if form:
                return _match_case(word, form.word)
    return word


def inflect_person(name: str, case: str, gender: str | None = None) -> str:
    """"Иванова Мария Петровна" → "Ивановой Марии Петровны" (gent); initials kept as they are."""
    person = parse_person(name)
    if person is None:
        return name
    gender = gender or person.gender
    surname = _inflect_part(person.surname, "Surn", case, gender)
    if person.initials:
        return f"{person.initials} {surname}" if person.initials_first else f"{surname} {person.initials}"
    parts = [surname]
    if person.first:
        parts.append(_inflect_part(person.first, "Name", case, gender))
    if person.patronymic:
        parts.append(_inflect_part(person.patronymic, "Patr", case, gender))
    return " ".join(parts)
