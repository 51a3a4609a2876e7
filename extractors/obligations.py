"""Obligations of the dispositive clauses (and of letters' running text).

One obligation per leaf clause that requires someone to act.  A clause is read as a
*directive*: [addressing verb] [executor] [modal marker] [deadline] <infinitive> <rest>
("Рекомендовать органам ... обеспечить ...", "Руководителям ОО в срок до ... провести ...",
"Колхозы и совхозы обязаны ... провести ...", "Информацию просим направить ...").
Containers ("Руководителям ...:", "... обеспечить:") hand their executors, verb, modality
and deadline down to their sub-clauses, which may override each of them.  Clauses whose
verb the act itself executes ("Утвердить", "Назначить ответственным", "Признать
утратившим силу") are not obligations unless an executor is named; nor are entry into
force and the control clause.  Letters (no dispositive part) give one obligation per
sentence with a request marker ("просим", "необходимо", "рекомендуем", ...), addressed
to the letter's addressee unless the sentence names its own executor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from extractors.clauses import LETTER_LEADS, Clause, find_dispositive, own_text, parse_clauses
from extractors.control import CONTROL_CLAUSE
from extractors.deadlines import find_deadline
from extractors.executors import DEFINITION, executor_parts, has_case
from extractors.model import NO_DEADLINE, Deadline, Executor, Modality, Obligation, Requisites
from extractors.morph import (
    capitalize_first,
    inflect_phrase,
    is_abbreviation,
    is_name_word,
    parses,
    substantive,
    vocabulary,
    word_set,
)
from extractors.requisites import ADDRESSED_TYPES
from pipeline.document import Document, Span
from pipeline.resources import Resources, per_document

# --- clauses that are not obligations ---------------------------------------------------
# "Настоящий приказ вступает в силу со дня ...", "Постановление вводится в действие ..."
ENTRY_INTO_FORCE = re.compile(r"вступа\w*\s+в\s+(?:законную\s+)?силу|вв(?:одится|ести)\s+в\s+действие", re.IGNORECASE)
# "Информацию ... принять к сведению": the council notes a report, nobody has to act
NOTED = re.compile(r"\bпринять\s+к\s+сведению\b", re.IGNORECASE)
# "..., подлежит размещению на официальном сайте" inside the entry-into-force clause, or
# "Настоящее постановление подлежит официальному опубликованию ...", "Постановление
# подлежит размещению ..." on its own
PUBLICATION_DUTY = re.compile(
    r"(?:,\s*|\s+и\s+|^\s*(?:(?:Настоящ|Данн)\w+\s+\w+|(?:Приказ|Постановлени|Распоряжени|Решени|Указ)\w*)\s+)"
    r"(?P<duty>подлежит\s+(?P<manner>официальному\s+)?"
    r"(?P<noun>опубликованию|размещению|обнародованию)\b(?P<rest>.*))$",
    re.IGNORECASE | re.DOTALL,
)
# the duty is written as the task, without the act as its subject: "подлежит официальному
# опубликованию в газете" → "официально опубликовать в газете"
_PUBLICATION_TASK = {"опубликованию": "опубликовать", "размещению": "разместить", "обнародованию": "обнародовать", "официальному": "официально"}

# --- two tasks in one sentence --------------------------------------------------------------
# a coordinating joint that may open a second task of the same executor; it splits the
# sentence only when an infinitive stands on both sides and both tasks carry their own
# deadline, or the second names its own executor (see :func:`task_parts`):
# "в срок до 01.09 провести инструктаж и до 15.09 представить отчет",
# "подготовить план до 10 июня; представить его до 20 июня",
# "... до 1 мая, а также направить ... до 1 июня",
# "провести проверку в течение 5 дней, а результаты направить до 30.06",
# "подготовить проект плана до 16.03.2026, окончательный вариант представить до 27.03.2026"
TASK_JOINT = re.compile(r"\s*(?:;|,\s*а\s+также\b|,\s*а\b|,?\s+и\b|,)\s*", re.IGNORECASE)

# --- modal markers inside a sentence: (pattern, modality, case of the executor) ----------
MODAL_MARKERS: list[tuple[re.Pattern, Modality, str]] = [
    # "просим (вас) направить", "Прошу руководителей ОО обеспечить" (executor after it)
    # "Управление образования просит Вас ..." (the issuer speaks of itself in the third person)
    (re.compile(r"\b(?:просим|прошу|просит)(?:\s+(?:вас|Вас|всех))?\b", re.IGNORECASE), "requested", "accs"),
    # "предлагаем рассмотреть" in letters
    (re.compile(r"\b(?:предлагаем|предлагаю)\b", re.IGNORECASE), "requested", "datv"),
    # "Победителю конкурса рекомендовать принять участие": the verb after its executor
    (re.compile(r"\b(?:рекомендуется|рекомендуем|рекомендую|рекомендовать)\b", re.IGNORECASE), "recommended", "datv"),
    # "руководителям ОО необходимо ...", "следует", "надлежит", "поручаю", "поручается"
    # ("как следует из материалов", "из этого следует" report a conclusion, not a duty)
    (re.compile(r"\b(?:необходимо|(?<!как\s)(?<!из\s)(?<!этого\s)следует(?!\s+(?:из|понимать|иметь\s+в\s+виду)\b)|надлежит|поручаю|поручается|требуется)\b", re.IGNORECASE), "mandatory", "datv"),
    # nominative subject: "Колхозы и совхозы обязаны ...", "Руководители должны ..."
    (re.compile(r"\b(?:обязаны|обязан|обязана|обязано|должны|должен|должна|должно)\b", re.IGNORECASE), "mandatory", "nomn"),
]
# what may stand before a marker that opens a sentence: "Дополнительно", "Также", "Вместе с тем"
_LEADS = re.compile(rf"[\s,]*(?:{LETTER_LEADS}[\s,]*)?", re.IGNORECASE)
# one search for all of them: most sentences have none
ANY_MODAL_MARKER = re.compile("|".join(f"(?:{p.pattern})" for p, _, _ in MODAL_MARKERS), re.IGNORECASE)
# --- sentences that state a right or a norm, not a task ----------------------------------
# a permission before the infinitive: "Требования могут применяться", "вправе обратиться",
# "имеют право знакомиться", "допускается проводить", "можно направить"
PERMISSION = re.compile(
    r"\b(?:может|могут|можно|вправе|(?:имеет|имеют|имеющ\w+)\s+право|допуска\w*|разреша\w*|не\s+запрещ\w*)\b",
    re.IGNORECASE,
)
# words opening a subordinate clause: a finite verb after them does not govern the
# infinitive ("Руководителям ОО, в которых обучаются дети, обеспечить ...")
_SUBORDINATORS = {"который", "которая", "которое", "которые", "которых", "которым", "которыми", "котором", "которого", "которой", "которую",
                  "что", "чтобы", "если", "когда", "где", "куда", "откуда", "как", "поскольку", "пока", "хотя", "ли", "чем"}
# an amendment applied to a unit of text is executed by the act itself: "часть 1 статьи 2
# дополнить словами «...»", "пункт 3 изложить в следующей редакции", "слова «...» заменить
# словами «...»", "подпункт «в» исключить", "абзац второй признать утратившим силу"
AMENDMENT = re.compile(
    r"\b(?:дополнить|изложить|заменить|исключить|признать|считать)\b.{0,200}?"
    r"(?:\b(?:слов\w*|цифр\w*|числ\w*|текст\w*|знак\w*|(?:под)?пункт\w*|стать\w*|абзац\w*|част\w*|глав\w*|раздел\w*|строк\w*|граф\w*|"
    r"приложени\w*|предложени\w*|примечани\w*|сноск\w*)\b|\bредакци\w*|\bутратившим\w*\s+силу)"
    r"|^\s*(?:в\s+)?(?:(?:под)?пункт\w*|стать\w*|абзац\w*|част\w*|глав\w*|раздел\w*|приложени\w*|строк\w*|граф\w*|наименовани\w*|преамбул\w*|слов\w*)\b"
    r"[^.;:]{0,200}?\b(?:дополнить|изложить|заменить|исключить|признать)\b",
    re.IGNORECASE | re.DOTALL,
)
# a standard's designation is not an executor: "ГОСТ Р 51583", "СанПиН 2.4.3648-20"
_STANDARD = re.compile(r"^\s*(?:ГОСТ|ОСТ|СНиП|СанПиН|СП|ТУ|ISO|ИСО|МУ|МР)\b", re.IGNORECASE)
# a person's name opening an executor phrase: "Кимовой Е.А.", "А.А. Ивановой"
_PERSON_FIRST = re.compile(r"^\s*(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+(?:[А-ЯЁ]\.\s?){1,2}|(?:[А-ЯЁ]\.\s?){1,2}\s*[А-ЯЁ][а-яё]+)")
# words an executor phrase never ends with: "Обрабатываемые данные не", "ГОСТ Р 51624 и"
_EXECUTOR_TAIL = re.compile(r"(?:[\s,]+(?:не|ни|и|или|либо|а|но|также|а\s+также))+\s*$", re.IGNORECASE)

# the dispositive opening word sets the modality of the whole part
OPENING_MODALITY: dict[str, Modality] = {
    "просим": "requested", "прошу": "requested", "просит": "requested", "рекомендуем": "recommended",
    "рекомендую": "recommended", "предлагаем": "requested", "предлагаю": "requested",
}
# an executor phrase ends where an adverbial starts: "Руководителям ОО при проведении ..."
_ADVERBIAL = re.compile(r"\s(?:при|для|в\s+целях|с\s+целью|в\s+случае|в\s+рамках|в\s+ходе|в\s+период|после|путем|путём|по\s+мере)\s", re.IGNORECASE)
# a sentence glued to the phrase before it where a line break was lost: a capitalised
# preposition after a lower-case word ("Главам муниципальных районов и городских округов В
# соответствии с Указом ... необходимо активизировать ...": the addressee line run into the text)
_GLUED_SENTENCE = re.compile(r"(?<=[а-яё»)])\s+(?=(?:В|Во|На|По|С|Для|При|Согласно|Учитывая|Во\s+исполнение)\s)")
# words left of a deadline that belong to it: "в срок до", "в срок не позднее", "срок –"
_DEADLINE_LEAD = re.compile(r"(?:\b(?:в\s+)?(?:срок(?:и)?|период)\s*(?:[:–—-]\s*)?)$", re.IGNORECASE)
_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z]+(?:-[А-ЯЁа-яёA-Za-z]+)*")
# initials before a full stop: "... Иванову А.А." does not end the sentence
_INITIALS_END = re.compile(r"(?:^|\s)(?:[А-ЯЁ]\.){1,2}$")
# (not the dot of an abbreviation before a name: "г. Москва", "ул. Нурадилова", "обл.", "им.")
_SENTENCE_END = re.compile(
    r"(?<!\b[а-яё])(?<!\bг)(?<!\bст)(?<!\bп)(?<!\bпп)(?<!\bим)(?<!\bт\.е)(?<!\bул)(?<!\bпр)(?<!\bпер)(?<!\bобл)"
    r"(?<!\bпос)(?<!\bдер)(?<!\bкорп)[.!?](?=\s+[А-ЯЁ«\"]|\s*$)"
)
# "Ответственному лицу": a term an earlier clause defined ("Назначить ответственным лицом
# директора Иванову И.И. (далее – Ответственное лицо)")
_TERM = re.compile(r"\(\s*далее\s*(?:по\s+тексту\s*)?[-–—]?\s*(?P<term>[^()]+?)\s*\)", re.IGNORECASE)
# the role an appointment gives, in the instrumental, before its verb: "Ответственным за
# соблюдение требований охраны труда назначить ..."
_APPOINTED_AS = re.compile(r"ответственн\w*\s+(?:лицом\s+)?(?:за|по)\s", re.IGNORECASE)
_APPOINTMENT = re.compile(r"^(?:Назначить|Определить)\s+ответственн\w+(?:\s+лиц\w+)?", re.IGNORECASE)

# circumstances before the verb of a container, dropped from what its sub-items inherit:
# "В целях организации отдыха детей, обеспечить:" → "обеспечить"
# — and from a clause's own action when no executor stands between them and the verb or
# the request: "1.Учитывая неоценимый вклад ..., провести в 2008 году мероприятия ...",
# "Учитывая изложенное, просим представить информацию ..."
_PREAMBLE = re.compile(
    r"^(?:В\s+целях|В\s+связи\s+с|Во\s+исполнение|В\s+рамках|С\s+целью|Для|При|Учитывая|Принимая\s+во\s+внимание"
    r"|Руководствуясь|На\s+основании|В\s+соответствии\s+с)\b[^:;]*?,\s*"
    r"(?=[а-яё]+(?:ть|ти|чь)(?:ся)?\b|(?:просим|прошу|необходимо|рекомендуем|предлагаем)\b)",
    re.IGNORECASE,
)
# a clause naming where the money comes from sets a rule, not a task: "Финансирование
# расходов на проведение конкурса осуществлять за счет средств областного бюджета",
# "Расходы по проведению мероприятий производить за счет ..."
FUNDING_SOURCE = re.compile(
    r"^\s*(?:Финансирование|Финансовое\s+обеспечение|Расходы|Оплату)\b[^.;]*?\bза\s+сч[её]т\b", re.IGNORECASE
)

# co-executors: opening a clause whose executor the container names ("1.2. Совместно с МКУ
# «Управление строительства» провести ..."), or right after the verb ("организовать
# совместно с сотрудниками полиции патрулирование ...")
_TOGETHER = re.compile(r"\s*,?\s*(?:совместно|вместе)\s+со?\s+", re.IGNORECASE)
# a duty laid on someone: "Возложить на директора МБУК «ЦКС» Абрамян А.С. обязанности по
# организации ...", "Возложить обязанности по ведению журнала на медсестру Иванову И.И.".
# ("Возложить ответственность за ... на ..." appoints a responsible person, like "Назначить
# ответственным": self-executing.)
_DUTY = r"(?:обязанност|функци)\w*\s+(?:по|за)\s"
DUTY_ASSIGNMENT = [
    re.compile(rf"^\s*(?P<verb>Возложить|Возлагаю)\s+на\s+(?P<who>.+?)\s+(?P<duty>{_DUTY}.+)$", re.IGNORECASE | re.DOTALL),
    re.compile(rf"^\s*(?P<verb>Возложить|Возлагаю)\s+(?P<duty>{_DUTY}.+)\s+на\s+(?P<who>[^,;]+?)[\s.;]*$", re.IGNORECASE | re.DOTALL),
]
# the executor named after the action, when none precedes it: (rule, pattern, case of "who")
_RESPONSIBLE_CUE = r"(?:отв\.|ответственн\w*(?:\s+исполнител\w*)?|исп\.|исполнител\w*)"
# "... после ее проведения. Ответственный – старший воспитатель Сорокина Л.В.": a sentence
# of the clause naming the executor of the sentence before it
RESPONSIBLE_SENTENCE = re.compile(rf"^\s*{_RESPONSIBLE_CUE}\s*[:–—-]\s*(?P<who>.+?(?:(?<=[\s.][А-ЯЁ])\.)?)[\s.;]*$", re.IGNORECASE | re.DOTALL)
TRAILING_EXECUTOR: list[tuple[str, re.Pattern, str]] = [
    # "(отв. Иванова И.И., заместитель директора по УВР)", "(ответственный – медсестра
    # Кулешова Т.В.)", "(ответственный: заместитель заведующего Власова Т.Н.; срок: ...)"
    ("bracket_responsible", re.compile(rf"\(\s*{_RESPONSIBLE_CUE}\s*[:–—-]?\s*(?P<who>[^();]+?)[\s,;]*\)", re.IGNORECASE), "nomn"),
    # "... – главному специалисту Петровой А.А.", "... – отдел технадзора (Евдокимов П.П.)"
    ("dash_dative", re.compile(r"\s[–—-]\s+(?P<who>[^–—]+?(?:\([^()]*\))?)[\s,.;]*$"), "datv"),
    ("dash_nominative", re.compile(r"\s[–—-]\s+(?P<who>[^–—]+?(?:\([^()]*\))?)[\s,.;]*$"), "nomn"),
    # "(старший воспитатель Сорокина Л.В., до 07.11.2025)": a person or a role with the term
    # (the term is cut out before this is read, so the bracket holds the executor alone)
    ("bracket_with_term", re.compile(r"\((?P<who>[^()]+?)[\s,;]*\)[\s.;]*$"), "nomn"),
    # "Подготовку сводной информации поручить заместителю начальника отдела Яковлеву Н.С."
    ("entrusted", re.compile(r"\sпоручить\s+(?P<who>[^()]+?(?:\([^()]*\))?)[\s.;]*$", re.IGNORECASE), "datv"),
    # "Провести проверку ... силами отдела организации медицинской помощи министерства"
    ("by_forces", re.compile(r"\sсилами\s+(?P<who>[^(),;]+?(?:\([^()]*\))?)(?=[\s,.;]*$)", re.IGNORECASE), "gent"),
]
# second-person pronouns name the addressee of a letter, not an executor of their own
_YOU = {"вы", "вас", "вам", "вами"}
_HEAD_POS = {"NOUN", "ADJF", "PRTF", "NPRO"}
# a sentence that grants a right or states a rule: "Предоставить право ...", "Установить, что"
_GRANT = re.compile(r"\bправ[оа]\b|,\s*что\b", re.IGNORECASE)
# markers after which (not before) the executor is named, in the accusative
_EXECUTOR_AFTER = {"accs"}
_NOT_NAME_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr")


@dataclass(frozen=True)
class Reading:
    """What a sentence (or a container's own text) says."""

    executors: tuple[Executor, ...] = ()
    verb: str | None = None  # lemma of the main infinitive
    modality: Modality | None = None
    deadline: Deadline | None = None
    action: str = ""
    action_span: Span | None = None
    directive: bool = False  # an infinitive (or a modal marker) makes it a directive
    co_executors: tuple[Executor, ...] = ()  # "Совместно с ..." added to inherited executors
    # named after the action ("(отв. Иванова И.И.)", "– отделу ЖКХ"): used when the clause
    # and its container name nobody else
    trailing: tuple[Executor, ...] = ()
    # "поручить МБУ «...» организовать ...": the instruction as a whole (term aside), the
    # task of whom a request asks to give it
    instruction: str = ""


@dataclass(frozen=True)
class Context:
    """What a container hands down to its sub-clauses."""

    executors: tuple[Executor, ...] = ()
    modality: Modality = "mandatory"
    deadline: Deadline | None = None
    prefix: str | None = None  # "обеспечить", "осуществлять контроль за"
    terms: dict = field(default_factory=dict)


def extract_obligations(doc: Document, res: Resources, requisites: Requisites) -> list[Obligation]:
    act_date = _act_date(requisites)
    stop = requisites.signatory.span.start if requisites and requisites.signatory and requisites.signatory.span else None
    part = find_dispositive(doc, stop=stop)
    if part is not None and part.opening is None and _states_norms(requisites):
        part = None  # a law's or a regulation's numbered parts are norms, not a dispositive part
    if part is None:
        return letter_obligations(doc, requisites, act_date) if _reads_as_letter(requisites) else []
    # a letter with a numbered list of tasks ("необходимо: 1. ...; 2. ...") asks in its running
    # text too ("Просим обеспечить участие ...", "Прошу взять ... на контроль")
    around = letter_obligations(doc, requisites, act_date, skip=part.span) if part.opening is None and _is_letter(requisites, None) else []
    clauses = parse_clauses(doc, part)
    modality = OPENING_MODALITY.get((part.opening or "").lower(), "mandatory")
    # a letter's numbered requests ("... просит: 1. Довести ...") are addressed to its addressee
    addressee = _addressee_executors(requisites) if _is_letter(requisites, part.opening) else ()
    ctx = Context(executors=addressee, modality=modality, terms=defined_terms(doc, clauses))
    out: list[Obligation] = []
    for clause in clauses:
        _walk(doc, clause, ctx, act_date, None, out)
    return sorted(out + around, key=lambda o: o.span.start) if around else out


# kinds of acts that state norms (laws, codes, approved rules) rather than give tasks
NORMATIVE_TYPES = frozenset({
    "закон", "федеральный закон", "федеральный конституционный закон", "кодекс", "положение",
    "правила", "порядок", "регламент", "инструкция", "требования", "устав", "методические рекомендации",
})


def _type_of(requisites: Requisites | None) -> str | None:
    value = requisites.type.value if requisites and requisites.type else None
    return str(value).lower() if value else None


def _states_norms(requisites: Requisites | None) -> bool:
    return _type_of(requisites) in NORMATIVE_TYPES


def _reads_as_letter(requisites: Requisites | None) -> bool:
    """Requests in running text are read from letters and other acts without a dispositive
    part — not from laws and approved regulations, nor from a text of unknown type that
    names no addressee (a technical assignment, a code's chapter, a court ruling)."""
    kind = _type_of(requisites)
    if kind is None:
        return bool(requisites and requisites.addressee and requisites.addressee.value)
    return kind not in NORMATIVE_TYPES


def _act_date(requisites: Requisites | None) -> date | None:
    value = requisites.date.value if requisites and requisites.date else None
    return value if isinstance(value, date) else None


# --- the clause tree ------------------------------------------------------------------------


def _walk(doc: Document, clause: Clause, ctx: Context, act_date, number: str | None, out: list[Obligation]) -> None:
    number = clause.number or number
    text = own_text(doc, clause)
    if CONTROL_CLAUSE.match(text):
        # the control sentence goes to ``control``; a duty after it stays ("Докладывать ...")
        bounds = sentences(text)
        if len(bounds) > 1:
            out.extend(_leaf_obligations(doc, clause, ctx, act_date, number, None, skip=bounds[1][0]))
        return
    if NOTED.search(text):
        return
    if ENTRY_INTO_FORCE.search(text) or (PUBLICATION_DUTY.match(text) and not clause.children):
        _publication_duty(doc, clause, ctx, number, out)
        return
    own_deadline = _attribute_deadline(doc, clause, act_date)
    if clause.children and not _folds_children(doc, clause):
        reading = read_directive(doc, clause.body.start, text, act_date)
        executors = _union(reading.executors + _responsible(doc, clause) or ctx.executors) + reading.co_executors
        if (reading.verb in _self_executing() or AMENDMENT.search(text)) and not executors:
            return  # "Утвердить прилагаемые:", "Передать ... полномочия:", "Статью 5 изложить ...:"
        prefix = ctx.prefix
        action = reading.action.rstrip(" :;.,")
        if reading.verb:
            prefix = _PREAMBLE.sub("", action)  # the sub-items take the verb phrase, not "В целях ..., "
        elif action and text.rstrip().endswith(":") and not reading.executors and ctx.prefix:
            prefix = _join(ctx.prefix, _lower_first(action))  # "Переход на ... с соблюдением условий:"
        inner = replace(
            ctx,
            executors=_resolve(tuple(executors), ctx.terms),
            modality=reading.modality or ctx.modality,
            deadline=reading.deadline or own_deadline or ctx.deadline,
            prefix=prefix,
        )
        for child in clause.children:
            _walk(doc, child, inner, act_date, number, out)
        return
    out.extend(_leaf_obligations(doc, clause, ctx, act_date, number, own_deadline))


def _folds_children(doc: Document, clause: Clause) -> bool:
    """Dash items under a clause that has its own verb and object are part of its action."""
    if not all(c.style in {"bullet", "item"} and not c.children for c in clause.children):
        return False
    reading = read_directive(doc, clause.body.start, own_text(doc, clause), None)
    return bool(reading.verb) and len(_WORD.findall(reading.action)) > 1


def _leaf_obligations(
    doc, clause: Clause, ctx: Context, act_date, number, own_deadline, *, skip: int = 0
) -> list[Obligation]:
    text = own_text(doc, clause)
    if clause.children:  # folded dash items: "...: национальный мессенджер; сервисы АРМ ГС"
        items = "; ".join(own_text(doc, c).rstrip(" ;.,") for c in clause.children)
        text = text.rstrip(" ") + " " + items
    responsible = _responsible(doc, clause)
    out: list[Obligation] = []
    current: dict | None = None
    # a task split off its sentence (:func:`task_parts`) is an obligation of its own, of the
    # executor and modality of the task before it unless it names its own
    parts = [(s + a, s + b, a > 0) for s, e in sentences(text) if s >= skip for a, b in task_parts(text[s:e], act_date)]
    for start, stop, split_off in parts:
        sentence = text[start:stop]
        before = current if split_off else None
        base = clause.body.start + start if start + clause.body.start < clause.body.stop else None
        if current is not None and not current["executors"] and (named := RESPONSIBLE_SENTENCE.match(sentence)):
            offset = clause.body.start + start + named.start("who") if base is not None else None
            current["executors"] = tuple(
                Executor(p.name, _span(offset, p.start, p.stop)) for p in executor_parts(named.group("who"), "nomn")
            )
            continue
        reading = read_directive(doc, base, sentence, act_date)
        own_executor = bool(reading.executors)
        # "Прошу взять ... на контроль" after a mandatory item: a request of its own
        own_modality = reading.directive and reading.modality is not None and current is not None and reading.modality != current["modality"]
        if current is not None and not (own_executor and reading.directive) and not own_modality and not split_off:
            if reading.directive or not _WORD.findall(reading.action):
                # a directive sentence or a bare term ("Срок – до 1 мая.") adds its deadline; a
                # statement ("Результаты доводятся в течение трех дней") does not
                current["deadline"] = current["deadline"] or reading.deadline
            if reading.verb in _self_executing() and _GRANT.search(sentence):
                continue  # "Предоставить право ...", "Установить, что ...": a norm, not the task
            if not reading.directive:
                continue  # "Выделенный участок оформляется ...": context, the action ended with its sentence
            current["actions"].append(sentence.strip() if not reading.action else reading.action)
            continue
        if not reading.directive and not ctx.prefix:
            continue
        named = _union(reading.executors + responsible or (before["executors"] if before else ctx.executors)) + reading.co_executors
        executors = named or reading.trailing
        if (reading.verb in _self_executing() or AMENDMENT.search(sentence) or FUNDING_SOURCE.match(sentence)) and not named:
            continue  # "Утвердить план", "пункт 3 изложить в следующей редакции": done by the act
        if reading.verb is None and not ctx.prefix and not reading.directive:
            continue
        action = reading.action
        if ctx.prefix and not reading.verb:
            action = _join(ctx.prefix, _lower_first(action))
        modality = reading.modality or (before["modality"] if before else ctx.modality)
        if reading.instruction and ctx.modality == "requested" and ctx.executors:
            # "прошу Вас: – поручить МБУ «...» организовать ...": the addressee is asked to
            # give the instruction
            executors, action, modality = list(ctx.executors), reading.instruction, "requested"
        current = {
            "executors": _resolve(tuple(executors), ctx.terms),
            "actions": [action],
            "modality": modality,
            "deadline": reading.deadline,
            "span": clause.span,
            "action_span": reading.action_span,
        }
        out.append(current)
    return [
        Obligation(
            clause=number,
            source="text",
            executors=o["executors"],
            action=_tidy(" ".join(a.rstrip(" ;,") + ("" if a.rstrip().endswith(".") else ".") for a in o["actions"][:-1]) + " " + o["actions"][-1]),
            modality=o["modality"],
            # an explicit "Срок: ..." line wins over words in the text ("планы действий на
            # период половодья" + "Срок: немедленно")
            deadline=own_deadline or o["deadline"] or ctx.deadline or NO_DEADLINE,
            span=o["span"],
            action_span=o["action_span"],
            rule="clause",
        )
        for o in out
        if o["actions"][0].strip()
    ]


def _publication_duty(doc, clause: Clause, ctx: Context, number, out: list[Obligation]) -> None:
    text = own_text(doc, clause)
    m = PUBLICATION_DUTY.search(text)
    if m is None:
        return
    manner = _PUBLICATION_TASK[m.group("manner").strip().lower()] + " " if m.group("manner") else ""
    action = manner + _PUBLICATION_TASK[m.group("noun").lower()] + m.group("rest")
    span = Span(clause.body.start + m.start("duty"), clause.body.start + m.end("duty"))
    out.append(Obligation(number, "text", (), _tidy(action), ctx.modality, NO_DEADLINE, clause.span, span, "publication_duty"))


def _attribute_deadline(doc: Document, clause: Clause, act_date) -> Deadline | None:
    # "Срок: ..." lines first, then a term on an "Исполнитель: отдел ..., срок – до 15 июля" line
    for name, span in sorted(clause.attributes, key=lambda a: not a[0].startswith("срок")):
        if name.startswith("срок") or name.startswith(("отв", "исп")):
            found = find_deadline(doc.slice(span), act_date=act_date)
            if found is not None:
                return found.placed(span.start)
    return None


def _responsible(doc: Document, clause: Clause) -> tuple[Executor, ...]:
    """Executors named on an "Ответственный: ..." / "Исполнитель: ..." line of the clause."""
    for name, span in clause.attributes:
        if name.startswith(("отв", "исп")):
            value = doc.slice(span)
            value = value[value.find(":") + 1 :] if ":" in value else value
            offset = span.stop - len(value)
            term = find_deadline(value)
            if term is not None and term.span is not None and term.span.start > 0:
                value = value[: term.span.start]  # "отдел растениеводства, срок – до 15 июля"
            return tuple(Executor(p.name, Span(offset + p.start, offset + p.stop)) for p in executor_parts(value, "nomn"))
    return ()


# --- one sentence -------------------------------------------------------------------------------


def read_directive(doc: Document | None, base: int | None, text: str, act_date) -> Reading:
    """Read one sentence (``base`` = its offset in ``doc.text``, None when composed)."""
    return _placed(_read_directive(text, act_date), base)


@per_document  # the first task of a sentence is searched for its term alone, then read whole
def _deadline(text: str, act_date) -> Deadline | None:
    return find_deadline(text, act_date=act_date)


def _placed(reading: Reading, base: int | None) -> Reading:
    """A reading of spans relative to its sentence, moved to ``base`` (or spanless)."""
    if base == 0:
        return reading

    def executors(found: tuple[Executor, ...]) -> tuple[Executor, ...]:
        return tuple(Executor(e.name, _shift(e.span, base)) for e in found)

    deadline = reading.deadline
    if deadline is not None and deadline.span is not None:
        deadline = deadline.placed(base) if base is not None else replace(deadline, span=None)
    return replace(
        reading,
        executors=executors(reading.executors),
        deadline=deadline,
        action_span=_shift(reading.action_span, base),
        co_executors=executors(reading.co_executors),
        trailing=executors(reading.trailing),
    )


def _shift(span: Span | None, base: int | None) -> Span | None:
    return span.shift(base) if span is not None and base is not None else None


@per_document  # a sentence is read by its container, the task splitter and as a leaf
def _read_directive(text: str, act_date) -> Reading:
    """:func:`read_directive` with spans relative to ``text``."""
    removed: list[tuple[int, int]] = []
    deadline = _deadline(text, act_date)
    if deadline is not None and deadline.span is not None:
        s, e = deadline.span.start, deadline.span.stop
        lead = _DEADLINE_LEAD.search(text[:s])
        removed.append((lead.start() if lead else s, e))
    duty = _duty_assignment(text, deadline, removed)
    if duty is not None:
        return duty
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    modality: Modality | None = None
    case = "datv"
    search_from = 0
    addressed = False
    term_only = list(removed)
    # 1. an addressing verb opens the sentence: "Рекомендовать органам ...", "Обязать руководителей ..."
    if words and (addr := _addressing(words[0][2])) is not None:
        case, modality = addr
        removed.append((words[0][0], words[0][1]))
        search_from = words[0][1]
        addressed = True
    # 2. the main infinitive; failing that, a duty stated in the present tense after a
    # nominative subject ("Отдел образования обеспечивает координацию ...")
    verb_i = _main_verb(words, search_from, removed)
    stated = False
    if verb_i is None and not addressed:
        verb_i = _stated_duty(words, search_from, removed)
        stated = verb_i is not None
        case = "nomn" if stated else case
    # 3. a modal marker before it (or anywhere in a verbless sentence)
    marker = None
    for pattern, marker_modality, marker_case in MODAL_MARKERS if not stated and ANY_MODAL_MARKER.search(text) else ():
        for m in pattern.finditer(text):
            before_verb = verb_i is None or m.start() < words[verb_i][0]
            earliest = marker is None or m.start() < marker.start()
            if m.start() >= search_from and before_verb and earliest and not _in(m.start(), removed):
                marker, modality, case = m, marker_modality, marker_case
    if marker is not None:
        removed.append((marker.start(), marker.end()))
    # 3b. a right or a norm, not a task: a permission before the infinitive ("могут
    # применяться"), or a finite verb that governs it ("регулируются ..., осуществлять")
    if verb_i is not None and not addressed and (
        _permitted(text, marker.end() if marker is not None else search_from, words[verb_i][0])
        or (marker is None and _governed(text, words, search_from, verb_i, removed))
    ):
        return Reading(modality=modality, deadline=deadline, action=_cut(text, search_from, removed), action_span=Span(0, len(text)))
    # 4. the executor: a noun phrase in ``case`` right before the marker or the verb (after
    # "просим"/"Обязать"); a verbless text may be an executor alone ("Руководителям ОО:")
    verb_at = words[verb_i][0] if verb_i is not None else len(text)
    action_from = search_from
    opens = marker is not None and _LEADS.fullmatch(text[search_from : marker.start()]) is not None
    fronted: tuple[int, int] | None = None
    if marker is not None and case in _EXECUTOR_AFTER and not opens and not re.match(r"просит\b", marker.group(), re.IGNORECASE):
        # "Кроме того, ГБУЗ НСО «...» (Кузнецов А.В.) просим оказывать ...": the one asked
        # stands before the request
        fs = _LEADS.match(text, search_from).end()
        fe = len(text[: marker.start()].rstrip(" ,"))
        if fe > fs and not _in(fs, removed) and names_executor(text[fs:fe], case):
            fronted = (fs, fe)
    if marker is not None and (case in _EXECUTOR_AFTER or opens):
        # "Просим руководителей ...", and a dative marker that opens the sentence: "Предлагаем
        # руководителям ОО принять участие", "Дополнительно рекомендуем управлениям ..."
        if re.match(r"просит\b", marker.group(), re.IGNORECASE) or opens:
            # "Министерство просит организовать ...", "Дополнительно просим ...": the speaker
            # and the letter's linking words are no part of the task
            action_from = marker.end()
        search_from, addressed = marker.end(), True
        limit = verb_at
    else:
        limit = marker.start() if marker is not None else verb_at
    co_executors = _co_executors(text, search_from, limit, removed)
    if verb_i is not None:
        # "организовать совместно с сотрудниками полиции патрулирование ..."
        co_executors += _co_executors_after_verb(text, words[verb_i][1], removed)
    executor_span = _executor_span(text, words, search_from, limit, case, removed, anchored=addressed or stated or verb_i is None)
    if executor_span is None and fronted is not None:
        executor_span = fronted
    if executor_span is not None and not names_executor(text[executor_span[0] : executor_span[1]], case):
        # "Персональные данные должны храниться ...", "Меры защиты обеспечивают ...": the
        # subject is a thing, so the sentence states a norm; a dative that names nobody
        # ("Оставшимся землям ...") is no executor
        if case == "nomn" and (stated or (marker is not None and marker_case_of(marker) == "nomn")):
            return Reading(modality=modality, deadline=deadline, action=_cut(text, search_from, removed), action_span=Span(0, len(text)))
        executor_span = None
    if (
        executor_span is not None and verb_i is not None and _lemma(words[verb_i][2]) in _self_executing()
        and (_APPOINTED_AS.match(text, executor_span[0]) or _names_role(text[executor_span[0] : executor_span[1]]))
    ):
        # "Ответственным за охрану труда назначить ...", "Ответственным секретарем комиссии
        # назначить ...": the appointee's role, not an executor
        executor_span = None
    if stated and executor_span is None:
        verb_i, executor_span = None, None  # "Финансирование осуществляет ...": no subject named, a norm
    if executor_span is None and marker is not None and marker_case_of(marker) == "nomn":
        # "Все документы должны быть разработаны ...": "должны" without a person or a body
        return Reading(modality=modality, deadline=deadline, action=_cut(text, search_from, removed), action_span=Span(0, len(text)))
    if verb_i is None and marker is None and not (executor_span and not text[executor_span[1] :].strip(" :;.,-–—")):
        return Reading(modality=modality, deadline=deadline, action=_cut(text, search_from, removed), action_span=Span(0, len(text)))
    executors: tuple[Executor, ...] = ()
    start = action_from
    if executor_span is not None:
        es, ee = executor_span
        phrase = _blank(text, es, ee, removed)
        executors = tuple(
            Executor(p.name, Span(es + p.start, es + p.stop)) for p in executor_parts(phrase, case)
        )
        start = ee
        if _GLUED_SENTENCE.match(text, ee):
            # the glued sentence tells why: the task starts at the marker or the verb
            start = marker.end() if marker is not None and marker.start() > ee else max(ee, verb_at if verb_at < len(text) else ee)
        removed.append((es, ee))
    elif marker is not None and case not in _EXECUTOR_AFTER:
        start = marker.end()  # "В связи с этим необходимо принять меры": circumstances dropped
    elif (preamble := _PREAMBLE.match(text[start:])) is not None:
        start += preamble.end()  # "Учитывая изложенное, просим представить ...": the motive is no task
    trailing: tuple[Executor, ...] = ()
    if executor_span is None and verb_i is not None and not addressed:
        trailing = _trailing_executors(text, start, removed, deadline is not None)
    verb = None
    if verb_i is not None:
        verb = _lemma(words[verb_i][2])
    action = _cut(text, start, removed)
    instructing = addressed and marker is None and addr is not None and addr[1] == "mandatory"
    return Reading(
        executors=executors,
        verb=verb,
        modality=modality,
        deadline=deadline,
        action=action,
        action_span=Span(start, len(text)),
        directive=verb is not None or marker is not None,
        co_executors=co_executors,
        trailing=trailing,
        instruction=_cut(text, 0, term_only) if instructing else "",
    )


def _trailing_executors(text: str, start: int, removed, has_term: bool) -> tuple[Executor, ...]:
    """The executor named after the action (:data:`TRAILING_EXECUTOR`); its words, with
    their cue, are removed from the action."""
    blanked = " " * start + _blank(text, start, len(text), removed)
    for rule, pattern, case in TRAILING_EXECUTOR:
        for m in pattern.finditer(blanked):
            if rule == "bracket_with_term" and not (has_term and any(m.start() < a < m.end() for a, _ in removed)):
                continue  # a bracket is an executor only when the term stood in it
            if rule.startswith("bracket") and m.end() < len(blanked.rstrip(" .;")) and rule != "bracket_responsible":
                continue
            who = m.group("who")
            if who.count("«") != who.count("»"):
                continue  # "конкурс «Ученик года – 2025»": the dash is inside a name
            if not who.strip() or not names_executor(who, case) or (case == "gent" and not _names_body(who)):
                continue
            if re.search(r"(?:^|[\s.])[А-ЯЁ]$", who) and blanked[m.end("who") : m.end("who") + 1] == ".":
                who += "."  # the dot of the last initial: "Яковлеву Н.С."
            ws = m.start("who")
            parts = executor_parts(who, case)
            if not parts:
                continue
            removed.append((m.start(), m.end()))
            return tuple(Executor(p.name, Span(ws + p.start, ws + p.stop)) for p in parts)
    return ()


def _names_role(phrase: str) -> bool:
    """A role in the instrumental ("секретарем", "председателем комиссии"): a noun of the
    phrase's first words that can only be instrumental."""
    for word in _WORD.findall(phrase)[:3]:
        nouns = [p for p in parses(word.lower()) if p.tag.POS == "NOUN"]
        if nouns and all(p.tag.case == "ablt" for p in nouns):
            return True
    return False


def _names_body(phrase: str) -> bool:
    """A genitive phrase after "силами" headed by a body or people: "отдела ...", "МКУ ..."."""
    first = _WORD.findall(phrase)[:1]
    return bool(first) and (is_abbreviation(first[0]) or any(
        p.tag.case == "gent" and p.tag.POS == "NOUN" and (p.normal_form in word_set("executor_heads") or "anim" in p.tag)
        for p in parses(first[0].lower())))


def _duty_assignment(text: str, deadline: Deadline | None, removed) -> Reading | None:
    """"Возложить на <кого> обязанности по <чему>": the person is the executor."""
    for pattern in DUTY_ASSIGNMENT:
        m = pattern.match(text)
        if m is None:
            continue
        ws, we = m.span("who")
        executors = tuple(
            Executor(p.name, Span(ws + p.start, ws + p.stop))
            for p in executor_parts(_blank(text, ws, we, removed), "accs")
        )
        if not executors:
            return None
        action = _tidy(m.group("verb") + " " + _cut(text, m.start("duty"), removed + [(ws - 3, we)]))
        return Reading(executors, "возложить", None, deadline, action, Span(m.start("duty"), len(text)), True)
    return None


def _permitted(text: str, start: int, verb_at: int) -> bool:
    """A permission word governs the infinitive: no comma between them."""
    return any("," not in text[m.end() : verb_at] for m in PERMISSION.finditer(text, start, verb_at))


def _governed(text: str, words, search_from: int, verb_i: int, removed) -> bool:
    """Is the infinitive governed by a finite verb of the main clause before it
    ("Настоящим законом регулируются отношения ... осуществлять", "Лицо обязуется
    соблюдать")?  Finite verbs of subordinate clauses ("..., которые проводятся, ...") and
    of a sentence's own earlier part after a semicolon do not count."""
    verb_at = words[verb_i][0]
    for s, _e, w in words[:verb_i]:
        if s < search_from or _in(s, removed) or len(w) < 3:
            continue
        ps = parses(w.lower())
        if not ps or ps[0].tag.POS != "VERB" or ps[0].score < 0.5 or ps[0].tag.mood == "impr":
            continue
        if w[:1].isupper() and s > search_from and any(p.tag.POS == "NOUN" for p in ps):
            continue  # a surname that reads as a verb too: "Учителю информатики Чеботарю Д.В."
        segment_start = max(text.rfind(",", 0, s), text.rfind(";", 0, s), text.rfind("(", 0, s), -1) + 1
        if any(x.lower() in _SUBORDINATORS for x in _WORD.findall(text[segment_start:s])):
            continue
        if ";" in text[s:verb_at]:
            continue
        return True
    return False


def names_executor(phrase: str, case: str) -> bool:
    """Is ``phrase`` headed by a person, position, organ or organisation (so it may name an
    executor)?  "Руководителям ОО", "МКУ «Центр»", "Колхозы и совхозы", "Ивановой А.А.",
    "Ответственным за питание" — yes; "Персональные данные", "Меры по защите",
    "ГОСТ Р 51583", "Реализуемые" — no."""
    if _STANDARD.match(phrase):
        return False
    if _PERSON_FIRST.match(phrase):
        return True  # "Кимовой Е.А., главному специалисту", "А.А. Ивановой"
    heads = word_set("executor_heads")
    for w in _WORD.findall(phrase):
        if is_abbreviation(w):
            return True
        if w[:1].isupper() and is_name_word(w) and re.search(r"[А-ЯЁ]\.", phrase):
            return True  # "Алырчиковой Е.В., учителю информатики"
        top = parses(w.lower())
        if top and top[0].tag.POS in {"CONJ", "PRCL", "ADVB"}:
            continue  # "Организационные и технические меры", "Материально ответственным лицам"
        found = [p for p in top if p.tag.case == case]
        adjectives = [p for p in found if p.tag.POS in {"ADJF", "PRTF"}]
        if any(substantive(p) in heads for p in adjectives):
            return True  # "Ответственным за питание", "Заведующему учебной частью"
        if adjectives and _noun_follows(phrase, w, case):
            continue  # an adjective before its noun: "Местным органам", "Главным врачам"
        nouns = [p for p in found if p.tag.POS == "NOUN"]
        if nouns:  # the likeliest reading decides animacy: "модель" is rarely a person
            return "anim" in nouns[0].tag or any(p.normal_form in heads or p.normal_form.split("-")[-1] in heads for p in nouns)
        if adjectives:
            continue
        if w.lower() in {"все", "всем", "всех", "каждый", "каждому"}:
            continue
        return False
    return False


def _noun_follows(phrase: str, word: str, case: str) -> bool:
    """Does a noun or another adjective in ``case`` follow ``word`` ("Главным врачам",
    "всем сельскохозяйственным предприятиям")?"""
    words = _WORD.findall(phrase)
    i = words.index(word)
    return i + 1 < len(words) and any(
        p.tag.case == case and p.tag.POS in {"NOUN", "ADJF", "PRTF"} for p in parses(words[i + 1].lower())
    )


def marker_case_of(marker: re.Match) -> str | None:
    for pattern, _modality, case in MODAL_MARKERS:
        if pattern.pattern == marker.re.pattern:
            return case
    return None


def _co_executors(text: str, start: int, limit: int, removed) -> tuple[Executor, ...]:
    """"Совместно с МКУ «...» провести ..." at the start: co-executors in the instrumental."""
    m = _TOGETHER.match(text[start:limit])
    if m is None:
        return ()
    s, e = start + m.end(), limit
    adverbial = _ADVERBIAL.search(text, s, e)
    e = adverbial.start() if adverbial else e
    e = _trim_end(text, s, e, removed)
    removed.append((start, e))
    return tuple(Executor(p.name, Span(s + p.start, s + p.stop)) for p in executor_parts(_blank(text, s, e, removed[:-1]), "ablt"))


# tokens of a noun phrase: words, commas, an opening quote or bracket
_NP_TOKEN = re.compile(r"«|\(|,|[А-ЯЁа-яёA-Za-z]+(?:-[А-ЯЁа-яёA-Za-z]+)*")


def _co_executors_after_verb(text: str, at: int, removed) -> tuple[Executor, ...]:
    """Co-executors named right after the verb ("организовать совместно с ГКУ «Центр
    занятости» временное трудоустройство ...") or closing the task ("организовать
    проверку техники совместно с инспекцией Гостехнадзора"); their words leave the action."""
    m = _TOGETHER.search(text, at)
    if m is None:
        return ()
    s = m.end()
    e = _instrumental_end(text, s)
    if e == s:
        return ()
    if m.start() > at and _blank(text, e, len(text), removed).strip(" .;,"):
        return ()  # inside the task: "... совместно с родителями обучающихся в период каникул"
    removed.append((m.start(), e))
    return tuple(Executor(p.name, Span(s + p.start, s + p.stop)) for p in executor_parts(text[s:e], "ablt"))


def _instrumental_end(text: str, start: int) -> int:
    """Where the instrumental noun phrase at ``start`` ends: its heads in the instrumental
    (or abbreviations), their genitive dependents and proper names, names in quotes and
    brackets, "по" + dative ("отделом по Емельяновскому району"), heads joined by "и" or a
    comma.  The verb's object follows: when the phrase would run to the end of the
    sentence, it gives back its words from the last noun that can be an object
    ("... с управлением образования | мероприятия по профилактике")."""
    end, pos, case = start, start, "ablt"
    named = False  # the last words were a name: what follows is rather the object
    objects: list[tuple[int, bool]] = []  # nouns that could begin the object instead
    while (t := _NP_TOKEN.search(text, pos)) is not None and not text[pos : t.start()].strip():
        token = t.group()
        if token in ("«", "("):
            close = _closing(text, t.start())
            if close is None or end == start:
                break
            end, pos, named = close, close, True
            continue
        if token in (",", "и"):
            nxt = _NP_TOKEN.search(text, t.end())
            if nxt is None or text[t.end() : nxt.start()].strip() or not (is_abbreviation(nxt.group()) or has_case(nxt.group(), "ablt")):
                break
            pos, case, named = t.end(), "ablt", False
            continue
        if end > start and token.lower() == "по":
            pos, case = t.end(), "datv"
            continue
        if (ps := parses(token.lower())) and ps[0].tag.POS in ("PREP", "CONJ", "PRCL"):
            break  # "... с родителями обучающихся | в период каникул"
        if is_abbreviation(token) or (end > start and token[:1].isupper()):
            end, pos, named = t.end(), t.end(), True  # "ОГИБДД ОМВД России", "Республики Саха (Якутия)"
            continue
        if end > start and has_case(token, "gent") and has_case(token, "accs") and not has_case(token, case):
            objects.append((t.start(), named or case == "datv"))
        if not any(has_case(token, c) for c in (("ablt",) if end == start else (case, "gent"))):
            break
        end, pos, named = t.end(), t.end(), False
    if objects and not text[end:].strip(" .;,"):
        at = next((o for o, after_name in objects if after_name), objects[-1][0])
        end = len(text[:at].rstrip())
    return end


def _closing(text: str, at: int) -> int | None:
    """The offset after the quote or bracket opened at ``at`` (nested ones kept whole)."""
    opener = text[at]
    closer = "»" if opener == "«" else ")"
    depth = 0
    for i in range(at, min(len(text), at + 300)):
        depth += (text[i] == opener) - (text[i] == closer)
        if depth == 0:
            return i + 1
    return None


# facts about one word (below) read its parses only: memoised per process, like the parses
@lru_cache(maxsize=65536)
def _addressing(word: str) -> tuple[str, Modality] | None:
    for lemma, case, modality in vocabulary("addressing_verbs"):
        if any(p.normal_form == lemma and p.tag.POS == "INFN" for p in parses(word.lower())):
            return case, modality  # type: ignore[return-value]
    return None


def _main_verb(words, search_from: int, removed) -> int | None:
    for i, (s, _e, w) in enumerate(words):
        if s < search_from or _in(s, removed):
            continue
        if _infinitive(w.lower()):
            if ANY_MODAL_MARKER.fullmatch(w) and any(_infinitive(x[2].lower()) for x in words[i + 1 :]):
                continue  # "Победителю конкурса рекомендовать принять участие": a marker, not the task
            return i
    return None


@lru_cache(maxsize=65536)
def _infinitive(word: str) -> bool:
    """Read first as an infinitive, or as the infinitive of a duty verb among other readings."""
    ps = parses(word)
    known = word_set("obligation_verbs")
    return bool(ps) and (ps[0].tag.POS == "INFN" or any(p.tag.POS == "INFN" and p.normal_form in known for p in ps))


def _stated_duty(words, search_from: int, removed) -> int | None:
    """A finite verb of the third person, present or future, non-reflexive, whose lemma is a
    duty verb: "обеспечивает", "осуществляют", "организует" (not "осуществляется")."""
    known = word_set("obligation_verbs")
    for i, (s, _e, w) in enumerate(words):
        if s < search_from or _in(s, removed) or w.lower().endswith(("ся", "сь")):
            continue
        for p in parses(w.lower()):
            if p.tag.POS == "VERB" and p.tag.person == "3per" and p.tag.mood == "indc" and p.tag.tense in {"pres", "futr"}:
                if p.normal_form in known:
                    return i
                break
    return None


def _executor_span(text, words, search_from: int, limit: int, case: str, removed, *, anchored: bool) -> tuple[int, int] | None:
    """The executor phrase in [search_from, limit): starts at the beginning or after a
    comma with a word in ``case``; holds no finite verb."""
    candidates = [w for w in words if search_from <= w[0] < limit and not _in(w[0], removed)]
    if not candidates:
        return None
    starts = [candidates[0]]
    if not anchored:
        starts += [w for w in candidates[1:] if _opens_after(text[: w[0]].rstrip())]
    for s, _e, w in starts:
        if not (_starts_phrase(w, case) or _adverb_of_phrase(w, [x[2] for x in candidates if x[0] > s][:1], case)):
            continue
        # a relative clause may qualify the executor: "руководителям организаций, на базе
        # которых организуются лагеря, ..."; any other finite verb or "что" ends the phrase
        relative = [m.span() for m in _RELATIVE_CLAUSE.finditer(text, s, limit)]
        inner = [x for x in candidates if x[0] >= s and not any(a <= x[0] < b for a, b in relative)]
        if any(_finite(x[2]) for x in inner) or any(x[2].lower() in {"что", "который", "которые"} for x in inner):
            continue
        end = limit
        glued = _GLUED_SENTENCE.search(text, s, end)
        if glued is not None:
            end = glued.start()
        adverbial = _ADVERBIAL.search(text, s, end)
        if adverbial is not None:
            end = adverbial.start()
        end = _trim_end(text, s, end, removed)
        tail = _EXECUTOR_TAIL.search(text, s, end)
        end = tail.start() if tail else end
        return (s, end) if end > s else None
    return None


# ", на базе которых организуются лагеря,", ", в которых обучаются дети-инвалиды"
_RELATIVE_CLAUSE = re.compile(r",\s*(?:[а-яё]+\s+){0,2}котор[а-яё]+(?![а-яё])[^,;:]*", re.IGNORECASE)


def _adverb_of_phrase(word: str, following: list[str], case: str) -> bool:
    """"Материально ответственным лицам", "Временно исполняющему обязанности": an adverb
    before the participle or adjective that opens the phrase."""
    ps = parses(word.lower())
    return bool(following) and bool(ps) and ps[0].tag.POS == "ADVB" and any(
        p.tag.case == case and p.tag.POS in {"ADJF", "PRTF"} for p in parses(following[0].lower())
    )


def _opens_after(before: str) -> bool:
    """May a phrase start after ``before`` (stripped): a comma, colon or dash, or the word "что"?"""
    if before.endswith((",", ":", "—", "–")):
        return True
    return before.endswith("что") and not (len(before) > 3 and (before[-4].isalnum() or before[-4] == "_"))


@lru_cache(maxsize=65536)
def _starts_phrase(word: str, case: str) -> bool:
    if word.lower() in _YOU:
        return False  # "Вам необходимо ...": the letter's addressee
    if is_abbreviation(word):
        return True  # "ГБУ РД «МИАЦ» обеспечить", "МКУ «Центр обеспечения» (Абдуллаев Р.Р.) обеспечить"
    ps = parses(word.lower())
    if ps and ps[0].tag.POS in {"PREP", "CONJ", "PRCL", "ADVB"}:
        return False
    if len(word) > 2 and word[:1].isupper() and is_name_word(word) and case != "nomn":
        return True  # "Алырчиковой Е.В, учителю информатики"
    return any(p.tag.case == case and p.tag.POS in _HEAD_POS for p in parses(word))


@lru_cache(maxsize=65536)
def _finite(word: str) -> bool:
    if len(word) < 3:
        return False  # initials: "Е" also reads as a verb
    ps = parses(word.lower())
    return bool(ps) and ps[0].tag.POS in {"VERB", "INFN"} and ps[0].score > 0.5


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    ps = parses(word.lower())
    infn = [p for p in ps if p.tag.POS == "INFN"]
    return (infn or ps)[0].normal_form if ps else word.lower()


def _self_executing() -> frozenset[str]:
    return word_set("self_executing_verbs")


def _trim_end(text: str, start: int, end: int, removed) -> int:
    """``end`` moved left past spaces, commas, line breaks and removed words (not below ``start``)."""
    while end > start:
        if text[end - 1] in " ,\n":
            end -= 1
            continue
        covering = [s for s, e in removed if s <= end - 1 < e]
        if not covering:
            break
        end = max(start, min(covering))
    return end


def _in(pos: int, spans) -> bool:
    return any(s <= pos < e for s, e in spans)


def _kept_pieces(start: int, stop: int, removed) -> list[tuple[int, int]]:
    """The parts of [start, stop) outside the removed spans, in order."""
    pieces, pos = [], start
    for s, e in sorted((max(s, start), min(e, stop)) for s, e in removed if s < stop and e > start):
        if s > pos:
            pieces.append((pos, s))
        pos = max(pos, e)
    if pos < stop:
        pieces.append((pos, stop))
    return pieces


def _blank(text: str, start: int, stop: int, removed) -> str:
    """text[start:stop] with the removed spans blanked out (offsets are kept)."""
    out, pos = [], start
    for s, e in _kept_pieces(start, stop, removed):
        out.append(" " * (s - pos))
        out.append(text[s:e])
        pos = e
    out.append(" " * (stop - pos))
    return "".join(out)


def _cut(text: str, start: int, removed) -> str:
    return _tidy("".join(text[s:e] for s, e in _kept_pieces(start, len(text), removed)))


_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:)])")
_SPACE_AFTER_OPENING = re.compile(r"([(«])\s+")
_DOUBLE_COMMA = re.compile(r",\s*,")


def _tidy(action: str) -> str:
    action = _SPACES.sub(" ", action)
    action = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", action)
    action = _SPACE_AFTER_OPENING.sub(r"\1", action)
    action = _DOUBLE_COMMA.sub(",", action)
    return action.strip(" ,;:.–—-")


def _span(base: int | None, start: int, stop: int) -> Span | None:
    return Span(base + start, base + stop) if base is not None else None


def _join(prefix: str, rest: str) -> str:
    """"обеспечить" + "использование ..."; "... условий" + ": использование ..."."""
    last = _WORD.findall(prefix)[-1:] or [""]
    ps = parses(last[0].lower())
    joiner = " " if ps and ps[0].tag.POS in {"INFN", "PREP", "CONJ"} else ": "
    return prefix.rstrip(" :") + joiner + rest


def _lower_first(text: str) -> str:
    words = _WORD.findall(text[:40])
    if not words:
        return text
    w = words[0]
    top = parses(w)
    if len(w) > 1 and w[1:].islower() and not (top and any(t in top[0].tag for t in _NOT_NAME_TAGS)):
        i = text.find(w)
        return text[:i] + w[0].lower() + text[i + 1 :]
    return text


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence bounds of a clause: a full stop before a capital (not after initials)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        # the last five characters hold any "А." or " А.Б." the stop may end
        if _INITIALS_END.search(text[max(start, m.end() - 5) : m.end()]) or _inside_quotes(text, start, m.start()):
            continue
        out.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        out.append((start, len(text)))
    return out


def task_parts(text: str, act_date) -> list[tuple[int, int]]:
    """Bounds of the tasks of one sentence: it is cut at a :data:`TASK_JOINT` with an
    infinitive on both sides when the task after it carries a deadline and so does the task
    before it ("до 01.09 провести инструктаж и до 15.09 представить отчет"), or when it names
    its own executor.  One deadline for both ("провести инструктаж и представить отчет до
    15.09") or a joint inside a noun phrase ("инструктаж педагогов и обучающихся") keeps
    the sentence whole."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    joints = [m for m in TASK_JOINT.finditer(text) if m.end() < len(text) and not _enclosed(text, m.start())]
    bounds: list[tuple[int, int]] = []
    # "Рекомендовать руководителям ОО и ИП провести ...": the addressing verb is no task's verb
    left = words[0][1] if words and _addressing(words[0][2]) is not None else 0
    for k, joint in enumerate(joints):
        stop = joints[k + 1].start() if k + 1 < len(joints) else len(text)
        if _infinitive_in(words, left, joint.start()) is not None and _opens_task(words, joint.end(), stop):
            bounds.append((left if bounds else 0, joint.start()))
            left = joint.end()
    if not bounds:
        return [(0, len(text))]
    bounds.append((left, len(text)))
    parts = [bounds[0]]
    deadline = _deadline(text[slice(*bounds[0])], act_date)
    for a, b in bounds[1:]:
        reading = read_directive(None, None, text[a:b], act_date)
        own_executor = bool(reading.executors) and reading.directive
        own_term = deadline is not None and reading.deadline is not None and reading.verb not in _self_executing()
        if own_executor or own_term:
            parts.append((a, b))
            deadline = reading.deadline
        else:
            parts[-1] = (parts[-1][0], b)
            deadline = deadline or reading.deadline
    return parts


def _infinitive_in(words, start: int, stop: int) -> int | None:
    i = _main_verb(words, start, [])
    return i if i is not None and words[i][0] < stop else None


def _opens_task(words, start: int, stop: int) -> bool:
    """An infinitive follows the joint, not inside a subordinate clause ("..., и чтобы ...")."""
    i = _infinitive_in(words, start, stop)
    return i is not None and not any(w.lower() in _SUBORDINATORS for s, _e, w in words[:i] if s >= start)


def _enclosed(text: str, pos: int) -> bool:
    """Inside brackets or quotes: a title or a remark, not a joint of tasks."""
    before = text[:pos]
    return before.count("(") > before.count(")") or before.count("«") > before.count("»") or before.count('"') % 2 == 1


def _inside_quotes(text: str, start: int, pos: int) -> bool:
    """Is ``pos`` inside quotes or brackets opened after ``start``?  A straight quote is open
    only when its pair follows on the same line (a stray '"' does not glue sentences)."""
    chunk = text[start:pos]
    line_end = text.find("\n", pos)
    straight_open = chunk.count('"') % 2 == 1 and '"' in text[pos : line_end if line_end >= 0 else len(text)]
    return chunk.count("«") > chunk.count("»") or chunk.count("(") > chunk.count(")") or straight_open


# --- terms defined by earlier clauses ----------------------------------------------------------


def defined_terms(doc: Document, clauses: list[Clause]) -> dict[str, str]:
    """"Ответственное лицо" → "Ответственное лицо — директор ООО «Ромашка» Иванова И.И."."""
    terms: dict[str, str] = {}
    for root in clauses:
        for clause in root.walk():
            text = own_text(doc, clause)
            if not _APPOINTMENT.match(text):
                continue
            m = _TERM.search(text)
            body = text[: m.start()] if m else text
            person = _appointed(body)
            if not person:
                continue
            term = capitalize_first(m.group("term").strip(" .–—-")) if m else "Ответственное лицо"
            terms[term.lower()] = f"{term} — {person}"
    return terms


def _appointed(text: str) -> str | None:
    """The position and name at the end of an appointment, in the nominative."""
    positions = word_set("position_words")
    words = list(_WORD.finditer(text))
    for m in reversed(words):
        if any(p.normal_form in positions and p.tag.case == "accs" for p in parses(m.group().lower())):
            phrase = text[m.start() :].strip(" .,;")
            phrase = DEFINITION.sub("", phrase)
            return _lower_first(inflect_phrase(phrase, "accs", "nomn")) + ("." if text.rstrip(" ,;").endswith(".") and not phrase.endswith(".") else "")
    return None


def _union(executors: tuple[Executor, ...]) -> tuple[Executor, ...]:
    """Executors named in the clause and on its "Ответственный:" line, each once."""
    seen: set[str] = set()
    return tuple(e for e in executors if not (e.name.lower() in seen or seen.add(e.name.lower())))


def _resolve(executors: tuple[Executor, ...], terms: dict[str, str]) -> tuple[Executor, ...]:
    return tuple(Executor(terms.get(e.name.lower(), e.name), e.span) for e in executors)


# --- letters --------------------------------------------------------------------------------


def letter_obligations(doc: Document, requisites: Requisites | None, act_date, skip: Span | None = None) -> list[Obligation]:
    """Requests in the running text of a letter: "просим направить", "необходимо принять меры",
    and bare directives ("Информацию направлять ежемесячно до 5 числа"); ``skip`` = its
    numbered list, read as clauses."""
    addressee = _addressee_executors(requisites)
    body_start = requisites.title.span.stop if requisites and requisites.title and requisites.title.span else 0
    body_stop = requisites.signatory.span.start if requisites and requisites.signatory and requisites.signatory.span else len(doc.text)
    out: list[Obligation] = []
    for run in _runs(doc, body_start, body_stop):
        if skip is not None and skip.start <= run.start < skip.stop:
            continue
        text = doc.slice(run)
        for s, e in sentences(text):
            sentence = text[s:e]
            if _TERM_LINE.match(sentence):
                # "Срок исполнения – 25.11.2025." under a request gives it its deadline
                term = _deadline(sentence, act_date)
                if term is not None and out and out[-1].deadline is NO_DEADLINE:
                    out[-1] = replace(out[-1], deadline=replace(term, span=_shift(term.span, run.start + s)))
                continue
            marked = ANY_MODAL_MARKER.search(sentence) is not None
            if not marked and not _bare_directive(sentence):
                continue
            # "Просим обеспечить ... до 1 марта и представить отчет до 5 марта": two requests,
            # the second of the first's executor and modality unless it names its own
            before: Obligation | None = None
            for a, b in task_parts(sentence, act_date):
                reading = read_directive(doc, run.start + s + a, sentence[a:b], act_date)
                if reading.verb is None or not reading.action:
                    continue
                if a == 0 and out and _same_deliverable(out[-1], reading):
                    out[-1] = _with_delivery(out[-1], reading, Span(out[-1].span.start, run.start + s + b))
                    continue
                before = Obligation(
                    clause=None,
                    source="text",
                    executors=reading.executors or (before.executors if before else addressee),
                    action=reading.action,
                    modality=reading.modality or (before.modality if before else "mandatory"),
                    deadline=reading.deadline or NO_DEADLINE,
                    span=Span(run.start + s + a, run.start + s + b),
                    action_span=reading.action_span,
                    rule="letter_request",
                )
                out.append(before)
    return out


# verbs that deliver what a request asked for: "Информацию просим направить до 28.10.2015 на адрес ..."
_DELIVERY_VERBS = frozenset({"направить", "представить", "предоставить", "направлять", "представлять", "предоставлять"})


def _same_deliverable(previous: Obligation, reading: Reading) -> bool:
    """Does a request deliver what the request before it asked for ("просим представить
    информацию о мерах ... . Информацию просим направить в срок до ... на адрес ...")? Its
    object opens it, before the verb, and repeats the noun of the previous action."""
    words = _WORD.findall(reading.action)
    if reading.executors or reading.verb not in _DELIVERY_VERBS or len(words) < 2 or _lemma(words[1]) != reading.verb:
        return False
    asked = {_lemma(w) for w in _WORD.findall(previous.action)[:4]}
    return any(p.tag.POS == "NOUN" for p in parses(words[0].lower())) and _lemma(words[0]) in asked


def _with_delivery(previous: Obligation, reading: Reading, span: Span) -> Obligation:
    """The previous request with its delivery: the action joined, the term of either."""
    deadline = previous.deadline if previous.deadline is not NO_DEADLINE else (reading.deadline or NO_DEADLINE)
    return replace(previous, action=f"{previous.action}; {_lower_first(reading.action)}", deadline=deadline, span=span)


# a line that is only a term: "Срок исполнения – 25.11.2025.", "Срок: до 1 декабря"
_TERM_LINE = re.compile(r"^\s*Срок(?:и)?(?:\s+[а-яё]+)?\s*[:–—-]", re.IGNORECASE)


def _bare_directive(sentence: str) -> bool:
    """A sentence whose only verb is a duty infinitive: "В дальнейшем информацию направлять
    ежемесячно до 5 числа" (no finite verb: "Министерство планирует провести ..." reports)."""
    verbs = [ps[0] for w in _WORD.findall(sentence) if len(w) > 2 and (ps := parses(w.lower())) and ps[0].tag.POS in {"VERB", "INFN"} and ps[0].score > 0.5]
    return bool(verbs) and all(p.tag.POS == "INFN" for p in verbs) and verbs[0].normal_form in word_set("obligation_verbs")


def _runs(doc: Document, start: int, stop: int) -> list[Span]:
    """Paragraphs joined where a sentence runs over a line break ("в срок до" / "16.10.2023")."""
    runs: list[Span] = []
    for block in doc.blocks:
        if block.kind != "paragraph" or block.span.stop <= start or block.span.start >= stop:
            continue
        joins = re.match(r"[a-zа-яё\d(«\"]", doc.slice(block.span))
        if runs and joins and not re.search(r"[.!?:;]\s*$", doc.slice(runs[-1])):
            runs[-1] = Span(runs[-1].start, block.span.stop)
        else:
            runs.append(block.span)
    return runs


def _is_letter(requisites: Requisites | None, opening: str | None) -> bool:
    """A paper addressed to someone (a letter, a prosecutor's представление, a предписание),
    or a text of unknown type with an addressee line, or a list of requests."""
    kind = str(requisites.type.value).lower() if requisites and requisites.type and requisites.type.value else ""
    addressed = not kind and bool(requisites and requisites.addressee and requisites.addressee.value)
    return kind.endswith(ADDRESSED_TYPES) or addressed or (opening or "").lower() in {"просим", "прошу", "просит"}


def _addressee_executors(requisites: Requisites | None) -> tuple[Executor, ...]:
    if not requisites or not requisites.addressee or not requisites.addressee.value:
        return ()
    value = str(requisites.addressee.value)
    return tuple(Executor(p.name, None) for p in executor_parts(value, None))
