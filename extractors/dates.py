"""Dates as written in Russian acts: a small declarative grammar of compiled regexes.

Interface used by the other extractors:

- ``find_dates(text) -> list[DateMention]``: every day-precise date mention with offsets
  into ``text`` ("11.12.2025", "«14» 11 2025 г.", "13 октября 2023 года", "до 15 декабря");
  ``day`` and ``month`` are always set, ``year`` is ``None`` when not written (never
  filled from "today").  The span includes a trailing "г."/"года" and the quotes of a
  quoted day.
- ``parse_date(text) -> date | None``: ``text`` as a whole is one full date.
- building blocks reused by :mod:`extractors.deadlines`: ``MONTH_NAME``, ``YEAR``,
  ``YEAR_WORD``, :func:`month_number`, :func:`year_value`.

Day-first always: "05.12.2025" is 5 December.  A mention must be a real calendar date with
a year in 1900–2100; digits glued to other digits or dots (phones, clause and version
numbers, "№ 12.05.2020") are not dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from extractors.regex_gate import first_chars, matches_from

MIN_YEAR, MAX_YEAR = 1900, 2100

# ---- building blocks ---------------------------------------------------------------

# month names in every case ("октябрь", "октября", "октябре", "октябрём"...)
_MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("январь", "января", "январе", "январю", "январем", "январём"),
    2: ("февраль", "февраля", "феврале", "февралю", "февралем", "февралём"),
    3: ("март", "марта", "марте", "марту", "мартом"),
    4: ("апрель", "апреля", "апреле", "апрелю", "апрелем"),
    5: ("май", "мая", "мае", "маю", "маем"),
    6: ("июнь", "июня", "июне", "июню", "июнем"),
    7: ("июль", "июля", "июле", "июлю", "июлем"),
    8: ("август", "августа", "августе", "августу", "августом"),
    9: ("сентябрь", "сентября", "сентябре", "сентябрю", "сентябрем", "сентябрём"),
    10: ("октябрь", "октября", "октябре", "октябрю", "октябрем", "октябрём"),
    11: ("ноябрь", "ноября", "ноябре", "ноябрю", "ноябрем", "ноябрём"),
    12: ("декабрь", "декабря", "декабре", "декабрю", "декабрем", "декабрём"),
}
# abbreviations: "янв.", "февр.", "сент.", "нояб."
_MONTH_ABBREVIATIONS: dict[int, tuple[str, ...]] = {
    1: ("янв",),
    2: ("февр", "фев"),
    3: ("мар",),
    4: ("апр",),
    6: ("июн",),
    7: ("июл",),
    8: ("авг",),
    9: ("сент", "сен"),
    10: ("окт",),
    11: ("нояб", "ноя"),
    12: ("дек",),
}
_MONTH_BY_FORM = {
    form: n
    for table in (_MONTH_FORMS, _MONTH_ABBREVIATIONS)
    for n, forms in table.items()
    for form in forms
}


def _alternatives(table: dict[int, tuple[str, ...]]) -> str:
    return "|".join(sorted((f for forms in table.values() for f in forms), key=len, reverse=True))


# "октября", "ОКТЯБРЯ", "окт.", "сент." — not inside a longer word ("мартовский", "маяк")
MONTH_NAME = (
    rf"(?:(?:{_alternatives(_MONTH_FORMS)})(?![а-яё])"
    rf"|(?:{_alternatives(_MONTH_ABBREVIATIONS)})(?:\.|(?![а-яё])))"
)
# OCR reads 0/1 as O/l/I inside numeric dates: "0l.09.2022" — these letters only, as
# written (case-folded, the class would try every Cyrillic "о" of the text as a day)
_D = r"(?-i:[0-9OОolI])"
DAY = r"(?:0?[1-9]|[12]\d|3[01])"
DAY_OCR = r"(?:" + _D + r"{1,2})"
MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
MONTH_NUM_OCR = r"(?:" + _D + r"{1,2})"
YEAR = r"(?:19\d\d|20\d\d|2100)"
YEAR2 = r"(?:\d\d)"
# "г.", "г", "гг.", "года", "году", "годах" after a year: "2025г.", "2023 года", "2025-2026 годах";
# on the same line, and not the town of a blank: in "12.09.2024 г. Томск" "г." is "город"
YEAR_WORD = r"(?:[ \u00a0]*(?:года|году|годах|годы|годов|год|гг?(?!\.?[ \u00a0]*(?-i:[А-ЯЁ][а-яё]))\.?)(?![а-яё]))"
# quoted day: «14», "14", « 14 », “14”
_OPEN_Q = r"[«\"“„']\s*"
_CLOSE_Q = r"\s*[»\"”“']"
# separators of numeric dates, spaces allowed after dots: "16. 10. 2023"
_SEP = r"\s?[./:]\s?"  # ":" is a scan's dot: "06:04:2026"
_NOT_AFTER_DIGIT = r"(?<![\d.,/№])(?<!№\s)(?<![Nn]\s)"
_NOT_BEFORE_DIGIT = r"(?![\d])(?![./,]\d)"


def _c(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# ---- rules: name -> pattern with groups day, month|mname, year --------------------

RULES: tuple[tuple[str, re.Pattern], ...] = (
    # 2025-12-11
    (
        "iso",
        _c(
            rf"(?<![\d.-])(?P<year>{YEAR})-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-2]\d|3[01])(?![\d-])"
        ),
    ),
    # 11.12.2025, 11.12.2025г., 05/12/2025, 16. 10. 2023 г., 0l.09.2022 (OCR)
    (
        "numeric",
        _c(
            rf"{_NOT_AFTER_DIGIT}(?P<day>{DAY_OCR}){_SEP}(?P<month>{MONTH_NUM_OCR}){_SEP}"
            rf"(?P<year>{YEAR}){_NOT_BEFORE_DIGIT}(?P<yw>{YEAR_WORD})?"
        ),
    ),
    # 11-12-2025
    (
        "numeric_dash",
        _c(
            rf"{_NOT_AFTER_DIGIT}(?<!-)(?P<day>{DAY})-(?P<month>{MONTH_NUM})-(?P<year>{YEAR})"
            rf"(?![\d-])(?P<yw>{YEAR_WORD})?"
        ),
    ),
    # 11.12.25 — two-digit day and month only, dots only
    (
        "numeric_short_year",
        _c(
            rf"{_NOT_AFTER_DIGIT}(?P<day>\d\d)\.(?P<month>\d\d)\.(?P<year>{YEAR2}){_NOT_BEFORE_DIGIT}"
            rf"(?P<yw>{YEAR_WORD})?"
        ),
    ),
    # 1.09.25 г. — a one-digit day with a two-digit year only before "г."/"года"
    (
        "numeric_short_year_word",
        _c(
            rf"{_NOT_AFTER_DIGIT}(?P<day>\d)\.(?P<month>\d\d)\.(?P<year>{YEAR2}){_NOT_BEFORE_DIGIT}"
            rf"(?P<yw>{YEAR_WORD})"
        ),
    ),
    # «14» 11 2025 г., « 14 » 11 2025 г., "«16». 10. 2023 г."
    (
        "quoted_numeric",
        _c(
            rf"{_OPEN_Q}(?P<day>{DAY}){_CLOSE_Q}\s*\.?\s*(?P<month>{MONTH_NUM})(?:\s*\.\s*|\s+)"
            rf"(?P<year>{YEAR})(?!\d)(?P<yw>{YEAR_WORD})?"
        ),
    ),
    # "до 1.09.", "к 01.09.", "до 01.09" — day and month without a year, only after a term's
    # cue, and with the closing dot or a month of two digits (a bare "1.02" is a clause
    # number or a decimal; "до 17.30 часов" a time)
    (
        "numeric_no_year",
        _c(
            rf"(?:(?<=до\s)|(?<=к\s)|(?<=позднее\s)|(?<=позже\s))(?P<day>{DAY})\.(?P<month>{MONTH_NUM})"
            r"(?:\.(?![\d./])|(?<=\.\d\d)(?![\d./,]|\s*(?:ч\b|час|мин|руб|%)))"
        ),
    ),
    # 13 октября 2023 года, «01» февраля 2021 г., 1 ноября 1991 г., 15 сент. 2025, до 15 декабря
    (
        "textual",
        _c(
            rf"(?:{_OPEN_Q})?(?<![\d.,])(?P<day>{DAY})(?:-?го)?(?:{_CLOSE_Q})?\s*(?P<mname>{MONTH_NAME})"
            rf"(?:,?\s*(?P<year>{YEAR})(?!\d)(?P<yw>{YEAR_WORD})?)?"
        ),
    ),
)

# where any rule can begin (a digit, an OCR lookalike, a quote): the rules are tried there only
_STARTS = re.compile("[" + "".join(first_chars(p) for _, p in RULES) + "]")

_OCR_DIGITS = str.maketrans({"O": "0", "О": "0", "o": "0", "l": "1", "I": "1"})


@dataclass(frozen=True)
class DateMention:
    start: int
    stop: int
    day: int | None
    month: int | None
    year: int | None
    rule: str

    def to_date(self, default_year: int | None = None) -> date | None:
        year = self.year or default_year
        if not (year and self.month and self.day):
            return None
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None


def month_number(name: str) -> int | None:
    """1..12 for a month name in any case or abbreviation: "окт." → 10."""
    return _MONTH_BY_FORM.get(name.lower().rstrip("."))


def year_value(digits: str) -> int:
    """A written year: "25" → 2025, "98" → 1998."""
    y = int(digits)
    if y >= 100:
        return y
    return 2000 + y if y <= 60 else 1900 + y


def _is_valid(day: int, month: int, year: int | None) -> bool:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return False
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: "29 февраля" without a year
    except ValueError:
        return False
    return True


def _mention(rule: str, m: re.Match) -> DateMention | None:
    groups = m.groupdict()
    try:
        day = int(groups["day"].translate(_OCR_DIGITS))
        month = (
            month_number(groups["mname"])
            if groups.get("mname")
            else int(groups["month"].translate(_OCR_DIGITS))
        )
    except (ValueError, TypeError):
        return None
    year = year_value(groups["year"]) if groups.get("year") else None
    if month is None or not _is_valid(day, month, year):
        return None
    start, stop = m.span()
    return DateMention(start, stop, day, month, year, rule)


def find_dates(text: str) -> list[DateMention]:
    """Every date mention, in text order; overlapping candidates keep the longest."""
    return list(_find_dates(text))


_HAS_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=4096)
def _find_dates(text: str) -> tuple[DateMention, ...]:
    # every rule has digits (a day, a month number or a year): most clause texts have none
    # or are asked about several times (requisites, references, deadlines read the same lines)
    if not _HAS_DIGIT.search(text):
        return ()
    starts = [m.start() for m in _STARTS.finditer(text)]
    candidates = [
        mention
        for name, pattern in RULES
        for m in matches_from(pattern, text, starts)
        if (mention := _mention(name, m)) is not None
    ]
    candidates.sort(key=lambda d: (d.start, -(d.stop - d.start)))
    out: list[DateMention] = []
    for d in candidates:
        if out and d.start < out[-1].stop:
            continue
        out.append(d)
    return tuple(out)


def parse_date(text: str) -> date | None:
    """``text`` as a whole is one full date (surrounding spaces and "от" allowed)."""
    stripped = re.sub(r"^\s*(?:от\s+)?|\s*$", "", text, flags=re.IGNORECASE)
    found = find_dates(stripped)
    if len(found) != 1 or found[0].start != 0 or found[0].stop != len(stripped):
        return None
    return found[0].to_date()
