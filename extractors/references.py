"""Acts the document cites: type, issuer, date, number, title and relation.

The pass, in order:

1. **Mask** what is not the author's citation (same-length blanks, so offsets hold):
   legal-database notes in ``<...>``, edition notes in every form the databases write them
   (``(в ред. ...)``, ``(п. 12 в ред. ...)``, ``(Утратила силу - Закон ...)``, "абзац
   исключен. - Приказ ...", Garant's "Информация об изменениях:" and "ГАРАНТ:" commentary —
   added by the database, not written by the issuer), aliases ``(далее – ...)``, Минюст
   registration marks, publication sources ("Собрание законодательства ...").
2. **Cite**: ordered rules over the masked text, each a pure function that may abstain —
   an act-type word in any case and number followed by its tail (issuer, date, number,
   title in any order: :func:`_read_tail`); the type is the longest phrase of the
   vocabulary ("конституционный закон"); a number's letter suffix is read with its typed and
   OCR lookalikes undone ("419-Ф3З" -> "419-ФЗ": :func:`normalise_number`); "Администрацией X издано Постановление ..."
   (issuer before the type); a bare date + number whose type stands earlier in the
   sentence (enumerations: "постановлениями ... от ... № 1, от ... № 2"); outgoing
   letter numbers ("исх. № ... от ..."); bare federal-law numbers ("273-ФЗ").
3. **Drop** the document itself (own number from ``requisites``, appendix captions
   "Приложение к приказу ... № 7", "УТВЕРЖДЕНО приказом ...", deixis "настоящего
   приказа", the header line "Приказ № 19"), acts named inside another act's title, and
   everything after the first appendix caption (also a bare "Приложение № 1" line): an
   approved appendix (Положение, Правила) is a document of its own whose citations are
   not the act's (the annotators' call for g07 in NOTES.md).
4. **Relation** from the cue that governs the citation: the last cue of its sentence,
   unless a finite verb stands between them ("В соответствии с письмом ... МКУ сообщает,
   что ..., установленного Федеральным законом" → the law is only mentioned).
5. **Merge** repeated citations of one act (same number and compatible date and type, the
   number's type suffix aside: "№ 152" = "№ 152-ФЗ" of one date; or same date, type and
   issuer with one number missing and titles alike; or same title and type), keeping the
   richer fields. Relation: the
   first *cued* relation wins over "mentions" (a cue is a statement of the author; its
   absence is not), and among cues the first one — the preamble is where an act states
   what it implements or rests on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from extractors.dates import DateMention, find_dates
from extractors.model import ActReference, Relation, Requisites
from extractors.morph import CASES, parses, to_nominative, vocabulary
from extractors.regex_gate import fold_case
from pipeline.document import Document, Span
from pipeline.resources import Resources

# ---- vocabulary ----------------------------------------------------------------------


@dataclass(frozen=True)
class ActType:
    phrase: str  # nominative as written in the vocabulary: "областной закон"
    type: str  # reported: the phrase itself unless the vocabulary says otherwise
    named: bool  # cited by name alone: "Конституции Российской Федерации"
    capital_issuer: bool = False  # a common noun too: cites an act only before a capitalised issuer


@lru_cache(maxsize=1)
def act_types() -> tuple[ActType, ...]:
    out = []
    for row in vocabulary("cited_act_types"):
        phrase = row[0]
        reported = row[1] if len(row) > 1 and row[1] else phrase
        flags = row[2].split() if len(row) > 2 else []
        out.append(ActType(phrase, reported, "named" in flags, "capital_issuer" in flags))
    return tuple(out)


# the letter suffix closing an act number: "152-ФЗ", "44-ОЗ", "15-кз", "18-р", "34-рп", "5-П", "244-О"
NUMBER_SUFFIXES = frozenset(
    "фз фкз оз кз зс зо зрк рз з р рп рг ра п пп пг па пр н од осн у уг ук рк мр о дсп э".split()
)
# characters typed or OCR-read in place of Cyrillic letters of a suffix: "419-Ф3", "44-О3", "18-p"
SUFFIX_LOOKALIKES = str.maketrans("30aAbBcCeEHkKmMoOpPTxXyY", "ЗОаАвВсСеЕНкКмМоОрРТхХуУ")


def _phrase_forms(phrase: str) -> dict[str, str]:
    """Every case/number form of a type phrase -> its case: "перечня поручений" -> gent."""
    words = phrase.split()
    head = next(
        (i for i, w in enumerate(words) if any(p.tag.POS == "NOUN" and p.tag.case == "nomn" for p in parses(w))),
        len(words) - 1,
    )
    forms: dict[str, str] = {}
    for number in ("sing", "plur"):
        for case in CASES:
            out = []
            for i, w in enumerate(words):
                if i > head:
                    out.append(w)
                    continue
                pos = "NOUN" if i == head else "ADJF"
                p = next((p for p in parses(w) if p.tag.POS == pos and p.tag.case == "nomn"), None)
                f = p.inflect({case, number}) if p else None
                out.append(f.word if f else w)
            forms.setdefault(" ".join(out), case)
    return forms


# a word as the type pattern bounds it: "(?<![\w-])" ... "(?![\w-])"
_TYPE_WORD = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class TypeGrammar:
    pattern: re.Pattern
    by_form: dict[str, tuple[ActType, str]]  # "постановлением" -> (ActType, "ablt")
    first_words: frozenset[str]  # case-folded first words of the forms: "постановлением"

    def lookup(self, matched: str) -> tuple[ActType, str]:
        return self.by_form[" ".join(matched.lower().replace("ё", "е").split())]

    def finditer(self, text: str) -> Iterator[re.Match]:
        """``pattern.finditer(text)``, but the long alternation is tried only at words that
        begin some form (the whole-text scan is the costliest step of reading citations)."""
        stop = 0
        for w in _TYPE_WORD.finditer(text):
            if w.start() >= stop and fold_case(w.group()) in self.first_words:
                if (m := self.pattern.match(text, w.start())) is not None:
                    stop = m.end()
                    yield m


@lru_cache(maxsize=1)
def type_grammar() -> TypeGrammar:
    by_form: dict[str, tuple[ActType, str]] = {}
    for act in act_types():
        for form, case in _phrase_forms(act.phrase).items():
            by_form.setdefault(form.replace("ё", "е"), (act, case))
    alternatives = sorted(by_form, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, f.split())) for f in alternatives)
    first_words = frozenset(fold_case(f.split()[0]) for f in alternatives)
    if not all(_TYPE_WORD.fullmatch(w) for w in first_words):  # else a word scan could miss a form
        raise ValueError("cited_act_types: a form must begin with a word")
    return TypeGrammar(re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE), by_form, first_words)


def normalise_suffix(written: str) -> str | None:
    """A number's letter suffix as the vocabulary knows it, lookalikes and OCR doubling
    undone ("Ф3З" -> "ФЗ", "О3" -> "ОЗ", Latin "p" -> "р"); None when it is no known suffix."""
    if not written[:1].isalpha():
        return None
    mapped = written.translate(SUFFIX_LOOKALIKES)
    if all(c.islower() for c, o in zip(mapped, written) if o.isalpha()):
        mapped = mapped.lower()
    undoubled = "".join(c for i, c in enumerate(mapped) if i == 0 or c.lower() != mapped[i - 1].lower())
    return next((f for f in (mapped, undoubled) if f.lower() in NUMBER_SUFFIXES), None)


_SUFFIX = re.compile(r"[-‐–](?P<suffix>[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё0-9]{0,3})$")


def normalise_number(number: str) -> str:
    """The number with its letter suffix normalised; the digits are never touched."""
    m = _SUFFIX.search(number)
    suffix = normalise_suffix(m.group("suffix")) if m else None
    return number[: m.start()] + "-" + suffix if suffix else number


# ---- grammar blocks --------------------------------------------------------------------

# registration number: "18-р", "18/303дсп", "ММ-П10-40556", "06-15872/10-18/23", "2.4.3648-20"
_NUM = r"[0-9A-Za-zА-Яа-яЁё]+(?:[-‐–/.\\][0-9A-Za-zА-Яа-яЁё]+)*"
# "№ 18-р", "№262", "N 56953" (a Latin N standing alone), "Nº 5", a scan's "Ne 5" / "No 5",
# "N ВК-268/07", "N Пр-1234" (a letter prefix of a number)
NUMBER = re.compile(rf"(?:№|(?<![\w])N[º°oeе]?\.?(?=\s*(?:\d|[А-ЯЁ][А-ЯЁа-яё]{{0,3}}-?\d)))\s*(?P<num>{_NUM})")
FROM = re.compile(r"от\s*", re.IGNORECASE)
# outgoing/incoming letter marks that may stand before a number: "исх. № 12", "вх. № 5"
LETTER_MARK = re.compile(r"(?:исх|вх)\.?\s*(?=№|N|от)", re.IGNORECASE)
# a footnote marker glued to a closing quote: "О персональных данных"1
FOOTNOTE_AFTER_QUOTE = re.compile(r"\d{1,3}(?![\w])")
# "273-ФЗ" standing alone; typed and OCR lookalikes: "63-Ф3", "419-Ф3З"
FEDERAL_LAW_NUMBER = re.compile(r"(?<![\w№/-])(?<!№\s)(?P<num>\d+-[ФF][КK]?[З3]+)(?![\w-])")
# a number continued after a space: "№ 152- ФЗ", "№ 134 -ОЗ" (a suffix); "№ 97 ВХ-1 «...»" (a
# letter-digit part, only when the title or "от" follows)
NUMBER_SUFFIX_AFTER_SPACE = re.compile(r"(?:\s+[-‐–]\s*|[-‐–]\s+)(?P<suffix>[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё0-9]{0,3})(?![\w-])")
NUMBER_PART_AFTER_SPACE = re.compile(r"[ \t](?P<part>[А-ЯЁA-Z]{1,4}-[0-9IVX]+)(?=\s*(?:[«\"“„]|от\b))")
# a lowercase suffix after a bare space where the citation ends: "№ 45 р «Об ...»", "№45 р.", "№ 12 п от"
# (not "№ 5 п. 3", "№ 3 о внесении")
SUFFIX_AFTER_BARE_SPACE = re.compile(
    r"[ \t](?P<suffix>[а-яё]{1,3})(?=[ \t]*(?:[«\"“„,;)]|от\s|\n|$)|\.(?:[ \t]+[А-ЯЁ«]|[ \t]*(?:\n|$)))"
)
OPEN_QUOTES = {"«": "»", "“": "”", "„": "“", '"': '"'}
# a title starts with a preposition: «О ...», «Об утверждении ...», «По вопросам ...»
TITLE_START = re.compile(r"^\s*(?:О|Об|Обо|По|На|В|Во|За)\s", re.IGNORECASE)
# what follows a nested title's closing quote when it closes the outer title too: the end of the
# citation (punctuation, a line end) — «... в Закон «Об образовании»; / »,
SHARED_CLOSE_FOLLOWS = re.compile(r"[ \t]*(?:[;,.)]|\n|$)")
# where a title without its closing quote ends: the line, the table cell, a ";" (list items)
UNCLOSED_TITLE_END = re.compile(r"[\n\t;]")
# the dispositive formula an unclosed title runs into: «О ..., решил: 1. Утвердить ...
DISPOSITIVE_FORMULA = re.compile(
    r"[\s,–—-]*(?:решил[аи]?|решает|постановил[аи]?|постановляю|постановляет|приказываю|распоряжаюсь|"
    r"предлагаю|обязываю)\s*(?::|$)",
    re.IGNORECASE,
)
# the head of an appendix caption: "Приложение", "ПРИЛОЖЕНИЕ № 1", "Приложение N 2.1", "Приложение 3а"
_APPENDIX = r"(?:Приложение|ПРИЛОЖЕНИЕ)(?:[ \t]*(?:№|N)?[ \t]*\d+(?:\.\d+)*[а-я]?)?"
# the approval stamp: "УТВЕРЖДЕНЫ", "Утверждено", "УТВЕРЖДЁН"
_APPROVED = r"(?:УТВЕРЖД[ЕЁ]Н[ОАЫ]?|Утвержд[её]н[оаы]?)"
# a caption that names the act it belongs to (the document itself): "Приложение № 1 к приказу",
# "ПРИЛОЖЕНИЕ 2\nК ПОСТАНОВЛЕНИЮ", "УТВЕРЖДЕНЫ приказом", "Утверждено постановлением",
# "Приложение УТВЕРЖДЕН\nприказом" (two stamp lines a PDF reader put on one line)
CAPTION = re.compile(
    rf"(?:^|\n)[ \t*]*(?:{_APPENDIX}\s+(?:[кК](?:\s+настоящему)?|{_APPROVED})|{_APPROVED})\s+(?=\S)"
)
# the start of an appendix even when it names no act: a line that is only "Приложение № 1"
# (not the enclosure note "Приложение: на 2 л."), or "Приложение N 1 к Правилам"
APPENDIX_HEADING = re.compile(rf"(?:^|\n)[ \t*]*{_APPENDIX}(?:[ \t]*(?=\n|$)|\s+[кК]\s+[А-ЯЁ])")
# "настоящего приказа", "данным распоряжением": the document itself
OWN_DEIXIS = re.compile(r"(?:настоящ|данн)\w*\s+$", re.IGNORECASE)
# an issuer named before the type in a passive clause: "Администрацией МР ... издано Постановление"
PASSIVE_ISSUER = re.compile(
    r"(?P<issuer>[А-ЯЁ][^,;:.!?]*?)\s+(?:издан[оаы]?|принят[оаы]?|утвержд[её]н[оаы]?|подписан[оаы]?)\s+$"
)
# leading words of a meeting before the person or body: "по итогам совещания у Председателя ..."
MEETING = re.compile(
    r"^(?:по\s+итогам\s+)?(?:(?:рабочей\s+|совместного\s+|расширенного\s+)?"
    r"(?:совещания|заседания|встречи|селекторного\s+совещания))?\s*(?:у|с|при)?\s+",
    re.IGNORECASE,
)
# a settlement and its name, both in the case of the phrase: "города Москвы", "г. Москвы", "села Ивановки"
SETTLEMENT = re.compile(
    r"^(?P<kind>[Гг]ород(?:а|у|ом|е)?|г\.|[Пп]ос[её]л(?:ок|ка|ку|ком|ке)|пос\.|[Сс]ел(?:о|а|у|ом|е)|с\.|"
    r"[Дд]еревн(?:я|и|е|ей)|д\.|[Сс]таниц(?:а|ы|е|ей)|ст-цы|[Хх]утор(?:а|у|ом|е)?)\s+(?P<name>[А-ЯЁ][\w-]*)"
)
# "г." before a city's name, spelled out so that one issuer is written one way:
# "закона г. Москвы" = "закона города Москвы", "администрации г. Тулы" = "администрации города Тулы"
CITY_ABBREVIATION = re.compile(r"(?<![\w.])г\.\s*(?=(?P<name>[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*))")
# a scan's stray capital glued to a word: "ГПравительства Российской Федерации"
GLUED_CAPITAL = re.compile(r"(?<![\w])[А-ЯЁ](?P<word>[А-ЯЁ][а-яё]{3,})(?![\w])")
# cities that are subjects of the Federation: their laws are cited by the bare name too
# ("Закона Москвы"), the issuer is the city all the same
FEDERAL_CITIES = ("Москва", "Санкт-Петербург", "Севастополь")
# a person's name closing an issuer: "... М.В. Мишустина", "... Мишустина М.В."
TRAILING_PERSON = re.compile(
    r"\s+(?:[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.?)$"
)

# an official publication source: what legal-database footnotes and "(... ст. 1626)" cite
PUBLICATION = (
    r"(?:Собрание\s+законодательства|Российская\s+газета|Бюллетень\s+нормативных\s+актов|"
    r"Официальный\s+интернет-портал\s+правовой\s+информации|Ведомости\s+(?:Съезда|СНД))"
)

# the words that may name a code or constitution after its type word: "Российской Федерации", "РСФСР",
# "города Москвы" (genitives and abbreviations, checked one by one: "Уголовный кодекс\nСтатья 1" stops)
_QUALIFIER_WORD = re.compile(r"\s+(?:города\s+)?[А-ЯЁA-Z][\w-]*")
# the subject of a code: "об административных правонарушениях", "о недрах"
CODE_SUBJECT = re.compile(r"[ \t]+(?:о|об)[ \t]+(?P<words>[а-яё-]+(?:[ \t]+[а-яё-]+){0,3})")

_NEXT_WORD = re.compile(r"\s+(?P<word>[А-Яа-яЁё]+)")


def continue_number(text: str, number: str, stop: int) -> tuple[str, int]:
    """The number extended over a space: "152- ФЗ" -> "152-ФЗ", "97 ВХ-1" -> "97 ВХ-1";
    its letter suffix normalised ("419-Ф3З" -> "419-ФЗ")."""
    m = NUMBER_SUFFIX_AFTER_SPACE.match(text, stop)
    if m and not _SUFFIX.search(number):
        suffix = normalise_suffix(m.group("suffix"))
        after = _NEXT_WORD.match(text, m.end())
        # "№ 12 – о внесении ...", "№ 94 – п. 3": one letter before a lowercase word or a dot
        # is a preposition or an abbreviation, not a suffix
        one_letter = len(m.group("suffix")) == 1 and (
            text.startswith(".", m.end()) or (after is not None and after.group("word")[0].islower() and after.group("word") != "от")
        )
        if suffix and not one_letter:
            return normalise_number(f"{number}-{suffix}"), m.end()
    m = NUMBER_PART_AFTER_SPACE.match(text, stop)
    if m:
        return f"{number} {m.group('part')}", m.end()
    m = SUFFIX_AFTER_BARE_SPACE.match(text, stop)
    if m and number[-1:].isdigit() and normalise_suffix(m.group("suffix")):
        return f"{number} {m.group('suffix')}", m.end()  # kept as written: "45 р"
    return normalise_number(number), stop


def read_number(text: str, pos: int) -> tuple[str, int] | None:
    """The act number at ``pos`` ("№ 18-р", "N 97 ВХ-1") and the offset after it."""
    m = NUMBER.match(text, pos)
    return continue_number(text, m.group("num"), m.end()) if m else None


# a body's decision known by the minutes it was taken in: "решения комиссии от 31 июля 2025 г.
# (протокол № 3)", "(протокол заседания N 12/4)": the minutes' number is the act's number
PROTOCOL_NUMBER = re.compile(rf"\(\s*протокол\w*(?:\s+заседания)?\s*(?:№|N)\s*(?P<num>{_NUM})\s*\)", re.IGNORECASE)


# ---- masks -------------------------------------------------------------------------------

# a unit of a legal text an edition note may open with: "п. 12", "абзац", "Статья", "часть 1.3 раздела 1"
_TEXT_UNIT = (
    r"(?:(?:пп|п|подп|ч|ст|абз|разд|гл|прил)\.|пункт|подпункт|част|стать|абзац|глав|раздел|приложени|позици|"
    r"строк|граф|таблиц|преамбул|наименовани|сноск)[а-яё]*"
)
# what a database's edition note says happened to the text
_EDITION_VERB = (
    r"(?:в\s+)?ред(?:\.|акци[ия])|введен[аоы]?|дополнен[аоы]?|утратил[аио]?\s+силу|исключен[аоы]?|изменен[аоы]?|"
    r"внесены\s+изменения"
)

MASKS: tuple[tuple[str, re.Pattern], ...] = (
    # <Утратил силу: Указ Президента РФ от 25 февраля 2003 г. N 250; НГР:Р0300576>; a list note left
    # unclosed ("<Изменение:\nФедеральный закон от ... N 190-ФЗ,\n...") ends where the next note opens
    ("editorial_note", re.compile(r"<[^<>]{0,3000}>|<(?=[А-ЯЁ])[^<>]{0,3000}(?=<)")),
    # (в ред. Указа Президента РФ от 24.12.1993 N 2288), (ред. от 04.08.2023), (в редакции приказа ...),
    # (п. 12 в ред. Приказа ...), (абзац введен Приказом ...), (Статья в редакции Закона ...),
    # (Утратила силу - Закон ... ), (Пункт дополнен - Федеральный закон ...), (Внесены изменения в ...)
    ("edition_history", re.compile(
        rf"\(\s*(?:{_TEXT_UNIT}(?:\s+[\w.,«»\"“”-]+?)*?\s+)?(?:{_EDITION_VERB})(?![\w])[^()]*(?:\([^()]*\)[^()]*)*\)",
        re.IGNORECASE)),
    # an edition note on a line of its own: "абзац исключен. - Приказ ФСТЭК России от 15.02.2017 N 27.",
    # "Пункт 5 утратил силу с 1 января 2020 года. - Федеральный закон от ...", "Часть 2 изменена с ... - Закон ..."
    ("edition_line", re.compile(
        rf"(?:^|(?<=\n))[ \t]*(?:{_TEXT_UNIT}[^\n]{{0,40}}?\s)?(?:{_EDITION_VERB})(?![\w])[^\n]{{0,60}}?\.?[ \t]+[-–—][ \t]+[^\n]*",
        re.IGNORECASE)),
    # a legal database's commentary: "ГАРАНТ:\nПостановлением ... установлено, что ...", "КонсультантПлюс: примечание."
    ("database_commentary", re.compile(r"(?:ГАРАНТ|КонсультантПлюс)\s*:[^\n]*(?:\n[^\n]*)?")),
    # Garant: a change stated on a line of its own: "Законом г. Москвы от 7 октября 2009 г. N 42 статья 2.4
    # настоящего Закона изложена в новой редакции", "... в статью 4.17 настоящего Закона внесены изменения"
    ("change_statement", re.compile(
        r"(?:^|(?<=\n))[^\n]{0,300}?\bнастоящ\w+\s+\w+\s+(?:изложен[аоы]?\s+в\s+новой\s+редакции|дополнен[аоы]?|"
        r"внесены\s+изменения)(?![\w])[^\n]*")),
    # Garant: "Информация об изменениях:\nЗаконом г. Москвы от ... N 39 в преамбулу ... внесены изменения\n
    # См. текст преамбулы в предыдущей редакции"
    ("change_information", re.compile(
        r"Информация\s+об\s+изменениях:(?:(?:\n[^\n]*){0,6}?\nСм\.[^\n]*|\n[^\n]*)")),
    # (далее – Закон № 273-ФЗ), (далее по тексту — Положение)
    ("alias", re.compile(r"\(\s*далее[^()]*(?:\([^()]*\)[^()]*)*\)", re.IGNORECASE)),
    # Зарегистрирован Минюстом России 23 декабря 2019 г. / (зарегистрирован в Минюсте России ..., № 31262)
    ("registration", re.compile(
        r"зарегистрирован\w*\s+(?:в\s+)?(?:Минюст\w*|Министерств\w+\s+юстиции)[^()\n]*", re.IGNORECASE)),
    # Регистрационный № 56953
    ("registration_number", re.compile(r"регистрационный\s+(?:№|N)\s*\S+", re.IGNORECASE)),
    # Собрание законодательства Российской Федерации, 2012, № 14, ст. 1626
    ("publication", re.compile(rf"{PUBLICATION}[^()\n]*")),
)


# an author's own edition note, which cites the amending act: it opens with the act's type word
# ("в ред. приказа ...", "в редакции законов ...", not the database's "(ред. от 04.08.2023)") and
# stands right after the act it qualifies on the same line — "№ 115 «...» (в ред. приказа ... № 69)",
# "Уставом (в редакции решения ... № 12/45)"; a database writes its notes on a line of their own
# or after the end of the sentence
AUTHOR_EDITION_NOTE = re.compile(r"\(\s*в\s+ред(?:\.|акции)\s+[А-Яа-яЁё]{3,}", re.IGNORECASE)
_NOTE_AFTER_SENTENCE_END = re.compile(r"(?:^|[.;:!?])\s*$")


def is_author_edition_note(text: str, m: re.Match) -> bool:
    line_start = text.rfind("\n", 0, m.start()) + 1
    return bool(AUTHOR_EDITION_NOTE.match(m.group())) and not _NOTE_AFTER_SENTENCE_END.search(
        text[line_start : m.start()]
    )


# the edition statement under the document's title names the acts that amended the document
# (a consolidated text's heading: "О мерах по предупреждению пожаров\n(В редакции Распоряжения
# Администрации Смоленской области от 04.10.2002 г. N 300-р/адм)"): the annotators keep them as
# mentioned acts; the same database's notes inside the body stay masked
_TITLE_LINE_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:О|Об|Обо|По)[ \t][^\n]*\n\s*$")


def is_edition_under_title(text: str, m: re.Match) -> bool:
    return bool(AUTHOR_EDITION_NOTE.match(m.group())) and bool(
        _TITLE_LINE_BEFORE.search(text, max(0, m.start() - 400), m.start())
    )


# masks that spare what the author wrote in the same form
MASK_EXCEPTIONS = {
    "edition_history": lambda text, m: is_author_edition_note(text, m) or is_edition_under_title(text, m),
}


def mask(text: str) -> str:
    """``text`` with the non-citations blanked (newlines kept, so lines and offsets hold)."""
    chars = list(text)
    for name, pattern in MASKS:
        spared = MASK_EXCEPTIONS.get(name)
        for m in pattern.finditer(text):
            if spared is not None and spared(text, m):
                continue
            for i in range(m.start(), m.end()):
                if chars[i] != "\n":
                    chars[i] = " "
    return "".join(chars)


# ---- cues --------------------------------------------------------------------------------

CUES: tuple[tuple[Relation, str], ...] = (
    ("implements", r"во?\s+исполнение"),
    ("implements", r"во\s+выполнение"),
    # "в целях реализации Федерального закона", "в рамках исполнения поручения"
    ("implements", r"в\s+(?:целях|рамках)\s+(?:исполнения|реализации|выполнения)"),
    # "в" is lost by OCR and glued columns ("Российской Федерации соответствии с постановлением"):
    # "соответствии" is said only in "в (полном) соответствии с"
    ("basis", r"(?:в\s+)?соответствии\s+со?"),
    ("basis", r"на\s+основании"),
    ("basis", r"согласно"),
    ("basis", r"руководствуясь"),
    ("basis", r"в\s+силу"),
)
# one scan of the text for all cues: the group that matched names the cue
_CUE_SCAN = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<cue{i}>{pattern})" for i, (_, pattern) in enumerate(CUES)) + r")(?![\w-])",
    re.IGNORECASE,
)
# a cue whose object is not a citation: "в соответствии с ним", "согласно приложению"
CUE_IDLE_OBJECT = re.compile(
    r"\s*(?:ним|ней|ними|нему|этим|тем|котор\w*|настоящ\w*|действующ\w*|вышеизложенн\w*|приложени\w*)(?![\w-])",
    re.IGNORECASE,
)
# "вступает в силу", "утратившим законную силу": the phrase, not the cue "в силу"
CUE_FALSE_BEFORE = re.compile(r"(?:вступ\w*|вступивш\w*|законную|юридическую)\s+$", re.IGNORECASE)
# words that end a cue's scope (a new predicate): "МКУ сообщает, что ...", "внесены изменения"
_SCOPE_BREAKING_POS = {"VERB", "INFN", "PRTS"}
# words an issuer never contains: a preposition opening a title-like phrase, conjunctions of clauses
_NOT_ISSUER_WORDS = {
    "о", "об", "обо", "до", "за", "на", "из", "к", "ко", "в", "во", "что", "а", "но", "как",
    "если", "также", "который", "которым", "которая", "которого", "от", "согласно",
}

# "комиссии в Кабардино-Балкарской Республике", "Уполномоченного в Тверской области": "в" before a
# capitalised name goes on with the issuer (elsewhere it starts the sentence's next phrase)
_TERRITORY_IN = re.compile(r"во?\s+(?:г\.\s*)?[А-ЯЁ][а-яё]")
_WORD = re.compile(r"[А-Яа-яЁёA-Za-z][А-Яа-яЁёA-Za-z-]*\.?|\d+|[,()]")
_LETTERS = re.compile(r"[А-Яа-яЁёA-Za-z][А-Яа-яЁёA-Za-z-]*")


# ---- sentences ---------------------------------------------------------------------------

_END_CANDIDATE = re.compile(r"[.!?…]+(?=\s+[«\"“(]?[А-ЯЁA-Z])|\n(?=[ \t]*\d+(?:\.\d+)*\.?\s+[А-ЯЁ])")
# a dot that closes an abbreviation, an initial or a clause label, not a sentence:
# "г.", "ст.", "п.4.3.", "М.В.", "2.1.", "13.10.2023г."
_NOT_AN_END = re.compile(
    r"(?:^|[\s(])(?:[а-яёa-z]{1,4}|[А-ЯЁA-Z]|(?:[А-ЯЁ]\.){1,2}[А-ЯЁ]|(?:[а-яё]{1,3}\.?)?\d+(?:\.\d+)*(?:\s?г)?)$"
)


def sentence_bounds(text: str) -> list[int]:
    """Offsets where sentences start (the first is 0)."""
    starts = [0]
    for m in _END_CANDIDATE.finditer(text):
        if m.group().startswith(("." , "…")) and _NOT_AN_END.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        starts.append(m.end())
    return starts


# ---- citations ---------------------------------------------------------------------------


@dataclass
class Citation:
    start: int
    stop: int
    type: str | None
    issuer: str | None
    date: date | None
    number: str | None
    title: str | None
    rule: str
    number_stop: int | None = None  # where the written number ends (footnote markers)
    named: bool = False
    relation: Relation = "mentions"
    cued: bool = False
    capitals: bool = False  # read from a heading in capitals ("О ВНЕСЕНИИ ИЗМЕНЕНИЯ В ПРИКАЗ ...")


@dataclass
class _Tail:
    issuer_start: int
    issuer_stop: int
    date: date | None = None
    number: str | None = None
    number_stop: int | None = None
    title: str | None = None
    stop: int = 0

    @property
    def has_core(self) -> bool:
        return self.date is not None or self.number is not None


class _Text:
    """The masked text with what every rule needs: dates, sentences, type-word matches."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.dates: dict[int, DateMention] = {d.start: d for d in find_dates(text)}
        self.sentences = sentence_bounds(text)
        self.types = list(type_grammar().finditer(text))
        self.cues = [(CUES[int(m.lastgroup[3:])][0], m) for m in _CUE_SCAN.finditer(text)]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        from bisect import bisect_right

        i = bisect_right(self.sentences, pos) - 1
        stop = self.sentences[i + 1] if i + 1 < len(self.sentences) else len(self.text)
        return self.sentences[i], stop

    def date_at(self, pos: int) -> DateMention | None:
        d = self.dates.get(pos)
        return d if d is not None and d.year is not None else None


def read_title(text: str, pos: int) -> tuple[str, int] | None:
    """The quoted title at ``pos`` (nested quotes kept whole) and the offset after it."""
    if pos >= len(text) or text[pos] not in OPEN_QUOTES:
        return None
    opener, closer = text[pos], OPEN_QUOTES[text[pos]]
    depth, i = 0, pos
    shared_close = None  # «О внесении изменений в Закон «Об образовании»: one quote closes both
    # a title may wrap over lines, never over a table cell or a blank line
    limit = min(len(text), pos + 1500, *(j for j in (text.find("\t", pos), text.find("\n\n", pos)) if j >= 0))
    while i < limit:
        c = text[i]
        was = depth
        if opener == '"' and c == '"':
            # a straight quote opens when it follows a space and precedes a letter
            opens = i == pos or (text[i - 1] in " \n\t(«" and i + 1 < len(text) and text[i + 1].isalnum())
            depth += 1 if opens else -1
        elif c == opener and opener != closer:
            depth += 1
        elif c == closer:
            depth -= 1
        if depth == 0:
            return _clean_title(text[pos + 1 : i]), i + 1
        if was == 2 and depth == 1 and shared_close is None and SHARED_CLOSE_FOLLOWS.match(text, i + 1):
            shared_close = i
        i += 1
    if shared_close is not None:
        end_at = shared_close + 1
    else:
        # unclosed: the title runs to the end of its line (cell) or to a ";"
        end = UNCLOSED_TITLE_END.search(text, pos + 1)
        end_at = end.start() if end else len(text)
    # ... and never past the dispositive formula: «О ..., решил: 1. Утвердить («...»)
    formula = DISPOSITIVE_FORMULA.search(text, pos + 1, end_at)
    end_at = formula.start() if formula else end_at
    return _clean_title(text[pos + 1 : end_at]), end_at


def _clean_title(title: str) -> str:
    return " ".join(title.split()).strip(" ,.;")


def _skip_space(text: str, i: int, stop: int) -> int:
    while i < stop and text[i].isspace():
        i += 1
    return i


def _is_issuer_word(word: str) -> bool:
    if word[:1].isupper() or not word[:1].isalpha():
        return True  # names, initials ("М.В."), abbreviations
    if word.rstrip(".") in _NOT_ISSUER_WORDS:
        return False
    first = parses(word.rstrip("."))
    return not first or first[0].tag.POS not in _SCOPE_BREAKING_POS | {"PRTF", "GRND"}


def _read_tail(t: _Text, pos: int, limit: int, type_starts: set[int]) -> _Tail:
    """Issuer words, then date / number / title in any order, from ``pos`` up to ``limit``."""
    text = t.text
    tail = _Tail(pos, pos, stop=pos)
    i = pos
    issuer_words = 0
    while True:
        i = _skip_space(text, i, limit)
        if i >= limit:
            break
        m = LETTER_MARK.match(text, i)
        if m:
            i = m.end()
            continue
        m = FROM.match(text, i)
        d = t.date_at(m.end()) if m else None
        if d is None:
            bare = t.date_at(i)
            # a date without "от" belongs to the act only next to its number: "7 мая 2024 г. № 309"
            if bare is not None and (
                tail.number is not None or NUMBER.match(text, _skip_space(text, bare.stop, limit))
            ):
                d = bare
        if d is not None:
            if tail.date is not None:
                break
            tail.date, tail.stop, i = d.to_date(), d.stop, d.stop
            continue
        read = read_number(text, i)
        if read:
            num, end = read
            if tail.number is not None:
                if tail.date is None:
                    break
                # "приказ МБОУ СОШ № 64 от ... № 276": the first number was the issuer's
                tail.issuer_stop = tail.number_stop or tail.issuer_stop
            tail.number, tail.number_stop, tail.stop, i = num, end, end, end
            continue
        if text[i] in OPEN_QUOTES and tail.title is None:
            read = read_title(text, i)
            if read is None:
                break
            title, end = read
            if tail.has_core or TITLE_START.match(title):
                tail.title, tail.stop, i = title, end, end
                f = FOOTNOTE_AFTER_QUOTE.match(text, i)
                if f:
                    i = f.end()
                continue
            if tail.has_core:
                break
            # a quoted name inside the issuer: "Администрации МР «Сергокалинский район»"
            tail.issuer_stop, i = end, end
            issuer_words += 1
            continue
        protocol = PROTOCOL_NUMBER.match(text, i) if tail.date is not None and tail.number is None else None
        if protocol:
            tail.number, tail.number_stop = normalise_number(protocol.group("num")), protocol.end("num")
            tail.stop = i = protocol.end()
            continue
        if tail.has_core or tail.title is not None:
            break
        if i in type_starts:
            break
        w = _WORD.match(text, i)
        if w is None or issuer_words >= 20:
            break
        word = w.group()
        if word == "(":
            close = text.find(")", i, min(limit, i + 80))
            if close < 0 or NUMBER.search(text, i, close) or FROM.search(text, i, close):
                break
            i = close + 1
            tail.issuer_stop = i
            continue
        if word == ")" or word.isdigit() or (word[0].isalpha() and not _is_issuer_word(word) and not _TERRITORY_IN.match(text, i)):
            break
        if any(m.start() == i for _, m in t.cues):
            break
        issuer_words += 1
        i = w.end()
        tail.issuer_stop = i
    return tail


def clean_issuer(raw: str, case: str = "gent") -> str | None:
    """The issuer in the nominative: "распоряжения Губернатора Херсонской области" -> "Губернатор ..."."""
    phrase = " ".join(raw.split()).strip(" ,")
    phrase = re.sub(r"\(\s*\)", "", phrase).strip()
    phrase = MEETING.sub("", phrase, count=1) if MEETING.match(phrase) else phrase
    phrase = TRAILING_PERSON.sub("", phrase).strip(" ,-–—")
    if not _LETTERS.search(phrase):
        return None
    if phrase.isupper() and any(len(w) > 5 for w in phrase.split()):
        phrase = phrase.lower()  # a heading in capitals: "ПРИКАЗ МИНИСТЕРСТВА ГРАЖДАНСКОЙ ОБОРОНЫ ..."
    first = phrase.split()[0]
    if _is_indeclinable(first):
        return phrase
    phrase = GLUED_CAPITAL.sub(_unglued, phrase)
    phrase = _spell_out_city(phrase, case)
    person = _person_adjective_head(phrase, case)
    if person:
        return person
    settlement = SETTLEMENT.match(phrase)
    if settlement:
        # "города Москвы" -> "город Москва": the name is an apposition, it takes the case too
        name = settlement.group("name")
        nominative = f"{to_nominative(settlement.group('kind'), case)} {to_nominative(name, case)}{phrase[settlement.end():]}"
    else:
        nominative = to_nominative(phrase, case)
    if nominative in FEDERAL_CITIES:
        nominative = f"город {nominative}"
    return nominative if settlement and settlement.group("kind").endswith(".") else nominative[:1].upper() + nominative[1:]


def _unglued(m: re.Match) -> str:
    """"ГПравительства" -> "Правительства": the glued form is no word, the rest is one."""
    known = [bool(p and p[0].is_known) for p in (parses(m.group()), parses(m.group("word")))]
    return m.group("word") if known == [False, True] else m.group()


def _spell_out_city(phrase: str, case: str) -> str:
    """"администрации г. Тулы" -> "администрации города Тулы": "г." takes the case of the
    city's name — the phrase's own case when it heads the phrase, else the genitive of a
    dependent name; where the name's case is unclear ("по г. Москве") "г." stays."""
    def spelled(m: re.Match) -> str:
        wanted = case if m.start() == 0 else "gent"
        if not any(p.tag.case == wanted for p in parses(m.group("name")) if p.tag.POS == "NOUN"):
            return m.group()
        city = next((p for p in parses("город") if p.tag.POS == "NOUN"), None)
        form = city.inflect({wanted}) if city else None
        return f"{form.word} " if form else m.group()

    return CITY_ABBREVIATION.sub(spelled, phrase)


def _person_adjective_head(phrase: str, case: str) -> str | None:
    """An adjective or participle that names a person by itself ("Уполномоченного по правам
    ребенка", "Уполномоченного при Президенте ...") is masculine: only the head word is
    inflected, its prepositional complement stays as written."""
    words = phrase.split(" ", 2)
    if len(words) < 2 or not words[0][:1].isupper():
        return None
    nxt = parses(words[1])
    if not nxt or nxt[0].tag.POS != "PREP":
        return None
    head = next(
        (p for p in parses(words[0]) if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == case and p.tag.number == "sing"
         and p.tag.gender in ("masc", None)),
        None,
    )
    form = head.inflect({"nomn", "masc", "sing"}) if head else None
    if form is None:
        return None
    return " ".join([form.word[:1].upper() + form.word[1:], *words[1:]])


def _is_indeclinable(word: str) -> bool:
    """Abbreviations ("МОН ДНР", "АМС") and stump compounds on a genitive ("Минпросвещения")."""
    letters = word.strip("«»\"")
    if len(letters) > 1 and letters.isupper():
        return True
    # "Минобрнауки", "Минпросвещения", "Минкультуры" keep their form; "Минздрава" -> "Минздрав"
    return bool(re.match(r"^Мин[а-яё]{3,}$", letters)) and not letters.endswith("а")


def _typed(act: ActType, number: str | None) -> tuple[str, bool]:
    """The reported type; a "-ФЗ" number makes any "закон" federal."""
    if number and re.search(r"-ФКЗ$", number, re.IGNORECASE):
        return "федеральный конституционный закон", True
    if number and re.search(r"-ФЗ$", number, re.IGNORECASE) and act.type.endswith("закон"):
        return "федеральный закон", True
    return act.type, act.type.startswith("федеральный")


# ---- rules ---------------------------------------------------------------------------------


def cite_type_words(t: _Text) -> list[Citation]:
    """"распоряжения Губернатора ... от 21.01.2026 г. № 18-р «...»" and every other order of parts."""
    text = t.text
    grammar = type_grammar()
    type_starts = {m.start() for m in t.types}
    out = []
    for m in t.types:
        if OWN_DEIXIS.search(text, max(0, m.start() - 30), m.start()):
            continue
        act, case = grammar.lookup(m.group())
        _, sent_stop = t.sentence_of(m.start())
        limit = min(sent_stop, m.end() + 600)
        tail = _read_tail(t, m.end(), limit, type_starts)
        raw_issuer = text[tail.issuer_start : tail.issuer_stop]
        if not (tail.has_core or tail.title or act.named):
            continue
        if act.capital_issuer and raw_issuer.strip() and not raw_issuer.strip()[0].isupper():
            continue  # "определение класса защищенности № 2": the common noun
        if act.named and not (tail.has_core or tail.title):
            # "Конституции Российской Федерации", "Земельным кодексом РСФСР": a proper name
            before = text[max(0, m.start() - 30) : m.start()].split()
            adjective = before[-1] if before and before[-1][:1].isupper() and any(
                p.tag.POS == "ADJF" for p in parses(before[-1])) else ""
            # the qualifier is the genitive naming it ("Российской Федерации", "РСФСР", "города Москвы"),
            # then the subject of a code ("... об административных правонарушениях")
            qualifier_stop = _named_act_qualifier_stop(raw_issuer)
            if not (adjective or qualifier_stop):
                continue
            stop = _code_subject_stop(text, m.end() + qualifier_stop)
            start = m.start() - (len(adjective) + 1 if adjective else 0)
            name = " ".join(f"{adjective} {text[m.start():stop]}".split())
            out.append(Citation(start, stop, act.type, None, None, None,
                                to_nominative(name, case) if case != "nomn" else name, "named_act", named=True))
            continue
        kind, federal = _typed(act, tail.number)
        issuer = None if federal else clean_issuer(raw_issuer)
        start, rule = m.start(), "type_word"
        if issuer is None and not federal and case == "nomn":
            before = PASSIVE_ISSUER.search(text, t.sentence_of(m.start())[0], m.start())
            if before:
                clause = before.group("issuer")
                clause = re.split(r"(?:,|\bчто\b)\s*", clause)[-1]
                if clause and any(p.tag.case == "ablt" for p in parses(clause.split()[0])):
                    issuer = clean_issuer(clause, "ablt")
                    start, rule = before.start("issuer") + before.group("issuer").rfind(clause), "issuer_before_type"
        stop = max(tail.stop, tail.issuer_stop)
        out.append(Citation(start, stop, kind, issuer, tail.date, tail.number, tail.title, rule,
                            number_stop=tail.number_stop))
    return out


def _named_act_qualifier_stop(words: str) -> int:
    """Where the genitive naming a code ("Российской Федерации", "РСФСР", "города Москвы") ends."""
    stop = 0
    while m := _QUALIFIER_WORD.match(words, stop):
        word = m.group().split()[-1]
        if not (word.isupper() or any(p.tag.case == "gent" for p in parses(word))):
            break
        stop = m.end()
    return stop


def _code_subject_stop(text: str, pos: int) -> int:
    """Where "об административных правонарушениях" after a code's name ends: adjectives in the
    prepositional case up to the noun they agree with; ``pos`` when there is no subject."""
    m = CODE_SUBJECT.match(text, pos)
    if m is None:
        return pos
    stop = m.start("words")
    for w in re.finditer(r"[а-яё-]+", m.group("words")):
        forms = [p for p in parses(w.group()) if p.tag.case == "loct"]
        if not forms:
            return pos
        stop = m.start("words") + w.end()
        if any(p.tag.POS == "NOUN" for p in forms):
            return stop
    return pos


# "от 01.02.2024 № 5" / "№ 5 от 01.02.2024" standing without a type word of its own; a letter's
# own mark "исх. № 12 от ...", "вх. № 5 от ...", and the reply's reference to the letter it
# answers, "На № 123 от 01.09.2025" (that letter is cited: the reply mentions it)
_DATE_NUMBER = re.compile(
    rf"(?:(?<![\w-])(?P<mark>исх|вх|на)\.?\s*)?(?:от\s*(?P<d1>\S)|(?:№|(?<![\w])N)\s*(?P<n1>{_NUM})\s*от\s*(?P<d2>\S))",
    re.IGNORECASE,
)


def _common_noun_use(text: str, tm: re.Match) -> bool:
    """"заключение договора", "определение класса": a type word that is also a common noun,
    followed by a lowercase word — it names no act and licenses no bare date and number."""
    act, _ = type_grammar().lookup(tm.group())
    after = _NEXT_WORD.match(text, tm.end())
    return act.capital_issuer and after is not None and after.group("word")[0].islower() and after.group("word") != "от"


def cite_bare_date_numbers(t: _Text, taken: list[Citation]) -> list[Citation]:
    """Enumerated acts ("... № 1, от ... № 2", "и Правительства области от ... № 5") and letters
    ("исх. № 12 от ..."): the type is the nearest type word before, in the same sentence."""
    text = t.text
    grammar = type_grammar()
    covered = sorted((c.start, c.stop) for c in taken)
    out: list[Citation] = []
    for m in _DATE_NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        if m.group("n1"):
            d = t.date_at(m.start("d2"))
            if d is None:
                continue
            number, number_stop, stop = normalise_number(m.group("n1")), m.end("n1"), d.stop
        else:
            d = t.date_at(m.start("d1"))
            if d is None:
                continue
            read = read_number(text, _skip_space(text, d.stop, len(text)))
            if read is None:
                continue
            number, number_stop = read
            stop = number_stop
        sent_start, _ = t.sentence_of(m.start())
        letter = m.group("mark") is not None
        before = [
            tm for tm in t.types
            if sent_start <= tm.start() and tm.end() <= m.start() and m.start() - tm.end() < 400
            and not _common_noun_use(text, tm)
        ]
        if not before and not letter:
            continue
        kind, issuer, rule = "письмо", None, "letter_number"
        if before:
            tm = before[-1]
            act, _ = grammar.lookup(tm.group())
            kind, federal = _typed(act, number)
            prev = [c for c in taken + out if tm.start() <= c.start < m.start()]
            gap_from = max([tm.end()] + [c.stop for c in prev])
            gap = re.sub(r"^[\s,;]*(?:и|а\s+также|или)?\s*", "", text[gap_from : m.start()])
            if not gap.strip() and prev:
                issuer, rule = prev[-1].issuer, "enumerated_act"
            elif gap.strip() and gap.strip()[0].isupper() and all(_is_issuer_word(w) for w in _LETTERS.findall(gap)):
                issuer, rule = (None if federal else clean_issuer(gap)), "enumerated_act"
            else:
                rule = "type_far_before"
        out.append(Citation(m.start(), stop, kind, issuer, d.to_date(), number, None, rule, number_stop=number_stop))
        title = read_title(text, _skip_space(text, stop, len(text)))
        if title and out[-1].title is None and _skip_space(text, stop, len(text)) - stop < 3:
            out[-1].title, out[-1].stop = title[0], title[1]
        covered.append((out[-1].start, out[-1].stop))
    return out


# "... от 4 апреля 2023 г. № 232/551 «...» и № 233/552 «...»": a second number joined to a
# citation shares its date, type and issuer
_JOINED_NUMBER = re.compile(r"[ \t]*(?:,|;)?[ \t]*(?:и|а\s+также)?[ \t]*(?=№|N\s?\d)")


def cite_numbers_sharing_a_date(t: _Text, taken: list[Citation]) -> list[Citation]:
    text = t.text
    out: list[Citation] = []
    for c in sorted(taken, key=lambda c: c.start):
        prev = c
        while prev.date is not None and prev.number is not None:
            joined = _JOINED_NUMBER.match(text, prev.stop)
            read = read_number(text, joined.end()) if joined and joined.end() > prev.stop else None
            if read is None or FROM.match(text, _skip_space(text, read[1], len(text))):
                break  # "№ 5 от ...": an act with a date of its own
            if any(o.start <= joined.end() < o.stop for o in taken + out):
                break
            number, number_stop = read
            cite = Citation(joined.end(), number_stop, prev.type, prev.issuer, prev.date, number, None,
                            "shared_date", number_stop=number_stop)
            title = read_title(text, _skip_space(text, number_stop, len(text)))
            if title and _skip_space(text, number_stop, len(text)) - number_stop < 3:
                cite.title, cite.stop = title
            out.append(cite)
            prev = cite
    return out


# A document approved by an official, not by an act, is cited through the approval itself:
# "Планом основных мероприятий ... на 2004 год, утвержденным губернатором области 15 декабря
# 2003 года", "План ..., утвержденный руководителем Администрации Президента РФ 18.10.2019
# № А4-17978". The approver is a position in the instrumental, not an act type (an act that
# approves is cited by its own type word); the date follows the approver, a number may follow.
APPROVED_DOCUMENT = re.compile(
    r"(?<![\w-])(?P<doc>[Пп]лан|[Пп]рограмм|[Пп]оложени|[Пп]оряд[ок]|[Рр]егламент|[Пп]еречн?|[Кк]онцепци|"
    r"[Сс]тратеги|[Гг]рафик)[а-яё]*(?P<name>[^;()\n]{0,400}?)(?:,\s*|\s+)утвержд[её]нн[а-яё]+\s+"
    r"(?P<approver>[А-Яа-яЁё][А-Яа-яЁё-]*\.?(?:\s+[А-Яа-яЁё][А-Яа-яЁё-]*\.?){0,7}?)\s+(?:от\s+)?(?=\d)"
)


def cite_approved_by_official(t: _Text, taken: list[Citation]) -> list[Citation]:
    text = t.text
    out: list[Citation] = []
    for m in APPROVED_DOCUMENT.finditer(text):
        if any(c.start <= m.start("approver") < c.stop or m.start() <= c.start < m.end() for c in taken):
            continue
        approver = m.group("approver")
        if type_grammar().pattern.match(approver) or OWN_DEIXIS.match(approver.split()[0] + " "):
            continue
        head = parses(approver.split()[0])
        if not head or not any(p.tag.case == "ablt" and p.tag.POS == "NOUN" for p in head):
            continue
        d = t.date_at(m.end())
        if d is None:
            continue
        stop, number = d.stop, None
        read = read_number(text, _skip_space(text, d.stop, len(text)))
        if read is not None:
            number, stop = read
        head_word, rest = re.match(r"(\S+)(.*)", text[m.start("doc") : m.end("name")], re.S).groups()
        kind = to_nominative(head_word.lower())
        title = " ".join((kind[:1].upper() + kind[1:] + rest).split())
        out.append(Citation(m.start(), stop, kind, clean_issuer(approver, "ablt"), d.to_date(), number, title,
                            "approved_by_official", number_stop=stop if number else None))
    return out


def cite_federal_law_numbers(t: _Text, taken: list[Citation]) -> list[Citation]:
    """"согласно 273-ФЗ": a federal-law number standing alone."""
    out = []
    for m in FEDERAL_LAW_NUMBER.finditer(t.text):
        if any(c.start <= m.start() < c.stop for c in taken):
            continue
        kind = "федеральный конституционный закон" if "К" in m.group("num").upper().translate(SUFFIX_LOOKALIKES) else "федеральный закон"
        out.append(Citation(m.start(), m.end(), kind, None, None, normalise_number(m.group("num")), None,
                            "federal_law_number", number_stop=m.end()))
    return out


# ---- the document itself ------------------------------------------------------------------


def _norm_number(number: str | None) -> str | None:
    if not number:
        return None
    latin = str.maketrans("abcehkmoptxyABCEHKMOPTXY", "авсенкмортхуАВСЕНКМОРТХУ")
    return re.sub(r"[№\s.]", "", number).translate(latin).lower().replace("ё", "е")


def _caption_spans(t: _Text) -> list[tuple[int, int]]:
    """Appendix captions followed by a type word: where they start and where the act is named."""
    out = []
    for m in CAPTION.finditer(t.text):
        tm = type_grammar().pattern.match(t.text, m.end())
        if tm:
            out.append((m.start(), tm.start()))
    return out


def appendix_boundary(t: _Text) -> int | None:
    """Start of the first appendix caption after the body (captions at the very top are
    the grif of an approved document, not an appendix)."""
    starts = [start for start, _ in _caption_spans(t)] + [m.start() for m in APPENDIX_HEADING.finditer(t.text)]
    return next((s for s in sorted(starts) if s > 800 and t.text.count("\n", 0, s) >= 3), None)


def _same_as_document(c: Citation, requisites: Requisites) -> bool:
    own_number = _norm_number(requisites.number.value) if requisites.number else None
    own_date = requisites.date.value if requisites.date else None
    own_type = requisites.type.value if requisites.type else None
    types_agree = c.type is None or own_type is None or c.type == own_type
    if own_number and _norm_number(c.number) == own_number and types_agree:
        return c.date is None or own_date is None or c.date.year == own_date.year
    return c.number is None and c.date is not None and c.date == own_date and own_type is not None and c.type == own_type


def _is_header_line(t: _Text, c: Citation) -> bool:
    """"Приказ №19", "Письмо №985 от 13 октября 2023 года": a nominative type opening a line at
    the top, with no issuer after it (the issuer of the own blank stands above) — the
    document's own requisites, not a citation."""
    if c.rule != "type_word" or c.start > 1500 or c.issuer is not None:
        return False
    line_start = t.text.rfind("\n", 0, c.start) + 1
    if t.text[line_start : c.start].strip(" *\t"):
        return False
    m = type_grammar().pattern.match(t.text, c.start)
    return m is not None and type_grammar().lookup(m.group())[1] == "nomn"


def _is_publisher_title_line(t: _Text, c: Citation) -> bool:
    """"Приказ Министерства образования ... от 1 сентября 2020 г. N 01-03/778 "Об утверждении ..."":
    the title line a publisher (Garant) puts after the signature, as the last line of the text,
    names the document itself, however its requisites were read."""
    if c.date is None or c.number is None:
        return False
    line_start = t.text.rfind("\n", 0, c.start) + 1
    if t.text[line_start : c.start].strip(" *\t"):
        return False
    line_stop = t.text.find("\n", c.stop)
    line_stop = len(t.text) if line_stop < 0 else line_stop
    if t.text[line_stop:].strip() or not t.text[:line_start].strip():
        return False  # inside the body, or the whole text
    m = type_grammar().pattern.match(t.text, c.start)
    return m is not None and type_grammar().lookup(m.group())[1] == "nomn"


# ---- relation, footnotes, merging -----------------------------------------------------------


def assign_relations(t: _Text, citations: list[Citation]) -> None:
    spans = sorted((c.start, c.stop) for c in citations)
    for c in citations:
        sent_start, _ = t.sentence_of(c.start)
        cues = [
            (rel, m) for rel, m in t.cues
            if sent_start <= m.start() and m.end() <= c.start and not CUE_IDLE_OBJECT.match(t.text, m.end())
            and not CUE_FALSE_BEFORE.search(t.text, max(0, m.start() - 30), m.start())
        ]
        if not cues:
            continue
        rel, cue = max(cues, key=lambda x: x[1].end())
        if _scope_broken(t.text, cue.end(), c.start, spans):
            continue
        c.relation, c.cued = rel, True


def _scope_broken(text: str, start: int, stop: int, spans: list[tuple[int, int]]) -> bool:
    """Does a finite verb stand in the words between a cue and a citation (titles excluded)?"""
    pieces, i = [], start
    for a, b in spans:
        if b <= start or a >= stop:
            continue
        pieces.append(text[i:a])
        i = max(i, b)
    pieces.append(text[i:stop])
    for word in _LETTERS.findall(" ".join(pieces)):
        if word[:1].islower():
            p = parses(word)
            if p and p[0].tag.POS in _SCOPE_BREAKING_POS:
                return True
    return False


# a footnote of a legal database: "2 Собрание законодательства Российской Федерации, 2012, № 14, ..."
_FOOTNOTE_DEFINITION = re.compile(rf"^[ \t]*(\d{{1,3}})[ \t]+{PUBLICATION}", re.MULTILINE)
_GLUED_MARKER = re.compile(r"(?<=[»\"”)А-Яа-яЁёA-Za-z])(\d{1,3})(?![\w])")


def strip_footnote_markers(text: str, citations: list[Citation]) -> None:
    """Legal databases glue footnote markers to numbers: "№ 2112" is № 211 with footnote 2.

    Only when the text has such footnotes (numbered lines naming a publication source):
    markers run 1, 2, 3 ... in text order, so a number ending in the next expected
    marker loses it."""
    defined = {int(m.group(1)) for m in _FOOTNOTE_DEFINITION.finditer(text)}
    if not defined:
        return
    events = [(m.start(), "marker", m.group(1)) for m in _GLUED_MARKER.finditer(text)]
    events += [(c.number_stop, "number", c) for c in citations if c.number and c.number_stop]
    expected = 1
    for _, kind, value in sorted(events, key=lambda e: e[0]):
        if kind == "marker":
            if value == str(expected):
                expected += 1
            continue
        c, mark = value, str(expected)
        if expected in defined and c.number.endswith(mark) and len(c.number) > len(mark) and c.number[-len(mark) - 1] != "-":
            c.number = c.number[: -len(mark)]
            expected += 1


def _types_agree(a: str | None, b: str | None) -> bool:
    """Unknown agrees with anything; "закон" with "федеральный закон" (the longer phrase
    only adds an adjective)."""
    return a is None or b is None or a == b or a.endswith(" " + b) or b.endswith(" " + a)


_TITLE_STEM = 5  # letters that identify a word whatever its ending
TITLES_AGREE = 0.7  # an author may shorten a title: "О приведении законодательства [Российской Федерации] в соответствие ..."


def _titles_agree(a: str, b: str) -> bool:
    stems = [{w[:_TITLE_STEM] for w in re.findall(r"\w{3,}", t.lower().replace("ё", "е"))} for t in (a, b)]
    shorter = min(len(stems[0]), len(stems[1]))
    return shorter == 0 or len(stems[0] & stems[1]) / shorter >= TITLES_AGREE


def _without_suffix(number: str) -> str:
    """"152-ФЗ" -> "152": the digits that identify an act within its type and date."""
    m = _SUFFIX.search(number)
    return number[: m.start()] if m and normalise_suffix(m.group("suffix")) else number


def _same_act(a: Citation, b: Citation) -> bool:
    types_agree = _types_agree(a.type, b.type)
    issuers_agree = a.issuer is None or b.issuer is None or a.issuer == b.issuer
    titles_agree = a.title is None or b.title is None or _titles_agree(a.title, b.title)
    na, nb = _norm_number(a.number), _norm_number(b.number)
    if na and nb:
        if na == nb:
            return (a.date is None or b.date is None or a.date == b.date) and types_agree
        # "№ 152" and "№ 152-ФЗ" of one date: the suffix only repeats the type
        return a.date is not None and a.date == b.date and types_agree and _without_suffix(na) == _without_suffix(nb)
    if a.date and b.date:
        # the same act cited once without its number: "Указа ... от 24 декабря 1993 года «...»"
        return a.date == b.date and a.type == b.type and issuers_agree and titles_agree
    if a.title and b.title and a.type == b.type and (a.date is None or b.date is None):
        return a.title.lower() == b.title.lower()
    if a.named and b.named:
        return a.title == b.title
    return False


def merge(citations: list[Citation]) -> list[Citation]:
    out: list[Citation] = []
    for c in sorted(citations, key=lambda c: c.start):
        twin = next((o for o in out if _same_act(o, c)), None)
        if twin is None:
            out.append(c)
            continue
        for name in ("type", "issuer", "date", "number", "title"):
            mine, theirs = getattr(twin, name), getattr(c, name)
            # a value read from a heading in capitals gives way to the same value as written in the
            # text; a longer type or number ("федеральный закон", "152-ФЗ") to the shorter one
            richer = name in ("type", "number") and mine is not None and theirs is not None and len(theirs) > len(mine)
            if theirs is not None and (mine is None or richer or (twin.capitals and not c.capitals)):
                setattr(twin, name, theirs)
        twin.capitals = twin.capitals and c.capitals
        if c.cued and not twin.cued:
            twin.relation, twin.cued = c.relation, True
    return out


# ---- entry point ------------------------------------------------------------------------------


def find_citations(text: str, requisites: Requisites | None = None) -> list[Citation]:
    """Every act cited in ``text``, once each, in order of first citation."""
    t = _Text(mask(text))
    citations = cite_type_words(t)
    citations += cite_bare_date_numbers(t, citations)
    citations += cite_numbers_sharing_a_date(t, citations)
    citations += cite_federal_law_numbers(t, citations)
    citations += cite_approved_by_official(t, citations)
    boundary = appendix_boundary(t)
    captions = _caption_spans(t)
    assign_relations(t, citations)  # a cue before it ("Во исполнение Указа ...") cites another act
    kept = []
    for c in citations:
        if boundary is not None and c.start >= boundary:
            continue
        if any(c.start == named for _, named in captions):
            continue
        if requisites is not None and not c.cued and _same_as_document(c, requisites):
            continue
        if _is_header_line(t, c) or _is_publisher_title_line(t, c):
            continue
        if any(o is not c and o.start < c.start and c.stop <= o.stop for o in citations):
            continue  # named inside another act's title («О внесении изменений в Закон ... от ... № 1 «...»»)
            # or minutes that number it ("решения комиссии от ... (протокол № 3)")
        kept.append(c)
    for c in kept:
        c.capitals = t.text[c.start : c.stop].isupper()
    strip_footnote_markers(text, kept)
    for c in kept:
        c.relation, c.cued = "mentions", False
    assign_relations(t, kept)
    return merge(kept)


# An act is identified by its date and number (the annotation convention); a document approved
# by an official carries no number of its own ("План ..., утвержденный губернатором области
# 15 декабря 2003 года"): the approval's date identifies it.
NUMBERLESS_BY_NATURE = frozenset({"approved_by_official"})


def is_identified(ref: ActReference) -> bool:
    return ref.date is not None and (ref.number is not None or ref.rule in NUMBERLESS_BY_NATURE)


def extract_references(doc: Document, res: Resources, requisites: Requisites) -> list[ActReference]:
    return [
        ActReference(c.type, c.issuer, c.date, c.number, c.title, c.relation, Span(c.start, c.stop), c.rule)
        for c in find_citations(doc.text, requisites)
    ]


