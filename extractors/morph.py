"""Inflection of noun phrases met in acts: executors, issuers, positions, persons.

A phrase like "ведущему специалисту отдела образования Поляковой Е.Б." has a *head
group* (adjectives and the head noun, in the governing case: "ведущему специалисту"), a
tail of genitive dependents that never change ("отдела образования") and, possibly, a
person's name that agrees with the head ("Поляковой Е.Б.").  :func:`inflect_phrase`
changes the case of the head group (and of coordinated heads: "руководителям и
заместителям руководителя") and of the name, leaving everything else as written.

All morphology comes from pymorphy3; no case ending is written by hand.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from pipeline.resources import per_document

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

_TOKEN = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*|[A-Za-z]+|\d+|\S")
_INITIALS = re.compile(r"^(?:[А-ЯЁ]\.\s?){1,2}$")
# words that join coordinated heads: "руководителям и заместителям"
_COORD = {"и", ","}
_HEAD_POS = {"NOUN"}
_AGREEING_POS = {"ADJF", "PRTF", "NUMR", "NPRO"}
_NAME_TAGS = ("Surn", "Name", "Patr")


def _morph():
    from pipeline.resources import shared

    return shared().morph


@lru_cache(maxsize=65536)
def _parses(word: str):
    return tuple(_morph().parse(word))


# "ГБУ", "ОГИБДД", and with a conjunction or preposition inside: "ОНДиПР", "КДНиЗП" (not "И")
_ABBREVIATION = re.compile(r"[А-ЯЁ]{2,}(?:[а-яё]{1,2}[А-ЯЁ]+)*|[А-ЯЁ](?:[а-яё]{1,2}[А-ЯЁ]+)+")


def is_abbreviation(word: str) -> bool:
    """An indeclinable capitalised abbreviation of a body."""
    return _ABBREVIATION.fullmatch(word) is not None


def _parse_in_case(word: str, case: str, pos: set[str] | None = None, exclude_names: bool = True):
    for p in _parses(word):
        if p.tag.case != case:
            continue
        if pos is not None and p.tag.POS not in pos:
            continue
        if exclude_names and any(t in p.tag for t in _NAME_TAGS) and word[:1].islower():
            continue
        return p
    return None


def _match_case(src: str, new: str) -> str:
    if src.isupper() and len(src) > 1:
        return new.upper()
    src_parts, new_parts = src.split("-"), new.split("-")
    if len(src_parts) == len(new_parts) > 1:  # "Петровой-Водкиной" → "Петрова-Водкина"
        return "-".join(_match_case(a, b) for a, b in zip(src_parts, new_parts))
    if src[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


@lru_cache(maxsize=65536)
def inflect_word(parse, case: str) -> str | None:
    """The word of ``parse`` in ``case`` (its number kept); memoised: parses are shared."""
    grammemes = {case}
    if parse.tag.number == "plur":
        grammemes.add("plur")
    form = parse.inflect(grammemes)
    if form is None:
        return None
    if case == "nomn" and form.tag.number == "plur" and parse.tag.POS == "NOUN":
        # the dictionary keeps bookish plurals too ("учители", "директоры"): officialese
        # says "учителя", "директора", "инспектора"
        variants = [f.word for f in parse.lexeme if f.tag == form.tag]
        modern = [w for w in variants if w.endswith(("а", "я")) and w[:3] == form.word[:3]]
        if len(variants) > 1 and modern:
            return modern[0]
    return form.word


# a man's surname takes an ending in these cases ("Кима", "Киму"); without one it is a form
# that does not decline
_ENDING_CASES = ("gent", "accs", "datv", "loct")


def inflect_name(word: str, case_from: str | tuple[str, ...], case_to: str, gender: str | None = None) -> str:
    """A surname, first name or patronymic from one case to another; unchanged if unknown.

    ``gender`` (from the patronymic or first name) picks between readings: "Мамедову" is a
    man's dative or a woman's accusative; an unknown man's name ("Заиру") declines like a
    masculine noun."""
    cases = (case_from,) if isinstance(case_from, str) else case_from
    if case_to == "nomn" and cases[0] in _ENDING_CASES and re.search(r"[бвгджзклмнпрстфхцчшщ]$", word):
        return word  # "на начальника отдела Ким Е.В.": a woman's surname that does not decline
    adjectival = _adjectival_surname(word, cases[0], case_to)
    if adjectival:
        return adjectival
    tries = []
    if gender:
        tries.append(lambda p: any(t in p.tag for t in _NAME_TAGS) and (p.tag.gender == gender or "Ms-f" in p.tag))
        tries.append(lambda p: p.tag.POS == "NOUN" and p.tag.gender == gender and p.tag.number == "sing")
    tries.append(lambda p: any(t in p.tag for t in _NAME_TAGS))
    # a surname that is a common noun: "Чеботарю" → "Чеботарь", "Мельнику" → "Мельник"
    tries.append(lambda p: p.tag.POS == "NOUN" and p.tag.number == "sing" and "anim" in p.tag)
    declinable_first = sorted(_parses(word), key=lambda p: "Fixd" in p.tag)  # "Анне" is Анна, not Анне
    for case in cases:
        for fits in tries:
            for p in declinable_first:
                if p.tag.case == case and fits(p):
                    new = inflect_word(p, case_to)
                    if new:
                        return _match_case(word, new)
    return word


def _adjectival_surname(word: str, case_from: str, case_to: str) -> str | None:
    """"Белую", "Белой", "Толстую": a surname that is a qualitative adjective declines as one
    ("Белая"), when the adjective is a likelier reading than any name's."""
    in_case = [p for p in _parses(word) if p.tag.case == case_from]
    adjective = max((p for p in in_case if p.tag.POS == "ADJF" and "Qual" in p.tag), key=lambda p: p.score, default=None)
    name = max((p.score for p in in_case if any(t in p.tag for t in _NAME_TAGS)), default=0.0)
    if adjective is None or adjective.score <= name:
        return None
    new = inflect_word(adjective, case_to)
    return _match_case(word, new) if new else None


@lru_cache(maxsize=8192)
def substantive(parse) -> str:
    """An adjective or participle as the noun it stands for: "заведующим" → "заведующий",
    "ответственным" → "ответственный"."""
    form = parse.inflect({"nomn", "sing", "masc"})
    return form.word if form is not None else parse.normal_form


def name_gender(words: list[str]) -> str | None:
    """The gender a patronymic (or, failing that, a first name) reveals: "Магомедовичу" → masc."""
    for tag in ("Patr", "Name"):
        for word in words:
            ps = _parses(word)
            if tag == "Name" and any("Surn" in p.tag for p in ps):
                continue  # "Водкиной" is also read as a man's first name
            genders = {p.tag.gender for p in ps if tag in p.tag and p.tag.gender in ("masc", "femn")}
            if len(genders) == 1 and word[:1].isupper() and len(word) > 2:
                return genders.pop()
    return None


@lru_cache(maxsize=65536)  # a fact about one word, memoised like its parses
def is_name_word(word: str) -> bool:
    return word[:1].isupper() and any(
        any(t in p.tag for t in _NAME_TAGS) and p.score >= 0.05 for p in _parses(word)
    )


def inflect_phrase(phrase: str, case_from: str, case_to: str = "nomn") -> str:
    """Put the head group (and a trailing person's name) of ``phrase`` into ``case_to``.

    >>> inflect_phrase("руководителям структурных подразделений администрации", "datv")
    'руководители структурных подразделений администрации'
    """
    return _inflect_phrase(phrase, case_from, case_to)


@per_document  # an executor or issuer phrase recurs in an act
def _inflect_phrase(phrase: str, case_from: str, case_to: str) -> str:
    tokens = list(_TOKEN.finditer(phrase))
    if not tokens:
        return phrase
    replace: dict[int, str] = {}
    i = 0
    # an adverb before the first adjective stays: "материально ответственным лицам"
    while i + 1 < len(tokens) and _adverb_before_adjective(tokens, i, case_from):
        i += 1
    while i < len(tokens):
        j = _inflect_head_group(tokens, i, case_from, case_to, replace)
        if j is None:
            break
        j = _inflect_bracketed_synonym(tokens, j, case_from, case_to, replace)
        # coordinated head: ", и" followed by another head group in the same case
        k = j
        while k < len(tokens) and tokens[k].group() in _COORD:
            k += 1
        if k > j and k < len(tokens) and _parse_in_case(tokens[k].group(), case_from, _HEAD_POS | _AGREEING_POS):
            probe: dict[int, str] = {}
            if _inflect_head_group(tokens, k, case_from, case_to, probe) is not None:
                i = k
                continue
        break
    _inflect_trailing_name(tokens, case_from, case_to, replace)
    _inflect_bracketed_name(tokens, case_from, case_to, replace)
    out, last = [], 0
    for idx, t in enumerate(tokens):
        if idx in replace:
            out.append(phrase[last : t.start()])
            out.append(replace[idx])
            last = t.end()
    out.append(phrase[last:])
    return "".join(out)


def _adverb_before_adjective(tokens, i: int, case: str) -> bool:
    ps = _parses(tokens[i].group())
    return bool(ps) and ps[0].tag.POS == "ADVB" and _parse_in_case(tokens[i + 1].group(), case, _AGREEING_POS) is not None


def _inflect_head_group(tokens, i: int, case_from: str, case_to: str, replace: dict[int, str]) -> int | None:
    """Inflect adjectives + head noun starting at token i; return the index after the head."""
    start = i
    pending: list[tuple[int, object]] = []
    while i < len(tokens):
        word = tokens[i].group()
        if not word[0].isalpha() or _is_person_word(tokens, i) or is_abbreviation(word):
            break  # an abbreviation does not decline: "КДНиЗП администрации района"
        noun = _parse_in_case(word, case_from, _HEAD_POS)
        adj = _parse_in_case(word, case_from, _AGREEING_POS)
        if noun is not None and (adj is None or not _next_is_head(tokens, i + 1, case_from, adj)):
            pending.append((i, noun))
            i += 1
            break
        if adj is not None:
            pending.append((i, adj))
            i += 1
            if _coordinated_adjective(tokens, i, case_from, adj):
                i += 1  # "руководящим и педагогическим работникам": skip the conjunction
                continue
            if not _next_is_head(tokens, i, case_from, adj):
                break  # a substantivised adjective is the head: "служащим", "ответственным"
            continue
        break
    if not pending:
        return None
    if i == start:
        return None
    head = pending[-1][1]
    for idx, p in pending:
        if p is not head and p.tag.POS in _AGREEING_POS:
            p = _agreeing_parse(tokens[idx].group(), case_from, head) or p
        new = _inflect_compound(tokens[idx].group(), case_from, case_to) or inflect_word(p, case_to)
        if new:
            replace[idx] = _match_case(tokens[idx].group(), new)
    return i


def _inflect_bracketed_synonym(tokens, j: int, case_from: str, case_to: str, replace: dict[int, str]) -> int:
    """A synonym in brackets right after the head agrees with it: "начальникам
    (руководителям) организаций" → "начальники (руководители) организаций".  A name or an
    abbreviation in brackets ("(Иванова А.А.)", "(ОО)") is left as written."""
    if j >= len(tokens) or tokens[j].group() != "(":
        return j
    close = next((k for k in range(j + 1, min(j + 6, len(tokens))) if tokens[k].group() == ")"), None)
    if close is None or close == j + 1:
        return j
    inner = [t.group() for t in tokens[j + 1 : close]]
    if any(not w[0].isalpha() or (w[:1].isupper() and (len(w) == 1 or w.isupper() or is_name_word(w))) for w in inner):
        return j
    probe: dict[int, str] = {}
    if _inflect_head_group(tokens, j + 1, case_from, case_to, probe) != close:
        return j
    replace.update(probe)
    return close + 1


def _inflect_compound(word: str, case_from: str, case_to: str) -> str | None:
    """A hyphenated pair of nouns declines part by part: "учителям-предметникам" →
    "учителя-предметники" (pymorphy reads the pair as one unknown word: "учители-...")."""
    parts = word.split("-")
    if len(parts) != 2:
        return None
    found = [_parse_in_case(w.lower(), case_from, _HEAD_POS) for w in parts]
    if any(p is None for p in found) or found[0].tag.number != found[1].tag.number:
        return None
    forms = [inflect_word(p, case_to) for p in found]
    return "-".join(forms) if all(forms) else None


def _agreeing_parse(word: str, case: str, head):
    """The adjective's parse that agrees with the head noun in gender and number:
    "текущего" is masculine before "года", neuter before "периода"... only the head tells."""
    if head.tag.POS not in _HEAD_POS:
        return None
    for p in _parses(word):
        if p.tag.case == case and p.tag.POS in _AGREEING_POS and p.tag.number == head.tag.number and (
            head.tag.number == "plur" or p.tag.gender == head.tag.gender
        ):
            return p
    return None


def _coordinated_adjective(tokens, i: int, case: str, adj) -> bool:
    """Is token i a conjunction joining ``adj`` to another adjective of the same head?"""
    if i + 2 >= len(tokens) or tokens[i].group() not in _COORD:
        return False
    other = _parse_in_case(tokens[i + 1].group(), case, _AGREEING_POS)
    return (
        other is not None
        and other.tag.number == adj.tag.number
        and _next_is_head(tokens, i + 2, case, other)
    )


def _is_person_word(tokens, i: int) -> bool:
    """A capitalised name next to initials: "Поляковой Е.Б.", "Т.Б. Кодзаева"."""
    word = tokens[i].group()
    return word[:1].isupper() and word[1:2].islower() and _next_to_initials(tokens, i)


def _next_to_initials(tokens, i: int) -> bool:
    """"Поляковой Е.Б.", "Т.Б. Кодзаева", "Чеботарю Д.В." (a surname the name dictionary
    does not know: the initials say it is one)."""
    after = tokens[i + 1 : i + 3]
    before = tokens[max(i - 2, 0) : i]

    def is_initial(ts) -> bool:
        return len(ts) == 2 and len(ts[0].group()) == 1 and ts[0].group().isupper() and ts[1].group() == "."

    return is_initial(after) or is_initial(before)


def _next_is_head(tokens, i: int, case: str, adj) -> bool:
    """Does an adjective agree with the next word (so it is not itself the head)?"""
    if i >= len(tokens) or not tokens[i].group()[0].isalpha():
        return False
    # every reading of the adjective in the case: "главному" is masculine or neuter
    readings = [a for a in _parses(tokens[i - 1].group()) if a.tag.case == case and a.tag.POS in _AGREEING_POS] or [adj]
    for p in _parses(tokens[i].group()):
        if p.tag.case == case and p.tag.POS in _HEAD_POS | _AGREEING_POS and any(_agree(a, p) for a in readings):
            return True
    return False


def _agree(adjective, word) -> bool:
    """Number, and in the singular gender: "заведующему / учебной частью" do not agree."""
    if adjective.tag.number != word.tag.number:
        return False
    genders = {adjective.tag.gender, word.tag.gender}
    return adjective.tag.number == "plur" or None in genders or len(genders) == 1


_FALLBACK_CASES = ("gent", "accs", "datv", "ablt", "nomn")
_PATRONYMIC_PARTICLES = {"оглы", "кызы", "улы", "уулу"}


def _inflect_trailing_name(tokens, case_from: str, case_to: str, replace: dict[int, str]) -> None:
    """The person at the end: "... Поляковой Е.Б.", "... Е.Б. Поляковой", "... Бобкова Дмитрия"."""
    words = [(i, t.group()) for i, t in enumerate(tokens) if t.group()[0].isalpha() and t.group()[0].isupper()]
    if not words:
        return
    # take capitalised words at the very end (ignoring initials and punctuation, and a
    # father's name with "оглы"/"кызы", which never declines: "Мамедову Рустаму Гасан оглы")
    tail: list[int] = []
    skip_father = False
    for idx in range(len(tokens) - 1, -1, -1):
        w = tokens[idx].group()
        if w.lower() in _PATRONYMIC_PARTICLES and not tail:
            skip_father = True
            continue
        if skip_father:
            skip_father = False
            continue
        if w in ".," or (len(w) == 1 and w.isupper()):
            continue
        if w[0].isalpha() and w[0].isupper() and idx not in replace and (is_name_word(w) or _next_to_initials(tokens, idx)):
            tail.append(idx)
            if len(tail) == 3:
                break
            continue
        break
    order = (case_from,) + tuple(c for c in _FALLBACK_CASES if c != case_from)
    gender = name_gender([tokens[idx].group() for idx in tail])
    for idx in tail:
        new = inflect_name(tokens[idx].group(), order, case_to, gender)
        if new != tokens[idx].group():
            replace[idx] = new


def _inflect_bracketed_name(tokens, case_from: str, case_to: str, replace: dict[int, str]) -> None:
    """A person in brackets at the end agreeing with the position before it: "главе
    администрации (Ивановой А.А.)" → "(Иванова А.А.)".  A name already in the nominative
    ("отделу (Майоров С.И.)", "(Шевчук О.Н.)") is left as written."""
    if len(tokens) < 3 or tokens[-1].group() != ")":
        return
    open_at = next((k for k in range(len(tokens) - 2, -1, -1) if tokens[k].group() == "("), None)
    if open_at is None:
        return
    inside = [k for k in range(open_at + 1, len(tokens) - 1) if len(tokens[k].group()) > 1 and tokens[k].group()[1:].islower()]
    if not inside or not all(is_name_word(tokens[k].group()) for k in inside):
        return
    words = [tokens[k].group() for k in inside]
    if any(any(t in p.tag for t in _NAME_TAGS) and p.tag.case == case_to for w in words for p in _parses(w)):
        return
    gender = name_gender(words)
    for k in inside:
        new = inflect_name(tokens[k].group(), case_from, case_to, gender)
        if new != tokens[k].group():
            replace[k] = new


def to_nominative(phrase: str, case_from: str | None = None) -> str:
    """Nominative of an executor/issuer/position phrase; guesses the case when not given."""
    if case_from is None:
        case_from = guess_case(phrase)
        if case_from is None or case_from == "nomn":
            return phrase
    return inflect_phrase(phrase, case_from, "nomn")


def guess_case(phrase: str) -> str | None:
    """Case of the first inflectable word, preferring the oblique cases acts use for heads."""
    m = _TOKEN.search(phrase)
    if not m or not m.group()[0].isalpha():
        return None
    cases = [p.tag.case for p in _parses(m.group()) if p.tag.POS in _HEAD_POS | _AGREEING_POS]
    for case in ("nomn", "datv", "gent", "ablt", "accs", "loct"):
        if case in cases:
            return case
    return None


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# --- vocabularies ------------------------------------------------------------------------
_DATA = Path(__file__).parent / "data"


@cache
def vocabulary(name: str | Path) -> tuple[tuple[str, ...], ...]:
    """Rows of ``extractors/data/<name>.txt`` (or of the file at a ``Path``, for tables
    kept next to the code that reads them): TAB-separated fields, "#" comments skipped."""
    path = name if isinstance(name, Path) else _DATA / f"{name}.txt"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append(tuple(f.strip() for f in line.split("\t")))
    return tuple(rows)


@cache
def word_set(name: str) -> frozenset[str]:
    """The first field of every row of a vocabulary, as a set (built once)."""
    return frozenset(row[0] for row in vocabulary(name))


def parses(word: str):
    """All pymorphy3 parses of ``word`` (cached)."""
    return _parses(word)
