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
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from extractors.clauses import AUTHOR_SPEAKS
from extractors.dates import find_dates
from extractors.languages import header_languages, is_russian_word, line_languages, word_evidence
from extractors.model import Contact, Field, Person, Requisites
from extractors.morph import inflect_phrase, is_abbreviation, to_nominative
from pipeline.document import Document, Span
from pipeline.resources import Resources, per_document

DATA_DIR = Path(__file__).parent / "data"


def _word_list(name: str) -> tuple[str, ...]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return tuple(x.strip() for x in lines if x.strip() and not x.startswith("#"))


@lru_cache(maxsize=1)
def _act_type_names() -> dict[str, str]:
    """Type words as a blank writes them -> the type: "приказ" -> "приказ",
    "информационное письмо" -> "письмо" (a line "variant = type" of act_types.txt)."""
    out: dict[str, str] = {}
    for line in _word_list("act_types.txt"):
        written, _, kind = line.partition("=")
        out[written.strip()] = (kind or written).strip()
    return out


def act_types() -> tuple[str, ...]:
    """Type words, longest first so "федеральный закон" wins over "закон"."""
    return tuple(sorted(_act_type_names(), key=len, reverse=True))


@lru_cache(maxsize=1)
def _issuer_heads() -> frozenset[str]:
    return frozenset(_word_list("issuer_heads.txt"))


@lru_cache(maxsize=1)
def _position_words() -> tuple[str, ...]:
    return _word_list("signatory_positions.txt")


@lru_cache(maxsize=1)
def _lowercase_adjectives() -> frozenset[str]:
    return frozenset(_word_list("lowercase_adjectives.txt"))


# ---- rules as data -------------------------------------------------------------------

# A letter-spaced word left with several spaces: "П  Р  И  К  А  З" (the normaliser
# collapses single-spaced capitals), or a spaced lower-case one "р а с п о р я ж е н и е".
_SPACED_LETTERS = re.compile(r"^(?:(?:[А-ЯЁ]\s+){2,}[А-ЯЁ]|(?:[а-яё]\s+){2,}[а-яё])\b")
# The document's registration number after "№"/"N": "№ 01-08/276-осн.", "N 323", "№2",
# "№ 06-15872/10-18/23", "№ 34-РП"; "N" only before a digit.
# The blank's underscores around a filled-in number: "№ ___312-п___".  A type letter set
# apart from the digits is part of the number: "№ 12 р", "№ 45 од" (распоряжение, основная
# деятельность).  The tax service ends its numbers with "@": "№ 01-04/101@".
_NUMBER = re.compile(
    # a scan reads "№" as "Ne", "No"; a Latin N before a number with a letter prefix: "N ИВ-123-4567"
    r"(?:№|(?<![\w])N[oº°eе]?\.?(?=[\s_]*(?:\d|[А-ЯЁ][А-ЯЁа-яё]{0,3}-?\d)))[\s_]*"
    r"(?P<number>[0-9A-Za-zА-ЯЁа-яё](?:[0-9A-Za-zА-ЯЁа-яё./\\-]*[0-9A-Za-zА-ЯЁа-яё.])?@?"
    r"(?:(?<=\d)\s(?:р|п|рп|рг|пр|од|лс|ос)(?![\w.-]))?)"
)
# "№" that is part of a name, not a registration number: "«Школа № 12»", "СОШ № 3"; or
# the number of another paper: an appendix "Приложение № 1", an incoming stamp "Вх. № 512",
# "Входящий № 12", "Рег. № 7", "Регистрационный номер № 3".
_NAMED_NUMBER = re.compile(
    r"«[^»]*$|(?:школа|лицей|гимназия|сад|СОШ|ООШ|ДОУ|ДЮСШ|интернат|колледж)\s*$"
    r"|(?<![\w])(?:приложени[еяю]|вх\.?|входящ[а-яё]*|рег\.?|регистрационн[а-яё]*(?:\s+номер)?)\s*$",
    re.IGNORECASE,
)
# how far before a "№" its name may open (a school's full name in quotes); a line of a
# thousand "№" is not searched from its start at every one of them
_NAME_BEFORE_NUMBER = 200
# A reply reference of a letter, not its own number: "На № 5 от 01.03.2024".
_REPLY_TO = re.compile(r"^(?:На|на)\s+(?:№|N|исх)")
# The title (заголовок к тексту): "О внедрении ...", "Об утверждении ...", "ПРО ..." (uk).
# "По вопросу предоставления ...", "К вопросу о ...": titles of an application's answer.
# (a capital first letter and a word after it: OCR's "о _ ПОСТАНОВЛЕНИЕ" is no title)
# (titles may be typed in lower case, "об устранении нарушений"; a lower-case "по вопросам
# ..." goes on with the line above: "совещания у заместителя Губернатора / по вопросам ...")
_TITLE = re.compile(
    r"^(?=[«\"]?[А-ЯЁA-Z])[«\"]?(?:О|Об|Обо|Про|O|(?-i:По|ПО)\s+вопрос(?:у|ам)|(?-i:К)\s+вопросу)\s+[«\"]?[А-ЯЁа-яёA-Za-z0-9]",
    re.IGNORECASE,
)
# Scan or typing debris before a title's first letter: "©О внесении изменений ...", "_О ...".
_JUNK_LEAD = re.compile(r"^[©®_'`´*•·~|\\/]+\s*(?=[А-ЯЁ«\"])")
# An organisation's short name opening a wrapped title line: "АО «Газпром газораспределение
# Брянск» по индивидуальному проекту".
_SHORT_ORG_NAME = re.compile(r"^[А-ЯЁ]{2,6}\s+«")
# A title joined to the type/number line it was wrapped under: "Приказ №19 о проведении ...",
# a database heading "Закон г. Москвы от 21.11.2007 N 45 «Об ...»".
_EMBEDDED_TITLE = re.compile(
    # (the number is a word of its own, taken whole: a line of "№1№1..." is read once, not
    # to its end from every "№")
    r"^(?P<head>\S.*?(?:(?<!\S)(?:(?:№|N)\s*\d\S*+|№\s*\S++)|\d{4}\s*(?:г\.|года)?))\s+(?P<title>[«\"]?(?:О|Об|Обо|о|об|обо)\s+[А-ЯЁа-яё].*)$"
)
# A line that opens with the document's date or number: "от 05.06.2025 № 31", "12.03.2024",
# "«05» июня", "№ 45".
_DATE_OR_NUMBER_START = re.compile(r"^(?:от\s+)?(?:«?\s?\d|№|N\s?\d)", re.IGNORECASE)
# The first paragraph of the text proper.
_BODY_START = re.compile(
    r"^(?:В\s+соответствии|В\s+целях|Во\s+исполнение|На\s+основании|Руководствуясь|В\s+связи"
    r"|Рассмотрев|Заслушав|С\s+целью|Согласно|В\s+рамках|Уважаем\w*|Прошу|Просим|Направляем"
    r"|Информируем|Сообщаем|Настоящим|Доводим|Напоминаем|В\s+дополнение|В\s+ответ|Во\s+изменение"
    # a protocol's text: "Председательствовал:", "Присутствовали:", "Повестка дня:", "СЛУШАЛИ:"
    r"|Председательствовал|Присутствовали|Повестка\s+дня|Слушали|Решили|Выступили"
    r"|ПРИКАЗЫВАЮ|ПОСТАНОВЛЯЮ|ПОСТАНОВЛЯЕТ|РЕШИЛ|ОБЯЗЫВАЮ|\d+\.\s)",
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
# what a legal portal or database prints above the act — never its requisites: "В202400001",
# "ОПУБЛИКОВАНО: ОФИЦИАЛЬНЫЙ ИНТЕРНЕТ-ПОРТАЛ ...", "ЗАРЕГИСТРИРОВАНО В МИНИСТЕРСТВЕ ЮСТИЦИИ РФ ...
# ПОД N ...", "Документ предоставлен КонсультантПлюс", "Дата опубликования: ..."
_PORTAL_MARK = re.compile(
    r"^В\d{6,}$|^опубликовано\s*:|^зарегистрировано\s+в\s+министерстве\s+юстиции|^документ\s+предоставлен"
    r"|^(?:дата\s+)?(?:официального\s+)?опубликования\s*:",
    re.IGNORECASE,
)


def _aside(unit: Unit) -> bool:
    """A line that is not the act's own: an e-signature stamp or a portal's mark."""
    return bool(_STAMP.search(unit.text) or _PORTAL_MARK.search(unit.text))


# The stamp of the act's state registration (a frame, which OCR reads as "|"): "МИНИСТЕРСТВО
# ЮСТИЦИИ РОССИЙСКОЙ ФЕДЕРАЦИИ / ЗАРЕГИСТРИРОВАНО / Регистрационный № 58336 / от 15 мая 2020 г."
_REGISTERED = re.compile(r"^[|\s]*зарегистрирован[оa][|\s]*$", re.IGNORECASE)
_REGISTRATION_LINE = re.compile(r"^[|\s]*(?:(?:гос\w*\s+)?рег(?:истрационный|\.)|№|N\s?\d|от\s|\d|«)", re.IGNORECASE)
_FRAMED = re.compile(r"^\s*\||\|\s*$")


def _registration_stamp(units: list[Unit]) -> set[int]:
    """Units of a registration stamp: the "ЗАРЕГИСТРИРОВАНО" line, the registering organ
    framed above it, the registration number and date under it."""
    out: set[int] = set()
    for u in units:
        if not _REGISTERED.match(u.text):
            continue
        out.add(u.index)
        above = units[u.index - 1] if u.index else None
        if above and (_FRAMED.search(above.text) or re.search(r"юстиции", above.text, re.IGNORECASE)):
            out.add(above.index)
        for below in units[u.index + 1 : u.index + 4]:
            if not (_REGISTRATION_LINE.match(below.text) or _FRAMED.search(below.text)):
                break
            out.add(below.index)
    return out
# Contacts and postal address of the blank: "368006, г. Хасавюрт, ул. Мусаева, 33",
# "тел/факс: (87231)5-19-22", "E-mail: ...", "ИНН 0534...", "ОКПО".
_ADDRESS = re.compile(
    r"^\d{6}\b|\b(?:ул|пр-т|пр|пер|просп|д|корп|каб|пл)\.\s*[А-ЯЁ0-9]|\bулица\b|\bтел\b|телефон|факс"
    r"|e-?mail|эл\.\s*почта|https?://|www\.|\S@\S+\.|\b(?:ИНН|КПП|ОГРН|ОКПО|БИК)\b",
    re.IGNORECASE,
)
# The place of issue with its kind: "г. Краснодар", "г.Аксай", "с. Октябрьское",
# "С.КРАСНОПОЛЬЕ", "пгт Шушенское", "ст-ца Ленинградская".
_PLACE_KIND = (
    r"(?P<kind>(?:г\.\s?о|г|гор|с|пос|п|пгт|рп|р\.п|д|дер|х|ст)\."
    r"|(?:город|село|пгт|рп|станица|ст-ца|аул|деревня|поселок|посёлок|хутор)(?=\s))"
)
# (case-sensitive: "г. Москвы от ..." is no two-word name)
# prepositions inside a place name: "Камень-на-Оби", "РОСТОВ-НА-ДОНУ"
_PLACE_LINKS = ("на", "над", "под")
_LINK = "|".join(w for link in _PLACE_LINKS for w in (link, link.upper()))
# "Камень-на-Оби", "РОСТОВ-НА-ДОНУ", "Старый Оскол", "Усть-Илимск"
_PLACE_NAME = rf"(?P<name>(?-i:[А-ЯЁ][А-ЯЁа-яё]+(?:-(?:{_LINK})-[А-ЯЁ][А-ЯЁа-яё]+|[- ][А-ЯЁ][А-ЯЁа-яё]+)?))"
_PLACE_PREFIXED = re.compile(rf"(?<![\w.]){_PLACE_KIND}\s*{_PLACE_NAME}(?![\w])", re.IGNORECASE)
# A bare place name: "Херсон", "Москва, Кремль", "Барнаул", "МОСКВА", "Ростов-на-Дону".
_PLACE_BARE = re.compile(
    r"^(?P<name>[А-ЯЁ](?:[а-яё]+|[А-ЯЁ]+)(?:-(?:на|на-|)[А-ЯЁа-яё]+)*(?:,\s*[А-ЯЁ](?:[а-яё]+|[А-ЯЁ]+))?)$"
)
# The start of the appendices, of the familiarisation list and of a copy's certification:
# the signature is before.
_APPENDIX = re.compile(
    r"^(?:Приложение|ПРИЛОЖЕНИЕ)(?:\s*(?:(?:№|N)\s*)?\d+)?(?:\s+к\s|\s*$)"
    r"|^(?:УТВЕРЖДЕН[АОЫ]?|Утвержден[аоы]?(?:\s+(?:приказом|распоряжением|постановлением|решением)|\s*$))\b"
    r"|^С\s+(?:приказом|распоряжением|постановлением)\s+ознакомлен"
    r"|^(?:Согласовано|СОГЛАСОВАНО|Лист\s+согласования|ЛИСТ\s+СОГЛАСОВАНИЯ|Визы|Разослано|Рассылка)\b"
    # the certification of a copy under the signature: "КОПИЯ ВЕРНА / Старший инспектор / ..."
    r"|^(?:Копия\s+верна|КОПИЯ\s+ВЕРНА)\b",
)
# A person's name: "А.А. Григорьев", "В.Н.Шохина", "К. КАБАРДИЕВ", "Шатулова С.Н.",
# "Ануфриева Юлия Валерьевна".
# "Кара-оол", "Хабиб-оглы": a hyphenated surname's second part may be lower case.
# (a surname in capitals starts where a run of capitals starts: tried from each letter of a
# long run, "ЫЫЫ...", it would read the run once per letter)
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?|(?<![А-ЯЁ])[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})?"
_NAME = re.compile(
    # "Т.П. Смирнова", "Т. П. Смирнова", "Т П. Смирнова" (a dot lost in a scan)
    rf"(?P<name>(?:[А-ЯЁ](?:\.\s?|\s)[А-ЯЁ]\.|[А-ЯЁ]\.)\s?(?:{_SURNAME})"
    rf"|(?:{_SURNAME})\s+[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.?)?"
    r"|[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вич|вна|ична|кызы|оглы|улы))\s*$"
)
# Signature-line clutter: "____", "/подпись/", "(подпись)", "М.П.", a stray quote of a scan;
# the mark of a copy that the original is signed: "П.п. Мэр Москвы", "п/п Глава района".
_SIGNATURE_CLUTTER = re.compile(
    r"^\s*(?:[Пп]\.\s?п\.|[Пп]/п)(?=\s)"
    r"|_+|/\s*подпись\s*/|\(подпись\)|\bподпись\b|\bМ\.\s?П\.(?!\s?[А-ЯЁ][а-яё])|/|(?:^|(?<=\s))['‘’`]+(?=\s)"
)
# A class rank or special rank written under the position, not part of it: "старший
# советник юстиции", "юрист 1 класса", "полковник внутренней службы", "действительный
# государственный советник Новосибирской области 2 класса".
_RANK = re.compile(
    r"(?:(?:старший|младший)\s+)?советник\s+юстиции|юрист\s+[1-3]\s+класса"
    r"|(?:действительный\s+)?(?:государственный\s+советник|советник\s+государственной\s+гражданской\s+службы)\b.*?класса"
    r"|(?:генерал(?:-(?:майор|лейтенант|полковник))?|полковник|подполковник|майор|капитан|(?:старший\s+|младший\s+)?лейтенант)"
    r"\s+(?:полиции|юстиции|армии|внутренней\s+службы|медицинской\s+службы)(?:\s+Российской\s+Федерации)?",
    re.IGNORECASE,
)
# The отметка об исполнителе: "Исполнитель: С.Конакбиева", "Исп. Иванова А.А., тел. ..."
_EXECUTOR_MARK = re.compile(r"^(?:Исполнитель|Исп\.?)(?![а-яё])\s*[:.]?\s*(?P<name>[^,;:\d]+?)\s*(?:[,;]|$|(?=тел|\d|\())", re.IGNORECASE)
# A phone number: "8(928) 547-61-61", "8 (3452) 12-34-56", "+7 912 345 67 89", "3382812".
_PHONE = re.compile(r"(?<![\d.])(?P<phone>(?:\+7|8)?\s?(?:\(\d{3,5}\)\s?)?\d{1,3}(?:[-\s]?\d{2}){2,3}|\d{5,7})(?![\d.])")
_PHONE_LABEL = re.compile(r"(?:тел(?:ефон)?\.?|номер\s+телефона|т\.)\s*:?\s*", re.IGNORECASE)
_ACCESS = re.compile(
    r"(?<![\w/])(?:ДСП|Для\s+служебного\s+пользования|Конфиденциально|Коммерческая\s+тайна)(?![\w])",
    re.IGNORECASE,
)
# The head of an approval (or agreement) stamp in a blank: "УТВЕРЖДАЮ", "СОГЛАСОВАНО".
_APPROVAL = re.compile(r"^(?:УТВЕРЖДАЮ|Утверждаю|СОГЛАСОВАНО|Согласовано|УТВЕРЖДЕН[АОЫ]?|Утвержден[аоы]?)\b")
# A letter's marks: "исх. № 12", "На № 5 от 01.02.2020", "Уважаемый Иван Иванович!"
_LETTER_MARK = re.compile(r"(?<![\w])(?:исх\.?|вх\.?)\s*№|^На\s+№|^Уважаем\w+\s", re.IGNORECASE)
# Documents sent to an addressee (the others are acts addressed to no one): "письмо",
# "представление" of a prosecutor, "предписание", "служебная записка".
# kinds of papers addressed to someone: their tasks are the addressee's
ADDRESSED_TYPES = ("письмо", "представление", "предписание", "уведомление", "запрос", "требование", "протест", "записка", "телеграмма")
# An addressee in the dative: "Руководителям ОО", "Главам муниципальных образований".
_ADDRESSEE_MAX_WORDS = 20
# "X сообщает": the issuer of a letter without a blank.
# a letter's text opens by addressing the reader (:data:`AUTHOR_SPEAKS`: "Настоящим
# сообщаем", "Информируем Вас"), or answering: "В ответ на Ваш запрос", "В дополнение к письму"
_LETTER_ANSWER = re.compile(r"^В\s+(?:ответ\s+на|дополнение\s+к)\s", re.IGNORECASE)
_LETTER_VERB = re.compile(
    r"\s(?:сообщает|информирует|направляет|доводит|просит|уведомляет|напоминает|предлагает|рекомендует|разъясняет)\b"
)
# Heads of a structural unit that belongs to the organisation named above it; a branch
# ("Волгоградская областная организация" of a trade union, "Курское региональное отделение"
# of a party) and a commission of an administration are named the same way.
_SUBDIVISION_HEADS = (
    "отдел", "управление", "сектор", "служба", "департамент", "комитет", "комиссия", "организация", "отделение", "филиал",
)
# Territories whose name heads a blank as a parent line and is not part of the issuer.
_TERRITORY_WORDS = ("республика", "федерация", "область", "край", "округ")
# A territorial body names its parent service itself: "Управление ФНС по Вологодской
# области", "Отдел МВД России по Ленинскому району", "ГУ МЧС России по г. Москве".
_TERRITORIAL_BODY = re.compile(
    r"\sпо\s+(?:[А-ЯЁа-яё-]+\s+){0,3}(?:област|кра[юе]|район|республик|округ|город|г\.)", re.IGNORECASE
)
# Collegial bodies that have no name of their own: "ПОСТАНОВЛЕНИЕ ПРЕЗИДИУМА", "решение
# Ученого совета" belong to the organisation of the blank.
_COLLEGIAL_BODIES = ("президиум", "коллегия", "бюро", "совет")
# Officials who issue acts in person for their territory (the signature names the issuer).
_TERRITORIAL_OFFICIALS = ("глава", "губернатор", "мэр", "президент", "председатель", "министр", "уполномоченный", "прокурор")
# A person named in a blank line: "С.Г. Горло", "Горло С.Г." (an approval stamp).
_PERSON_IN_NAME = re.compile(
    r"(?<![А-ЯЁ]\.)(?<![А-ЯЁ]\.\s)(?<![\w])(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+|(?<![\w])[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\."
)
# "г. Москвы" in a type line: the city is the issuer of its law.
_CITY_ABBREVIATION = re.compile(r"^г\.\s*(?=[А-ЯЁ])")
# A blank line that names an organisation without dictionary words: "«ХАСАВЮРТОВСКИЙ»",
# "(РОСМОЛОДЕЖЬ)", "МБОУ «СОШ № 5»", two words of three letters or more.  The two words are
# looked for from a word's start only and the first is taken whole (possessive): a line of
# 100,000 letters without a space is read once, not once from each of its letters.
_NAME_WITHOUT_DICTIONARY_WORDS = re.compile(r"^\(|[«\"]|(?<!\w)\w{3,}+\s+\w{3,}|^[А-ЯЁ]{2,}\s")
# A group of blank lines that is not a complete name yet: "Общество с ограниченной ответственностью".
_INCOMPLETE = re.compile(r"(?:ответственностью|общество|учреждение|предприятие|организация|[-–,]|\s(?:и|по|в|на))$", re.IGNORECASE)
# a municipality's kind in the genitive still waits for its name on the next line:
# "АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ / УСТЬ-ЛАБИНСКИЙ РАЙОН", "... ГОРОДСКОГО ОКРУГА / ГОРОД УФА"
_AWAITS_NAME = re.compile(
    r"(?:муниципального\s+(?:образования|района|округа)|городского\s+(?:округа|поселения)|сельского\s+поселения)$",
    re.IGNORECASE,
)


# ---- units ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A line of the document, or one cell of a table row."""

    index: int
    text: str
    span: Span
    paragraph: Span | None = None  # the paragraph of doc.text the line belongs to

    def sub(self, start: int, stop: int) -> Span:
        return Span(self.span.start + start, self.span.start + stop)


def units_of(doc: Document) -> list[Unit]:
    """Lines of the document: the normalised text split at newlines and tabs, and also
    where the reader's raw text broke a line that normalisation joined into one paragraph
    (a blank's "КУЛЬТУРЫ" / "ул. Пролетарская, 1" lines, a cell's paragraphs) or set two
    columns apart with a wide run of spaces, as a tab does ("ҠАРАР      ПОСТАНОВЛЕНИЕ")."""
    breaks = _joined_line_breaks(doc)
    out: list[Unit] = []
    for m in re.finditer(r"[^\n\t]+", doc.text):
        inside = breaks[bisect_right(breaks, m.start()) : bisect_left(breaks, m.end())]  # breaks are sorted
        cuts = [m.start()] + [b + 1 for b in inside] + [m.end()]
        for a, b in pairwise(cuts):
            raw = doc.text[a:b]
            text = raw.strip()
            if not text:
                continue
            start = a + raw.index(text)
            out.append(Unit(len(out), text, Span(start, start + len(text)), Span(m.start(), m.end())))
    return out


# what normalisation turns into one space but a reader meant as a cut: a line break, or
# the gap between the columns of a text rendering (spaces, or a tab in a paragraph)
_RAW_CUT = re.compile(r"\n| {3,}|\t")


def _joined_line_breaks(doc: Document) -> list[int]:
    """Positions of the spaces that stand for a line break or a column gap of the raw text."""
    out: list[int] = []
    for block in doc.blocks:
        if "\n" not in block.raw and "   " not in block.raw and "\t" not in block.raw:
            continue
        text = doc.text[block.span.start : block.span.stop]
        found: set[int] = set()
        for nl in _RAW_CUT.finditer(block.raw):  # the character whose raw text holds the cut
            i = bisect_right(range(len(text)), nl.start(), key=block.raw_offset) - 1
            if 0 <= i and text[i] == " ":
                found.add(block.span.start + i)
        out.extend(sorted(found))
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
        if _aside(u):
            continue
        junk = _JUNK_LEAD.match(u.text)
        if _TITLE.match(u.text[junk.end() if junk else 0 :]) and len(_words(u.text)) >= 2:
            title = [Unit(u.index, u.text[junk.end() :], u.sub(junk.end(), len(u.text))) if junk else u]
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
            if not _title_continues(title[-1].text, u, dated, morph):
                break
            title.append(u)
        body_start = title[-1].index + 1
    else:
        header_end = next((u.index for u in units[:30] if _is_body(u) and not _aside(u)), min(len(units), 30))
        body_start = header_end
    stamp = _registration_stamp(units[:header_end])
    header = [u for u in units[:header_end] if not _aside(u) and u.index not in stamp]
    end = next((u.index for u in units[body_start:] if _APPENDIX.match(u.text)), len(units))
    # a law's or decree's date block after the signature ("Москва, Кремль / 14 июня 2012
    # года / № 851") closes the act even when its appendix has lost its heading
    end = next((u.index + 2 for u in units[body_start : end - 1] if _is_bare_date(u) and _is_bare_number(units[u.index + 1])), end)
    return Layout(units, header, title, body_start, end)


def _is_bare_date(unit: Unit) -> bool:
    if len(unit.text) > 40 or not re.search(r"\d", unit.text):
        return False
    found = find_dates(unit.text)
    return len(found) == 1 and found[0].to_date() is not None and len(unit.text) - (found[0].stop - found[0].start) <= 4


def _is_bare_number(unit: Unit) -> bool:
    m = _NUMBER.match(unit.text)
    return bool(m) and m.end() == len(unit.text)


# a wrapped line of a title is a line; a longer unit is a paragraph of the text
_TITLE_WRAP_MAX = 250


def _opens_long_paragraph(unit: Unit) -> bool:
    """The first line of a paragraph longer than any title's wrap: the text has begun."""
    p = unit.paragraph
    return p is not None and p.start == unit.span.start and len(p) > _TITLE_WRAP_MAX


def _title_continues(prev: str, unit: Unit, dated: bool, morph) -> bool:
    """Is ``unit`` the wrapped rest of the title line ``prev``?  ``dated``: the blank above
    already has the document's date, so "от 10.01.2024 № 5" here ends a cited act's name."""
    text = unit.text
    if _BODY_START.match(text) or _TYPE_LINE.match(text) or prev.endswith((".", ":", "!")) or _LETTER_VERB.search(text):
        return False  # "ГОКУ «Центр занятости» напоминает ...": the letter's text
    if len(text) > _TITLE_WRAP_MAX or text.endswith(":") or _opens_long_paragraph(unit):
        return False  # a paragraph of the text, or the one that opens its clauses ("..., просит:")
    place = _PLACE_PREFIXED.match(text)
    if place and not _residue(text[place.end() :]):
        first = place.group("name").split("-")[0].lower()  # "г. Йошкар-Ола" under the title; not "г. Москве"
        if not morph.word_is_known(first) or any(p.tag.case == "nomn" for p in morph.parse(first)):
            return False
    if text[:1] in "«\"" and not _TITLE.match(text):
        return True  # "... муниципальной программы / «Развитие культуры ...»": a quoted name
    if _DATE_OR_NUMBER_START.match(text) and not (dated and text.startswith("от ")):
        return False
    if text[:1].islower() or _TITLE.match(text) or _SHORT_ORG_NAME.match(text):
        return True  # "... в распоряжение / Об организации питания": a cited act's title
    if prev.isupper() and text.isupper():
        return True
    if re.search(r"(?:\s(?:в|и|на|по|о|об|для|с|к|от|при|за|из)|[-–,])$", prev, re.IGNORECASE):
        return True
    last = _words(prev)[-1:]
    if last and any(p.tag.POS == "PRTF" for p in morph.parse(last[0].lower())[:1]):
        return True  # "О мероприятиях, посвященных / Международному дню инвалидов": a participle wants its object
    # "... в постановление Администрации / Солнцевского района ...": a genitive goes on
    first = _words(text)[:1]
    parses = morph.parse(first[0].lower()) if first else []
    inflected = [p for p in parses if p.tag.POS in ("NOUN", "ADJF")]
    # "Республики Тыва": a nominative plural reading does not start a new element before a name
    named = len(_words(text)) > 1 and _words(text)[1][:1].isupper()
    return any(p.tag.case == "gent" for p in inflected) and not any(
        p.tag.case == "nomn" and (p.tag.number != "plur" or not named) for p in inflected
    )


# ---- the type --------------------------------------------------------------------------

_TYPE_LINE = re.compile(
    r"^(?P<type>" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in act_types()) + r")(?![а-яё])"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)


# What a blank adds after the type word without naming the issuer: "(по основной
# деятельности)", "по личному составу", "(проект)", "– ПРОЕКТ", "ПО ШКОЛЕ".
_TYPE_QUALIFIER = re.compile(
    r"^\s*(?:\(\s*(?:по\s+[^()]{3,50}|проект)\s*\)"
    r"|по\s+[а-яё-]+(?:\s+[а-яё-]+){0,4}(?=\s*(?:$|\(|от\s|№|N\s?\d|\d))"
    r"|[-–—]\s*проект\b)",
    re.IGNORECASE,
)


# A draft names its type in the genitive: "ПРОЕКТ ПОСТАНОВЛЕНИЯ", "Проект закона Тверской
# области", "проект федерального закона" — the type is that word, what follows as after it.
_DRAFT = re.compile(r"^проект\s+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _draft_types() -> dict[str, str]:
    """The type words in the genitive -> as a blank writes them: "федерального закона" ->
    "федеральный закон"."""
    return {re.sub(r"\s+", " ", inflect_phrase(t, "nomn", "gent").lower()): t for t in act_types()}


@lru_cache(maxsize=1)
def _draft_type_line() -> re.Pattern:
    alternatives = "|".join(re.escape(g).replace(r"\ ", r"\s+") for g in sorted(_draft_types(), key=len, reverse=True))
    return re.compile(rf"^проект\s+(?P<type>{alternatives})(?![а-яё])(?P<rest>.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class TypeLine:
    unit: Unit
    type: str
    span: Span
    rest: str  # what follows the type word: "от 24.04.2007 г № 34-РП", "ПРЕЗИДЕНТА РФ"
    rest_start: int


def _type_of(written: str) -> str:
    return _act_type_names()[re.sub(r"\s+", " ", written.lower())]


def find_type_line(units: list[Unit]) -> TypeLine | None:
    for u in units:
        text = _collapse_spaced(u.text)
        if len(text) != len(u.text):  # "П Р И К А З": the whole unit is the type
            m = _TYPE_LINE.match(text)
            if m and not _TYPE_QUALIFIER.sub("", m.group("rest")).strip():
                return TypeLine(u, _type_of(m.group("type")), u.span, "", len(u.text))
            continue
        m = _TYPE_LINE.match(u.text)
        draft = _draft_type_line().match(u.text) if m is None and _DRAFT.match(u.text) else None
        if draft:  # "ПРОЕКТ ПОСТАНОВЛЕНИЯ": the type word in the genitive
            written = _draft_types()[re.sub(r"\s+", " ", draft.group("type").lower())]
            return TypeLine(u, _type_of(written), u.sub(draft.start("type"), draft.end("type")), draft.group("rest"), draft.start("rest"))
        if m is None:
            continue
        rest_start = m.start("rest")
        qualifier = _TYPE_QUALIFIER.match(m.group("rest"))
        if qualifier:  # "ПРИКАЗ (по основной деятельности)", "Приказ по личному составу"
            rest_start += qualifier.end()
        rest = u.text[rest_start:]
        # the type word alone, or followed by the act's number/date/issuer ("Закон г. Москвы
        # от ...") — not a sentence
        if rest.strip() and (rest.strip()[:1].islower() and not re.match(r"\s*(?:от\s|г\.\s?[А-ЯЁ])", rest)):
            continue
        return TypeLine(u, _type_of(m.group("type")), u.sub(0, m.end("type")), rest, rest_start)
    return _type_word_in_noise(units)


# a word in capitals, as a blank prints the type: "ПОСТАНОВЛЕНИЕ"
_CAPITALS_WORD = re.compile(r"(?<![А-ЯЁа-яё])[А-ЯЁ]{5,}(?![А-ЯЁа-яё])")
# a scanned blank's line holding the type amid OCR debris is short: "ES Республики ... | в о _ ПОСТАНОВЛЕНИЕ"
_NOISY_LINE_MAX_WORDS = 14


def _type_word_in_noise(units: list[Unit]) -> TypeLine | None:
    """A scan's blank where OCR glued debris and the other column to the type word
    ("_ ПРИКАЗ ©", "... Осетия - | в о _ ПОСТАНОВЛЕНИЕ"): a type word in capitals standing
    alone among a short line's tokens, never in a title ("О ПОРЯДКЕ ...")."""
    for u in units:
        if len(_words(u.text)) > _NOISY_LINE_MAX_WORDS or _TITLE.match(u.text):
            continue
        for m in _CAPITALS_WORD.finditer(u.text):
            if m.group().lower() in _act_type_names():
                return TypeLine(u, _type_of(m.group()), u.sub(m.start(), m.end()), "", len(u.text))
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
    signatory: Person | None = None
    issuer: Field | None = None
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
    body = ctx.layout.units[ctx.layout.body_start : ctx.layout.body_start + 2]
    opening = next((u for u in body if AUTHOR_SPEAKS.match(u.text) or _LETTER_ANSWER.match(u.text) or _LETTER_VERB.search(u.text[:120])), None)
    if opening is not None:
        return Field("письмо", opening.sub(0, 0), "letter_opening")
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
        m = next((m for m in _NUMBER.finditer(u.text) if not _NAMED_NUMBER.search(u.text[max(0, m.start() - _NAME_BEFORE_NUMBER) : m.start()])), None)
        if m:
            ctx.number_unit = u.index
            value = re.sub(r"(?<=\d)\.$", "", m.group("number"))
            return Field(value, u.sub(m.start("number"), m.start("number") + len(value)), "blank")
    return None


def number_beside_date(ctx: Context) -> Field | None:
    """"26.02.2025 1245-МО": a blank's number written without "№" next to the date."""
    for u in _near_type(ctx, _blank_candidates(ctx)):
        if not find_dates(u.text):
            continue
        residue = _residue(u.text)
        if re.fullmatch(r"\d[\dА-ЯЁа-яёA-Za-z./-]*", residue) and not re.fullmatch(r"\d{4}", residue):
            start = u.text.rfind(residue)
            ctx.number_unit = u.index
            return Field(residue, u.sub(start, start + len(residue)), "beside_date")
    return None


def _end_block(ctx: Context) -> list[Unit]:
    """Units of a date block after the text: "Москва, Кремль / 27 декабря 1991 года / N 323"."""
    lay = ctx.layout
    return [u for u in lay.units[max(lay.body_start, lay.end - 8) : lay.end] if len(_words(u.text)) <= 6]


def date_from_end_block(ctx: Context) -> Field | None:
    for u in _end_block(ctx):
        if _is_bare_date(u):
            found = find_dates(u.text)[0]
            ctx.date_unit = u.index
            return Field(found.to_date(), u.sub(found.start, found.stop), "end_block")
    return None


def number_from_end_block(ctx: Context) -> Field | None:
    for u in _end_block(ctx):
        m = _NUMBER.match(u.text)
        if _is_bare_number(u):
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
NUMBER_RULES: list[Rule] = [number_from_blank, number_from_end_block, number_beside_date]


# place


def _place_value(m: re.Match) -> str:
    kind = m.group("kind").lower()
    name = _proper_case(m.group("name"))
    if kind in ("г.", "гор.", "город"):
        return name
    return f"{kind} {name}"


_PLACE_PREPOSITION = re.compile(rf"-(?:{_LINK})-")


def _proper_case(name: str) -> str:
    """"РОСТОВ-НА-ДОНУ" -> "Ростов-на-Дону"; other spellings as written."""
    if not name.isupper():
        return name
    parts = name.split("-")
    return "-".join(p.lower() if 0 < i < len(parts) - 1 and p.lower() in _PLACE_LINKS else p[:1] + p[1:].lower()
                    for i, p in enumerate(parts))


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
    rows = {_table_row(ctx, ctx.layout.units[a]) for a in anchors} - {None}
    near = [
        u for u in ctx.layout.header + _end_block(ctx)
        if (any(abs(u.index - a) <= 2 for a in anchors) or _next_to_rows(_table_row(ctx, u), rows))
        and not _ADDRESS.search(u.text)
    ]
    near.sort(key=lambda u: (min(abs(u.index - a) for a in anchors), u.index))
    # a place named with its kind ("г.", "рп", "с.") before a bare proper name
    for u in near:
        m = _PLACE_PREFIXED.search(u.text)
        in_type_word = ctx.type_line and u.index == ctx.type_line.unit.index and m and m.start() < ctx.type_line.rest_start
        if m and not in_type_word and _in_nominative(m.group("name"), ctx):  # "... г. Тулы" ends an issuer's name
            return Field(_place_value(m), u.sub(m.start(), m.end()), "place_prefixed")
    for u in near:
        if ctx.type_line and u.index == ctx.type_line.unit.index:
            continue
        b = _PLACE_BARE.match(_residue(_collapse_spaced(u.text)))
        if b and not is_russian_word(b.group("name").split(",")[0], ctx.morph) and _is_proper(b.group("name"), ctx, b.group("name").isupper()):
            name = b.group("name")
            # the type word in the blank's other language ("ПШКАДЕМА") is no place
            if _in_nominative(name, ctx) and not word_evidence(name.split(",")[0].split()[0], ctx.morph).vocabulary:
                start = u.text.find(name)
                return Field(", ".join(_proper_case(x) for x in name.split(", ")), u.sub(start, start + len(name)), "place_bare")
    return None


def _table_row(ctx: Context, unit: Unit) -> tuple[int, int] | None:
    block = ctx.doc.block_at(unit.span.start)
    return (block.origin.table, block.origin.row) if block and block.origin.table is not None else None


def _whole_cell(ctx: Context, unit: Unit) -> bool:
    block = ctx.doc.block_at(unit.span.start)
    return block is not None and block.kind == "cell" and ctx.doc.slice(block.span).strip() == unit.text


def _next_to_rows(row: tuple[int, int] | None, rows: set[tuple[int, int]]) -> bool:
    """A blank laid out as a table keeps the place in the row of the date or under it,
    in either language's column ("Шупашкар хули | г. Чебоксары")."""
    return row is not None and any(row[0] == t and 0 <= row[1] - r <= 1 for t, r in rows)


def _in_nominative(name: str, ctx: Context) -> bool:
    """A place of issue is named in the nominative: "Тула", not "Тулы" (of "МБОУ ... г. Тулы")."""
    # "Южно-Сахалинск", "Горно-Алтайск": the last part of a compound declines; "Камень-на-Оби"
    # the part before the preposition
    first = _PLACE_PREPOSITION.split(re.split(r"[\s,]", name.lower())[0])[0].split("-")[-1]
    return not ctx.morph.word_is_known(first) or any(p.tag.case == "nomn" for p in ctx.morph.parse(first))


def _is_proper(name: str, ctx: Context, known_only: bool = False) -> bool:
    """A place name; an ALL-CAPS word must be a known one ("МОСКВА", not "БИРИКЭЭС")."""
    first = name.split(",")[0].split("-")[0].lower()
    return any("Geox" in p.tag for p in ctx.morph.parse(first)) or not (known_only or ctx.morph.word_is_known(first))


PLACE_RULES: list[Rule] = [place_from_blank]


# issuer


def _is_organ(phrase: str, ctx: Context, unknown_words: bool = True) -> bool:
    """Does ``phrase`` name an issuer?  Its first noun past the adjectives is an organ,
    organisation, official or territory (data/issuer_heads.txt: "Федеральная служба ...",
    "Муниципальное казенное учреждение ..."), or it opens with an abbreviation or a short
    name ("МКУ", "ОМВД", "Минобрнауки России") or a quoted name — and it names no person
    (an approval stamp "Главный инженер ООО «ВКС» С.Г. Горло").  A heading ("Статья 1"),
    a word of the blank ("ПРОЕКТ", "УТВЕРЖДАЮ") or a person is no issuer.  Without
    ``unknown_words`` a word the dictionary does not know (another language's "БИРИКЭЭС")
    heads nothing."""
    text = phrase.strip()
    person = _PERSON_IN_NAME.search(text)
    if person and not re.search(r"(?<![\w])(?:им\.|имени)\s", text[: person.start()]):
        return False  # "им. А.С. Пушкина" is part of a school's name
    if text[:1] in "«\"“":
        return True
    for word in re.findall(r"[А-ЯЁа-яёA-Za-z]+(?:-[А-ЯЁа-яё]+)*", text)[:6]:
        low = word.lower().replace("ё", "е")
        parses = ctx.morph.parse(low)
        best = parses[0].tag
        if not ctx.morph.word_is_known(low):
            if best.POS in ("ADJF", "PRTF") and "-" in word:
                continue  # "Военно-гражданская администрация"
            # "МКУ", "Росмолодежь"; not OCR debris "Pe"
            return unknown_words and bool(re.fullmatch(r"[А-ЯЁ]{2,}|[А-ЯЁ][а-яё]{5,}", word))
        if "Orgn" in best or (word.isupper() and "Abbr" in best):
            return True
        lemmas = {p.normal_form.replace("ё", "е") for p in parses if p.tag.POS in ("NOUN", "ADJF", "PRTF")} | {low}
        if _is_adjective(parses) and not lemmas & _issuer_heads():
            continue  # "Федеральная служба", "Главное управление"; but "Уполномоченный по правам ребенка"
        if re.match(rf"{re.escape(word)}\s+(?:\d|[IVXLC]+\b)", text[text.index(word) :]):
            return False  # a heading: "Глава 1. Общие положения", "Раздел II"
        return any(lemma in _issuer_heads() or lemma.split("-")[0] in _issuer_heads() for lemma in lemmas)
    return False


def _is_staff_position(phrase: str, ctx: Context) -> bool:
    """"Начальник производственно-диспетчерской службы", "Директор школы": a position in
    the nominative at the top of a text heads an approval stamp; only officials of a
    territory ("ГЛАВА ГОРОДСКОГО ОКРУГА", "ГУБЕРНАТОР КУРСКОЙ ОБЛАСТИ") issue in person."""
    lemma = _head_lemma(phrase, ctx)
    return lemma is not None and _is_position_start(lemma) and lemma not in _TERRITORIAL_OFFICIALS and not _names_territory(phrase, ctx)


def _is_territorial_official(phrase: str, ctx: Context) -> bool:
    lemma = _head_lemma(phrase, ctx)
    return lemma is not None and _is_position_start(lemma) and _names_territory(phrase, ctx)


def _names_territory(phrase: str, ctx: Context) -> bool:
    """"ГЛАВНЫЙ ГОСУДАРСТВЕННЫЙ САНИТАРНЫЙ ВРАЧ ПО НОВОСИБИРСКОЙ ОБЛАСТИ": an official of a
    territory, who issues acts in person (not the staff of one institution)."""
    return any(
        p.normal_form in _TERRITORY_WORDS for w in _words(phrase) for p in ctx.morph.parse(w.lower()) if p.tag.POS == "NOUN"
    )


def _head_lemma(phrase: str, ctx: Context) -> str | None:
    """The lemma of the first noun past the adjectives: "управление", "служба",
    "заведующий" (an adjective that names a person)."""
    for word in _words(phrase)[:6]:
        parses = ctx.morph.parse(word.lower())
        # a participle's lemma is its verb: "заведующий" is looked up as written too
        lemmas = [p.normal_form.replace("ё", "е") for p in parses] + [word.lower()]
        named = [x for x in lemmas if x in _issuer_heads()]
        if named:
            return named[0]
        if _is_adjective(parses):
            continue
        return lemmas[0]
    return None


def _is_adjective(parses) -> bool:
    """An adjective by any reading: "главное" of "Главное управление" reads as a noun first."""
    return any(p.tag.POS in ("ADJF", "PRTF") for p in parses)


def _issuer_field(text: str, span: Span, rule: str, case: str, ctx: Context) -> Field | None:
    """The issuer from the words of a blank: case restored, in the nominative, checked to be
    an organ; a collegial body with no name of its own ("ПРЕЗИДИУМА", "Ученого совета")
    takes the organisation of the blank above it in the genitive."""
    value = _settlement_name_agrees(to_nominative(_restore_case_in(text, ctx), case), case, ctx)
    value = _case_from_text(value, ctx)  # "Конституционный Суд" as the text writes it
    if not _is_organ(value, ctx, unknown_words=False):
        return None
    if _head_lemma(value, ctx) in _COLLEGIAL_BODIES and not _genitive_tail(value, ctx):
        parent = issuer_from_blank(ctx)
        if parent is not None:
            value = f"{value} {_of_parent(parent.value, ctx)}"
    return Field(_capitalise(value), span, rule)


def _settlement_name_agrees(value: str, case: str, ctx: Context) -> str:
    """"Город Москвы" (of "ЗАКОНА ГОРОДА МОСКВЫ") -> "Город Москва": a settlement's name
    stands in apposition to its noun and takes its case."""
    m = re.match(r"^(?P<noun>город|село|поселок|посёлок|станица|деревня|хутор)\s+(?P<name>[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)(?=\s|$)", value, re.IGNORECASE)
    if not m:
        return value
    return value[: m.start("name")] + to_nominative(m.group("name"), case) + value[m.end("name") :]


def _genitive_tail(phrase: str, ctx: Context) -> bool:
    """Does a name go on past its head noun ("Президиум Верховного Совета")?"""
    words = _words(phrase)
    for i, word in enumerate(words):
        if ctx.morph.parse(word.lower())[0].tag.POS not in ("ADJF", "PRTF"):
            return i + 1 < len(words)
    return False


def issuer_in_type_line(ctx: Context) -> Field | None:
    """"УКАЗ ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ", "Приказ Минобрнауки России от ...",
    "Закон г. Москвы от 21.11.2007 N 45": the issuer in the genitive after the type word."""
    t = ctx.type_line
    if t is None or not t.rest.strip():
        return None
    rest = re.split(r"\s(?:от|№|N)\s|\s(?:от|№)|\d|[«\"“]", " " + t.rest)[0].strip(" ,")
    city = _CITY_ABBREVIATION.match(rest)
    if not _words(rest) or not (rest[:1].isupper() or city):
        return None
    start = t.unit.text.find(rest, t.rest_start)
    span = t.unit.sub(start, start + len(rest))
    if city:  # "Закон г. Москвы" -> "Город Москва"
        return Field(f"Город {to_nominative(rest[city.end():], 'gent')}", span, "official_in_type_line")
    return _issuer_field(rest, span, "official_in_type_line", "gent", ctx)


def issuer_after_type(ctx: Context) -> Field | None:
    """"ПОСТАНОВЛЕНИЕ / ГЛАВЫ АДМИНИСТРАЦИИ ГОРОДА", "ПРИКАЗ / МИНИСТЕРСТВА СПОРТА
    РОССИЙСКОЙ ФЕДЕРАЦИИ": the issuer follows a bare type word in the genitive, over one
    or more lines.  "министерства", "правительства", "главы" are genitive singular here
    although they read as nominative plural too."""
    t = ctx.type_line
    if t is None or t.rest.strip():
        return None
    lines: list[Unit] = []
    for u in ctx.layout.header:
        if u.index <= t.unit.index:
            continue
        if u.index != (lines[-1].index if lines else t.unit.index) + 1 or not _in_genitive(u.text, ctx, bool(lines)):
            break
        foreign, russian = _languages_of([u], ctx)
        if foreign > russian:
            break  # the other language's column of a bilingual blank read after the Russian one
        if lines and (lines[0].text.isupper() != u.text.isupper() or u.text[:1].islower() and not u.text.isupper()):
            break  # "КОНСТИТУЦИОННОГО СУДА ... / по жалобе гражданки ...": the name ends
        if _ADDRESS.search(u.text) or _PLACE_PREFIXED.match(u.text):
            break
        # "Министерства транспорта Российской Федерации от 26 апреля 1993 г. N 28"
        dated = re.search(r"\s(?:от|№|N)\s?[\d«_]", u.text)
        if dated or find_dates(u.text) or _NUMBER.search(u.text):
            if dated and not find_dates(u.text[: dated.start()]):
                lines.append(Unit(u.index, u.text[: dated.start()], u.sub(0, dated.start())))
            break
        lines.append(u)
    if not lines:
        return None
    span = Span(lines[0].span.start, lines[-1].span.stop)
    return _issuer_field(" ".join(u.text for u in lines), span, "official_after_type", "gent", ctx)


_MEETING = re.compile(r"^(?:заседания|собрания)\s+", re.IGNORECASE)


def issuer_of_protocol(ctx: Context) -> Field | None:
    """"ПРОТОКОЛ № 2 / заседания комиссии по обеспечению безопасности дорожного движения /
    Кировского муниципального округа": the body that met, named in full under the type.
    A body with no name of its own ("заседания педагогического совета", "заседания
    комиссии") is the blank's: the blank's rule reads it."""
    t = ctx.type_line
    units = ctx.layout.units
    if t is None or t.type != "протокол" or t.unit.index + 1 >= len(units):
        return None
    first = units[t.unit.index + 1]
    m = _MEETING.match(first.text)
    if m is None:
        return None
    lines = [Unit(first.index, first.text[m.end() :], first.sub(m.end(), len(first.text)))]
    for u in units[first.index + 1 : first.index + 3]:
        if find_dates(u.text) or _PLACE_PREFIXED.match(u.text) or ":" in u.text or not _in_genitive(u.text, ctx, True):
            break
        lines.append(u)
    value = to_nominative(_restore_case_in(" ".join(x.text for x in lines), ctx), "gent")
    if not (re.search(r"\sпо\s", value) or _genitive_tail(value, ctx)) or not _is_organ(value, ctx, unknown_words=False):
        return None
    return Field(_capitalise(value), Span(lines[0].span.start, lines[-1].span.stop), "protocol_body")


def _in_genitive(text: str, ctx: Context, continuation: bool) -> bool:
    """Does the line open with a word that can be genitive ("МИНИСТЕРСТВА", "Главы")?  A
    continuation line may also open with a preposition or a conjunction ("ПО РАЗВИТИЮ ...",
    "И НАУКИ")."""
    first = _words(text)[:1]
    if not first or (text[:1].islower() and not continuation):
        return False
    parses = ctx.morph.parse(first[0].lower())
    if continuation and parses[0].tag.POS in ("PREP", "CONJ"):
        return True
    return any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF") for p in parses)


def issuer_from_blank(ctx: Context) -> Field | None:
    lay = ctx.layout
    stamp = _approval_stamp(lay.header)
    stop_at = [i for i in (ctx.date_unit, ctx.number_unit) if i is not None and i not in stamp]
    if ctx.type_line:
        stop_at.append(ctx.type_line.unit.index)
        # a table blank's row of type words holds the other languages' too ("ПОСТАНОВА" |
        # "ПОСТАНОВЛЕНИЕ" | "КЪАРАР"): cells holding one line each
        if _whole_cell(ctx, ctx.type_line.unit):
            row = _table_row(ctx, ctx.type_line.unit)
            stop_at += [u.index for u in lay.header if _table_row(ctx, u) == row and _whole_cell(ctx, u)]
    limit = min(stop_at) if stop_at else (lay.header[-1].index + 1 if lay.header else 0)
    # the addressee's lines are skipped, not a stop: a flattened two-column letter blank
    # alternates the issuer's lines and the addressee's
    addressee = ctx.addressee.span if ctx.addressee is not None else Span(0, 0)
    candidates = [
        u for u in lay.header
        if u.index < limit and u.index not in stamp and not _ADDRESS.search(u.text)
        and not addressee.start <= u.span.start < addressee.stop
    ]
    # the blank ends with its address and requisites; a name under them is the addressee's
    # ("ООО «Управляющая компания» / ул. Мира, 5" of a предписание)
    address = next((u.index for u in lay.header if _ADDRESS.search(u.text) and candidates and candidates[0].index < u.index), None)
    if address is not None:
        # a bilingual blank read column by column, each column with its own address: the
        # issuer is in the Russian one ("РЕСПУБЛИКА ДАГЕСТАН / АДМИНИСТРАЦИЯ ..." under the
        # other language's column, or above it)
        first = [u for u in candidates if u.index < address]
        after = [u for u in lay.header if u.index > address and not _ADDRESS.search(u.text)]
        resumed = after[0].index if after else None
        second = [u for u in candidates if resumed is not None and u.index >= resumed]
        (foreign_1, russian_1), (foreign_2, russian_2) = (_languages_of(col, ctx) for col in (first, second))
        if russian_1 and not (foreign_1 > foreign_2 and russian_2):
            candidates = first
        elif russian_2 and foreign_1 > foreign_2:
            candidates = second
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
        elif not foreign and (not kept or kept[-1].index == u.index - 1) and _NAME_WITHOUT_DICTIONARY_WORDS.search(u.text):
            kept.append(u)  # a name without dictionary words: "«ХАСАВЮРТОВСКИЙ»", "(РОСМОЛОДЕЖЬ)", "МБОУ «СОШ № 5»"
        after_foreign = after_foreign or bool(foreign and kept)
    if not kept:
        return None
    groups = _groups(kept, ctx)
    # the lowest organ of the blank: "МИНИСТЕРСТВО ... / ГОСУДАРСТВЕННОЕ БЮДЖЕТНОЕ УЧРЕЖДЕНИЕ ..."
    # issues as the institution; a word like "ПРОЕКТ" under it is no name
    at = next(
        (i for i in range(len(groups) - 1, -1, -1)
         if (_is_organ(_group_text(groups[i], ctx), ctx) or _is_territorial_official(_group_text(groups[i], ctx), ctx))
         and not _is_staff_position(_group_text(groups[i], ctx), ctx)),
        None,
    )
    if at is None:
        return None
    head = groups[at]
    value = _group_text(head, ctx)
    if at > 0 and _is_subdivision_of(value, _group_text(groups[at - 1], ctx), ctx):
        value = f"{value} {_of_parent(_group_text(groups[at - 1], ctx), ctx)}"
        head = groups[at - 1] + head
    elif territory := _territory_above(groups[:at], value, ctx):
        # "РЕСПУБЛИКА КРЫМ / СОВЕТ МИНИСТРОВ": an organ with no name of its own is the
        # organ of the territory named above it
        value = f"{value} {_of_parent(_group_text(territory, ctx), ctx)}"
        head = territory + head
    span = Span(min(u.span.start for u in head), max(u.span.stop for u in head))
    return Field(_capitalise(value), span, "blank")


def _languages_of(units: list[Unit], ctx: Context) -> tuple[int, int]:
    """(foreign words, Russian words) of a column of blank lines."""
    per_line = line_languages([u.text for u in units], ctx.morph) if units else []
    return sum(sum(ll.foreign.values()) for ll in per_line), sum(ll.russian for ll in per_line)


def _approval_stamp(header: list[Unit]) -> set[int]:
    """Indices of the units of an approval stamp ("УТВЕРЖДАЮ / Начальник управления /
    ____ И.И. Климова / «10» января 2025 г."): its lines name the approver, not the issuer.
    The stamp ends at its date, or at the approver's name when it has no date."""
    out: set[int] = set()
    for k, u in enumerate(header):
        if not _APPROVAL.match(u.text):
            continue
        block = header[k : k + 6]
        end = next((i for i, x in enumerate(block) if find_dates(x.text)), None)
        if end is None:
            end = next((i for i, x in enumerate(block) if _NAME.search(_SIGNATURE_CLUTTER.sub(" ", x.text).rstrip())), 0)
        out.update(x.index for x in block[: end + 1])
    return out


def _group_text(group: list[Unit], ctx: Context) -> str:
    return _restore_case_in(" ".join(u.text for u in group), ctx)


def _is_subdivision_of(unit: str, parent: str, ctx: Context) -> bool:
    """"Управление образования" under "Администрация города Орла" is its unit; "Управление
    Федеральной налоговой службы по Вологодской области" under "Федеральная налоговая
    служба" already names its parent, and a region line above is no parent."""
    if "«" in unit or _head_lemma(unit, ctx) not in _SUBDIVISION_HEADS:
        return False
    if _head_lemma(parent, ctx) in _TERRITORIAL_OFFICIALS:
        return False  # "ГУБЕРНАТОР ... ОБЛАСТИ / Государственный комитет ...": an official has no units
    if any(w in parent.lower() for w in _TERRITORY_WORDS) and not re.match(r"^(?:администрац|министерств)", parent, re.IGNORECASE):
        return False
    parent_head = _head_lemma(parent, ctx)
    named = {ctx.morph.parse(w.lower())[0].normal_form.replace("ё", "е") for w in _words(unit)[1:]}
    return parent_head not in named and not _TERRITORIAL_BODY.search(unit)


def _territory_above(groups: list[list[Unit]], name: str, ctx: Context) -> list[Unit] | None:
    """The nearest territory line above a nameless organ ("Совет министров", "Администрация
    городского поселения": no proper name, no quotes): "ИРКУТСКАЯ ОБЛАСТЬ", "МУНИЦИПАЛЬНОЕ
    ОБРАЗОВАНИЕ «...»"; "РОССИЙСКАЯ ФЕДЕРАЦИЯ" names no organ's territory."""
    if re.search(r"[«\"\d]", name) or any(w[:1].isupper() for w in name.split()[1:]):
        return None
    for group in reversed(groups):
        text = _group_text(group, ctx)
        if _head_lemma(text, ctx) in _TERRITORY_NOUNS or re.match(r"муниципальное\s+образование\b", text, re.IGNORECASE):
            return group
    return None


def _of_parent(phrase: str, ctx: Context) -> str:
    """A parent's name as it follows its unit: "Администрация города Стаханова" ->
    "администрации города Стаханова"; an abbreviation ("ГАУЗ «...»") and a republic's name
    ("Республики Крым") keep their capitals."""
    genitive = _head_to_genitive(phrase, ctx)
    if is_abbreviation(genitive.split(" ")[0]) or _head_lemma(genitive, ctx) == "республика":
        return genitive
    return genitive[:1].lower() + genitive[1:]


def _head_to_genitive(phrase: str, ctx: Context) -> str:
    """"Администрация города Стаханова" -> "Администрации города Стаханова": only the
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
    if not _nominative_singular(w, ctx):
        return False
    if not _is_adjective(ctx.morph.parse(w.lower())):
        return True
    # "Костромской области" under "Департамент образования и науки": the adjective reads
    # as nominative, but its noun is genitive — the name goes on
    for word in words[1:4]:
        parses = ctx.morph.parse(word.lower())
        if not _is_adjective(parses):
            return not ctx.morph.word_is_known(word.lower()) or _nominative_singular(word, ctx)
    return True


def _nominative_singular(word: str, ctx: Context) -> bool:
    return any(
        p.tag.case == "nomn" and p.tag.number == "sing" and p.tag.POS in ("NOUN", "ADJF", "PRTF")
        for p in ctx.morph.parse(word.lower())
    )


def _groups(units: list[Unit], ctx: Context) -> list[list[Unit]]:
    groups: list[list[Unit]] = []
    for u in units:
        prev = " ".join(x.text for x in groups[-1]) if groups else ""
        if groups and (not _starts_name(u.text, ctx) or _INCOMPLETE.search(prev) or _names_municipality(prev, u.text, ctx)):
            groups[-1].append(u)
        else:
            groups.append([u])
    return groups


def _names_municipality(prev: str, text: str, ctx: Context) -> bool:
    """Is ``text`` the name a municipality's kind above it waits for (a territory or a proper
    name, not an organ of its own: "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ" starts a new name)?"""
    if not _AWAITS_NAME.search(prev):
        return False
    head = _head_lemma(text, ctx)
    return head is None or head in _TERRITORY_NOUNS or head not in _issuer_heads()


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
        if name and _is_organ(name, ctx):
            return Field(name, u.sub(start, start + len(name)), "letter_text")
    return None


def issuer_from_signature(ctx: Context) -> Field | None:
    """A document without a blank signs for its organ: "Начальник управления образования
    администрации района" -> "Управление образования администрации района", "Директор
    МБОУ «СОШ № 3»" -> "МБОУ «СОШ № 3»"; an official of a territory ("Глава Заречного
    сельского поселения") issues in person."""
    person = ctx.signatory
    if person is None or not person.position or person.span is None:
        return None
    words = person.position.split()
    for k in range(1, len(words)):
        rest = " ".join(words[k:])
        if not rest[:1].isalpha() and rest[:1] not in "«\"":
            continue
        lemma = _head_lemma(rest, ctx)
        if lemma is None or _is_position_start(lemma):
            continue  # "заместитель начальника управления": past the positions
        if not _is_organ(rest, ctx):
            return None
        if lemma in _TERRITORY_NOUNS:
            value = person.position if words[0].lower() in _TERRITORIAL_OFFICIALS else None
        else:
            value = to_nominative(rest, "gent")
        return Field(_capitalise(value), person.span, "signature_position") if value else None
    return None


ISSUER_RULES: list[Rule] = [
    issuer_in_type_line, issuer_after_type, issuer_of_protocol, issuer_from_blank, issuer_from_letter_text,
    issuer_from_signature,
]


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


def title_after_requisites(ctx: Context) -> Field | None:
    """An act's title that is no "О ..." phrase stands right under its type, date and number:
    the name of a code or of rules ("Кодекс города Москвы об административных
    правонарушениях"), or the same in quotes under a database's one-line heading."""
    t = ctx.type_line
    if t is None or ctx.layout.title or t.type.endswith(ADDRESSED_TYPES):
        return None
    last = max(i for i in (t.unit.index, ctx.date_unit, ctx.number_unit) if i is not None)
    units = ctx.layout.units[last + 1 : last + 5]
    if not units or _BODY_START.match(units[0].text) or _DATE_OR_NUMBER_START.match(units[0].text):
        return None
    text = units[0].text
    # "МЕТОДИЧЕСКИЕ РЕКОМЕНДАЦИИ / по организации ...": the title goes on from the type word
    topic = re.match(r"по\s+[а-яё]{3,}", text)
    quoted = re.fullmatch(r"[«\"“](?P<title>[^«»\"“”]+)[»\"”]", text)
    if quoted:
        return Field(_capitalise(quoted.group("title")), units[0].sub(1, len(text) - 1), "title_quoted")
    words = _words(text)
    first = [p for p in ctx.morph.parse(words[0].lower()) if p.tag.POS == "NOUN" and p.tag.case == "nomn"] if words else []
    # under the type an organ's name may be the issuer ("ПОСТАНОВЛЕНИЕ / Администрация ...");
    # with the issuer in the blank above, "Организация отдыха детей" is the title
    issuer_above = ctx.issuer is not None and ctx.issuer.span is not None and ctx.issuer.span.stop <= t.unit.span.start
    if not topic and (
        not first or len(words) > 20 or text.endswith((".", ":", ";")) or not text[:1].isupper()
        or any("Geox" in p.tag or (p.normal_form in _issuer_heads() and not issuer_above) for p in first)
        or _is_position_start(text)  # a protocol's "Председатель – О.А. Трофимова"
        or _ADDRESS.search(text) or _TYPE_LINE.match(text)
    ):
        return None
    title = [units[0]]
    for u in units[1:]:
        if not _title_continues(title[-1].text, u, True, ctx.morph):
            break
        title.append(u)
    value = " ".join(u.text for u in title)
    if value.isupper():
        value = restore_case(value, ctx.morph)
    return Field(_capitalise(value), Span(title[0].span.start, title[-1].span.stop), "title_after_requisites")


TITLE_RULES: list[Rule] = [title_line, title_after_requisites]


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
            if _names_organ(nxt.text, ctx) and not _open_quote(" ".join(x.text for x in units)):
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


def _open_quote(text: str) -> bool:
    return text.count("«") > text.count("»")


def _names_organ(text: str, ctx: Context) -> bool:
    """"Управление Федеральной службы ..." under "Руководителям ...": an organ's name in
    the nominative is the blank's other column, not the addressee's organisation, which
    stands in the genitive ("муниципальных образований") or as an abbreviation ("ГБУ ...")."""
    first = _words(text)[:1]
    if not first or not is_russian_word(first[0], ctx.morph) or first[0].isupper() and len(first[0]) <= 6:
        return False
    parses = ctx.morph.parse(first[0].lower())
    return not any(p.tag.case in ("gent", "datv") for p in parses) and _starts_name(text, ctx) and _is_organ(text, ctx)


def _is_dative_person(word: str, ctx: Context) -> bool:
    """"Руководителям", "Директору", "Главам", "Главному врачу": a person or office in the
    dative."""
    low = word.lower()
    parses = ctx.morph.parse(low)
    if any(p.tag.case == "datv" and p.tag.POS == "NOUN" and p.tag.animacy == "anim" for p in parses[:1]):
        return True  # "Родителям (законным представителям)", "Участникам", "Иванову И.И."
    # the stem of a position word: "глав" of "глава", "руковод" of "руководитель"
    if not any(low.startswith(p.rstrip("*")[: min(5, len(p.rstrip("*")) - 1)]) for p in _position_words() if len(p.rstrip("*")) >= 4):
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
    if text.count("»") > text.count("«"):
        text = text.replace("»", " ")  # a scan's stray quote: "Глава города»"
    text = re.sub(r"(?:\s+[А-ЯЁ]{1,2})+\s*$", "", " " + text).strip()  # OCR noise "ИР"
    text = re.sub(r"\s[-–—]\s*\d+$", "", text)  # a page number under the line: "... контролю — 97"
    return re.sub(r"\s+", " ", text).strip(" ,")


# a position and a name on one line are a few words: a longer line is no signature, and
# no NER is run over it
_SIGNATURE_LINE_MAX = 300


def _is_signature_line(text: str) -> bool:
    return len(text) <= _SIGNATURE_LINE_MAX and len(_words(text)) <= 14 and not re.match(r"^\d+[.)]", text) and not text.endswith((";", ":"))


# lines between two signature blocks signed one under the other
_SIGNATURES_APART = 3


def find_signatory(ctx: Context) -> tuple[Person | None, int | None]:
    """The "position ... name" that signs the act before the appendices: on one line, or the
    name on its own line (or table cell) under the position's lines.  Of two blocks signed
    one under the other (the chairman and the head of a council's decision, the chairman
    and the secretary of a protocol) the first signs.  A name signed alone ("В.Путин" over
    "Москва, Кремль") is the signatory when no position stands above any name."""
    lay = ctx.layout
    zone: list[Unit] = []  # the last 12 lines of the text, stamps and the executor mark aside
    for u in reversed(lay.units[lay.body_start : lay.end]):
        if len(zone) == 12:
            break
        if not _STAMP.search(u.text) and not _EXECUTOR_MARK.match(u.text):
            zone.insert(0, u)
    name_only: list[tuple[Person, int]] = []
    blocks = _signature_blocks(ctx, zone, name_only)
    found, upper = next(blocks, None), next(blocks, None)
    if found is not None:
        if upper is not None and (
            found[2] - upper[1] <= _SIGNATURES_APART
            and _stands_apart(ctx, upper[2])
            and ":" not in lay.units[upper[2]].text  # "Председательствовал: ..." is a protocol's text
            and not any(u.text.rstrip().endswith(".") for u in lay.units[upper[1] + 1 : found[2]])
        ):
            found = upper
        return found[0], found[1]
    return name_only[0] if name_only else _signatory_by_ner(ctx, zone)


# what a scan leaves after a signed name: "Е.В. Ильина - .", "И.И. Иванов ."
_TRAILING_DEBRIS = re.compile(r"[\s\-–—.,:;'`‘’“”\"|]+$")


def _signature_text(text: str) -> str:
    """A signature line without its clutter and a scan's trailing debris."""
    cleaned = _SIGNATURE_CLUTTER.sub(" ", text).rstrip()
    stripped = _TRAILING_DEBRIS.sub("", cleaned)
    # keep the dot of final initials: "Иванов И.И."
    return cleaned if re.search(r"(?:^|[\s.])[А-ЯЁ]\.$", cleaned) else stripped


def _stands_apart(ctx: Context, top: int) -> bool:
    """A block of its own, not the wrapped end of a clause ("... возложить на заместителя /
    начальника отдела Полтеву Н.А."): it starts a line in capitals after a closed sentence
    or after a table."""
    units = ctx.layout.units
    if not units[top].text[:1].isupper():
        return False
    if top == 0 or units[top - 1].text.rstrip().endswith((".", ":", ";", "!", "?")):
        return True
    before = ctx.doc.block_at(units[top - 1].span.start)
    return before is not None and before.kind == "cell" and _table_row(ctx, units[top]) is None


def _signature_blocks(ctx: Context, zone: list[Unit], name_only: list[tuple[Person, int]]):
    """Signature blocks of ``zone`` from the last up: (person, index of its name's unit,
    index of its first unit); names signed alone are collected in ``name_only``."""
    lay = ctx.layout
    for k in range(len(zone) - 1, -1, -1):
        u = zone[k]
        text = _signature_text(u.text)
        m = _NAME.search(text)
        if not m or not _is_signature_line(u.text) or _is_contact_line(lay.units, u.index):
            continue
        lines = [text[: m.start()]]
        top = u.index
        # walk up while the position is not complete: "Глава Администрации / Аксайского
        # городского поселения", "Заместитель главы – / начальник управления", "Министр /
        # генерал полиции / Российской Федерации" (a rank line between)
        for prev in reversed(zone[:k]):
            first = _clean_position(lines[0])
            joined = prev.text.rstrip().endswith(("–", "—", "-"))  # "Первый заместитель ... – / Министр финансов"
            if first and _is_position_start(first) and not first[:1].islower() and not _is_oblique(first, ctx) and not joined:
                break  # complete; "Губернатора Курской области" is the object of the line above
            between = lay.units[prev.index + 1 : top]  # an e-signature stamp may stand in between
            if not all(_STAMP.search(x.text) for x in between) or not _is_signature_line(prev.text):
                break
            if not _SIGNATURE_CLUTTER.sub("", prev.text).strip() and not "".join(lines).strip():
                # "М.П." or a line for the signature between a position (of a line or two:
                # "Глава сельского поселения / Ташлинский сельсовет") and the name alone
                above = [x for x in zone[:k] if x.index < prev.index][-2:]
                if any(_is_position_start(_clean_position(x.text)) for x in above):
                    top = prev.index
                    continue
            if prev.text.endswith(".") or _NAME.search(prev.text):
                break
            lines.insert(0, _SIGNATURE_CLUTTER.sub(" ", prev.text))
            top = prev.index
        # "По поручению Губернатора области / заместитель Губернатора": the position
        # starts at its first position word
        while len(lines) > 1 and not _is_position_start(_clean_position(" ".join(lines))):
            lines.pop(0)
            top = next(x.index for x in zone if x.index > top)
        position = _clean_position(" ".join(lines))
        name = _proper_name(m.group("name").strip())
        if not position or not _is_position_start(position):
            if not re.search(r"[А-ЯЁа-яё]{2,}", lines[-1]) and re.match(r"[А-ЯЁ]\.", name) and not name_only:
                name_only.append((Person(None, name, u.span, "signature_name"), u.index))
            continue
        stop = u.span.stop
        # the position's last line may stand under the name: "Глава МО      И.Е. Захаров /
        # «Кыталыктаахский наслег»" (the left cell of a signature table, flattened, or the
        # name set in the middle of the cell's lines)
        below = []  # consecutive lines under the name
        # "Начальник Службы – главный государственный / ветеринарный инспектор ...": an
        # adjective at the end wants its noun from the line below
        wanting = _ends_with_adjective(" ".join(lines), ctx)
        for x in zone[k + 1 : k + 3]:
            if x.index != (below[-1].index if below else u.index) + 1:
                break
            if not (_continues_position(x.text, ctx) or (wanting and not below and x.text[:1].islower() and not _NAME.search(x.text))):
                break
            below.append(x)
        if len(below) == 1 and len(_words(below[0].text)) == 1 and not below[0].text[:1].islower():
            below = []  # "Петровского" alone may be a surname: an adjective goes on to its noun
        tail = " ".join(x.text for x in below)
        if (
            below
            and sum(1 for x in lines if x.strip(" _")) <= 2  # a long position is no cell of two lines
            and tail.strip() not in " ".join(lines)  # the other column of two signatures side by side
        ):
            position, stop = _clean_position(" ".join(lines) + " " + tail), below[-1].span.stop
        if position.isupper():
            position = _capitalise(restore_case(position, ctx.morph))
        span = Span(lay.units[top].span.start, stop)
        yield Person(position, name, span, "signature_block"), u.index, top


def _ends_with_adjective(text: str, ctx: Context) -> bool:
    last = _words(text)[-1:]
    return bool(last) and last[0].islower() and any(p.tag.POS == "ADJF" for p in ctx.morph.parse(last[0])[:1])


def _continues_position(text: str, ctx: Context) -> bool:
    """A line that can only go on with a position: a quoted name ("«Кыталыктаахский
    наслег»"), words in the genitive ("муниципального района"), "по ... вопросам"."""
    words = _words(text)
    if not words or len(words) > 8 or re.search(r"\d", text) or _NAME.search(text) or text.rstrip().endswith((".", ":", ";")):
        return False
    if text.lstrip()[:1] in "«\"“":
        return any(len(w) > 3 for w in words)  # not a scan's stray quote: '“a'
    if words[0].lower() == "по":
        return True
    # a whole word ("г. Заречный" under a signature is its place), not a surname (the
    # executor's "Полякова" under the signature)
    return (
        len(words[0]) > 3
        and not _is_position_start(text)
        and any(
            p.tag.case == "gent" and (p.tag.POS == "ADJF" and "Poss" not in p.tag or p.tag.POS == "NOUN" and "Surn" not in p.tag)
            for p in ctx.morph.parse(words[0].lower())
        )
    )


def _signatory_by_ner(ctx: Context, zone: list[Unit]) -> tuple[Person | None, int | None]:
    """Names the patterns above do not know ("Иван Петров", "Петров Иван", non-Russian
    patronymics): natasha's NER over the signature lines only — a few short lines, so it
    costs milliseconds — and only when a position stands before the name or on the line above."""
    for k in range(len(zone) - 1, -1, -1):
        u = zone[k]
        text = _signature_text(u.text)
        if not _is_signature_line(u.text) or _is_contact_line(ctx.layout.units, u.index):
            continue
        persons = [(s, e) for s, e in ctx.res.person_spans(text) if not text[e:].strip(" .")]
        if not persons:
            continue
        start, stop = persons[-1]
        position = _clean_position(text[:start])
        top = u.index
        if not position and k > 0 and _is_signature_line(zone[k - 1].text):
            position, top = _clean_position(zone[k - 1].text), zone[k - 1].index
        if position and _is_position_start(position):
            span = Span(ctx.layout.units[top].span.start, u.span.stop)
            return Person(position, text[start:stop].strip(), span, "signature_ner"), u.index
        return None, None
    return None, None


def _position_from_issuer(person: Person | None, issuer: Field | None, ctx: Context) -> Person | None:
    """A name signed alone under the act of an official ("В.Путин" under "УКАЗ ПРЕЗИДЕНТА
    РОССИЙСКОЙ ФЕДЕРАЦИИ") holds the issuer's office."""
    if person is None or person.position or issuer is None or not _is_position_start(issuer.value):
        return person
    return Person(issuer.value, person.name, person.span, person.rule)


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
    # ALL-CAPS words only: a word written in normal case ("(ФСТЭК России)") stays as written
    tokens = list(re.finditer(r"(?<![а-яёa-z])[А-ЯЁA-Z]+(?:-[А-ЯЁA-Z]+)*(?![а-яёa-z])", text))
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
    # "СЕЛЬСКОГО ПОСЕЛЕНИЯ ВЕРХНЯЯ ОРЛЯНКА", "МУНИЦИПАЛЬНОГО РАЙОНА СЕРГИЕВСКИЙ": nominative
    # words after a territory in the genitive are its name
    for i in range(1, len(words)):
        if not re.fullmatch(r"поселения|района|округа", words[i - 1]):
            continue
        for j in range(i, min(i + 3, len(words))):
            parses = morph.parse(words[j])
            if not words[j].islower() or not any(p.tag.case == "nomn" for p in parses) or any(
                p.tag.case == "gent" or p.normal_form in _TERRITORY_NOUNS for p in parses
            ):
                break
            words[j] = words[j].capitalize()
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


_PAIR = re.compile(r"([А-ЯЁа-яё]+)\s+([А-ЯЁа-яё]+)")
_TERRITORY_NOUNS = ("поселение", "район", "область", "край", "округ", "республика", "город", "село")


def _restore_case_in(text: str, ctx: Context) -> str:
    """:func:`restore_case`, then the capitals the document itself writes: "ПО РАЗВИТИЮ
    ДАЛЬНЕГО ВОСТОКА" -> "по развитию Дальнего Востока" where the title says "... Дальнего
    Востока".  Each pair of adjacent words is looked up in the text; the first word's capital
    counts only inside a sentence."""
    value = restore_case(text, ctx.morph)
    return value if value == text else _case_from_text(value, ctx)


@per_document
def _folded(text: str) -> tuple[str, int]:
    """``text`` in lower case with the regex flags to search it by: a lower-case pattern
    then opens with a literal the engine finds fast; where lowering changes the length
    ("İ"), the text itself, searched ignoring case."""
    lowered = text.lower()
    return (lowered, 0) if len(lowered) == len(text) else (text, re.IGNORECASE)


def _case_from_text(value: str, ctx: Context) -> str:
    words = list(re.finditer(r"[А-ЯЁа-яё]+", value))
    fixed: dict[int, str] = {}
    searched, flags = _folded(ctx.doc.text)
    for a, b in pairwise(words):
        if not (a.group().islower() or b.group().islower()) or value[a.end() : b.start()].strip():
            continue
        first, second = a.group().lower(), b.group().lower()
        # the look-behind goes after the first word, so the pattern opens with its letters
        pattern = re.compile(rf"{first}(?<![\w-]{first})\s+{second}(?![\w-])", flags)
        for found in pattern.finditer(searched):
            m = _PAIR.match(ctx.doc.text, found.start())
            if m.group(1).isupper() or m.group(2).isupper():
                continue
            before = ctx.doc.text[max(0, m.start() - 3) : m.start()].rstrip(" ")
            if before and before[-1] not in ".!?\n\t":
                fixed[a.start()] = m.group(1)
            fixed[b.start()] = m.group(2)
            break
    return "".join(fixed.get(m.start(), m.group()) for m in re.finditer(r"[А-ЯЁа-яё]+|[^А-ЯЁа-яё]+", value))


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
    if kind is not None and not kind.value.endswith(ADDRESSED_TYPES):
        ctx.addressee = None
    number = _first(NUMBER_RULES, ctx)
    when = _first(DATE_RULES, ctx)
    ctx.signatory, signature_at = find_signatory(ctx)
    issuer = ctx.issuer = _first(ISSUER_RULES, ctx)
    signatory = _position_from_issuer(ctx.signatory, issuer, ctx)
    header_lines = [u.text for u in layout.header]
    return Requisites(
        type=kind,
        number=number,
        date=when,
        place=_first(PLACE_RULES, ctx),
        issuer=issuer,
        title=_first(TITLE_RULES, ctx),
        addressee=ctx.addressee,
        signatory=signatory,
        contact=find_contact(ctx, signature_at),
        access=access_mark(ctx),
        header_languages=header_languages(header_lines, res.morph) if header_lines else ["ru"],
        header_span=Span(layout.header[0].span.start, layout.header[-1].span.stop) if layout.header else None,
    )



