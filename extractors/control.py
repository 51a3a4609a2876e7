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

# "Контроль за исполнением настоящего приказа", "Контроль над выполнением", "Контроль исполнения"
CONTROL_START = re.compile(r"(?:^|(?<=[\s.]))Контрол\w*\s+(?:(?:за|над)\s+)?(?:исполнени|выполнени|ход\w*|реализаци)\w*", re.IGNORECASE)

# (rule name, pattern with the controller in "who", its case)
CONTROLLER_RULES: list[tuple[str, re.Pattern, str | None]] = [
    # "... оставляю за собой", "... оставить за собой", "возложить на себя"
    ("self", re.compile(r"(?:за\s+собой|на\s+себя)", re.IGNORECASE), None),
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
# "... Иванову Марию Петровну, заместителя директора"
_NAME_AT_START = re.compile(rf"^(?P<name>{_PERSON})\s*,\s*")


def extract_control(doc: Document, res: Resources, requisites: Requisites) -> Control | None:
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        text = doc.slice(block.span)
        m = CONTROL_START.search(text)
        if m is None:
            continue
        sentence = _sentence(text, m.start())
        span = Span(block.span.start + m.start(), block.span.start + m.start() + len(sentence))
        control = read_control(sentence, requisites)
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
                signatory.position if signatory else None,
                sentence,
                Span(0, 0),
                rule,
            )
        position, name = split_person(m.group("who").strip(" .;"), case)
        return Control(name, position, sentence, Span(0, 0), rule)
    return None


def split_person(who: str, case: str) -> tuple[str | None, str | None]:
    """(position in the nominative, name in the nominative) of a controller phrase."""
    who = re.sub(r"\s+", " ", who).strip(" ,.;")
    name = None
    m = _NAME_AT_END.search(who) or _NAME_AT_START.search(who)
    if m is not None:
        name = _name_nominative(m.group("name"), case)
        who = (who[: m.start()] + who[m.end() :]).strip(" ,")
    position = None
    if who:
        position = inflect_phrase(who, case, "nomn") if case != "nomn" else who
        first = position.split()[0]
        if first.lower() in word_set("position_words") or first.lower().startswith(("и.о", "врио")):
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


def _sentence(text: str, start: int) -> str:
    from extractors.obligations import sentences

    first = sentences(text[start:])[0]
    return text[start : start + first[1]].rstrip()
