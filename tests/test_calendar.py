from datetime import date

import pytest

from extractors.production_calendar import (
    add_months,
    add_working_days,
    is_working_day,
    month_end,
    term_end,
)

# the official production calendars (постановления Правительства РФ о переносе выходных)
DAYS_OFF = [
    # 2025: 1–8 January, 2–4 and 8–11 May, 12–15 June, 2–4 November, 31 December
    *[date(2025, 1, d) for d in range(1, 9)],
    date(2025, 2, 23),
    date(2025, 3, 8),
    date(2025, 5, 1),
    date(2025, 5, 2),  # 2 May transferred from 4 January
    date(2025, 5, 8),  # transferred from 23 February
    date(2025, 5, 9),
    date(2025, 6, 12),
    date(2025, 6, 13),  # 13 June transferred from 8 March
    date(2025, 11, 3),  # transferred from the working Saturday 1 November
    date(2025, 11, 4),
    date(2025, 12, 31),  # transferred from 5 January
    # 2026: 1–11 January, 23 February, 9 March, 1 May, 11 May, 12 June, 4 November, 31 December
    *[date(2026, 1, d) for d in range(1, 12)],
    date(2026, 1, 9),  # transferred from 3 January
    date(2026, 2, 23),
    date(2026, 3, 9),  # 8 March falls on a Sunday
    date(2026, 5, 1),
    date(2026, 5, 11),  # 9 May falls on a Saturday
    date(2026, 6, 12),
    date(2026, 11, 4),
    date(2026, 12, 31),  # transferred from 4 January
    date(2025, 12, 6),
    date(2025, 12, 7),  # ordinary weekend
]
WORKING_DAYS = [
    date(2025, 11, 1),  # the working Saturday of 2025
    date(2024, 12, 28),  # the working Saturday of 2024
    date(2025, 1, 9),
    date(2025, 5, 5),
    date(2025, 5, 7),
    date(2025, 5, 12),
    date(2025, 12, 30),
    date(2026, 1, 12),
    date(2026, 3, 10),
    date(2026, 5, 12),
    date(2026, 11, 3),
    date(2026, 12, 30),
]


@pytest.mark.parametrize("day", DAYS_OFF, ids=str)
def test_day_off(day):
    assert not is_working_day(day)


@pytest.mark.parametrize("day", WORKING_DAYS, ids=str)
def test_working_day(day):
    assert is_working_day(day)


@pytest.mark.parametrize(
    "start,n,expected",
    [
        (date(2025, 12, 29), 1, date(2025, 12, 30)),
        (date(2025, 12, 30), 1, date(2026, 1, 12)),  # over the New Year holidays
        (date(2025, 12, 30), 3, date(2026, 1, 14)),
        (date(2025, 12, 25), 10, date(2026, 1, 20)),  # 26, 29, 30 Dec; 12–16, 19, 20 Jan
        (date(2025, 10, 30), 2, date(2025, 11, 1)),  # the working Saturday counts
        (date(2025, 10, 31), 2, date(2025, 11, 5)),
        (date(2025, 4, 30), 1, date(2025, 5, 5)),
        (date(2026, 3, 6), 1, date(2026, 3, 10)),
        (date(2024, 12, 28), 1, date(2025, 1, 9)),  # 30 and 31 Dec 2024 were days off
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_add_working_days_rejects_zero():
    with pytest.raises(ValueError):
        add_working_days(date(2025, 1, 1), 0)


@pytest.mark.parametrize(
    "anchor,amount,unit,expected",
    [
        (date(2025, 3, 25), 10, "working_day", date(2025, 4, 8)),
        (date(2025, 3, 25), 7, "day", date(2025, 4, 1)),
        (date(2025, 3, 25), 2, "week", date(2025, 4, 8)),
        (date(2025, 1, 31), 1, "month", date(2025, 2, 28)),
        (date(2025, 11, 15), 3, "month", date(2026, 2, 15)),
        (date(2024, 2, 29), 1, "year", date(2025, 2, 28)),
    ],
)
def test_term_end(anchor, amount, unit, expected):
    assert term_end(anchor, amount, unit) == expected


def test_add_months_and_month_end():
    assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)
    assert month_end(2024, 2) == date(2024, 2, 29)
