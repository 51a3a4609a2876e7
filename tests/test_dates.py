from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.dates import RULES, find_dates, parse_date

# (text, the date words exactly, (day, month, year))
FOUND = [
    ("11.12.2025", "11.12.2025", (11, 12, 2025)),
    ("от 11.12.2025г. № 5", "11.12.2025г.", (11, 12, 2025)),
    ("от 11.12.2025 г. № 5", "11.12.2025 г.", (11, 12, 2025)),
    ("11.12.25", "11.12.25", (11, 12, 2025)),
    ("до 1.09.25 г.", "1.09.25 г.", (1, 9, 2025)),
    ("01.09.25г.", "01.09.25г.", (1, 9, 2025)),
    ("с 01. 09. 2025 по 31. 12. 2025", "01. 09. 2025", (1, 9, 2025)),
    ("до 31 .12. 2025 г.", "31 .12. 2025 г.", (31, 12, 2025)),
    ("до 10.01.2026 (за 2025 год)", "10.01.2026", (10, 1, 2026)),
    ("05/12/2025", "05/12/2025", (5, 12, 2025)),
    ("1.9.2025", "1.9.2025", (1, 9, 2025)),
    ("«14» 11 2025 г.", "«14» 11 2025 г.", (14, 11, 2025)),
    ("« 14 » 11 2025 г.", "« 14 » 11 2025 г.", (14, 11, 2025)),
    ("«16». 10. 2023 г.", "«16». 10. 2023 г.", (16, 10, 2023)),
    ("16. 10. 2023", "16. 10. 2023", (16, 10, 2023)),
    ("13 октября 2023 года", "13 октября 2023 года", (13, 10, 2023)),
    ("13 октября 2023 г.", "13 октября 2023 г.", (13, 10, 2023)),
    ("13 октября 2023г", "13 октября 2023г", (13, 10, 2023)),
    ("от 25 марта 2026 г. № 89", "25 марта 2026 г.", (25, 3, 2026)),
    ("1 ноября 1991 г.", "1 ноября 1991 г.", (1, 11, 1991)),
    ("«01» февраля 2021 г.", "«01» февраля 2021 г.", (1, 2, 2021)),
    ('"01" февраля 2021 г.', '"01" февраля 2021 г.', (1, 2, 2021)),
    ("“5” мая 2024 года", "“5” мая 2024 года", (5, 5, 2024)),
    ("2025-12-11", "2025-12-11", (11, 12, 2025)),
    ("11-12-2025", "11-12-2025", (11, 12, 2025)),
    ("24 июня 2025 года", "24 июня 2025 года", (24, 6, 2025)),
    ("13 ОКТЯБРЯ 2023 ГОДА", "13 ОКТЯБРЯ 2023 ГОДА", (13, 10, 2023)),
    ("15 сент. 2025 г.", "15 сент. 2025 г.", (15, 9, 2025)),
    ("3 янв. 2024", "3 янв. 2024", (3, 1, 2024)),
    ("7 февр. 2024", "7 февр. 2024", (7, 2, 2024)),
    ("1 дек 2024", "1 дек 2024", (1, 12, 2024)),
    ("1-го марта 2020 года", "1-го марта 2020 года", (1, 3, 2020)),
    ("9 мая 2025, в день", "9 мая 2025", (9, 5, 2025)),
    ("до 15 декабря", "15 декабря", (15, 12, None)),
    ("не позднее 1 марта направить", "1 марта", (1, 3, None)),
    ("к 29 февраля", "29 февраля", (29, 2, None)),
    ("0l.09.2022", "0l.09.2022", (1, 9, 2022)),  # OCR: l for 1
    ("направить до 1.02.", "1.02.", (1, 2, None)),  # day and month after a cue, closed by a dot
    ("к 01.09. подготовить", "01.09.", (1, 9, None)),
    ("к 01.09 подготовить", "01.09", (1, 9, None)),  # a month of two digits needs no closing dot
    ("представить до 15.05 текущего года", "15.05", (15, 5, None)),
    ("O1.O9.2022", "O1.O9.2022", (1, 9, 2022)),  # OCR: Latin O for 0
    ("06:04:2026 № 58", "06:04:2026", (6, 4, 2026)),  # OCR: a colon for the dot
    ("в период с 01.09.2025-31.12.2025", "01.09.2025", (1, 9, 2025)),
    ("05.12.2025", "05.12.2025", (5, 12, 2025)),  # day first, never 12 May
    ("12.09.2024\tг. Томск", "12.09.2024", (12, 9, 2024)),  # "г." of the town, not of the year
    ("12.09.2024 г. Томск", "12.09.2024", (12, 9, 2024)),
    ("«02» декабря 2024 г. г. Пермь", "«02» декабря 2024 г.", (2, 12, 2024)),
    ("от 1 марта 2024\nгода", "1 марта 2024", (1, 3, 2024)),
]


@pytest.mark.parametrize("text,words,expected", FOUND)
def test_first_date(text, words, expected):
    found = find_dates(text)
    assert found, text
    d = found[0]
    assert text[d.start : d.stop] == words
    assert (d.day, d.month, d.year) == expected


NOT_DATES = [
    "п. 1.02. приказа",  # no cue: a clause number
    "тел. 8-912-345-67-89",
    "тел. 8 (912) 345-67-89",
    "сумма 1 250 000,00 руб.",
    "3.5 млн рублей",
    "пункт 1.1.2 приложения",
    "п. 1.2.3.4",
    "31.02.2025",
    "32.01.2025",
    "11.13.2025",
    "11.12.1812",
    "11.12.2201",
    "№ 12.05.2020",
    "N 12.05.2020",
    "версия 2.10.2025.1",
    "ст. 12.15 КоАП",
    "30 февраля",
    "мартовский 2025",
    "5 маяков",
    "12-34-56",
    "пункт 2.10.15 плана",  # a clause number, not a two-digit-year date
    "п. 1.10.25",
    "в 10.00 часов",
    "с 10:00 до 18:00",
    "до 17.30",
    "до 10.10 часов",  # a time of day
    "до 12.05 ч.",
    "до 1.5 млн",
    "до 2.10 руб.",
    "90 % обучающихся 2025 года выпуска",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text):
    assert find_dates(text) == []


def test_several_dates_in_order():
    text = "приказ от 11.12.2025 № 5 и письмо от 13 октября 2023 года, до 1 марта"
    assert [(d.day, d.month, d.year) for d in find_dates(text)] == [
        (11, 12, 2025),
        (13, 10, 2023),
        (1, 3, None),
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("11.12.2025", date(2025, 12, 11)),
        ("  от 11.12.2025 г. ", date(2025, 12, 11)),
        ("13 октября 2023 года", date(2023, 10, 13)),
        ("«14» 11 2025 г.", date(2025, 11, 14)),
        ("15 декабря", None),  # no year: not a full date
        ("11.12.2025 № 5", None),  # not the whole text
        ("", None),
        ("текст", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_to_date_default_year():
    (d,) = find_dates("до 15 декабря")
    assert d.to_date() is None
    assert d.to_date(2025) == date(2025, 12, 15)


@pytest.mark.parametrize("name", [name for name, _ in RULES])
def test_every_rule_fires(name):
    assert any(d.rule == name for text, _, _ in FOUND for d in find_dates(text)), name


# ---- properties --------------------------------------------------------------------

GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
FORMATS = [
    lambda d: d.strftime("%d.%m.%Y"),
    lambda d: d.strftime("%d.%m.%Y") + " г.",
    lambda d: f"{d.day}.{d.month}.{d.year}",
    lambda d: d.strftime("%d/%m/%Y"),
    lambda d: d.isoformat(),
    lambda d: f"«{d.day:02d}» {GENITIVE[d.month - 1]} {d.year} г.",
    lambda d: f"{d.day} {GENITIVE[d.month - 1]} {d.year} года",
    lambda d: f"{d.day} {GENITIVE[d.month - 1].upper()} {d.year}",
    lambda d: f"«{d.day:02d}» {d.month:02d} {d.year} г.",
]
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=300, deadline=None)
@given(dates, st.sampled_from(FORMATS))
def test_round_trip(d, fmt):
    assert parse_date(fmt(d)) == d
    assert parse_date("от " + fmt(d)) == d


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list('0123456789 ./-«»"гдекабрямтоянв.,№N')), max_size=60)
    | st.text(max_size=80)
)
def test_never_crashes_and_spans_index_input(text):
    for d in find_dates(text):
        assert 0 <= d.start < d.stop <= len(text)
        assert d.day and d.month
        if d.year is not None:
            assert 1900 <= d.year <= 2100
            assert d.to_date() is not None
    parsed = parse_date(text)
    assert parsed is None or isinstance(parsed, date)


# the rules are tried only where a match can begin (extractors.regex_gate.first_chars): the
# same matches as a scan of every position, on date-like text and on any text
_DATE_ALPHABET = list('0123456789 ./-«»"“„\'гдекабрямтоянвOОolI.,№N\n')


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_DATE_ALPHABET), max_size=80) | st.text(max_size=80))
def test_rules_tried_at_their_first_characters_match_as_a_full_scan(text):
    import re

    from extractors.regex_gate import first_chars, matches_from

    for _, pattern in RULES:
        starts = [m.start() for m in re.finditer("[" + first_chars(pattern) + "]", text, pattern.flags & re.IGNORECASE)]
        assert [m.span() for m in matches_from(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]
