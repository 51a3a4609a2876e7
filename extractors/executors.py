"""Executors of obligations: an executor phrase split into separate executors, each in the
nominative with a capital first letter.

``split_executors(phrase, case=None)``: "органам местного самоуправления сельских
поселений района, руководителям структурных подразделений администрации и
подведомственным организациям района" → three executors.  ``case`` is the governing case
of the phrase ("datv" for clause executors, "nomn" for table cells, "accs" after
"Обязать"); None = guess from the first word.

A phrase is split at ";" always, and at "," / "и" / "а также" only where the next part
starts a new head in the governing case — so a genitive enumeration inside one executor
("руководителям учреждений, организаций, подведомственных ...") stays one executor, and
so do coordinated heads sharing a tail ("руководителям и заместителям руководителя ОО").
"совместно с <instrumental>" names co-executors.  A person's name next to a position is
joined to it ("Алырчиковой Е.В, учителю информатики" → "Учитель информатики Алырчикова
Е.В"); "(далее – ...)" definitions are dropped, other brackets kept ("Отдел ... (Майоров
С.И.)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.morph import (
    capitalize_first,
    guess_case,
    inflect_phrase,
    parses,
    substantive,
    word_set,
)
from pipeline.resources import per_document

# "(далее – ОО)", "(далее - образовательные организации)", "(далее по тексту – ...)"
DEFINITION = re.compile(r"\s*\(\s*далее[^()]*(?:\([^()]*\)[^()]*)*\)", re.IGNORECASE)
# places where a phrase may be split; the part after must start in the governing case
_SEPARATOR = re.compile(r"\s*(?:;|,\s*(?:а\s+также\s+|и\s+)?|\s+а\s+также\s+|\s+и\s+)\s*")
# co-executors: "районным органам совместно с комитетами по земельной реформе"
_TOGETHER = re.compile(r"\s*,?\s+(?:совместно|вместе)\s+с(?:о)?\s+", re.IGNORECASE)
# prepositions governing the dative: a dative word after "по X и" continues X's phrase
# ("комитету по земельной реформе и земельным ресурсам")
_DATIVE_PREPOSITIONS = {"по", "к", "ко", "согласно", "подведомственным", "подведомственных", "подведомственного"}
_PRONOUN_OWNER = {"его", "её", "ее", "их"}
_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z]+(?:-[А-ЯЁа-яё]+)*")
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
# a person's name alone: "Ивановой А.А.", "А.А. Ивановой", "Ивановой Анне Александровне",
# "Мамедову Рустаму Гасан оглы"
_INITIALS_NAME = re.compile(
    rf"^(?:{_SURNAME}\s*(?:[А-ЯЁ]\.\s?){{1,2}}[А-ЯЁ]?|(?:[А-ЯЁ]\.\s?){{1,2}}\s*{_SURNAME}"
    rf"|{_SURNAME}\s+[А-ЯЁ][а-яё]+\s+(?:[А-ЯЁ][а-яё]+(?:вич|вн|ич|чн)[а-яё]*|[А-ЯЁ][а-яё]+\s+(?:оглы|кызы)))$"
)
_HEAD_POS = {"NOUN", "ADJF", "PRTF", "NPRO"}
# an organisation by its form's abbreviation and its name in quotes: "ГБУ «Центр»", "МКУ «ИМЦ»"
_NAMED_ORGANISATION = re.compile(r"[А-ЯЁ]{2,6}\s*«")
# a head and the organisations it is of: "Директорам МБОУ «СОШ № 1», МБОУ «СОШ № 2»"
_HEAD_OF_ORGANISATIONS = re.compile(
    r"\s*(?P<head>[А-ЯЁа-яё][а-яё]+)(?:\s+[а-яё]+)*"
    r"(?:\s*(?:,|\bи\b)?\s*[А-ЯЁ]{2,6}(?:\s+[А-ЯЁ]{2,4})?\s*«[^«»]*(?:«[^«»]*»[^«»]*)*»)+\s*$"
)


@dataclass(frozen=True)
class ExecutorPart:
    """One executor: its words as written (offsets relative to the phrase) and its name."""

    start: int
    stop: int
    name: str


def split_executors(phrase: str, case: str | None = None) -> list[str]:
    return [p.name for p in executor_parts(phrase, case)]


def executor_parts(phrase: str, case: str | None = None) -> list[ExecutorPart]:
    """The separate executors of ``phrase`` with their offsets in it."""
    return list(_executor_parts(phrase, case))


@per_document  # one executor phrase recurs in many clauses of an act
def _executor_parts(phrase: str, case: str | None) -> tuple[ExecutorPart, ...]:
    cleaned = _blank_definitions(phrase)
    if case is None:
        case = guess_case(cleaned.strip(" ,.;:")) or "nomn"
    pieces = _split_together(cleaned, case)
    parts: list[tuple[int, int, str]] = []  # (start, stop, case)
    for start, stop, piece_case in pieces:
        for s, e in _split_heads(cleaned, start, stop, piece_case):
            parts.append((s, e, piece_case))
    parts = _join_names_to_positions(cleaned, parts)
    out: list[ExecutorPart] = []
    previous: str | None = None
    for s, e, c in parts:
        words = _trim(cleaned[s:e])
        if not words or not re.search(r"[А-ЯЁа-яё]", words):
            continue
        name = _nominative(words, c, previous)
        out.append(ExecutorPart(s, e, capitalize_first(name)))
        previous = out[-1].name
    return tuple(out)


def _trim(words: str) -> str:
    """Collapse spaces and strip punctuation around, keeping the dot of trailing initials."""
    words = re.sub(r"\s+", " ", words).strip(" ,;:–—-")
    while words.endswith(".") and not re.search(r"(?:^|[\s.])[А-ЯЁ]\.$", words):
        words = words[:-1].rstrip(" ,;:")
    return words


def _blank_definitions(phrase: str) -> str:
    """The phrase with "(далее – ...)" replaced by spaces (offsets stay valid)."""
    return DEFINITION.sub(lambda m: " " * len(m.group()), phrase)


def _split_together(text: str, case: str) -> list[tuple[int, int, str]]:
    m = _TOGETHER.search(text)
    if not m:
        return [(0, len(text), case)]
    return [(0, m.start(), case), (m.end(), len(text), "ablt")]


def _split_heads(text: str, start: int, stop: int, case: str) -> list[tuple[int, int]]:
    """Split [start, stop) where the next part starts a new head in ``case``."""
    cuts = [start]
    depth_text = text[start:stop]
    for m in _SEPARATOR.finditer(depth_text):
        a, b = start + m.start(), start + m.end()
        if _inside_brackets(text, start, a):
            continue
        if ";" in m.group() or _starts_new_head(text, cuts[-1], a, b, stop, case):
            cuts.extend([a, b])
    cuts.append(stop)
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]


def _inside_brackets(text: str, start: int, pos: int) -> bool:
    chunk = text[start:pos]
    return chunk.count("(") > chunk.count(")") or chunk.count("«") > chunk.count("»")


def _starts_new_head(text: str, left_start: int, sep_start: int, right_start: int, stop: int, case: str) -> bool:
    left = _WORD.findall(text[left_start:sep_start])
    right = _WORD.findall(text[right_start:stop])
    if not left or not right:
        return False
    first = right[0]
    if first.lower() in _PRONOUN_OWNER and len(right) > 1:
        return has_case(right[1], case)  # "и его органам на местах"
    if _is_person(text[right_start:stop]):
        return True  # "..., Иванову И.И." is split, then joined back to its position
    if _NAMED_ORGANISATION.match(text, right_start):
        # "Отдел общего образования, ГБУ «Центр оценки качества»" are two; "Директорам МБОУ
        # «СОШ № 1», МБОУ «СОШ № 2»" one head of several organisations
        heads = _HEAD_OF_ORGANISATIONS.match(text, left_start, sep_start)
        return heads is None or not has_case(heads.group("head"), case)
    if not has_case(first, case):
        return False
    # a participle or adjective not followed by its noun modifies the left part:
    # "работникам, ответственным за техническое обеспечение"
    # ... but after "и" a substantivised one is a head of its own: "руководителям ОО и
    # ответственным за организацию питания"
    joined = re.search(r"\bи\b|также", text[sep_start:right_start]) is not None
    if (
        _only_adjective(first, case)
        and not (len(right) > 1 and has_case(right[1], case))
        and not _is_position(first)
        and not (joined and _names_a_person(first, case))
    ):
        return False
    # a bare head on the left shares the right part's tail: "руководителям и заместителям
    # руководителя ОО"; an adjective on the left shares the noun: "руководящим и педагогическим"
    if len(left) == 1 or all(_only_adjective(w, case) for w in left):
        return False
    # "по земельной реформе и земельным ресурсам": the dative continues a prepositional object
    if _continues_prepositional_object(left, case):
        return False
    # "главам администраций краев, областей, автономной области": a genitive enumeration
    # goes on when the left part ends in the genitive and the right part can be genitive
    return not (case != "gent" and not has_case(left[-1], case) and has_case(first, "gent"))


def _names_a_person(word: str, case: str) -> bool:
    """"ответственным", "заведующим": an adjective or participle that names people on its own."""
    heads = word_set("executor_heads")
    return any(p.tag.case == case and p.tag.POS in {"ADJF", "PRTF"} and substantive(p) in heads for p in parses(word))


def _continues_prepositional_object(left: list[str], case: str) -> bool:
    for word in reversed(left):
        if word.lower() in _DATIVE_PREPOSITIONS:
            return True
        if not has_case(word, case):
            return False
    return False


def _is_position(word: str) -> bool:
    """A substantivised participle naming a position: "заведующим", "управляющему"."""
    positions = word_set("position_words")
    return any(
        p.normal_form in positions or (p.tag.POS in {"PRTF", "ADJF"} and substantive(p) in positions) for p in parses(word)
    )


def _readings(word: str):
    """Parses of a word; a lower-case word is not read as a name ("правовой" ≠ Правовой)."""
    ps = parses(word)
    if word[:1].islower():
        ps = tuple(p for p in ps if not any(t in p.tag for t in ("Surn", "Name", "Patr")))
    return ps


def has_case(word: str, case: str) -> bool:
    """Can ``word`` head or agree with a noun phrase in ``case``?"""
    return any(p.tag.case == case and p.tag.POS in _HEAD_POS for p in _readings(word))


def _only_adjective(word: str, case: str) -> bool:
    found = [p.tag.POS for p in _readings(word) if p.tag.case == case and p.tag.POS in _HEAD_POS]
    return bool(found) and all(pos in {"ADJF", "PRTF"} for pos in found)


def _is_person(words: str) -> bool:
    return bool(_INITIALS_NAME.match(words.strip(" ,.;:")))


def _join_names_to_positions(text: str, parts: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"Алырчиковой Е.В, учителю информатики" → one executor (position first when named)."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(parts):
        s, e, c = parts[i]
        if i + 1 < len(parts) and _is_person(text[s:e]) and not _is_person(text[parts[i + 1][0] : parts[i + 1][1]]):
            out.append((s, parts[i + 1][1], c))  # offsets cover both; the name is rebuilt in _nominative
            i += 2
            continue
        if out and _is_person(text[s:e]) and not _is_person(text[out[-1][0] : out[-1][1]]) and text[out[-1][1] : s].strip() == ",":
            ps, _, pc = out[-1]
            out[-1] = (ps, e, pc)  # "учителю информатики, Алырчиковой Е.В."
            i += 1
            continue
        out.append((s, e, c))
        i += 1
    return out


def _nominative(words: str, case: str, previous: str | None) -> str:
    # a name before its position: "Алырчиковой Е.В, учителю информатики"
    m = re.match(r"^(?P<name>[^,]+?)\s*(?:,|\s[–—-])\s*(?P<rest>.+)$", words)  # also "Ивановой А.А. – учителю"
    if m and _is_person(m.group("name")) and not _is_person(m.group("rest")):
        words = f"{m.group('rest').strip(' ,')} {m.group('name').strip()}"
    words = re.sub(r"\s*,\s*(?=(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+$|[А-ЯЁ][а-яё]+\s+(?:[А-ЯЁ]\.\s?){1,2}$)", " ", words)
    tokens = words.split()
    # "его органам на местах" after "Комитету ..." → "органы Комитета ... на местах"
    if tokens and tokens[0].lower() in _PRONOUN_OWNER and previous and len(tokens) > 1:
        head = inflect_phrase(tokens[1], case, "nomn")
        owner = inflect_phrase(previous[:1].lower() + previous[1:], "nomn", "gent")
        rest = " ".join(tokens[2:])
        return " ".join(x for x in (head, capitalize_first(owner), rest) if x)
    if case == "nomn":
        return words
    return inflect_phrase(words, case, "nomn")
