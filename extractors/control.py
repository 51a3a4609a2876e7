"""Контроль исполнения: who controls the execution of the act.

The control sentence starts "Контроль за исполнением (выполнением, ходом ...)"; the
controller follows a verb that fixes its case (rules below, tried in order).  The
controller is split into a position (or body) and a person's name, both put into the
nominative: "на начальника отдела ... Богомолова Д.И." → name "Богомолов Д.И.",
position "начальник отдела ...".  "оставляю за собой" names the signatory; when the
signatory is unknown the control is kept with name and position null (the text says who
— the signer — but not in words we could copy).
"""

from __future__ import annotations

import re

from extractors.model import Control, Requisites
from extractors.morph import inflect_name, inflect_phrase, word_set
from pipeline.document import Document, Span
from pipeline.resources import Resources

# what is controlled: "за исполнением", "над выполнением", "исполнения", "по исполнению", "за
# надлежащим исполнением", "за соблюдением требований", "за проведением мероприятий"
_OBJECT = (
    r"(?:(?:за|над|по)\s+)?(?:(?:надлежащ|своевременн|полн)\w+\s+)?"
    r"(?:исполнени|выполнени|ход|реализаци|соблюдени|проведени|организаци)\w*"
)
# a second duty paired with control, and the act itself as what is controlled: "Контроль и
# координацию настоящего распоряжения возложить на ...", "Контроль настоящего приказа ..."
_PAIRED_OBJECT = (
    rf"(?:\s+и\s+координаци\w*)?\s+(?:{_OBJECT}|(?=(?:настоящего|данного)\s+(?:приказа|постановления|распоряжения|решения)\b))"
)
# "Контроль за исполнением настоящего приказа", "Контроль над выполнением", "Контроль исполнения"
CONTROL_START = re.compile(rf"(?:^|(?<=[\s.]))Контрол\w*{_PAIRED_OBJECT}", re.IGNORECASE)
# the verb may come first: "Возложить контроль за исполнением приказа на ...", "Поручить контроль ..."
_VERB_BEFORE = re.compile(r"(?:^|(?<=[\s.]))(?:Возложить|Возлагаю|Поручить|Поручаю)\s+$", re.IGNORECASE)
# a clause that is the control sentence (obligations skip it)
CONTROL_CLAUSE = re.compile(
    rf"^\s*(?:(?:Возложить|Возлагаю|Поручить|Поручаю)\s+)?(?:Общий\s+)?Контрол\w*{_PAIRED_OBJECT}",
    re.IGNORECASE,
)
# what is controlled: "контроль за исполнением настоящего приказа", "... пунктов 2–4 приказа"
_CONTROLLED = (
    rf"контрол\w*\s+{_OBJECT}"
    # "требований", "мероприятий плана": a few words of what is controlled
    r"(?:\s+(?!на\s)[а-яё]+){0,2}?"
    r"(?:\s+(?:настоящего|данного|этого|указанного))?(?:\s+(?:пункт\w*|подпункт\w*)\s+[\d.,\s–—-]+(?:и\s+[\d.]+\s+)?)?"
    r"(?:\s+(?:приказа|постановления|распоряжения|решения|указа))?"
)

# (rule name, pattern with the controller in "who", its case)
CONTROLLER_RULES: list[tuple[str, re.Pattern, str | None]] = [
    # "... оставляю за собой", "... оставить за собой", "возложить на себя"
    ("self", re.compile(r"(?:за\s+собой|на\s+себя)", re.IGNORECASE), None),
    # "Возложить контроль за исполнением настоящего приказа на заместителя директора ..."
    ("assign_first", re.compile(rf"^(?:возложить|возлагаю)\s+{_CONTROLLED}\s+на\s+(?P<who>.+)", re.IGNORECASE | re.DOTALL), "accs"),
    # "Поручить контроль за исполнением приказа заместителю директора ..."
    ("entrust_first", re.compile(rf"^(?:поручить|поручаю)\s+{_CONTROLLED}\s+(?P<who>.+)", re.IGNORECASE | re.DOTALL), "datv"),
    # "... возложить на заместителя главы Иванова И.И.", "возлагаю на", "возложен на"
    ("assign", re.compile(r"(?:возложить|возлагаю|возлагается|возложен[оаы]?)\s+на\s+(?P<who>.+)", re.IGNORECASE | re.DOTALL), "accs"),
    # "... оставляю за заместителем начальника Магомедовым У.Ш."
    ("keep", re.compile(r"(?:оставляю|оставить|оставляем|остается|оставлен)\s+за\s+(?P<who>.+)", re.IGNORECASE | re.DOTALL), "ablt"),
    # "... поручить начальнику отдела ..."
    ("entrust", re.compile(r"(?:поручить|поручаю|поручается)\s+(?P<who>.+)", re.IGNORECASE | re.DOTALL), "datv"),
    # "... осуществляет заместитель главы ...", "осуществляют управление и отдел"
    ("performs", re.compile(r"осуществля(?:ет|ют)\s+(?P<who>.+)", re.IGNORECASE | re.DOTALL), "nomn"),
]

_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_INITIALS = r"(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ]?\.?"
# a person's name at the end of the controller: "Богомолова Д.И.", "Т.Б. Кодзаева",
# "Бобкова Дмитрия Александровича"
_FULL_NAME = rf"{_SURNAME}\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вич|вн|ич|чн)[а-яё]*"
_PERSON = rf"{_INITIALS}\s?{_SURNAME}|{_SURNAME}\s+{_INITIALS}|{_FULL_NAME}"
_NAME_AT_END = re.compile(rf"(?P<name>{_PERSON})\s*$")
# a person in brackets after a body: "на отдел общего образования (Петрова И.И.)"
# ... or with the person's role: "на постоянную комиссию ... (председатель Лапин Г.К.)"
_NAME_IN_BRACKETS = re.compile(rf"\(\s*(?:(?:председател|руководител|начальник|заведующ|директор)[а-яё]*\s+)?(?P<name>{_PERSON})\s*\)\s*$", re.IGNORECASE)
# a second controller after the first person: "на заместителя Губернатора Белоусова А.В. и
# министра образования Кодзаеву И.С." — the first named person is the controller
_FIRST_PERSON_OF_MANY = re.compile(rf"^(?P<first>.*?(?:{_PERSON}))\s*(?:,|\s+и)\s+\S.*$")
# "... Иванову Марию Петровну, заместителя директора"
_NAME_AT_START = re.compile(rf"^(?P<name>{_PERSON})\s*,\s*")


def extract_control(doc: Document, res: Resources, requisites: Requisites) -> Control | None:
    for i, block in enumerate(doc.blocks):
        if block.kind == "page_break":
            continue  # a paragraph, or a table cell (a clause laid out in a table's row)
        m = CONTROL_START.search(doc.slice(block.span))
        if m is None:
            continue
        run = _run(doc, i)
        text = doc.slice(run)
        start = block.span.start - run.start + m.start()
        verb = _VERB_BEFORE.search(text[:start])
        start = verb.start() if verb else start
        raw = _sentence(text, start)
        span = Span(run.start + start, run.start + start + len(raw))
        sentence = re.sub(r"\s*\n\s*", " ", raw)
        control = read_control(sentence, requisites)
        if control is not None and control.name is None and _cut_off(doc, span) and not _names_position(control.position):
            # "... возложить на замести": the text ends before the holder is named (but "...
            # на заместителя главы Администрации города с районо" names a position)
            return None
        if control is not None:
            return Control(control.name, control.position, sentence, span, control.rule)
    return None


def read_control(sentence: str, requisites: Requisites | None = None) -> Control | None:
    """The controller of one control sentence (span left empty: the caller places it)."""
    for rule, pattern, case in CONTROLLER_RULES:
        m = pattern.search(sentence)
        if m is None:
            continue
        if case is None:
            signatory = requisites.signatory if requisites else None
            return Control(
                signatory.name if signatory else None,
                signatory.position if signatory else _head_of_issuer(requisites),
                sentence,
                Span(0, 0),
                rule,
            )
        position, name = split_person(m.group("who").strip(" .;"), case)
        return Control(name, position, sentence, Span(0, 0), rule)
    return None


# the head who speaks for an administration: "Администрация Успенского сельсовета" → "глава
# администрации Успенского сельсовета" (an administration's act is its head's; "оставляю за
# собой" is said by the head even where the published text drops the signature)
_ADMINISTRATION = re.compile(r"^Администраци[яи]\s+(?P<of>\S.*)$")


def _head_of_issuer(requisites: Requisites | None) -> str | None:
    issuer = requisites.issuer.value if requisites and requisites.issuer else None
    m = _ADMINISTRATION.match(str(issuer).strip()) if issuer else None
    return f"глава администрации {m.group('of')}" if m else None


def _names_position(position: str | None) -> bool:
    first = position.split()[0].lower() if position else ""
    return first in word_set("position_words") or first.startswith(("и.о", "врио"))


def _cut_off(doc: Document, span: Span) -> bool:
    """Does the document end inside the sentence ``span`` (no full stop, nothing after it)?"""
    return not doc.text[span.stop :].strip() and not re.search(r"[.;!)]\s*$", doc.slice(span))


def split_person(who: str, case: str) -> tuple[str | None, str | None]:
    """(position in the nominative, name in the nominative) of a controller phrase."""
    who = re.sub(r"\s+", " ", who).strip(" ,.;")
    many = _FIRST_PERSON_OF_MANY.match(who)
    if many is not None and not _NAME_AT_START.match(who):
        who = many.group("first")
    name = None
    bracketed = _NAME_IN_BRACKETS.search(who)
    m = bracketed or _NAME_AT_END.search(who) or _NAME_AT_START.search(who)
    if m is not None:
        if bracketed and case != "nomn":
            # "заместителю главы (Ивановой А.А.)" agrees with the position; "(Майоров С.И.)" is nominative already
            name = inflect_phrase(f"({m.group('name')})", case, "nomn")[1:-1]
        else:
            name = _name_nominative(m.group("name"), "nomn" if bracketed else case)
        who = (who[: m.start()] + who[m.end() :]).strip(" ,")
    position = None
    if who:
        position = inflect_phrase(who, case, "nomn") if case != "nomn" else who
        if _names_position(position):
            position = position[:1].lower() + position[1:]
    return position, name


def _name_nominative(name: str, case: str) -> str:
    order = (case, "gent", "accs", "datv", "ablt", "nomn")
    words = re.findall(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]\.|[А-ЯЁ](?![а-яё])|\s+", name)
    out = "".join(inflect_name(w, order, "nomn") if len(w) > 2 and w[1:2].islower() else w for w in words)
    out = re.sub(r"\s+", " ", out).strip()
    if re.search(r"(?:^|[\s.])[А-ЯЁ]$", out):
        out += "."  # "Магомедова У.Ш" → "Магомедов У.Ш."
    return out


def _run(doc: Document, i: int) -> Span:
    """The paragraph ``doc.blocks[i]`` and the lines its sentence wraps onto (PDF, plain
    text): following paragraphs until one ends a sentence or starts a clause / signature."""
    from extractors.clauses import starts_clause

    span = doc.blocks[i].span
    if doc.blocks[i].kind == "cell":
        return span
    for block in doc.blocks[i + 1 :]:
        if re.search(r"[.!?;]\s*$", doc.slice(span)) or block.kind != "paragraph":
            break
        text = doc.slice(block.span).strip()
        if not text or starts_clause(text):
            break
        span = Span(span.start, block.span.stop)
    return span


def _sentence(text: str, start: int) -> str:
    from extractors.obligations import sentences

    first = sentences(text[start:])[0]
    return text[start : start + first[1]].rstrip()
