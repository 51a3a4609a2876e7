"""The Russian production calendar (производственный календарь) and term arithmetic.

Holidays and transferred days off come from the ``holidays`` package, which follows the
Government's annual transfer decrees (it knows, e.g., the working Saturday 2025-11-01 and
the day off 2026-01-09).  ``EXTRA_DAYS_OFF`` / ``EXTRA_WORKING_DAYS`` patch the calendar
for a decree the installed package may not know yet; they are empty while the package is
current (checked in tests/test_calendar.py against the official 2025 and 2026 calendars).

Terms are counted as the Civil Code counts them (ГК РФ ст. 191–193): a term in days,
weeks or months starts on the day after the anchor; a term in working days counts only
working days.  ``term_end`` gives the last day of a term.
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta
from functools import lru_cache

EXTRA_DAYS_OFF: frozenset[date] = frozenset()
EXTRA_WORKING_DAYS: frozenset[date] = frozenset()


@lru_cache(maxsize=1)
def _russian_holidays():
    """Holidays object that extends itself to any year asked about."""
    import holidays

    return holidays.country_holidays("RU")


def is_working_day(day: date) -> bool:
    if day in EXTRA_WORKING_DAYS:
        return True
    if day in EXTRA_DAYS_OFF:
        return False
    return _russian_holidays().is_working_day(day)


def day_off_name(day: date) -> str | None:
    """The holiday's name, "weekend" for an ordinary Saturday/Sunday, None for a working day."""
    if is_working_day(day):
        return None
    return _russian_holidays().get(day) or "weekend"


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (n ≥ 1); ``start`` itself is not counted."""
    if n < 1:
        raise ValueError(f"expected a positive number of working days, got {n}")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def add_months(start: date, n: int) -> date:
    """Same day n months later; the month's last day when it has no such day (31 Jan + 1)."""
    month_index = start.month - 1 + n
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, _calendar.monthrange(year, month)[1]))


def term_end(anchor: date, amount: int, unit: str) -> date:
    """Last day of a term of ``amount`` ``unit``s counted from the ``anchor`` day.

    >>> term_end(date(2025, 12, 30), 3, "working_day")
    datetime.date(2026, 1, 14)
    """
    if unit == "working_day":
        return add_working_days(anchor, amount)
    if unit == "day":
        return anchor + timedelta(days=amount)
    if unit == "week":
        return anchor + timedelta(weeks=amount)
    if unit == "month":
        return add_months(anchor, amount)
    if unit == "year":
        return add_months(anchor, 12 * amount)
    raise ValueError(f"unknown term unit {unit!r}")


def month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])
