"""Dates as written in Russian acts (STUB: the dates/deadlines work replaces this).

Interface used by the other extractors:

- ``find_dates(text) -> list[DateMention]``: every date mention with offsets into ``text``;
  parts not written stay ``None`` (never filled from "today").
- ``parse_date(text) -> date | None``: ``text`` as a whole is one full date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


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


_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)")


def find_dates(text: str) -> list[DateMention]:
    out = []
    for m in _NUMERIC.finditer(text):
        y = int(m.group(3))
        y = y + 2000 if y < 100 else y
        out.append(DateMention(m.start(), m.end(), int(m.group(1)), int(m.group(2)), y, "numeric"))
    return out


def parse_date(text: str) -> date | None:
    found = find_dates(text.strip())
    return found[0].to_date() if len(found) == 1 else None
