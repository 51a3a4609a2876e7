"""Requisites of the document (ГОСТ Р 7.0.97-2025): type, number, date, place, issuer,
title, addressee, signatory, contact (отметка об исполнителе), access restriction and the
languages of the header blank.

The document is read as *units*: its lines, with the cells of a table row split apart
(side-by-side columns of a blank are separate units).  The layout is found first — the
title ("О ...", "Об утверждении ..."), the header blank before it, the body, the
signature block before the appendices — and each requisite is then read by an ordered
list of small rules that may abstain; the first that answers wins and names itself in
``Field.rule``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.dates import find_dates
from extractors.languages import header_languages, is_russian_word, line_languages
from extractors.model import Contact, Field, Person, Requisites
from extractors.morph import inflect_phrase, to_nominative
from pipeline.document import Document, Span
from pipeline.resources import Resources

DATA_DIR = Path(__file__).parent / "data"


def _word_list(name: str) -> tuple[str, ...]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return tuple(x.strip() for x in lines if x.strip() and not x.startswith("#"))


@lru_cache(maxsize=1)
def act_types() -> tuple[str, ...]:
    """Document types, longest first so "федеральный закон" wins over "закон"."""
    return tuple(sorted(_word_list("act_types.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _position_words() -> tuple[str, ...]:
    return _word_list("signatory_positions.txt")


@lru_cache(maxsize=1)
def _lowercase_adjectives() -> frozenset[str]:
    return frozenset(_word_list("lowercase_adjectives.txt"))


# ---- rules as data -------------------------------------------------------------------

# A letter-spaced word left with several spaces: "П  Р  И  К  А  З" (the normaliser
# collapses single-spaced ones).
_SPACED_LETTERS = re.compile(r"^(?:[А-ЯЁ]\s+){2,}[А-ЯЁ]\b")
# The document's registration number after "№"/"N": "№ 01-08/276-осн.", "N 323", "№2",
# "№ 06-15872/10-18/23", "№ 34-РП"; "N" only before a digit.
# The blank's underscores around a filled-in number: "№ ___312-п___".  A type letter set
# apart from the digits is part of the number: "№ 12 р", "№ 45 од" (распоряжение, основная
# деятельность).
_NUMBER = re.compile(
    r"(?:№|(?<![\w])N[oº°]?\.?(?=[\s_]*\d))[\s_]*"
    r"(?P<number>[0-9A-Za-zА-ЯЁа-яё](?:[0-9A-Za-zА-ЯЁа-яё./\\-]*[0-9A-Za-zА-ЯЁа-яё.])?"
    r"(?:(?<=\d)\s(?:р|п|рп|рг|пр|од|лс|ос)(?![\w.-]))?)"
)
# "№" that is part of a name, not a registration number: "«Школа № 12»", "СОШ № 3".
_NAMED_NUMBER = re.compile(r"«[^»]*$|(?:школа|лицей|гимназия|сад|СОШ|ООШ|ДОУ|ДЮСШ|интернат|колледж)\s*$", re.IGNORECASE)
# A reply reference of a letter, not its own number: "На № 5 от 01.03.2024".
_REPLY_TO = re.compile(r"^(?:На|на)\s+(?:№|N|исх)")
# The title (заголовок к тексту): "О внедрении ...", "Об утверждении ...", "ПРО ..." (uk).
# "По вопросу предоставления ...", "К вопросу о ...": titles of an application's answer.
_TITLE = re.compile(r"^[«\"]?(?:О|Об|Обо|Про|O|По\s+вопрос(?:у|ам)|К\s+вопросу)\s+\S", re.IGNORECASE)
# A title joined to the type/number line it was wrapped under: "Приказ №19 о проведении ..."
_EMBEDDED_TITLE = re.compile(
    r"^(?P<head>\S.*?(?:№\s*\S+|\d{4}\s*(?:г\.|года)?))\s+(?P<title>[«\"]?(?:О|Об|Обо|о|об|обо)\s+[А-ЯЁа-яё].*)$"
)
# A line that opens with the document's date or number: "от 05.06.2025 № 31", "12.03.2024",
# "«05» июня", "№ 45".
_DATE_OR_NUMBER_START = re.compile(r"^(?:от\s+)?(?:«?\s?\d|№|N\s?\d)", re.IGNORECASE)
# The first paragraph of the text proper.
_BODY_START = re.compile(
    r"^(?:В\s+соответствии|В\s+целях|Во\s+исполнение|На\s+основании|Руководствуясь|В\s+связи"
    r"|Рассмотрев|Заслушав|С\s+целью|Согласно|В\s+рамках|Уважаем\w*|Прошу|Просим|Направляем"
    r"|Информируем|Сообщаем|ПРИКАЗЫВАЮ|ПОСТАНОВЛЯЮ|ПОСТАНОВЛЯЕТ|РЕШИЛ|ОБЯЗЫВАЮ|\d+\.\s)",
    re.IGNORECASE,
)
# An e-signature stamp: "Документ подписан электронной подписью", "Сертификат: 01A3...",
# "Владелец: Иванов И.И.", "Действителен с 18.12.2020 по 18.12.2021".
_STAMP = re.compile(
    r"документ\s+подписан|подписан[оа]?\s+(?:электронной|ЭП)|сертификат\s*[:№]|сертификат\s+[0-9A-F]{8,}|владелец\s*:"
    r"|владелец\s+(?:сертификата|[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+)"
    r"|действителен\s+с\s|издатель\s*:|сведения\s+о\s+сертификате",
    re.IGNORECASE,
)
# Contacts and postal address of the blank: "368006, г. Хасавюрт, ул. Мусаева, 33",
# "тел/факс: (87231)5-19-22", "E-mail: ...", "ИНН 0534...", "ОКПО".
_ADDRESS = re.compile(
    r"^\d{6}\b|\b(?:ул|пр-т|пр|пер|просп|д|корп|каб|пл)\.\s*[А-ЯЁ0-9]|\bулица\b|\bтел\b|телефон|факс"
    r"|e-?mail|эл\.\s*почта|https?://|www\.|@|\b(?:ИНН|КПП|ОГРН|ОКПО|БИК)\b",
    re.IGNORECASE,
)
# The place of issue with its kind: "г. Краснодар", "г.Аксай", "с. Октябрьское",
# "С.КРАСНОПОЛЬЕ", "пгт Шушенское", "ст-ца Ленинградская".
_PLACE_KIND = (
    r"(?P<kind>(?:г|гор|с|пос|п|пгт|рп|р\.п|д|дер|х|ст)\."
    r"|(?:город|село|пгт|рп|станица|ст-ца|аул|деревня|поселок|посёлок|хутор)(?=\s))"
)
_PLACE_NAME = r"(?P<name>[А-ЯЁ][А-ЯЁа-яё]+(?:[- ][А-ЯЁ][А-ЯЁа-яё]+)?)"
_PLACE_PREFIXED = re.compile(rf"(?<![\w.]){_PLACE_KIND}\s*{_PLACE_NAME}(?![\w])", re.IGNORECASE)
# A bare place name: "Херсон", "Москва, Кремль", "Барнаул".
_PLACE_BARE = re.compile(r"^(?P<name>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:,\s*[А-ЯЁ][а-яё]+)?)$")
# The start of the appendices and of the familiarisation list: the signature is before.
_APPENDIX = re.compile(
    r"^(?:Приложение|ПРИЛОЖЕНИЕ)(?:\s*(?:№\s*)?\d+)?(?:\s+к\s|\s*$)|^(?:УТВЕРЖДЕН[АОЫ]?|Утвержден[аоы]?\s+(?:приказом|распоряжением|постановлением|решением))\b"
    r"|^С\s+(?:приказом|распоряжением|постановлением)\s+ознакомлен"
    r"|^(?:Согласовано|СОГЛАСОВАНО|Лист\s+согласования|ЛИСТ\s+СОГЛАСОВАНИЯ|Визы|Разослано|Рассылка)\b",
)
# A person's name: "А.А. Григорьев", "В.Н.Шохина", "К. КАБАРДИЕВ", "Шатулова С.Н.",
# "Ануфриева Юлия Валерьевна".
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})?"
_NAME = re.compile(
    rf"(?P<name>(?:[А-ЯЁ]\.\s?){{1,2}}\s?(?:{_SURNAME})"
    rf"|(?:{_SURNAME})\s+[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.?)?"
    r"|[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вич|вна|ична|кызы|оглы|улы))\s*$"
)
# Signature-line clutter: "____", "/подпись/", "(подпись)", "М.П.".
_SIGNATURE_CLUTTER = re.compile(r"_{2,}|/\s*подпись\s*/|\(подпись\)|\bподпись\b|\bМ\.\s?П\.(?!\s?[А-ЯЁ][а-яё])|/")
# A class rank or special rank written under the position, not part of it: "старший
# советник юстиции", "юрист 1 класса", "полковник внутренней службы", "действительный
# государственный советник Новосибирской области 2 класса".
_RANK = re.compile(
    r"(?:(?:старший|младший)\s+)?советник\s+юстиции|юрист\s+[1-3]\s+класса"
    r"|(?:действительный\s+)?(?:государственный\s+советник|советник\s+государственной\s+гражданской\s+службы)\b.*?класса"
    r"|(?:генерал-(?:майор|лейтенант|полковник)|полковник|подполковник|майор|капитан|(?:старший\s+|младший\s+)?лейтенант)"
    r"\s+(?:полиции|юстиции|внутренней\s+службы|медицинской\s+службы)",
    re.IGNORECASE,
)
# The отметка об исполнителе: "Исполнитель: С.Конакбиева", "Исп. Иванова А.А., тел. ..."
_EXECUTOR_MARK = re.compile(r"^(?:Исполнитель|Исп\.?)\s*[:.]?\s*(?P<name>[^,;:\d]+?)\s*(?:[,;]|$|(?=тел|\d|\())", re.IGNORECASE)
# A phone number: "8(928) 547-61-61", "8 (3452) 12-34-56", "+7 912 345 67 89", "3382812".
_PHONE = re.compile(r"(?<![\d.])(?P<phone>(?:\+7|8)?\s?(?:\(\d{3,5}\)\s?)?\d{1,3}(?:[-\s]?\d{2}){2,3}|\d{5,7})(?![\d.])")
_PHONE_LABEL = re.compile(r"(?:тел(?:ефон)?\.?|номер\s+телефона|т\.)\s*:?\s*", re.IGNORECASE)
_ACCESS = re.compile(
    r"(?<![\w/])(?:ДСП|Для\s+служебного\s+пользования|Конфиденциально|Коммерческая\s+тайна)(?![\w])",
    re.IGNORECASE,
)
# A letter's marks: "исх. № 12", "На № 5 от 01.02.2020", "Уважаемый Иван Иванович!"
_LETTER_MARK = re.compile(r"(?<![\w])(?:исх\.?|вх\.?)\s*№|^На\s+№|^Уважаем\w+\s", re.IGNORECASE)
# Documents sent to an addressee (the others are acts addressed to no one): "письмо",
# "представление" of a prosecutor, "предписание", "служебная записка".
_ADDRESSED_TYPES = ("письмо", "представление", "предписание", "уведомление", "запрос", "требование", "протест", "записка", "телеграмма")
# An addressee in the dative: "Руководителям ОО", "Главам муниципальных образований".
_ADDRESSEE_MAX_WORDS = 20
# "X сообщает": the issuer of a letter without a blank.
_LETTER_VERB = re.compile(r"\s(?:сообщает|информирует|направляет|доводит|просит|уведомляет)\b")
# Heads of a structural unit that belongs to the organisation named above it.
_SUBDIVISION_HEADS = ("отдел", "управление", "сектор", "служба", "департамент", "комитет")
# Territories whose name heads a blank as a parent line and is not part of the issuer.
_TERRITORY_WORDS = ("республика", "федерация", "область", "край", "округ")
# A group of blank lines that is not a complete name yet: "Общество с ограниченной ответственностью".
_INCOMPLETE = re.compile(r"(?:ответственностью|общество|учреждение|предприятие|организация|[-–,]|\s(?:и|по|в|на))$", re.IGNORECASE)


# ---- units ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A line of the document, or one cell of a table row."""

    index: int
    text: str
    span: Span

    def sub(self, start: int, stop: int) -> Span:
        return Span(self.span.start + start, self.span.start + stop)


def units_of(doc: Document) -> list[Unit]:
    """Lines of the document: the normalised text split at newlines and tabs, and also
    where the reader's raw text broke a line that normalisation joined into one paragraph
    (a blank's "КУЛЬТУРЫ" / "ул. Пролетарская, 1" lines, a cell's paragraphs)."""
    breaks = _joined_line_breaks(doc)
    out: list[Unit] = []
    for m in re.finditer(r"[^\n\t]+", doc.text):
        cuts = [m.start()] + [b + 1 for b in breaks if m.start() < b < m.end()] + [m.end()]
        for a, b in zip(cuts, cuts[1:]):
            raw = doc.text[a:b]
            text = raw.strip()
            if not text:
                continue
            start = a + raw.index(text)
            out.append(Unit(len(out), text, Span(start, start + len(text))))
    return out


def _joined_line_breaks(doc: Document) -> list[int]:
    """Positions of the spaces that stand for a line break of the raw text."""
    out: list[int] = []
    for block in doc.blocks:
        if "\n" not in block.raw:
            continue
        text = doc.text[block.span.start : block.span.stop]
        for i, c in enumerate(text):
            if c == " " and "\n" in block.raw[block.raw_offset(i) : block.raw_offset(i + 1)]:
                out.append(block.span.start + i)
    return out


def _words(text: str) -> list[str]:
    return re.findall(r"[А-ЯЁа-яёA-Za-z]+", text)


def _collapse_spaced(text: str) -> str:
    m = _SPACED_LETTERS.match(text)
    return re.sub(r"\s+", "", m.group()) + text[m.end() :] if m else text


# ---- layout --------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    units: list[Unit]
    header: list[Unit]  # the blank: units before the title (stamps removed)
    title: list[Unit]  # the title's units (wrapped title lines)
    body_start: int  # index of the first unit after the title
    end: int  # index of the first unit of the appendices / familiarisation list


def _is_body(unit: Unit) -> bool:
    return bool(_BODY_START.match(unit.text)) or len(_words(unit.text)) >= 25


def find_layout(units: list[Unit], morph) -> Layout:
    title: list[Unit] = []
    header_end = None
    for u in units[:40]:
        if _STAMP.search(u.text):
            continue
        if _TITLE.match(u.text) and len(_words(u.text)) >= 2:
            title = [u]
            header_end = u.index
            break
        embedded = _EMBEDDED_TITLE.match(u.text)
        if embedded and (_TYPE_LINE.match(embedded.group("head")) or find_dates(embedded.group("head"))):  # "Приказ №19 о проведении ...": the reader joined the wrapped lines
            head = u.text[: embedded.end("head")]
            title = [Unit(u.index, u.text[embedded.start("title") :], u.sub(embedded.start("title"), len(u.text)))]
            units = units[: u.index] + [Unit(u.index, head, u.sub(0, len(head)))] + units[u.index + 1 :]
            header_end = u.index + 1
            break
        if _is_body(u):
            break
    if title:
        dated = any(find_dates(u.text) for u in units[: title[0].index])
        for u in units[title[0].index + 1 : title[0].index + 5]:
            if not _title_continues(title[-1].text, u.text, dated, morph):
                break
            title.append(u)
        body_start = title[-1].index + 1
    else:
        header_end = next((u.index for u in units[:30] if _is_body(u) and not _STAMP.search(u.text)), min(len(units), 30))
        body_start = header_end
    header = [u for u in units[:header_end] if not _STAMP.search(u.text)]
    end = next((u.index for u in units[body_start:] if _APPENDIX.match(u.text)), len(units))
    return Layout(units, header, title, body_start, end)


def _title_continues(prev: str, text: str, dated: bool, morph) -> bool:
    """Is ``text`` the wrapped rest of the title line ``prev``?  ``dated``: the blank above
    already has the document's date, so "от 10.01.2024 № 5" here ends a cited act's name."""
    if _BODY_START.match(text) or _TYPE_LINE.match(text) or prev.endswith((".", ":", "!")):
        return False
    if _DATE_OR_NUMBER_START.match(text) and not (dated and text.startswith("от ")):
        return False
    if text[:1].islower() or _TITLE.match(text):
        return True  # "... в распоряжение / Об организации питания": a cited act's title
    if prev.isupper() and text.isupper():
        return True
    if re.search(r"(?:\s(?:в|и|на|по|о|об|для|с|к|от|при|за|из)|[-–,])$", prev, re.IGNORECASE):
        return True
    # "... в постановление Администрации / Солнцевского района ...": a genitive goes on
    first = _words(text)[:1]
    parses = morph.parse(first[0].lower()) if first else []
    inflected = [p for p in parses if p.tag.POS in ("NOUN", "ADJF")]
    return any(p.tag.case == "gent" for p in inflected) and not any(p.tag.case == "nomn" for p in inflected)


# ---- the type --------------------------------------------------------------------------

_TYPE_LINE = re.compile(
    r"^(?P<type>" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in act_types()) + r")(?![а-яё])"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TypeLine:
    unit: Unit
    type: str
    span: Span
    rest: str  # what follows the type word: "от 24.04.2007 г № 34-РП", "ПРЕЗИДЕНТА РФ"
    rest_start: int


def find_type_line(units: list[Unit]) -> TypeLine | None:
    for u in units:
        text = _collapse_spaced(u.text)
        if len(text) != len(u.text):  # "П Р И К А З": the whole unit is the type
            m = _TYPE_LINE.match(text)
            if m and not m.group("rest").strip():
                return TypeLine(u, m.group("type").lower(), u.span, "", len(u.text))
            continue
        m = _TYPE_LINE.match(u.text)
        if m is None:
            continue
        rest = m.group("rest")
        # the type word alone, or followed by the act's number/date/issuer — not a sentence
        if rest.strip() and (rest.strip()[:1].islower() and not re.match(r"\s*от\s", rest)):
            continue
        kind = re.sub(r"\s+", " ", m.group("type").lower())
        return TypeLine(u, kind, u.sub(0, m.end("type")), rest, m.start("rest"))
    return None


# ---- decisions -----------------------------------------------------------------------

Rule = Callable[["Context"], Field | None]


@dataclass
class Context:
    doc: Document
    res: Resources
    layout: Layout
    type_line: TypeLine | None
    addressee: Field | None = None
    date_unit: int | None = None
    number_unit: int | None = None

    @property
    def morph(self):
        return self.res.morph


def _first(rules: list[Rule], ctx: Context) -> Field | None:
    for rule in rules:
        found = rule(ctx)
        if found is not None:
            return found
    return None


# type


def type_from_blank(ctx: Context) -> Field | None:
    t = ctx.type_line
    return Field(t.type, t.span, "type_line") if t else None


def type_from_letter_layout(ctx: Context) -> Field | None:
    units = ctx.layout.units[: ctx.layout.body_start + 3]
    mark = next((u for u in units if _LETTER_MARK.search(u.text)), None)
    if ctx.addressee is not None:
        return Field("письмо", ctx.addressee.span, "letter_addressee")
    if mark is not None:
        return Field("письмо", mark.span, "letter_mark")
    return None


TYPE_RULES: list[Rule] = [type_from_blank, type_from_letter_layout]


# date and number


def _near_type(ctx: Context, units: list[Unit]) -> list[Unit]:
    """Header units, the type line first, then by distance from it."""
    anchor = ctx.type_line.unit.index if ctx.type_line else (units[-1].index if units else 0)
    return sorted(units, key=lambda u: (u.index < anchor, abs(u.index - anchor), u.index))


def _blank_candidates(ctx: Context) -> list[Unit]:
    return [u for u in ctx.layout.header if not _ADDRESS.search(u.text) and not _in_reply_mark(u, ctx)]


def _in_reply_mark(unit: Unit, ctx: Context) -> bool:
    """"На № 34 от 21.02.2025", also when "от 21.02.2025" is the next cell of its row."""
    if _REPLY_TO.match(unit.text):
        return True
    units = ctx.layout.units
    prev = units[unit.index - 1] if unit.index else None
    return bool(
        prev and _REPLY_TO.match(prev.text) and "\t" in ctx.doc.text[prev.span.stop : unit.span.start] and "\n" not in ctx.doc.text[prev.span.stop : unit.span.start]
        and re.match(r"^от\s", unit.text)
    )


def date_from_blank(ctx: Context) -> Field | None:
    for u in _near_type(ctx, _blank_candidates(ctx)):
        for d in find_dates(u.text):
            value = d.to_date()
            if value:
                ctx.date_unit = u.index
                return Field(value, u.sub(d.start, d.stop), "blank")
    return None


def number_from_blank(ctx: Context) -> Field | None:
    for u in _near_type(ctx, _blank_candidates(ctx)):
        m = next((m for m in _NUMBER.finditer(u.text) if not _NAMED_NUMBER.search(u.text[: m.start()])), None)
        if m:
            ctx.number_unit = u.index
            value = re.sub(r"(?<=\d)\.$", "", m.group("number"))
            return Field(value, u.sub(m.start("number"), m.start("number") + len(value)), "blank")
    return None


def _end_block(ctx: Context) -> list[Unit]:
    """Units of a date block after the text: "Москва, Кремль / 27 декабря 1991 года / N 323"."""
    lay = ctx.layout
    return [u for u in lay.units[max(lay.body_start, lay.end - 8) : lay.end] if len(_words(u.text)) <= 6]


def date_from_end_block(ctx: Context) -> Field | None:
    for u in _end_block(ctx):
        found = find_dates(u.text)
        if len(found) == 1 and found[0].to_date() and len(u.text) - (found[0].stop - found[0].start) <= 4:
            ctx.date_unit = u.index
            return Field(found[0].to_date(), u.sub(found[0].start, found[0].stop), "end_block")
    return None


def number_from_end_block(ctx: Context) -> Field | None:
    for u in _end_block(ctx):
        m = _NUMBER.match(u.text)
        if m and m.end() == len(u.text):
            ctx.number_unit = u.index
            return Field(m.group("number"), u.sub(m.start("number"), m.end("number")), "end_block")
    return None


def date_from_signature_stamp(ctx: Context) -> Field | None:
    for u in ctx.layout.units:
        if _STAMP.search(u.text):
            for d in find_dates(u.text):
                if d.to_date():
                    return Field(d.to_date(), u.sub(d.start, d.stop), "e_signature")
    return None


DATE_RULES: list[Rule] = [date_from_blank, date_from_end_block, date_from_signature_stamp]
NUMBER_RULES: list[Rule] = [number_from_blank, number_from_end_block]


# place


def _place_value(m: re.Match) -> str:
    kind = m.group("kind").lower()
    name = _proper_case(m.group("name"))
    if kind in ("г.", "гор.", "город"):
        return name
    return f"{kind} {name}"


def _proper_case(name: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in name.split("-")) if name.isupper() else name


def _residue(text: str) -> str:
    """A blank line without its date, number and the words around them."""
    for d in reversed(find_dates(text)):
        text = text[: d.start] + " " + text[d.stop :]
    text = _NUMBER.sub(" ", text)
    text = re.sub(r"(?<![\w])(?:от|г\.?(?=\s|$)|года)(?![\w])", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" ,.")


def place_from_blank(ctx: Context) -> Field | None:
    anchors = {i for i in (ctx.date_unit, ctx.number_unit) if i is not None}
    if ctx.type_line:
        anchors.add(ctx.type_line.unit.index)
    if not anchors:
        return None
    near = [
        u for u in ctx.layout.header + _end_block(ctx)
        if any(abs(u.index - a) <= 2 for a in anchors) and not _ADDRESS.search(u.text)
    ]
    for u in sorted(near, key=lambda u: (min(abs(u.index - a) for a in anchors), u.index)):
        m = _PLACE_PREFIXED.search(u.text)
        if m and not (ctx.type_line and u.index == ctx.type_line.unit.index and m.start() < ctx.type_line.rest_start):
            return Field(_place_value(m), u.sub(m.start(), m.end()), "place_prefixed")
        residue = _residue(_collapse_spaced(u.text))
        if ctx.type_line and u.index == ctx.type_line.unit.index:
            continue
        b = _PLACE_BARE.match(residue)
        if b and not is_russian_word(b.group("name").split(",")[0], ctx.morph) and _is_proper(b.group("name"), ctx):
            start = u.text.find(b.group("name"))
            return Field(b.group("name"), u.sub(start, start + len(b.group("name"))), "place_bare")
    return None


def _is_proper(name: str, ctx: Context) -> bool:
    first = name.split(",")[0].split("-")[0].lower()
    return any("Geox" in p.tag for p in ctx.morph.parse(first)) or not ctx.morph.word_is_known(first)


PLACE_RULES: list[Rule] = [place_from_blank]


# issuer


def issuer_in_type_line(ctx: Context) -> Field | None:
    """"УКАЗ ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ", "Приказ Минобрнауки России от ..."."""
    t = ctx.type_line
    if t is None or not t.rest.strip():
        return None
    rest = re.split(r"\s(?:от|№|N)\s|\s(?:от|№)|\d", " " + t.rest)[0].strip(" ,")
    if len(_words(rest)) < 1 or not rest[:1].isupper():
        return None
    start = t.unit.text.find(rest, t.rest_start)
    nominative = to_nominative(restore_case(rest, ctx.morph), "gent")
    return Field(_capitalise(nominative), t.unit.sub(start, start + len(rest)), "official_in_type_line")


def issuer_from_blank(ctx: Context) -> Field | None:
    lay = ctx.layout
    stop_at = [i for i in (ctx.date_unit, ctx.number_unit) if i is not None]
    if ctx.type_line:
        stop_at.append(ctx.type_line.unit.index)
    if ctx.addressee is not None:
        stop_at.append(ctx.layout.units[_unit_index(lay, ctx.addressee.span)].index)
    limit = min(stop_at) if stop_at else (lay.header[-1].index + 1 if lay.header else 0)
    candidates = [u for u in lay.header if u.index < limit and not _ADDRESS.search(u.text)]
    if not candidates:
        return None
    kept: list[Unit] = []
    per_line = line_languages([u.text for u in candidates], ctx.morph)
    after_foreign = False
    for u, ll in zip(candidates, per_line):
        foreign = sum(ll.foreign.values())
        if ll.russian and after_foreign and kept:
            # past a foreign line: a Russian line goes on with the name (the columns of a
            # bilingual blank alternate line by line) or starts a new one; a line mixing
            # in foreign words is the other column's name ("ПОЧТОВОЕ КОЙ КЪАСАБАСЫНЫНЪ")
            if not _starts_name(u.text, ctx):
                kept.append(u)
            elif not foreign:
                kept, after_foreign = [u], False
        elif ll.russian:
            kept.append(u)
        elif not foreign and kept and kept[-1].index == u.index - 1 and re.search(r"^\(|[«\"]|\w{3,}\s+\w{3,}", u.text):
            kept.append(u)  # a name without dictionary words: "«ХАСАВЮРТОВСКИЙ»", "(РОСМОЛОДЕЖЬ)"
        after_foreign = after_foreign or bool(foreign and kept)
    if not kept:
        return None
    groups = _groups(kept, ctx)
    head = groups[-1]
    text = " ".join(u.text for u in head)
    value = restore_case(text, ctx.morph)
    first_word = value.split()[0].lower().strip("«\"")
    if first_word in _SUBDIVISION_HEADS and len(groups) > 1:
        parent = " ".join(u.text for u in groups[-2])
        if not any(w in parent.lower() for w in _TERRITORY_WORDS) or re.match(r"^(?:администрац|министерств)", parent, re.IGNORECASE):
            genitive = _head_to_genitive(restore_case(parent, ctx.morph), ctx)
            value = f"{value} {genitive[:1].lower()}{genitive[1:]}"
            head = groups[-2] + head
    span = Span(min(u.span.start for u in head), max(u.span.stop for u in head))
    return Field(_capitalise(value), span, "blank")


def _head_to_genitive(phrase: str, ctx: Context) -> str:
    """"Администрация города Стаханова" -> "администрации города Стаханова": only the
    leading nominative words change, the genitive tail (with its names) stays."""
    words = phrase.split(" ")
    n = 0  # adjectives and the first noun
    while n < len(words):
        parses = [p for p in ctx.morph.parse(words[n].lower()) if p.tag.case == "nomn"]
        if not parses:
            break
        n += 1
        if any(p.tag.POS == "NOUN" for p in parses):
            break
    if n == 0:
        return phrase
    return " ".join([inflect_phrase(" ".join(words[:n]), "nomn", "gent")] + words[n:])


def issuer_after_type(ctx: Context) -> Field | None:
    """"ПОСТАНОВЛЕНИЕ / ГЛАВЫ АДМИНИСТРАЦИИ ГОРОДА", "УКАЗ / ПРЕЗИДЕНТА РФ": the issuer
    follows the type word in the genitive."""
    t = ctx.type_line
    if t is None or t.rest.strip():
        return None
    nxt = next((u for u in ctx.layout.header if u.index == t.unit.index + 1), None)
    if nxt is None or find_dates(nxt.text) or _NUMBER.search(nxt.text):
        return None
    first = _words(nxt.text)[:1]
    if not first:
        return None
    parses = [p for p in ctx.morph.parse(first[0].lower()) if p.tag.POS in ("NOUN", "ADJF")]
    if not parses or parses[0].tag.case != "gent" or any(p.tag.case == "nomn" for p in parses):
        return None
    value = to_nominative(restore_case(nxt.text, ctx.morph), "gent")
    return Field(_capitalise(value), nxt.span, "official_after_type")


def _unit_index(lay: Layout, span: Span) -> int:
    return next(u.index for u in lay.units if u.span.start <= span.start < max(u.span.stop, u.span.start + 1))


def _starts_name(text: str, ctx: Context) -> bool:
    """Does a blank line start a new organisation's name (a nominative singular)?"""
    words = re.findall(r"[А-ЯЁа-яёA-Za-z]+(?:-[А-ЯЁа-яёA-Za-z]+)*", text.lstrip("«\"“ "))
    if not words or text.lstrip()[:1] in "«\"“(":
        return False
    w = words[0].split("-")[-1]
    if ctx.morph.parse(w.lower())[0].tag.POS in ("CONJ", "PREP", "PRCL"):
        return False  # "И НАУКИ", "ПО ДЕЛАМ ..."
    if w.isupper() and len(w) <= 6 and not is_russian_word(w, ctx.morph):
        return True  # "МКУ", "ГБОУ", "ООО"
    return any(
        p.tag.case == "nomn" and p.tag.number == "sing" and p.tag.POS in ("NOUN", "ADJF", "PRTF")
        for p in ctx.morph.parse(w.lower())
    )


def _groups(units: list[Unit], ctx: Context) -> list[list[Unit]]:
    groups: list[list[Unit]] = []
    for u in units:
        prev = " ".join(x.text for x in groups[-1]) if groups else ""
        if groups and (not _starts_name(u.text, ctx) or _INCOMPLETE.search(prev)):
            groups[-1].append(u)
        else:
            groups.append([u])
    return groups


def issuer_from_letter_text(ctx: Context) -> Field | None:
    """"... МКУ «Управление образования» сообщает, что ..." in a letter without a blank."""
    lay = ctx.layout
    for u in lay.units[lay.body_start : lay.body_start + 4]:
        m = _LETTER_VERB.search(u.text)
        if not m:
            continue
        head = u.text[: m.start()]
        tokens = list(re.finditer(r"«[^»]*»|\"[^\"]*\"|\S+", head))
        start = None
        for t in reversed(tokens):
            word = t.group()
            if re.search(r"\d|[,;:]$", word):
                break
            if word[:1] in "«\"" or word[:1].isupper() or (start is not None and word.islower() and len(word) > 3):
                start = t.start()
                continue
            break
        # the name starts at its first capitalised word
        if start is None:
            continue
        while start < len(head) and not (head[start].isupper() or head[start] in "«\""):
            start = head.index(" ", start) + 1
        name = head[start:].strip()
        if name:
            return Field(name, u.sub(start, start + len(name)), "letter_text")
    return None


ISSUER_RULES: list[Rule] = [issuer_in_type_line, issuer_after_type, issuer_from_blank, issuer_from_letter_text]


# title


def title_line(ctx: Context) -> Field | None:
    units = ctx.layout.title
    if not units:
        return None
    text = " ".join(u.text for u in units).strip()
    if re.match(r"^[«\"].*[»\"]$", text) and text.count("«") <= 1:
        text = text[1:-1].strip()
    if sum(c.isupper() for c in text) > 0.7 * sum(c.isalpha() for c in text):
        text = restore_case(text, ctx.morph)
    return Field(_capitalise(text), Span(units[0].span.start, units[-1].span.stop), "title")


TITLE_RULES: list[Rule] = [title_line]


# addressee


def addressee_in_dative(ctx: Context) -> Field | None:
    lay = ctx.layout
    zone = lay.header + lay.units[lay.body_start : lay.body_start + 2]
    for i, u in enumerate(zone):
        words = _words(u.text)
        if not words or len(words) > _ADDRESSEE_MAX_WORDS or u.text.rstrip().endswith((":", ".")):
            continue
        if not _is_dative_person(words[0], ctx):
            continue
        units = [u]
        for nxt in zone[i + 1 : i + 5]:
            if nxt.index != units[-1].index + 1 or not _continues_addressee(nxt, units[-1], lay):
                break
            units.append(nxt)
        text = " ".join(x.text for x in units)
        return Field(text, Span(units[0].span.start, units[-1].span.stop), "addressee_dative")
    return None


def _continues_addressee(unit: Unit, prev: Unit, lay: Layout) -> bool:
    """The next line of an addressee block: "осуществляющих управление ...", the
    organisation under the position ("ГАУЗ «Областная больница»"), the person's name; a
    name closes the block, and the blank's other requisites never belong to it."""
    text = unit.text
    if _NAME.fullmatch(prev.text) or prev.text.endswith((".", ":", "!")) and not _NAME.search(prev.text):
        return False
    if text[:1].islower() or _NAME.fullmatch(text):
        return True
    in_header = any(h.index == unit.index for h in lay.header)
    return in_header and not (
        _TITLE.match(text) or _LETTER_MARK.search(text) or _ADDRESS.search(text) or _REPLY_TO.match(text)
        or _DATE_OR_NUMBER_START.match(text) or _TYPE_LINE.match(text) or find_dates(text)
    )


def _is_dative_person(word: str, ctx: Context) -> bool:
    """"Руководителям", "Директору", "Главам", "Главному врачу": a person or office in the
    dative."""
    low = word.lower()
    parses = ctx.morph.parse(low)
    if any(p.tag.case == "datv" and p.tag.POS == "NOUN" and p.tag.animacy == "anim" for p in parses[:1]):
        return True  # "Родителям (законным представителям)", "Участникам", "Иванову И.И."
    if not any(low.startswith(p.rstrip("*")[:5]) for p in _position_words() if len(p.rstrip("*")) >= 4):
        return False
    return any(p.tag.case == "datv" and p.tag.POS in ("NOUN", "ADJF") for p in parses)


ADDRESSEE_RULES: list[Rule] = [addressee_in_dative]


# access


def access_mark(ctx: Context) -> Field | None:
    for u in ctx.layout.header[:15] + ctx.layout.title:
        m = _ACCESS.search(u.text)
        if m:
            return Field(m.group(), u.sub(m.start(), m.end()), "access_mark")
    return None


# ---- signature block and contact -----------------------------------------------------


def _is_position_start(text: str) -> bool:
    low = text.lower().lstrip()
    for p in _position_words():
        stem = p.rstrip("*")
        if p.endswith("*") and low.startswith(stem):
            return True
        if low.startswith(p) and (len(low) == len(p) or not low[len(p)].isalpha()):
            return True
    return False


def _clean_position(text: str) -> str:
    text = _RANK.sub(" ", _SIGNATURE_CLUTTER.sub(" ", text))
    text = re.sub(r"(?:\s+[А-ЯЁ]{1,2})+\s*$", "", " " + text).strip()  # OCR noise "ИР"
    return re.sub(r"\s+", " ", text).strip(" ,")


def _is_signature_line(text: str) -> bool:
    return len(_words(text)) <= 14 and not re.match(r"^\d+[.)]", text) and not text.endswith((";", ":"))


def find_signatory(ctx: Context) -> tuple[Person | None, int | None]:
    """The last "position ... name" before the appendices: on one line, or the name on its
    own line (or table cell) under the position's lines."""
    lay = ctx.layout
    zone = [
        u for u in lay.units[lay.body_start : lay.end]
        if not _STAMP.search(u.text) and not _EXECUTOR_MARK.match(u.text)
    ][-12:]
    for k in range(len(zone) - 1, -1, -1):
        u = zone[k]
        text = _SIGNATURE_CLUTTER.sub(" ", u.text).rstrip()
        m = _NAME.search(text)
        if not m or not _is_signature_line(u.text) or _is_contact_line(lay.units, u.index):
            continue
        parts = [_clean_position(text[: m.start()])]
        top = u.index
        # walk up while the position is not complete: "Глава Администрации / Аксайского
        # городского поселения", "Заместитель главы – / начальник управления"
        for prev in reversed(zone[:k]):
            if parts[0] and _is_position_start(parts[0]) and not parts[0][:1].islower() and not _is_oblique(parts[0], ctx):
                break  # complete; "Губернатора Курской области" is the object of the line above
            between = lay.units[prev.index + 1 : top]  # an e-signature stamp may stand in between
            if not all(_STAMP.search(x.text) for x in between) or not _is_signature_line(prev.text):
                break
            if prev.text.endswith(".") or _NAME.search(prev.text):
                break
            parts.insert(0, _clean_position(prev.text))
            top = prev.index
        # "По поручению Губернатора области / заместитель Губернатора": the position
        # starts at its first position word
        while len(parts) > 1 and not _is_position_start(" ".join(p for p in parts if p)):
            parts.pop(0)
        position = " ".join(p for p in parts if p)
        if not position or not _is_position_start(position):
            continue
        if position.isupper():
            position = _capitalise(restore_case(position, ctx.morph))
        name = _proper_name(m.group("name").strip())
        span = Span(lay.units[top].span.start, u.span.stop)
        return Person(position, name, span, "signature_block"), u.index
    return None, None


def _is_oblique(text: str, ctx: Context) -> bool:
    """The line opens with a noun not in the nominative: "Губернатора ...", "главы ..."."""
    first = _words(text)[:1]
    parses = [p for p in ctx.morph.parse(first[0].lower()) if p.tag.POS == "NOUN"] if first else []
    return bool(parses) and not any(p.tag.case == "nomn" for p in parses)


def _is_contact_line(units: list[Unit], i: int) -> bool:
    """"Петрова Е.А. / 40-26-77": a name with a phone is the отметка об исполнителе."""
    nxt = units[i + 1 : i + 2]
    return bool(_PHONE.search(units[i].text) or (nxt and _PHONE.match(nxt[0].text)))


def _proper_name(name: str) -> str:
    """"К. КАБАРДИЕВ" -> "К. Кабардиев"; other spellings as written."""
    return re.sub(r"[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})?", lambda m: _proper_case(m.group()), name)


def find_contact(ctx: Context, after: int | None) -> Contact | None:
    lay = ctx.layout
    start = after + 1 if after is not None else max(lay.body_start, len(lay.units) - 8)
    zone = lay.units[start : max(lay.end, start)] or lay.units[start : start + 6]
    zone = zone[:8]
    for k, u in enumerate(zone):
        m = _EXECUTOR_MARK.match(u.text)
        if m:
            name = _spaced_initials(m.group("name").strip())
            phone = _phone_in(zone[k : k + 3], from_offset=m.end())
            return Contact(name or None, phone, u.span)
    for k, u in enumerate(zone):
        m = re.match(rf"^(?P<name>{_SURNAME})(?:\s+(?:[А-ЯЁ]\.\s?){{1,2}})?", u.text)
        if not m or not _is_surname(m.group("name"), ctx):
            continue
        phone = _phone_in([u], from_offset=m.end()) or _phone_at_start(zone[k + 1 : k + 2])
        if phone:
            return Contact(_spaced_initials(m.group().strip()), phone, u.span)
    return None


def _phone_in(units: list[Unit], from_offset: int = 0) -> str | None:
    for i, u in enumerate(units):
        text = u.text[from_offset:] if i == 0 else u.text
        label = _PHONE_LABEL.search(text)
        m = _PHONE.search(text, label.end() if label else 0)
        if m:
            return m.group("phone").strip()
    return None


def _phone_at_start(units: list[Unit]) -> str | None:
    for u in units:
        m = _PHONE.match(u.text)
        if m:
            return m.group("phone").strip()
    return None


def _is_surname(word: str, ctx: Context) -> bool:
    return any("Surn" in p.tag for p in ctx.morph.parse(word.lower()))


def _spaced_initials(name: str) -> str:
    """"С.Конакбиева" -> "С. Конакбиева" (initials before the surname get a space)."""
    return re.sub(r"^((?:[А-ЯЁ]\.\s?){1,2})(?=[А-ЯЁ][а-яё])", lambda m: m.group(1).replace(" ", "") + " ", name)


# ---- case of ALL-CAPS blanks -------------------------------------------------------------


def restore_case(text: str, morph) -> str:
    """Normal case for an ALL-CAPS name, keeping abbreviations and proper names capitalised.

    "МКУ «УПРАВЛЕНИЕ ОБРАЗОВАНИЯ» МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ «ХАСАВЮРТОВСКИЙ РАЙОН»" ->
    "МКУ «Управление образования» муниципального образования «Хасавюртовский район»".
    """
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.7 * len(letters):
        return text
    tokens = list(re.finditer(r"[А-ЯЁA-Z]+(?:-[А-ЯЁA-Z]+)*", text))
    words: list[str] = []
    for i, t in enumerate(tokens):
        between = text[tokens[i - 1].end() if i else 0 : t.start()]
        words.append(_word_case(t.group(), morph, capital=i == 0 or bool(re.search(r"[«\"“]", between))))
    # "ЗАРЕЧНОГО СЕЛЬСКОГО ПОСЕЛЕНИЯ": an adjective before a territory noun is a proper name
    for i, w in enumerate(words):
        if w.islower() and _before_territory(words, i, morph):
            words[i] = w.capitalize()
    # "ГОРОДА ОРЛА", "СЕЛА ЗАЮКОВО": the word after a settlement noun is its name
    for i, w in enumerate(words[1:], 1):
        settlement = re.fullmatch(r"город[а-я]?|сел[оа]|поселк[а-я]?|пос[её]лок|станиц[аы]|деревн[яи]|хутор[а]?", words[i - 1])
        common = morph.parse(w)[0]
        if settlement and w.islower() and len(w) > 2 and common.tag.POS not in ("CONJ", "PREP", "ADJF", "PRTF"):
            words[i] = w.capitalize()
    # "Российской Федерации", "Республики Мордовия": these nouns are capitalised in names
    for i, w in enumerate(words):
        if re.match(r"(?:федерац|республик)", w):
            near = words[i - 1 : i] + words[i + 1 : i + 2]
            if any(x[:1].isupper() and x.lower() not in ("о", "об") for x in near):
                words[i] = w.capitalize()
    out, last = [], 0
    for t, w in zip(tokens, words):
        out.append(text[last : t.start()] + w)
        last = t.end()
    return "".join(out) + text[last:]


_TERRITORY_NOUNS = ("поселение", "район", "область", "край", "округ", "республика", "город", "село")


def _before_territory(words: list[str], i: int, morph) -> bool:
    adjective = next((p for p in morph.parse(words[i]) if p.tag.POS == "ADJF"), None)
    if adjective is None or adjective.normal_form.replace("ё", "е") in _lowercase_adjectives():
        return False
    for w in words[i + 1 : i + 4]:
        p = morph.parse(w.lower())[0]
        if p.tag.POS == "NOUN":
            return p.normal_form in _TERRITORY_NOUNS
        if p.tag.POS != "ADJF" or p.normal_form not in _lowercase_adjectives():
            return False
    return False


def _word_case(word: str, morph, capital: bool) -> str:
    low = word.lower()
    if len(word) == 1:
        return word if capital else low  # "2016 Г." -> "г."
    best = morph.parse(low)[0]
    proper = any(t in best.tag for t in ("Geox", "Name", "Surn", "Patr"))
    abbreviation = not morph.word_is_known(low) or "Abbr" in best.tag
    if len(word) <= 5 and abbreviation and (len(word) <= 3 or not proper):
        return word  # "МКУ", "ООО", "РФ", "ДНР", "ГБОУ"
    if capital or proper or _is_proper_adjective(low, morph) or (not morph.word_is_known(low) and len(low) > 5):
        return "-".join(p.capitalize() for p in low.split("-"))
    return low


def _is_proper_adjective(word: str, morph) -> bool:
    """"херсонской", "аксайского" (from a place name), not "городского"."""
    for p in morph.parse(word):
        if p.tag.POS == "ADJF" and re.search(r"(?:ск|цк)(?:ий|ой|ая)$", p.normal_form):
            lemma = p.normal_form.replace("ё", "е")
            return lemma not in _lowercase_adjectives() and not lemma.endswith("ческий")
    return False


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# ---- the extractor -------------------------------------------------------------------


def extract_requisites(doc: Document, res: Resources) -> Requisites:
    units = units_of(doc)
    if not units:
        return Requisites()
    layout = find_layout(units, res.morph)
    type_line = find_type_line(layout.header or layout.units[:3])
    ctx = Context(doc, res, layout, type_line)
    ctx.addressee = _first(ADDRESSEE_RULES, ctx)
    kind = _first(TYPE_RULES, ctx)
    if kind is not None and not kind.value.endswith(_ADDRESSED_TYPES):
        ctx.addressee = None
    number = _first(NUMBER_RULES, ctx)
    when = _first(DATE_RULES, ctx)
    signatory, signature_at = find_signatory(ctx)
    header_lines = [u.text for u in layout.header]
    return Requisites(
        type=kind,
        number=number,
        date=when,
        place=_first(PLACE_RULES, ctx),
        issuer=_first(ISSUER_RULES, ctx),
        title=_first(TITLE_RULES, ctx),
        addressee=ctx.addressee,
        signatory=signatory,
        contact=find_contact(ctx, signature_at),
        access=access_mark(ctx),
        header_languages=header_languages(header_lines, res.morph) if header_lines else ["ru"],
        header_span=Span(layout.header[0].span.start, layout.header[-1].span.stop) if layout.header else None,
    )



