"""Property tests for the parsers of numbers: act registration numbers and term amounts."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.deadlines import find_deadline
from extractors.references import find_citations
from pipeline.chain.identity import number_key
from pipeline.evaluate import normalise_number

CYR_TO_LATIN = str.maketrans("арсоехкАВСЕНКМОРТХ", "apcoexkABCEHKMOPTX")

digits = st.integers(min_value=1, max_value=99999).map(str)
suffix = st.sampled_from(["", "-р", "-рп", "-ФЗ", "-ОЗ", "-п", "/303дсп", "-осн", "/10-18/23", "-ПГ"])
act_numbers = st.builds(lambda a, b: a + b, digits, suffix)


@given(st.text(max_size=60))
def test_number_key_never_crashes_and_is_idempotent(text):
    key = number_key(text)
    if key is not None:
        assert number_key(key) == key


@given(act_numbers, st.sampled_from(["№ ", "№", "N ", "N", "No. ", " "]))
def test_number_sign_and_latin_lookalikes_do_not_change_identity(number, sign):
    key = number_key(number)
    assert number_key(sign + number) == key
    assert number_key(number.translate(CYR_TO_LATIN)) == key
    assert normalise_number("№ " + number.translate(CYR_TO_LATIN)) == normalise_number(number)


@settings(max_examples=60, deadline=None)
@given(act_numbers, st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_a_cited_number_round_trips(number, day):
    text = f"В соответствии с приказом Министерства образования от {day:%d.%m.%Y} № {number} «О мерах» приказываю:"
    found = find_citations(text)
    assert len(found) == 1
    assert normalise_number(found[0].number) == normalise_number(number)


WORDS = {1: "одного", 2: "двух", 3: "трех", 5: "пяти", 7: "семи", 10: "десяти", 14: "четырнадцати",
         15: "пятнадцати", 20: "двадцати", 30: "тридцати"}


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(WORDS)), st.booleans(), st.sampled_from(["рабочих дней", "календарных дней", "дней"]))
def test_term_amount_in_digits_or_words_round_trips(amount, in_words, unit):
    written = WORDS[amount] if in_words else str(amount)
    text = f"представить отчет в течение {written} {unit} со дня получения письма"
    deadline = find_deadline(text)
    assert deadline is not None and deadline.kind == "relative"
    assert deadline.amount == amount
    assert deadline.unit == ("working_day" if unit.startswith("рабоч") else "day")
    assert text[deadline.span.start : deadline.span.stop] in text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789-№N ФЗрп/.оттдневныйсрок", max_size=40))
def test_parsers_never_crash_on_number_soup(text):
    find_deadline(text)
    find_citations(text)
