"""Deadlines of obligations: the time expression of a clause or of a plan-table cell.

Interface: ``find_deadline(text, *, act_date=None) -> Deadline | None``; the Deadline's
``span`` is relative to ``text`` and covers exactly the deadline words (with its cue:
"в срок до", "не позднее", "Срок:"), so the obligations extractor can cut them out.

How a deadline is chosen (every rule below proposes candidates, then):

1. overlapping candidates keep the longest ("ежегодно до 1 декабря" is one periodic
   deadline, not a periodic and a date);
2. a "Срок: ..." / "Срок исполнения – ..." label wins: the chosen deadline is the best
   candidate after the label, and the span runs from the label to the last candidate;
   a label with nothing recognisable after it is an ``event`` ("Срок: по согласованию");
3. otherwise the lowest rank wins, then the first in the text:
   STRICT — cued dates ("до", "не позднее", "к", "в срок до", "до 17.00 15.09.2025"),
   "до конца 2025 года", day ranges ("с 1 по 10 декабря"), relative terms, periodic,
   immediate;
   FRAME — periods the work runs in ("в IV квартале 2025 года", "в течение 2025 года",
   "в летний период", "с июня по август"): a stricter term inside wins ("В 2025 году ...
   до 1 марта" is 1 March, "В течение 2025 года ежеквартально" is quarterly);
   LOOSE — permanent and event phrases ("в течение учебного года, не позднее 5 дней с
   момента выявления" is relative);
   BARE — bare dates and periods ("19.11.2025", "декабрь 2025", "2025-2026 гг."),
   accepted only when they are the whole text (a plan-table cell) or follow a label.

Not deadlines: dates of cited acts ("от 12.03.2020 № 5" has no cue), "по состоянию на
05 сентября", "сроком на 5 лет", "не менее чем за 4 часа до ...".

Dates without a year take the act's year; if that day (or period) is already over on the
act's date, the next year ("до 15 января" in a December act).  Decisions documented here:
"в течение года" without an anchor is the act's calendar year (a period); "в течение
учебного года" is ``permanent`` (it names no year), while "в течение 2025/2026 учебного
года" is the period 1 Sep 2025 – 31 Aug 2026; "раз в полугодие" is ``periodic`` with no
``frequency`` (the contract has no half-yearly value); a relative term gets a ``date``
only when its anchor is the act's own signing/issue/entry into force.

More decisions: "до 01.10.2025 и далее ежеквартально" is ``periodic`` (the duty recurs)
with the first term as ``date``; "до 1 февраля ежегодно" is yearly with ``day`` 1; a term
after "каждого квартала" ("в течение 5 дней после окончания каждого квартала") and "по
итогам (каждого) квартала" are periodic, "по итогам 2025 года" is an ``event``; "за 10
дней до начала смены" and "на следующий день после ..." are relative (1 day); seasons are
month spans ("летний период 2025 года" June–August, "осенне-зимний период 2025-2026 гг."
September–February, into the next year), but a season without its year ("в зимний период")
is an ``event``: it recurs every year and may span two, so it says when, not by when;
"на период половодья", "в течение купального сезона", "на время проведения работ" are events;
a bare full date with its year ("Провести фестиваль 7 июня 2025 года"), not preceded by a
preposition nor followed by an act number, not before the act's date, is the task's day; "в период летних каникул", "в сроки, установленные ...", "в установленный срок",
"до особого распоряжения", "накануне ..." are events; "бессрочно" is permanent; a date
without a year followed by "текущего/следующего года" takes that year.  What a report
covers is no deadline: "отчет за период с 01.01.2025 по 30.06.2025", "за 2024 год".
Hours are whole days ("в течение 24 часов" = 1 day; "2 часов" has no contract unit);
"в первой декаде декабря" is 1–10 December; "постоянно, в течение года" is permanent;
"при поступлении/получении ..." is an event; "с момента подписания" alone is no deadline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import pairwise

from extractors.dates import MONTH_NAME, YEAR, YEAR_WORD, DateMention, find_dates, month_number
from extractors.model import Deadline
from extractors.morph import parses
from extractors.production_calendar import month_end, term_end
from extractors.regex_gate import Gated
from pipeline.document import Span


def _c(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def _gated(pattern: str) -> Gated:
    """A rule pattern scanned over every clause: run only when the clause has one of the
    literal words it cannot match without (see extractors.regex_gate)."""
    return Gated(_c(pattern))


# ---- vocabularies ------------------------------------------------------------------

# lemma of a cardinal numeral -> value; amounts in words ("пяти", "трёх") and the first
# part of compound adjectives ("трехдневный", "десятидневный") are lemmatised to these
NUMERALS: dict[str, int] = {
    "один": 1,
    "два": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
}
# first parts of compound adjectives that pymorphy does not lemmatise on their own
_COMPOUND_PREFIXES = {
    "одно": 1,
    "двух": 2,
    "трех": 3,
    "трёх": 3,
    "четырех": 4,
    "четырёх": 4,
    "пяти": 5,
    "шести": 6,
    "семи": 7,
    "восьми": 8,
    "девяти": 9,
    "десяти": 10,
    "пятнадцати": 15,
    "двадцати": 20,
    "тридцати": 30,
    "сорока": 40,
    "шестидесяти": 60,
    "девяноста": 90,
}

UNITS: tuple[tuple[str, str], ...] = (
    # stem of the unit word (noun or compound adjective) -> contract unit
    ("дн", "day"),
    ("день", "day"),
    ("дне", "day"),
    ("сут", "day"),
    ("недел", "week"),
    ("месяц", "month"),
    ("мес", "month"),
    ("год", "year"),
    ("лет", "year"),
    ("час", "hour"),  # no contract unit: whole days only ("в течение 24 часов" = 1 day)
)
HOURS_PER_DAY = 24

# "каждую пятницу", "каждый понедельник"
_EVERY_WEEKDAY = r"кажд(?:ый|ую|ое)\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)"
_WEEKDAYS = rf"(?:по\s+(?:понедельникам|вторникам|средам|четвергам|пятницам|субботам)|{_EVERY_WEEKDAY})"
# "раз в месяц", "не реже одного раза в квартал", "2 раза в месяц"
_TIMES_PER = r"(?:(?:не\s+реже\s+)?(?:\d{1,2}|один|одного|два|двух|три|трех|трёх)\s+)?раза?\s+в\s+"
# "по итогам (каждого) квартала" recurs; "по итогам 2025 года" is one event (see EVENT)
_AFTER_EACH = r"по\s+итогам\s+(?:каждого\s+)?(?:отч[её]тного\s+|учебного\s+|календарного\s+)?"
FREQUENCIES: tuple[tuple[str, str | None], ...] = (
    # half-yearly, first so that "два раза в год" is not yearly: no contract value
    # school terms too: "не реже одного раза в четверть", "по итогам каждого триместра"
    (
        (
            rf"{_TIMES_PER}(?:полугодие|полгода|четверть|триместр)|(?:два|2)\s+раза\s+в\s+год"
            rf"|{_AFTER_EACH}(?:полугодия|четверти|триместра)|ежечетвертно"
        ),
        None,
    ),
    (rf"ежедневно|каждый\s+день|{_TIMES_PER}день|в\s+ежедневном\s+режиме", "daily"),
    (
        (
            # a weekday alone ("работу кабинетов по субботам") says when work is done, not a
            # term that recurs (devset4, heldout3 annotators)
            rf"(?:еженедельно|каждую\s+неделю|{_TIMES_PER}неделю)(?:\s+{_WEEKDAYS})?|{_EVERY_WEEKDAY}"
            # "по итогам каждой недели" ("по итогам недели" names the week of an event)
            rf"|по\s+итогам\s+каждой\s+недели"
        ),
        "weekly",
    ),
    (rf"ежемесячно|каждый\s+месяц|{_TIMES_PER}месяц|{_AFTER_EACH}месяца", "monthly"),
    (rf"ежеквартально|каждый\s+квартал|{_TIMES_PER}квартал|{_AFTER_EACH}квартала", "quarterly"),
    (rf"ежегодно|каждый\s+год|{_TIMES_PER}год|{_AFTER_EACH}года", "yearly"),
)
# the noun of "после окончания каждого квартала" -> frequency (a relative term that recurs)
EACH_PERIOD = {"месяц": "monthly", "квартал": "quarterly", "полугоди": None, "год": "yearly"}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINALS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4}

# ---- building blocks ---------------------------------------------------------------

_W = r"(?<![а-яёa-z0-9])"  # word start
_END = r"(?![а-яёa-z0-9])"  # word end
# "I", "IV", "1", "1-м", "первом", "1-ом"
_PART_NUM = r"(?:IV|I{1,3}|[1-4](?:\s?-?\s?(?:м|й|ом|ый|ого))?|перв\w*|втор\w*|трет\w*|четверт\w*)"
# "II квартал", "во II–III кварталах", "в I и II кварталах"
_QUARTER = rf"(?P<q>{_PART_NUM})(?:\s*(?:[-–—]|и)\s*(?P<q2>{_PART_NUM}))?\s*(?:квартал\w*|кв\.)"
_HALF = rf"(?P<h>{_PART_NUM})\s*(?:полугоди\w*|полугод\.)"


def _period_year(name: str) -> str:
    """Optional year after a quarter, half-year or months: "IV квартал 2025 г."."""
    return rf"(?:\s*(?P<{name}>{YEAR}){YEAR_WORD}?)?"


# "апрель-май, август-сентябрь", "апреле и мае"
_MONTHS = rf"(?P<months>{MONTH_NAME}(?:\s*(?:[-–—,]|и)\s*{MONTH_NAME})*)"
# "2008 году", "2025-2026 гг.", "2025 г."
_YEARS = rf"(?P<y1>{YEAR})(?:\s*[-–—]\s*(?P<y2>{YEAR}))?{YEAR_WORD}"
# "2025/2026 учебного года", "2025-2026 учебный год"
_SCHOOL_YEAR = rf"(?P<sy1>{YEAR})\s*[-–—/]\s*(?P<sy2>{YEAR})\s*(?:гг?\.?\s*)?учебн\w+\s+год\w*"
# "летний период", "весенне-летний период 2026 года", "летний оздоровительный период",
# "осенне-зимний период 2025-2026 гг." (a season that runs into the next year)
_SEASON = (
    r"(?P<season>(?:весенн|летн|осенн|зимн)[а-яё]*(?:-(?:летн|осенн|зимн)[а-яё]*)?)"
    r"(?:\s+(?:оздоровительн|каникулярн|пожароопасн|отопительн)[а-яё]*)?\s+период[а-яё]*"
    rf"(?:\s*(?P<sey>{YEAR})(?:\s*[-–—/]\s*{YEAR})?{YEAR_WORD}?)?"
)
# first and last month of a season; the last before the first runs into the next year
SEASONS = {"весенн": (3, 5), "летн": (6, 8), "осенн": (9, 11), "зимн": (12, 2)}
PERIOD = (
    rf"(?:{_SCHOOL_YEAR}|{_QUARTER}{_period_year('qy')}|{_HALF}{_period_year('hy')}"
    rf"|{_MONTHS}{_period_year('my')}|{_SEASON}"
    rf"|{_YEARS})"
)

# the deadline label of a clause or a "Срок:" line: "Срок: ...", "Срок исполнения – ...",
# "Сроки выполнения: ...", "(срок – до 01.10.2025)"
LABEL = _c(
    r"(?<![а-яё])срок(?:и)?(?:\s+(?:исполнения|выполнения|представления|предоставления|реализации"
    r"|проведения|исполнения\s+мероприятия))?\s*[:–—-]\s*"
)
# cue in front of a date: "до", "в срок до", "не позднее", "не позднее чем", "к", "по"
DATE_CUE = _c(
    # "в срок 7 июня 2025 года": the date itself is the term
    rf"{_W}(?:(?:(?:в\s+)?срок(?:ом)?\s+)?(?:до|не\s+позднее(?:,?\s+чем)?|не\s+позже(?:,?\s+чем)?|к|по)|в\s+срок)"
    # a time of day between: "до 17.00 15.09.2025", "до 12:00 часов 20 февраля"
    r"(?:\s+\d{1,2}[.:]\d\d(?:\s*(?:час[а-яё]*|ч\.))?)?"
    r"\s*[*_]*\s*$"
)
# a date without a year followed by the year in words: "до 15 сентября текущего года"
YEAR_IN_WORDS = _gated(r"\s+(?:(?P<this>текущего|этого|настоящего)|следующего|будущего|очередного)\s+года")
# "включительно" after a date
_INCLUSIVE = _gated(r"\s*\(?включительно\)?")

# amounts and units of relative terms
_AMOUNT = (
    r"(?P<num>\d{1,3}|з(?=-х))(?:\s*-?\s*(?:х|ти|ми|и|ух|ех|ёх))?(?:\s*\((?P<numword>[а-яё\s]+)\))?"
)
# numerals in words, never a unit word: "одного", "двадцати пяти"
_NOT_UNIT = r"(?!рабоч|календ|дн|сут|недел|месяц|мес\.|год|лет|час)"
_AMOUNT_WORDS = rf"(?P<words>{_NOT_UNIT}[а-яё]+(?:\s+{_NOT_UNIT}[а-яё]+)?)"
_UNIT_NOUN = (
    r"(?P<kind>рабоч(?:их|ие|его|ий)|раб\.|календарн(?:ых|ые|ого|ый))?\s*"
    r"(?P<unit>дн(?:ей|я|ь)|сут(?:ок|ки)|недел[ьиюя]|месяц(?:а|ев)?|мес\.|года?|лет|час(?:ов|а)?)"
)
# "в течение", "не позднее (чем через)", "в срок не более" — a bare "не более 5 дней" is a duration
_TERM_INTRO = (
    r"(?:в\s+течени[еяи]|в\s+пределах|через|(?:в\s+срок\s+)?не\s+(?:позднее|позже)"
    r"(?:,?\s+чем)?(?:\s+через)?|в\s+срок(?:\s+не\s+более|\s+до)?)"
)
# anchor cue: "с момента", "со дня", "с даты", "после", "по окончании", "по истечении"
_ANCHOR_CUE = (
    r"(?:с\s+момента|со\s+дня|с\s+даты|со\s+времени|после\s+дня|после|от\s+даты"
    # "5 рабочих дней, следующих за днем получения"; "за 10 дней до (дня) начала"
    r"|следующ(?:их|его)\s+за(?:\s+дн[её]м)?|до\s+дня|до"
    r"|по\s+(?P<noun>окончании|истечении|завершении))"
)
# "по окончании текущего года" -> anchor "окончание текущего года"
_ANCHOR_NOUNS = {"окончании": "окончание", "истечении": "истечение", "завершении": "завершение"}

RELATIVE_NOUN = _gated(rf"{_W}{_TERM_INTRO}\s+(?:{_AMOUNT}\s*|{_AMOUNT_WORDS}\s+)?{_UNIT_NOUN}{_END}")
# before the anchor: "за 10 дней до начала смены", "не позднее чем за 5 рабочих дней до дня ..."
RELATIVE_BEFORE = _gated(
    rf"{_W}(?:не\s+(?:позднее|позже)(?:,?\s+чем)?\s+)?за\s+(?:{_AMOUNT}\s*|{_AMOUNT_WORDS}\s+)?"
    rf"{_UNIT_NOUN}(?=\s+до\s)"
)
# "на следующий день после ...", "не позднее следующего рабочего дня"
RELATIVE_NEXT_DAY = _gated(
    rf"{_W}(?:на|не\s+позднее|не\s+позже|в\s+течение)\s+следующ(?:ий|его)\s+"
    r"(?P<kind>рабоч(?:ий|его)\s+)?(?P<unit>день|дня)" + _END
)
# "в 3-дневный срок", "в трехдневный срок", "в 3-х дневный срок", "в з-х месячный срок"
RELATIVE_ADJ = _gated(
    rf"{_W}в\s+(?:(?:{_AMOUNT})\s*-?\s*|(?P<prefix>[а-яё]+?))?"
    r"(?P<kind>рабочий\s+)?(?P<unit>дневн|недельн|месячн|годичн|суточн)\w*\s+срок"
)
_ANCHOR = _c(rf"\s*,?\s*{_ANCHOR_CUE}\s+")
# the anchor is the act itself: its date is known
_OWN_ACT = _gated(
    r"(?:подписани|издани|принят|вступлени[яе]\s+в\s+(?:законную\s+)?силу|утверждени|регистраци)\w*"
    r"\s+(?:настоящ|данн)\w*"
)

IMMEDIATE = _gated(
    rf"{_W}(?:незамедлительно|немедленно|безотлагательно|срочно|без\s+промедления"
    r"|в\s+(?:кратчайшие|максимально\s+короткие|оперативном)\s+(?:сроки|порядке)"
    # "обеспечить незамедлительное завершение"
    r"|незамедлительн(?:ое|ую|ый|ая|ого|ой)|немедленн(?:ое|ую|ый|ая|ого|ой))" + _END
)
PERMANENT = _gated(
    # "постоянно, в течение года": the year is the frame of a permanent duty, not its term
    rf"{_W}(?:(?:постоянно|регулярно|систематически)(?:,?\s+в\s+течение\s+(?:всего\s+)?(?:текущего\s+)?года)?"
    r"|на\s+постоянной\s+основе|в\s+постоянном\s+режиме"
    r"|бессрочно|без\s+ограничения\s+срока"
    r"|(?:в\s+течение|в\s+течении|на\s+протяжении)\s+(?:всего\s+)?(?:(?:19|20)\d\d\s*[-–—/]\s*(?:19|20)\d\d\s*(?:гг?\.?\s*)?)?учебного\s+года"
    # "в течение всего периода" with nothing after it; "... периода половодья" is an event
    r"|(?:в\s+течение\s+)?(?:весь|всего)\s+период(?:а)?)" + _END
)
# event phrases run on to the end of the noun phrase (see _phrase_end)
EVENT = _c(
    # "до начала ...", "до их открытия", "перед началом ремонтных работ"
    rf"{_W}(?:до\s+(?:полного\s+)?(?:(?:их|его|её|ее)\s+)?(?:выполнения|исполнения|завершения|окончания|начала|утверждения"
    r"|принятия|вступления|проведения|устранения|открытия|закрытия|заключения|особого\s+распоряжения"
    r"|передачи|сдачи|ввода|истечения|прекращения|отмены|снятия|ликвидации)"
    r"|перед\s+(?:(?:их|его|её|ее|каждой|каждым)\s+)?(?:началом|открытием|проведением|выездом|выходом|отправкой|заездом|закрытием|поездкой|рейсом|занятием|сменой)"
    # a season of a kind of work, with no dates of its own: "в пожароопасный период", "в купальный сезон"
    r"|(?:в|на)\s+(?:весь\s+)?(?:пожароопасн|купальн|паводков|навигационн)\w*\s+(?:период|сезон)\w*"
    # "в период летних каникул"; not "в период с 1 по 10 июня" (a date range)
    r"|(?:в|на)\s+(?:период(?!\s+(?:с|со|до|по)\s)(?!\s*\d)|время)|в\s+(?:ходе|дни)"
    # "в день проведения выборов"; a bare "в день" is a rate ("до 40 рублей в день")
    r"|в\s+день(?=\s+[а-яё])"
    # "к началу учебного года", "к открытию лагеря"; "не позднее дня проведения урока"
    # "на весь период уборки", "на весь период действия режима", like "на период половодья"
    r"|на\s+весь\s+период(?=\s+[а-яё]+(?:ия|ья|ки|ы|а)\b)"
    r"|к\s+(?:началу|открытию|окончанию|завершению)|(?:не\s+позднее|не\s+позже)\s+дня(?=\s+[а-яё]+(?:ия|ья|ии)\b)"
    # the span of a season or an event: "в течение купального сезона", "на протяжении
    # отопительного периода", "в течение навигации", "в течение всего периода половодья"
    r"|(?:в\s+течени[еи]|на\s+протяжении)\s+(?:(?:всего|всей)\s+)?(?:(?!всего|всей)[а-яё]+(?:ого|его|ой|ей)\s+){0,2}"
    r"(?:сезона|навигации|половодья|паводка|каникул|смены|кампании|периода(?=\s*[,.;]?\s*$|\s+[а-яё]))"
    r"(?!\s+(?:с|со|до|по)\s)(?!\s*\d)"
    r"(?:\s+(?:проведения|подготовки|работы|организации))?"
    # the time is set by a source the text names: "в сроки, установленные приказом ..." (a bare
    # "в установленные сроки" names none: no term, devset4 and devset5 notes)
    r"|в\s+сроки?,?\s+(?:установленн|предусмотренн|определенн|указанн|утвержденн)[а-яё]*(?=\s+[а-яё])"
    # "накануне выезда"; "по итогам 2025 года", "по итогам I квартала" (a numbered period)
    r"|накануне|по\s+итогам(?=\s+(?:\d|[IV]+\s|перв|втор|трет|четв))"
    # ("во время перемен", "во время проведения олимпиады" say when something happens, not
    # by when: no term, devset2 and devset4 notes)
    r"|по\s+окончании|по\s+завершении|после\s+(?:получения|проведения"
    r"|завершения|окончания|утверждения|поступления)"
    r"|по\s+(?:отдельному\s+|утвержденному\s+)?(?:плану|графику)"
    # "по мере необходимости", "по мере выпадения осадков", "по мере поступления обращений"
    r"|по\s+мере\s+[а-яё]+(?:ия|ости)"
    r"|по\s+запросу|по\s+требованию"
    # "на ближайшем заседании комиссии", "на очередной сессии Думы"
    r"|на\s+(?:ближайш|очередн|следующ)[а-яё]+\s+(?:заседании|совещании|сессии|планерке|собрании)"
    # "при поступлении сведений", "при получении запроса"
    r"|при\s+(?:поступлении|получении))" + _END
)
# a measured threshold sets when a one-off task is done: "подачу тепла осуществить при
# понижении среднесуточной температуры воздуха ниже 8 град. C в течение пяти суток" — the
# "в течение пяти суток" is part of the trigger, not a term (real acts, p16 notes); a bare
# condition of a standing duty ("при возникновении пожаров") is no deadline
THRESHOLD_EVENT = _gated(
    rf"{_W}при\s+(?:понижении|повышении|снижении|подъеме|подъёме|достижении|установлении)"
    r"(?:\s+[а-яё]+){0,4}?\s+(?:температур|уровн|отметк)[а-яё]*(?:\s+[а-яё]+){0,3}?"
    r"\s+(?:ниже|выше|свыше|до)\s+[+\-−]?\d+(?:[,.]\d+)?(?:\s*(?:град(?:ус[а-яё]*)?\.?|°)\s*[CС]?\.?|\s*(?:см|м)\b\.?)?"
    r"(?:\s*,?\s*в\s+течени[еи]\s+(?:\d{1,2}|[а-яё]+)\s+(?:суток|дней|дня|часов))?"
)
# "согласно плану работы", "по согласованию с ..." name the manner in running text; a deadline
# only in a cell or after a label
EVENT_BY_PLAN = _gated(
    rf"{_W}(?:(?:согласно|в\s+соответствии\s+с)\s+(?:утвержденн\w+\s+)?(?:план\w*|график\w*)"
    r"|по\s+согласованию)" + _END
)
PERIODIC = _gated(rf"{_W}(?P<freq>" + "|".join(f"(?:{p})" for p, _ in FREQUENCIES) + ")" + _END)
# "до 5 числа месяца, следующего за отчетным (кварталом)", "не позднее 10-го числа"
DAY_OF_MONTH = _gated(
    rf"{_W}(?:(?:в\s+срок\s+)?(?:до|не\s+позднее(?:,?\s+чем)?|не\s+позже|к)\s+)?(?P<day>\d{{1,2}})(?:-?го)?"
    r"\s+числа(?:\s+(?:каждого\s+)?месяца)?"
    r"(?:,?\s+следующего\s+за\s+отч[её]тн\w+(?:\s+(?P<after>месяцем|кварталом|периодом|годом))?)?"
)
PERIOD_CUED = _gated(
    # "в период май – июнь 2026 г." (no "с ... по")
    rf"{_W}(?P<cue>(?:в|во)\s+(?:течени[еи]\s+|период\s+)?|до\s+(?:конца|окончания|завершения)\s+){PERIOD}{_END}"
)
# the act's own year: "в течение года", "до конца (текущего) года", "в текущем году"
THIS_YEAR = _gated(
    rf"{_W}(?:(?:в\s+течени[еи]|до\s+(?P<to_end>конца|окончания|завершения))"
    r"\s+(?:(?:текущего|этого|настоящего|календарного)\s+)?года|в\s+(?:текущем|этом|настоящем)\s+году)"
    + _END
)
# the act's own month: "до конца текущего месяца", "в текущем месяце"
THIS_MONTH = _gated(
    rf"{_W}(?:(?:в\s+течени[еи]|до\s+(?P<to_end>конца|окончания|завершения))\s+(?:текущего|этого|настоящего)\s+месяца"
    r"|в\s+(?:текущем|этом|настоящем)\s+месяце)" + _END
)
# "в первой декаде декабря", "во 2-й декаде марта 2026 г.": days 1–10, 11–20, 21–end
DECADE = _gated(
    rf"{_W}(?:(?:в|во)\s+)?(?P<dec>перв\w*|втор\w*|трет\w*|[1-3](?:\s?-?\s?(?:й|ой))?)\s+декад\w*\s+"
    rf"(?P<mname>{MONTH_NAME}){_period_year('dy')}"
)
# "в первую неделю сентября", "на последней неделе декабря 2025 г.": days 1–7, 8–14, ..., the last 7
WEEK_OF_MONTH = _gated(
    rf"{_W}(?:(?:в|во|на)\s+)?(?P<week>перв\w*|втор\w*|трет\w*|четв[её]рт\w*|последн\w*|[1-4](?:\s?-?\s?(?:ю|ую|й|ой))?)\s+недел\w*\s+"
    rf"(?P<wname>{MONTH_NAME}){_period_year('wy')}"
)
PERIOD_BARE = _gated(rf"{_W}{PERIOD}{_END}")
PERIOD_JOIN = _c(r"\s*[-–—]\s*")
# "с июня по август 2025 года", "в период с сентября 2025 года по май 2026 года"
_MONTH_YEAR = rf"(?:\s+(?P<{{}}>{YEAR}){YEAR_WORD}?)?"
MONTH_RANGE = _gated(
    rf"{_W}(?:в\s+период\s+)?с\s+(?P<m1>{MONTH_NAME}){_MONTH_YEAR.format('y1')}"
    rf"\s+(?:по|до)\s+(?P<m2>{MONTH_NAME}){_MONTH_YEAR.format('y2')}"
)
# "с 1 по 10 декабря 2009 года", "с 23 по 27 декабря 2024 года"
DAY_RANGE = _gated(
    rf"{_W}(?:в\s+период\s+)?с\s+(?P<d1>\d{{1,2}})\s*(?:по|до|[-–—])\s*(?P<d2>\d{{1,2}})\s+"
    rf"(?P<mname>{MONTH_NAME})(?:\s*(?P<year>{YEAR}){YEAR_WORD}?)?"
)
# a time expression right after these words (up to two words between) is not a deadline:
# "по состоянию на 05 сентября", "сроком на 5 лет", "не менее чем за 4 часа до",
# "не ранее 1 марта", "(в редакции от 12.03.2020)"
# two dates as a period: "с 01.09.2025 по 31.12.2025", "в период с 1 ноября до 10 декабря",
# and in cells "01.09.2025-31.12.2025"
RANGE_OPEN = _c(rf"{_W}(?:в\s+период\s+)?с\s*$")
# a task that is a beginning, its day after "с": "Приступить с 19.09.2008", "начать с 15 октября"
START_VERB = _gated(rf"{_W}(?:приступить|приступать|начать|начинать|возобновить|открыть){_END}")
START_CUE = _c(rf"{_W}(?:с|со)\s*$")
RANGE_BETWEEN = _c(r"\s*(?:по|до|(?P<dash>[-–—]))\s*")
NOT_DEADLINE_BEFORE = _c(
    r"(?:(?:по\s+состоянию\s+на|сроком\s+на|не\s+менее\s+чем\s+за|не\s+ранее|в\s+редакции|ред\.\s*от)"
    r"\s*(?:[^\s\d]+\s+){0,2}"
    # the period a report covers: "отчет за период с 01.01.2025 по 30.06.2025", "за 2024 год"
    r"|(?<![а-яё])за(?:\s+период)?\s*)$"
)
# where a noun phrase (anchor, event) ends: punctuation, a dash, a new time expression
# (outside brackets); "г." and "12.03.2025" do not end it, a full stop before a capital does
_PHRASE_TOKEN = _c(
    r"(?P<open>\()|(?P<close>\))"
    # a manner adverbial ends the phrase: "в ходе эксплуатации путем принятия мер"
    r"|(?P<stop>\.(?=\s*(?:$|[А-ЯЁA-Z\n]))|[;:\n,]|\s[-–—]\s|\s(?=(?:до|не\s+позднее|в\s+срок|в\s+течени[еи]|путем|путём|посредством)\s|(?:с|со)\s+\d))"
    r"|(?P<word>[а-яё]+(?:-[а-яё]+)*)"
    r"|(?P<other>[0-9a-z№«»\"]+(?:[./-][0-9a-z]+)*)"  # "от 12.03.2025 № 5-р", "«Об образовании»"
)
# a bracket naming who answers for the task, not part of an anchor or an event phrase
_EXECUTOR_BRACKET = re.compile(r"\(\s*(?:отв\.|ответственн|исп\.|исполнител|(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.)", re.IGNORECASE)
_PHRASE_MAX_WORDS = 16  # an anchor or event longer than this has run into the next clause


# ---- candidates --------------------------------------------------------------------


# ranks, lowest wins: a strict term, a frame period, a permanent or event phrase, a bare date
STRICT, FRAME, LOOSE, BARE = 1, 2, 3, 4


@dataclass(frozen=True)
class Candidate:
    deadline: Deadline
    rank: int  # STRICT, FRAME, LOOSE or BARE


Rule = Callable[[str, date | None], Iterator[Candidate]]


def _year_for(act_date: date | None, end: Callable[[int], date | None]) -> date | None:
    """The day (or a period's end) in the act's year, or in the next year when it is already
    over on the act's date ("до 15 января" in a December act)."""
    if act_date is None:
        return None
    this = end(act_date.year)
    return this if this is not None and this >= act_date else end(act_date.year + 1)


def _mention_date(d: DateMention, act_date: date | None) -> date | None:
    if d.year is not None:
        return d.to_date()
    return _year_for(act_date, d.to_date)


def _part_number(word: str) -> int | None:
    w = word.lower().replace(" ", "")
    if w in _ROMAN:
        return _ROMAN[w]
    if w[:1].isdigit():
        return int(w[0])
    return next((n for stem, n in _ORDINALS.items() if w.startswith(stem)), None)


def _period(m: re.Match, act_date: date | None) -> tuple[date | None, date | None] | None:
    """(start, last day) of a PERIOD match; years missing in the text come from the act."""
    g = m.groupdict()

    def resolved(
        first: Callable[[int], date], last: Callable[[int], date]
    ) -> tuple[date | None, date | None]:
        if year := g.get("qy") or g.get("hy") or g.get("my"):
            y = int(year)
            return first(y), last(y)
        end = _year_for(act_date, last)
        return (first(end.year), end) if end else (None, None)

    if g.get("sy1"):
        y1, y2 = int(g["sy1"]), int(g["sy2"])
        return (date(y1, 9, 1), date(y2, 8, 31)) if y2 == y1 + 1 else None
    if g.get("q"):
        q = _part_number(g["q"])
        q2 = _part_number(g["q2"]) if g.get("q2") else q
        if q is None or q2 is None or q2 < q:
            return None
        return resolved(lambda y: date(y, 3 * q - 2, 1), lambda y: month_end(y, 3 * q2))
    if g.get("h"):
        h = _part_number(g["h"])
        if h not in (1, 2):
            return None
        return resolved(lambda y: date(y, 6 * h - 5, 1), lambda y: month_end(y, 6 * h))
    if g.get("months"):
        months = [month_number(x) for x in re.findall(MONTH_NAME, g["months"], re.IGNORECASE)]
        if None in months:
            return None
        ranged = re.search(r"[-–—]", g["months"]) is not None  # "июнь-август": a span
        if not ranged and any((b - a) % 12 != 1 for a, b in pairwise(months)):
            months = months[:1]  # "февраль, ноябрь": two separate terms, the first is due first
        # "декабрь-январь": the span runs over the new year, its last month's year is the one written
        over_new_year = 1 if months[0] > months[-1] else 0
        return resolved(lambda y: date(y - over_new_year, months[0], 1), lambda y: month_end(y, months[-1]))
    if g.get("season"):
        return _season(g["season"], int(g["sey"]) if g.get("sey") else None, act_date)
    if g.get("y1"):
        y1 = int(g["y1"])
        y2 = int(g["y2"]) if g.get("y2") else y1
        return (date(y1, 1, 1), date(y2, 12, 31)) if y1 <= y2 else None
    return None


def _season(name: str, year: int | None, act_date: date | None) -> tuple[date | None, date | None]:
    """ "летний период" → June–August; "осенне-зимний" → September–February, into the next
    year; the year written is the year the season starts."""
    parts = [next(m for stem, m in SEASONS.items() if p.lower().startswith(stem)) for p in name.split("-")]
    first, last = parts[0][0], parts[-1][1]
    spill = 1 if last < first else 0

    def end(y: int) -> date:
        return month_end(y + spill, last)

    if year is None:
        stop = _year_for(act_date, lambda y: end(y - spill))
        return (date(stop.year - spill, first, 1), stop) if stop else (None, None)
    return date(year, first, 1), end(year)


# days listed before a date with its month: "18 и 25 апреля 2026 года", "3, 10, 17 марта"
_DAY_LIST = re.compile(r"(?<![\d.,/№])(?P<first>\d{1,2})(?:\s*,\s*\d{1,2})*\s*(?:,|\bи)\s*$")


def _cued_dates(text: str, act_date: date | None) -> Iterator[Candidate]:
    """A date after a cue: "до 20.10.2023", "не позднее 1 марта", "к 1 сентября"; bare otherwise.
    Of days listed with one month ("18 и 25 апреля") the first is due first."""
    for d in find_dates(text):
        listed = _DAY_LIST.search(text, max(0, d.start - 30), d.start) if d.rule == "textual" else None
        if listed is not None:
            d = DateMention(listed.start(), d.stop, int(listed.group("first")), d.month, d.year, d.rule)
        cue = DATE_CUE.search(text, max(0, d.start - 60), d.start)
        stop, when = d.stop, _mention_date(d, act_date)
        if d.year is None and (words := YEAR_IN_WORDS.match(text, stop)) is not None:
            stop = words.end()
            year = act_date.year + (0 if words.group("this") else 1) if act_date else None
            when = d.to_date(year)
        if (inc := _INCLUSIVE.match(text, stop)) is not None:
            stop = inc.end()
        start, rank = (cue.start(), STRICT) if cue else (d.start, BARE)
        yield Candidate(
            Deadline(
                "date",
                text[start:stop],
                date=when,
                span=Span(start, stop),
                rule=f"date_{'cued' if cue else 'bare'}_{d.rule}",
            ),
            rank,
        )


def _start_of_task(text: str, act_date: date | None) -> Iterator[Candidate]:
    """ "Приступить с 19.09.2008 к заполнению систем", "начать отопительный сезон с 15
    октября": the task is the beginning, so its first day is its date (real acts, p16 notes);
    "с 01.09.2025 обеспечить ..." with another verb opens a standing duty, no term."""
    if START_VERB.search(text) is None:
        return
    for d in find_dates(text):
        if (opening := START_CUE.search(text, max(0, d.start - 6), d.start)) is None:
            continue
        yield Candidate(
            Deadline(
                "date",
                text[opening.start() : d.stop],
                date=_mention_date(d, act_date),
                span=Span(opening.start(), d.stop),
                rule="date_start_of_task",
            ),
            STRICT,
        )


def _date_ranges(text: str, act_date: date | None) -> Iterator[Candidate]:
    """ "с 1 по 10 декабря 2009 года"; "с 01.09.2025 по 31.12.2025", "01.09.2025-31.12.2025"."""
    for m in DAY_RANGE.finditer(text):
        month = month_number(m.group("mname"))
        d1, d2 = int(m.group("d1")), int(m.group("d2"))
        year = int(m.group("year")) if m.group("year") else None
        first = DateMention(0, 0, d1, month, year, "").to_date(act_date.year if act_date else None)
        last = DateMention(0, 0, d2, month, year, "").to_date(act_date.year if act_date else None)
        if (year or act_date) and (first is None or last is None or first > last):
            continue
        yield Candidate(
            Deadline(
                "date",
                m.group(0),
                date=last,
                start=first,
                span=Span(*m.span()),
                rule="date_day_range",
            ),
            STRICT,
        )
    for a, b in pairwise(find_dates(text)):
        opening = RANGE_OPEN.search(text, max(0, a.start - 20), a.start)
        between = RANGE_BETWEEN.fullmatch(text, a.stop, b.start)
        if between is None or (opening is None and not between.group("dash")):
            continue
        year = b.year or (act_date.year if act_date else None)
        first, last = a.to_date(a.year or year), b.to_date(year)
        if first is None or last is None or first > last:
            continue
        start = opening.start() if opening else a.start
        yield Candidate(
            Deadline(
                "date",
                text[start : b.stop],
                date=last,
                start=first,
                span=Span(start, b.stop),
                rule="date_range",
            ),
            STRICT if opening else BARE,
        )


def _periods(text: str, act_date: date | None) -> Iterator[Candidate]:
    """ "в IV квартале 2025 года", "в 2008 году", "до конца 2025 года"; bare in cells: "декабрь 2025"."""
    found: list[tuple[re.Match, date | None, date | None, int]] = []
    for pattern, rank in ((PERIOD_CUED, FRAME), (PERIOD_BARE, BARE)):
        for m in pattern.finditer(text):
            groups = m.groupdict()
            cue = (groups.get("cue") or "").lower()
            if groups.get("season") and not groups.get("sey"):
                # a season without its year ("в зимний период") recurs every year and may
                # span two: it names when, not by when — an event
                yield Candidate(Deadline("event", m.group(0), event=m.group(0), span=Span(*m.span()), rule="season_event"), LOOSE)
                continue
            if groups.get("sy1") and cue.startswith("в течени"):
                continue  # "в течение 2025/2026 учебного года": an ongoing duty (PERMANENT), as without the years
            if (period := _period(m, act_date)) is None:
                continue
            start, last = period
            # "до конца 2025 года" is a strict term with no start; "в 2025 году" a frame
            to_end = cue.startswith("до")
            found.append((m, None if to_end else start, last, STRICT if to_end else rank))
            yield Candidate(
                Deadline(
                    "date",
                    m.group(0),
                    date=last,
                    start=None if to_end else start,
                    span=Span(*m.span()),
                    rule="period_cued" if rank == FRAME else "period_bare",
                ),
                STRICT if to_end else rank,
            )
    # "в IV квартале 2025 г. – I квартале 2026 г.": two periods joined by a dash (a bare
    # period that ends where a cued one ends is the same period)
    cued_ends = {m.end() for m, _, _, rank in found if rank != BARE}
    found = [f for f in found if f[3] != BARE or f[0].end() not in cued_ends]
    for (a, a_start, _, rank), (b, _, b_last, _) in pairwise(sorted(found, key=lambda f: f[0].start())):
        if (
            PERIOD_JOIN.fullmatch(text, a.end(), b.start())
            and a_start is not None
            and b_last is not None
            and a_start <= b_last
        ):
            yield Candidate(
                Deadline(
                    "date",
                    text[a.start() : b.end()],
                    date=b_last,
                    start=a_start,
                    span=Span(a.start(), b.end()),
                    rule="period_joined",
                ),
                rank,
            )
    for m in MONTH_RANGE.finditer(text):
        m1, m2 = month_number(m.group("m1")), month_number(m.group("m2"))
        y2 = int(m.group("y2")) if m.group("y2") else None
        y1 = int(m.group("y1")) if m.group("y1") else (y2 if y2 and m1 <= m2 else None)
        if y2 is None:
            last = _year_for(act_date, lambda y, m2=m2: month_end(y, m2))
            y2 = last.year if last else None
        if y1 is None and y2 is not None:
            y1 = y2 if m1 <= m2 else y2 - 1
        if y1 is None or y2 is None or (y1, m1) > (y2, m2):
            continue
        yield Candidate(
            Deadline(
                "date",
                m.group(0),
                date=month_end(y2, m2),
                start=date(y1, m1, 1),
                span=Span(*m.span()),
                rule="period_month_range",
            ),
            FRAME,
        )
    yield from _parts_of_months(text, act_date)
    for m in THIS_MONTH.finditer(text):
        last = month_end(act_date.year, act_date.month) if act_date else None
        yield Candidate(
            Deadline(
                "date",
                m.group(0),
                date=last,
                start=last.replace(day=1) if last and not m.group("to_end") else None,
                span=Span(*m.span()),
                rule="period_this_month",
            ),
            STRICT if m.group("to_end") else FRAME,
        )
    for m in THIS_YEAR.finditer(text):
        year = act_date.year if act_date else None
        yield Candidate(
            Deadline(
                "date",
                m.group(0),
                date=date(year, 12, 31) if year else None,
                start=date(year, 1, 1) if year and not m.group("to_end") else None,
                span=Span(*m.span()),
                rule="period_this_year",
            ),
            STRICT if m.group("to_end") else FRAME,
        )


def _decade(year: int, month: int, part: int | None) -> tuple[date, date] | None:
    """Days 1–10, 11–20, 21–end: "в первой декаде декабря"."""
    if part not in (1, 2, 3):
        return None
    return date(year, month, 10 * part - 9), month_end(year, month) if part == 3 else date(year, month, 10 * part)


def _week(year: int, month: int, part: int | None) -> tuple[date, date] | None:
    """Days 1–7, ..., 22–28, the last week the month's last 7 days: "в первую неделю сентября"."""
    if part not in (None, 1, 2, 3, 4):
        return None
    last = month_end(year, month) if part is None else date(year, month, 7 * part)
    return last.replace(day=last.day - 6), last


# a part of a month: its pattern, the groups naming the part, the month and the year, its days
MONTH_PARTS: tuple[tuple[re.Pattern, tuple[str, str, str], Callable[[int, int, int | None], tuple[date, date] | None], str], ...] = (
    (DECADE, ("dec", "mname", "dy"), _decade, "period_decade"),
    (WEEK_OF_MONTH, ("week", "wname", "wy"), _week, "period_week"),
)


def _parts_of_months(text: str, act_date: date | None) -> Iterator[Candidate]:
    for pattern, (part_group, month_group, year_group), days, rule in MONTH_PARTS:
        for m in pattern.finditer(text):
            month = month_number(m.group(month_group))
            written = m.group(part_group)
            part = None if written.lower().startswith("последн") else _part_number(written)
            if month is None or days(2000, month, part) is None:  # no such part in any year
                continue

            def end(y: int, month: int = month, part: int | None = part, days=days) -> date:
                return days(y, month, part)[1]

            last = end(int(m.group(year_group))) if m.group(year_group) else _year_for(act_date, end)
            first = days(last.year, month, part)[0] if last else None
            yield Candidate(
                Deadline("date", m.group(0), date=last, start=first, span=Span(*m.span()), rule=rule), FRAME
            )


@lru_cache(maxsize=4096)
def _numeral_value(word: str) -> int | None:
    word = word.lower()
    if word in _COMPOUND_PREFIXES:
        return _COMPOUND_PREFIXES[word]
    from pipeline.resources import shared

    for p in shared().morph.parse(word):
        if p.normal_form in NUMERALS and p.tag.POS in ("NUMR", "ADJF", None):
            return NUMERALS[p.normal_form]
    return None


def _amount(g: dict) -> int | None:
    """The term's amount from digits, "з-х" (OCR 3), words, or a compound prefix; 1 if none."""
    if g.get("num"):
        return 3 if g["num"].lower() == "з" else int(g["num"])
    words = (g.get("words") or g.get("prefix") or "").split()
    if not words:
        return 1
    values = [_numeral_value(w) for w in words]
    return sum(values) if None not in values else None  # "двадцати пяти" = 25


def _unit(g: dict) -> str | None:
    unit = g["unit"].lower()
    base = next((u for stem, u in UNITS if unit.startswith(stem)), None)
    if base == "day" and g.get("kind") and g["kind"].lower().startswith("раб"):
        return "working_day"
    return base


def _in_whole_days(amount: int | None, unit: str | None) -> tuple[int | None, str | None]:
    """Hours as contract days: "в течение 24 часов" is 1 day, "48 часов" 2; a term of
    hours that is not whole days ("в течение 2 часов") has no contract value."""
    if unit != "hour" or amount is None:
        return amount, unit
    return (amount // HOURS_PER_DAY, "day") if amount % HOURS_PER_DAY == 0 else (None, None)


def _phrase_end(text: str, start: int) -> int:
    """End of the noun phrase from ``start``: punctuation or a dash outside brackets, the next
    time expression, the next verb ("... получения запроса направить"), or too many words."""
    from pipeline.resources import shared

    morph = shared().morph
    depth, words, end = 0, 0, start
    for t in _PHRASE_TOKEN.finditer(text, start):
        if t.group("open") and depth == 0 and _EXECUTOR_BRACKET.match(text, t.start()):
            break  # "после проведения мероприятия (отв. Федоров К.С.)"
        if t.group("open"):
            depth += 1
        elif t.group("close"):
            if depth == 0:
                break
            depth -= 1
            end = t.end()
        elif t.group("stop"):
            if depth == 0:
                break
        elif t.group("word"):
            if depth == 0 and any(p.match(text, t.start()) for p in (IMMEDIATE, PERMANENT, PERIODIC)):
                break  # "при поступлении сведений незамедлительно", "в период паводка ежедневно": a term of its own
            if depth == 0:
                words += 1
                # a verb or a short form ends it: "в ходе эксплуатации системы должно ..."
                if words > _PHRASE_MAX_WORDS or any(
                    p.tag.POS in ("INFN", "VERB", "ADJS", "PRTS") and p.score > 0.3 for p in morph.parse(t.group())
                ):
                    break
            end = t.end()
        else:
            end = t.end()
    return end


def _anchor_phrase(phrase: str) -> str:
    from extractors.morph import inflect_phrase

    return inflect_phrase(phrase, "gent", "nomn")


def _each_period(anchor: str) -> tuple[bool, str | None]:
    """ "окончание каждого квартала" → (True, "quarterly"): the term recurs."""
    if m := re.search(r"(?:кажд|отч[её]тн)[а-яё]+\s+(месяц|квартал|полугоди|год)", anchor, re.IGNORECASE):
        return True, EACH_PERIOD[m.group(1).lower()]
    return False, None


def _relative(text: str, act_date: date | None) -> Iterator[Candidate]:
    """ "в течение 10 рабочих дней с момента получения ...", "в 3-дневный срок", "за 10 дней
    до начала смены", "на следующий день после ..."; a term after "каждого квартала" recurs."""
    for name, pattern in (
        ("relative_noun", RELATIVE_NOUN),
        ("relative_adj", RELATIVE_ADJ),
        ("relative_before", RELATIVE_BEFORE),
        ("relative_next_day", RELATIVE_NEXT_DAY),
    ):
        for m in pattern.finditer(text):
            g = m.groupdict()
            amount, unit = _in_whole_days(_amount(g), _unit(g))
            if amount is None or unit is None:
                continue
            stop, anchor, when = m.end(), None, None
            if (a := _ANCHOR.match(text, stop)) is not None:
                end = _phrase_end(text, a.end())
                if end > a.end():
                    anchor_words = text[a.end() : end]
                    anchor, stop = _anchor_phrase(anchor_words), end
                    if a.group("noun"):
                        anchor = f"{_ANCHOR_NOUNS[a.group('noun').lower()]} {anchor_words}"
                    if act_date is not None and _OWN_ACT.search(anchor_words):
                        when = term_end(act_date, amount, unit)
            if anchor is None and unit == "year" and not (g.get("num") or g.get("words")):
                continue  # "в течение года" without an anchor is the year itself (a period)
            recurs, frequency = _each_period(anchor or "")
            if recurs:
                yield Candidate(
                    Deadline(
                        "periodic",
                        text[m.start() : stop],
                        frequency=frequency,
                        span=Span(m.start(), stop),
                        rule="periodic_after_each",
                    ),
                    STRICT,
                )
                continue
            yield Candidate(
                Deadline(
                    "relative",
                    text[m.start() : stop],
                    date=when,
                    amount=amount,
                    unit=unit,
                    anchor=anchor,
                    span=Span(m.start(), stop),
                    rule=name,
                ),
                STRICT,
            )


def _frequency(words: str) -> str | None:
    return next((f for p, f in FREQUENCIES if re.fullmatch(p, words, re.IGNORECASE)), None)


# "ежеквартальный отчет ... до 20 числа месяца, следующего за отчетным" is quarterly
_FREQUENCY_STEMS = {
    "ежедневн": "daily",
    "еженедельн": "weekly",
    "ежемесячн": "monthly",
    "ежеквартальн": "quarterly",
    "ежегодн": "yearly",
}
_FREQUENCY_HINT = _c("|".join(_FREQUENCY_STEMS))
# between a first date and the rhythm: "до 01.10.2025 и далее ежеквартально",
# "до 30 декабря 2025 года, далее – ежемесячно", "до 1 февраля ежегодно"
SUBSEQUENTLY = _c(
    r"\s*,?\s*(?:(?P<then>(?:и\s+|а\s+)?(?:далее|в\s+дальнейшем|затем|впоследствии))"
    r"\s*[-–—:,]?\s*)?"
)


def _cued_date_before(text: str, at: int) -> tuple[int, DateMention, bool] | None:
    """A cued date right before ``at``: "до 1 февраля | ежегодно", "до 01.10.2025 и далее |
    ежеквартально" → (where the cue starts, the date, whether "и далее" joins them)."""
    base = max(0, at - 100)
    for d in reversed(find_dates(text[base:at])):
        joint = SUBSEQUENTLY.fullmatch(text, base + d.stop, at)
        if joint is None:
            continue
        d = DateMention(base + d.start, base + d.stop, d.day, d.month, d.year, d.rule)
        if (cue := DATE_CUE.search(text, max(0, d.start - 60), d.start)) is None:
            return None
        return cue.start(), d, bool(joint.group("then"))
    return None


def _periodic(text: str, act_date: date | None) -> Iterator[Candidate]:
    """ "ежеквартально до 5 числа месяца, следующего за отчетным", "ежегодно до 1 декабря"."""
    for m in PERIODIC.finditer(text):
        freq, stop, day = _frequency(m.group("freq")), m.end(), None
        tail = re.match(r"\s*,?\s*", text[stop:])
        at = stop + (tail.end() if tail else 0)
        if (dm := DAY_OF_MONTH.match(text, at)) is not None:
            day, stop = int(dm.group("day")), dm.end()
        else:
            follow = [
                d
                for d in find_dates(text[at : at + 60])
                if (cue := DATE_CUE.search(text[at : at + d.start])) is not None
                and not text[at : at + cue.start()].strip(" ,")
            ]
            if follow:
                day, stop = follow[0].day, at + follow[0].stop
        start, first = m.start(), None
        if (before := _cued_date_before(text, m.start())) is not None:
            start, mention, then = before
            if then:  # "до 01.10.2025 и далее ежеквартально": the first term, then the rhythm
                first = _mention_date(mention, act_date)
            elif day is None:  # "до 1 февраля ежегодно"
                day = mention.day
        yield Candidate(
            Deadline(
                "periodic",
                text[start:stop],
                date=first,
                frequency=freq,
                day=day,
                span=Span(start, stop),
                rule="periodic",
            ),
            STRICT,
        )
    for m in DAY_OF_MONTH.finditer(text):
        if not re.search(r"числа", m.group(0)):
            continue
        after = (m.group("after") or "").lower()
        hint = _FREQUENCY_HINT.search(text)
        freq = (
            "quarterly"
            if after.startswith("квартал")
            else "yearly"
            if after.startswith("год")
            else _FREQUENCY_STEMS[hint.group(0).lower()]
            if hint
            else "monthly"
        )
        yield Candidate(
            Deadline(
                "periodic",
                m.group(0),
                frequency=freq or "monthly",
                day=int(m.group("day")),
                span=Span(*m.span()),
                rule="periodic_day",
            ),
            STRICT,
        )


def _simple(kind: str, pattern: Gated, rank: int) -> Rule:
    def rule(text: str, act_date: date | None) -> Iterator[Candidate]:
        for m in pattern.finditer(text):
            yield Candidate(Deadline(kind, m.group(0), span=Span(*m.span()), rule=kind), rank)

    return rule


def _event(pattern: re.Pattern | Gated, rank: int) -> Rule:
    """ "до полного выполнения плана мероприятий", "по мере необходимости": cue + noun phrase."""

    def rule(text: str, act_date: date | None) -> Iterator[Candidate]:
        for m in pattern.finditer(text):
            stop = max(m.end(), _phrase_end(text, m.end()))
            words = text[m.start() : stop]
            yield Candidate(
                Deadline("event", words, event=words, span=Span(m.start(), stop), rule="event"),
                rank,
            )

    return rule


RULES: tuple[tuple[str, Rule], ...] = (
    ("relative", _relative),
    ("periodic", _periodic),
    ("date_range", _date_ranges),
    ("date_start", _start_of_task),
    ("date", _cued_dates),
    ("period", _periods),
    ("immediate", _simple("immediate", IMMEDIATE, STRICT)),
    ("permanent", _simple("permanent", PERMANENT, LOOSE)),
    ("event", _event(EVENT, LOOSE)),
    ("threshold_event", _event(THRESHOLD_EVENT, LOOSE)),
    ("event_by_plan", _event(EVENT_BY_PLAN, BARE)),
)


_WORD_BEFORE = re.compile(r"([а-яё]+)\s*$", re.IGNORECASE)
# a period that ends the name of a programme is no term: "обеспечить выполнение Комплекса мер
# по модернизации системы общего образования Костромской области в 2012 году", "плана
# мероприятий на 2026 год" (real acts, p30 notes); a verb or a comma between them frees it:
# "утвердить план, провести в 2012 году ..."
PROGRAMME_NAME = _c(
    r"(?<![а-яё])(?:комплекс[а-яё]*\s+мер|программ[а-яё]*|план(?:а|у|ом|е|ы|ов)?|стратеги[а-яё]+"
    r"|концепци[а-яё]+|дорожн[а-яё]+\s+карт[а-яё]*)(?![а-яё])"
)
_NAME_GAP = re.compile(r"[^,;:()\n«»\"]*")
_PROGRAMME_REACH = 160  # characters back from the period to the programme noun


def _excluded(text: str, c: Candidate) -> bool:
    start = c.deadline.span.start
    if NOT_DEADLINE_BEFORE.search(text, max(0, start - 40), start) is not None:
        return True
    # "договоров, заключенных до 01.01.2025": a date that qualifies a thing done, not the
    # term ("для обучающихся в течение 2026 года" is a term)
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if c.deadline.kind == "date" and before is not None and _is_past_participle(before.group(1).lower()):
        return True
    return c.deadline.rule.startswith("period_") and _names_programme(text, start)


def _names_programme(text: str, start: int) -> bool:
    """The period at ``start`` closes a programme's name: only nouns and adjectives between."""
    names = list(PROGRAMME_NAME.finditer(text, max(0, start - _PROGRAMME_REACH), start))
    if not names:
        return False
    gap = text[names[-1].end() : start]
    if _NAME_GAP.fullmatch(gap) is None:
        return False
    return not any(_is_verb_form(w.lower()) for w in re.findall(r"[а-яё]+", gap, re.IGNORECASE))


@lru_cache(maxsize=4096)
def _is_verb_form(word: str) -> bool:
    found = parses(word)
    return bool(found) and found[0].tag.POS in ("INFN", "VERB", "PRTF", "PRTS", "GRND")


@lru_cache(maxsize=4096)
def _is_past_participle(word: str) -> bool:
    found = parses(word)
    return bool(found) and found[0].tag.POS == "PRTF" and found[0].tag.tense == "past"


def candidates(text: str, act_date: date | None = None) -> list[Candidate]:
    """All deadline candidates, overlapping ones resolved to the longest (debug helper too)."""
    found = [
        c
        for _, rule in RULES
        for c in rule(text, act_date)
        if c.deadline.span.stop > c.deadline.span.start
    ]
    excluded = [c.deadline.span for c in found if _excluded(text, c)]
    # "за период с 01.01.2025 по 30.06.2025": the "по 30.06.2025" inside goes with the range
    found = [c for c in found if not any(e.covers(c.deadline.span) for e in excluded)]
    found.sort(key=lambda c: (-(len(c.deadline.span)), c.rank, c.deadline.span.start))
    kept: list[Candidate] = []
    for c in found:
        s = c.deadline.span
        if all(s.stop <= k.deadline.span.start or s.start >= k.deadline.span.stop for k in kept):
            kept.append(c)
    return _dated_events(text, sorted(kept, key=lambda c: c.deadline.span.start))


_DATED_RULES = ("date_day_range", "date_range")


def _dated_events(text: str, found: list[Candidate]) -> list[Candidate]:
    """An event followed by its dates is those dates: "в период осенних каникул с 5 по 11
    ноября 2007 года" is 5–11 November, the span covers both (real acts, p12 notes)."""
    out: list[Candidate] = []
    for c in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.deadline.kind == "event"
            and c.deadline.rule in _DATED_RULES
            and c.rank == STRICT
            and not text[prev.deadline.span.stop : c.deadline.span.start].strip()
        ):
            span = Span(prev.deadline.span.start, c.deadline.span.stop)
            out[-1] = replace(c, deadline=replace(c.deadline, text=text[span.start : span.stop], span=span))
            continue
        out.append(c)
    return out


# a bare date that names the day of the task ("Провести фестиваль 7 июня 2025 года на
# площади"): a full date with its year, no preposition before it, no act number after it
# ("приказ ... 7 июня 2020 года № 5"), not before the act's own date
_PREPOSITION_BEFORE = _c(r"(?<![а-яё])(?:от|с|со|на|за|по|после|до|в|во|к|между|и)\s*$")
_ACT_NUMBER_AFTER = _gated(r"\s*(?:г\.|года|г)?\s*(?:№|N\s*\d)")
# what joins a later day to a list of the task's days: a comma, "и", a time of day ("... с
# 14 часов до 18 часов 26 июня"), the place of that session ("в 11-х классах 26 июня"); a
# noun alone does not ("посвященный событиям 22 июня 1941 года" names history)
_LIST_JOINT = _c(
    r"(?:,|(?<![а-яё])и|(?<![а-яё])час(?:ов|а)?|(?<![а-яё])ч\.|\d{1,2}[.:]\d\d"
    r"|(?<![а-яё])(?:в|во|на)\s+[0-9а-яё-]+(?:\s+[а-яё]+)?)\s*$"
)
_YEAR_WRITTEN = _c(r"(?:\d{1,2}\.\d{1,2}\.|\s)(?:19|20)\d\d(?:\s*(?:г\.|года|г\b))?\s*$")


def _day_of_the_task(text: str, c: Candidate, act_date: date | None, listed: bool = False) -> bool:
    """``listed``: a later day of the list, which may follow "и" ("17 августа 2025 года и 14
    сентября 2025 года") and may be before the act's date (as written)."""
    d, span = c.deadline, c.deadline.span
    if d.kind != "date" or not d.rule.startswith("date_bare") or d.date is None:
        return False
    if not _YEAR_WRITTEN.search(text[span.start : span.stop]):
        return False
    if _ACT_NUMBER_AFTER.match(text, span.stop):
        return False
    if listed:
        return _LIST_JOINT.search(text, max(0, span.start - 30), span.start) is not None
    if _PREPOSITION_BEFORE.search(text, max(0, span.start - 12), span.start):
        return False
    return act_date is None or d.date >= act_date


def _days_of_the_task(text: str, first: Candidate, found: list[Candidate]) -> Deadline:
    """Days of one task listed after its first day ("19 декабря 2018 года в 14.00, 20 декабря
    2018 года ... 21 декабря 2018 года в 11.00") run to the last: the date is the last day,
    the first its start (real acts, p33 and p39 notes: the last date mentioned, as written)."""
    later = [c for c in found if c.deadline.span.start > first.deadline.span.start and _day_of_the_task(text, c, None, listed=True)]
    if not later:
        return first.deadline
    a, b = first.deadline, later[-1].deadline
    span = Span(a.span.start, b.span.stop)
    start = a.date if a.date is not None and b.date is not None and a.date < b.date else None
    return replace(b, text=text[span.start : span.stop], span=span, start=start, rule="date_bare_days")


_SEPARATORS_ONLY = re.compile(r"(?:[\s.,;:()*_\-–—г]|\bи\b)*")


def _is_whole(text: str, spans: list[Span]) -> bool:
    """A cell that is nothing but deadlines: "до 19.11.2025", "IV квартал 2025 г.", a list
    "декабрь 2025 г., март 2026 г."."""
    rest, last = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        rest.append(text[last : span.start])
        last = span.stop
    rest.append(text[last:])
    return _SEPARATORS_ONLY.fullmatch("".join(rest)) is not None


def find_deadline(text: str, *, act_date: date | None = None) -> Deadline | None:
    """The deadline of a clause or a table cell, or None (see the module docstring)."""
    found = candidates(text, act_date)
    label = None
    for m in LABEL.finditer(text):
        # "в недельный срок – заместителю ...": the word "срок" of a term is no label
        if not any(c.deadline.span.start < m.start() < c.deadline.span.stop for c in found):
            label = m
    if label is not None:
        region_end = text.find("\n", label.end())
        region_end = len(text) if region_end < 0 else region_end
        inside = [c for c in found if label.end() <= c.deadline.span.start < region_end]
        if inside:
            best = min(inside, key=lambda c: (c.rank, c.deadline.span.start))
            stop = max(c.deadline.span.stop for c in inside)
            return replace(
                best.deadline, text=text[label.start() : stop], span=Span(label.start(), stop)
            )
        words = text[label.end() : region_end].strip(" .;")
        if words:
            stop = label.end() + len(text[label.end() : region_end].rstrip(" .;"))
            return Deadline(
                "event",
                text[label.start() : stop],
                event=words,
                span=Span(label.start(), stop),
                rule="label_event",
            )
    # a cell of deadlines alone: the first of a list is due first
    listed = len(found) > 1 and _is_whole(text, [c.deadline.span for c in found])
    usable = [
        c for c in found
        if c.rank < BARE or _is_whole(text, [c.deadline.span]) or (listed and c is found[0]) or _day_of_the_task(text, c, act_date)
    ]
    if not usable:
        return None
    best = min(usable, key=lambda c: (c.rank, c.deadline.span.start))
    if best.rank == FRAME:
        best = _frame_of_the_task([c for c in usable if c.rank == FRAME])
    if best.rank == BARE and _day_of_the_task(text, best, act_date):
        return _days_of_the_task(text, best, found)
    return best.deadline


def _frame_of_the_task(frames: list[Candidate]) -> Candidate:
    """Of several periods: one inside another narrows it ("В 2025 году ... в IV квартале");
    of two apart, the earlier says what the work is about and the later when it is due
    ("информацию о результатах 2025 года ... в I квартале 2026 года")."""
    best = frames[0]
    for c in frames[1:]:
        a, b = best.deadline, c.deadline
        if None in (a.start, a.date, b.start, b.date):
            continue
        if a.start <= b.start and b.date <= a.date or b.start > a.date:
            best = c
    return best
