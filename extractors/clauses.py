"""The dispositive part of an act and its clause tree.

The dispositive part starts after the word that introduces it ("ПРИКАЗЫВАЮ:",
"постановляю:", "решил:", "просим:") or, in acts without one, at the first clause
numbered "1" / "I"; it ends at the signature, an appendix or the familiarisation list.
Each paragraph in it is read by the first matching rule of :data:`MARKERS`; the clause
tree is built from numbering depth and style changes (a letter list under a numbered
clause, dashes under a clause ending with ":").  A paragraph without a marker continues
the clause before it; "Срок: ..." / "Ответственный: ..." lines are attributes of it.
Clauses are spans over ``doc.text``: the tree is structure, never a second text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.morph import parses, word_set
from pipeline.document import Document, Span

# --- the words that open the dispositive part -------------------------------------------
# Followed by ":" (or standing alone / ending the paragraph): "..., приказываю:",
# "ПОСТАНОВЛЯЕТ:", "Совет депутатов решил:", "просим:", a court's "определил:".
_OPENING_WORDS = (
    "приказываю", "приказываем", "постановляю", "постановляет", "постановляем", "постановил",
    "постановила", "постановило", "постановили", "решил", "решила", "решило", "решили", "решает",
    "распоряжаюсь", "обязываю", "требую", "предлагаю", "предлагаем", "просим", "прошу", "просит",
    "рекомендуем", "рекомендую", "определил", "определила", "определило",
)
# the word may be typed letter-spaced for emphasis: "п о с т а н о в л я ю:", "П Р И К А З Ы В А Ю"
_OPENING_ALTERNATIVES = "|".join(
    sorted((alt for w in _OPENING_WORDS for alt in (w, " ".join(w))), key=len, reverse=True)
)
# "просим Вас:" — a letter's list of requests
# "... просит обеспечить:" — the verb of every item of the list below stands before the colon
_VERB_OF_THE_LIST = r"\s+[а-яё]+(?:ть|ти|чь)(?:ся)?\s*:"
DISPOSITIVE_OPENING = re.compile(
    rf"(?<![А-Яа-яЁё])(?P<word>{_OPENING_ALTERNATIVES})(?![А-Яа-яЁё])(?:\s+(?:Вас|вас))?"
    rf"(?:\s*(?::|(?=\s*$)|\.\s*$)|(?={_VERB_OF_THE_LIST}))",
    re.IGNORECASE,
)
# words that open it only when they stand alone or end with a colon (they are ordinary
# words in running text: "просим направить", "решение комиссии", "суд определил размер")
_COLON_ONLY = {
    "просим", "прошу", "просит", "рекомендуем", "рекомендую", "предлагаем", "предлагаю",
    "определил", "определила", "определило",
}

# --- paragraphs that end the dispositive part --------------------------------------------
END_MARKERS = re.compile(
    r"^(?:"
    # "Приложение 1 к приказу", "Приложение N 2", "Приложение:", "Приложение УТВЕРЖДЕНО" (a
    # stamp of two right-aligned lines read as one)
    r"Приложени[ея](?:\s*(?:[№N]\s*)?\d+)?(?:\s+к\b|\s*$|\s*:|\s+УТВЕРЖДЕН)"
    r"|УТВЕРЖДЕН[АОЫ]?\b|Утвержден[аоы]?\s*$"  # approval stamp of an appendix
    r"|С\s+(?:настоящим\s+)?(?:приказом|распоряжением|постановлением|решением)\s+ознакомлен"
    r"|Лист\s+ознакомления|Ознакомлен[аы]?\s*:"
    # отметка об исполнителе: a phone follows ("2-47-18", "(3532) 77-45-12"), not a clause's
    # "Исполнитель: отдел ..., срок – до 15 июля 2025 г."
    r"|Исполнитель\s*:(?=.*\d(?:[\s()\-–]*\d){4})"
    r"|Исп\.\s|Разослано|Рассылка\s*:|СОГЛАСОВАНО|Согласовано\s*:"
    r"|Документ\s+подписан"
    r")",
    re.IGNORECASE,
)
# A letter's author speaking: linking words that may open the sentence, then a verb in the
# first person ("Дополнительно сообщаем", "Настоящим информируем", "Прошу взять на контроль").
# Past a list it ends the list; at the top of a text it marks a letter (requisites); before a
# request marker it is no part of the task (obligations).
LETTER_LEADS = r"(?:Дополнительно|Также|Кроме\s+того|Вместе\s+с\s+тем|Одновременно|При\s+этом|Настоящим)"
_AUTHOR_VERBS = (
    r"прошу|просим|предлагаю|предлагаем|рекомендую|рекомендуем|сообщаю|сообщаем|информирую|информируем"
    r"|напоминаю|напоминаем|обращаю|обращаем|доводим|довожу|направляю|направляем|уведомляем|разъясняем"
)
AUTHOR_SPEAKS = re.compile(rf"^(?:{LETTER_LEADS}[,\s]+)?(?:{_AUTHOR_VERBS})(?![а-яё])", re.IGNORECASE)
# a person's name alone on a line: "Е.Н. Камфарин", "Камфарин Е.Н."
_NAME_LINE = re.compile(r"^(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$|^[А-ЯЁ][а-яё]+\s+(?:[А-ЯЁ]\.\s?){1,2}$")

# --- numbering of one paragraph, tried in order --------------------------------------------
_AFTER_LABEL = r"(?:\s+|(?=[А-ЯЁA-Zа-яё«\"(]))"  # glued "1.Провести" is still a label
MARKERS: list[tuple[str, re.Pattern]] = [
    # "Срок: 30.09.2019", "Срок исполнения – до 1 марта", "Ответственный: Иванов И.И.", "Отв.: ...",
    # "Исполнитель: отдел образования" (a clause's column, not the отметка with a phone)
    ("attribute", re.compile(
        r"^(?P<attr>Срок(?:и)?(?:\s+(?:исполнения|выполнения|представления))?|"
        r"Ответственн(?:ый|ые|ая)(?:\s+исполнител[ьи])?|Отв\.|Исполнител[ьи])\s*[:.–—-]\s*",
        re.IGNORECASE)),
    # "I. Общие положения", "IV. Контроль"
    ("roman", re.compile(r"^(?P<n>[IVX]{1,5})\.\s+")),
    # "1.1.", "1.1", "3.2.1.", "5.1)" (components of one or two digits: "25.03.2015" is a date)
    ("decimal", re.compile(rf"^(?P<n>\d{{1,2}}(?:\.\d{{1,2}})+)(?:\.|\))?(?!\d){_AFTER_LABEL}")),
    # "1.", "12." and glued "3.Назначить"
    ("decimal", re.compile(rf"^(?P<n>\d{{1,3}})\.(?!\d){_AFTER_LABEL}")),
    # "Пункт 1. Отделу ...": the word spelled out (not "Пункт 3 приказа изложить ...")
    ("decimal", re.compile(r"^(?:Пункт|ПУНКТ)\s+(?P<n>\d{1,3})\.\s+")),
    # "1)"
    ("paren", re.compile(r"^(?P<n>\d{1,3})\)\s*")),
    # "а)", "«а»", "«а»)", "(а)", "а. " — Cyrillic letters of a sub-list
    ("letter", re.compile(r"^(?:(?P<n>[а-яё])\)|«(?P<n2>[а-яё])»\)?|\((?P<n3>[а-яё])\)|(?P<n4>[а-яё])\.(?=\s))\s*")),
    # "- ", "– ", "• ", glued "-утверждение"
    ("bullet", re.compile(r"^[-–—•·▪●*]\s*(?=\S)")),
]

_ROMAN = re.compile(r"^[IVX]+$")

# clauses run into one paragraph when a publisher's page lost the line breaks: "... учащихся:
# 1. Организовать ... лагеря. 2. Ответственность ... возложить ... 3. Контроль ...". A
# number after a sentence's end (or the colon before the list) and before a capital letter
# opens a clause when the numbers run 1, 2, 3 ... (one "1." is a citation: "согласно п. 1.")
_RUN_IN_NUMBER = re.compile(r"(?:(?<=[.:;])|(?<=[.:;][»\")]))\s+(?P<n>\d{1,2})\.\s?(?=[А-ЯЁ«])")


@dataclass
class Clause:
    """One clause: its own text (children excluded) and its sub-clauses."""

    number: str | None  # normalised: "1.1", "2а", "3.2.1"; None for dashes and unnumbered text
    label: str  # the numbering as written: "1.1.", "а)", "-", "" for none
    style: str  # decimal | paren | letter | bullet | roman | item | plain
    depth: int  # numbering depth: 2 for "1.1"; 1 otherwise
    span: Span  # own text including the label
    body: Span  # own text without the label
    level: int = 1
    children: list[Clause] = field(default_factory=list)
    attributes: list[tuple[str, Span]] = field(default_factory=list)  # ("срок", span of the value)

    @property
    def key(self) -> tuple:
        return (self.style, self.depth) if self.style == "decimal" else (self.style,)

    def text(self, doc: Document) -> str:
        return doc.slice(self.body)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Dispositive:
    span: Span  # from the first clause to the end of the part
    opening: str | None  # the opening word as written ("ПРИКАЗЫВАЮ"), None when by numbering


# --- finding the part -------------------------------------------------------------------------


def find_dispositive(doc: Document, *, stop: int | None = None) -> Dispositive | None:
    """The dispositive part of ``doc`` (None for a letter or a text without one)."""
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    start, opening = None, None
    for block in paragraphs:
        m = _opening_in(doc.slice(block.span))
        if m is not None:
            start, opening = block.span.start + m.end(), _opening_word(m)
            break
    if start is None:
        lines = [line for b in paragraphs for line in _split_run_in(doc, b.span)]
        start = _first_clause_start(doc, sorted(lines + clause_rows(doc)), stop)
    if start is None:
        return None
    end = _end_of_part(doc, start, stop)
    return Dispositive(Span(start, max(start, end)), opening)


def _opening_word(m: re.Match) -> str:
    """The opening word without letter-spacing: "п о с т а н о в л я ю" → "постановляю"."""
    word = m.group("word")
    return word.replace(" ", "") if re.fullmatch(r"(?:\w )+\w", word) else word


def _opening_in(text: str) -> re.Match | None:
    for m in DISPOSITIVE_OPENING.finditer(text):
        word = _opening_word(m).lower()
        whole = text.strip(" :.*").lower() == word
        rest = re.sub(r"^\s*(?:Вас|вас)\b", "", text[m.end("word") :])
        if word in _COLON_ONLY and not (whole or rest.lstrip().startswith(":") or re.match(_VERB_OF_THE_LIST, rest, re.IGNORECASE)):
            continue
        return m
    return None


def _first_number(text: str) -> bool:
    """Does the paragraph open with clause number one ("1.", "1)", "I.", "Пункт 1.")?"""
    return bool(re.match(r"^(?:1[.)](?!\d)|I\.\s|(?:Пункт|ПУНКТ)\s+1\.\s)", text.strip()))


# a law's article heading: "Статья 5.", "Статья 12.1. Сфера действия" — its parts are norms
_ARTICLE = re.compile(r"^Статья\s+\d+(?:\.\d+)*\b")
# a signature line ending in the signer's name: "Министр  С.А.Петров", "Глава района Иванов И.И."
_SIGNED = re.compile(r"(?:^|\s)(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё]+)?\s*$|\s[А-ЯЁ][а-яё]+\s+(?:[А-ЯЁ]\.\s?){2}\s*$")


def _first_clause_start(doc: Document, lines: list[Span], stop: int | None) -> int | None:
    """Acts without an opening word: the dispositive part starts at clause number one —
    but never inside an approved appendix ("УТВЕРЖДЕНЫ приказом ...", "Приложение № 1"),
    after the signature, or in a law (its numbered parts follow "Статья N" headings)."""
    for line in lines:
        if stop is not None and line.start >= stop:
            return None
        text = doc.slice(line).strip()
        if END_MARKERS.match(text) or _ARTICLE.match(text):
            return None
        if _first_number(text):
            return line.start
        if len(text) < 150 and _SIGNED.search(text) and is_signature_line(text):
            return None
    return None


def _end_of_part(doc: Document, start: int, stop: int | None) -> int:
    end = stop if stop is not None and stop > start else len(doc.text)
    seen_clause = False
    for block in doc.blocks:
        if block.kind != "paragraph" or block.span.stop <= start:
            continue
        if block.span.start >= end:
            break
        text = doc.slice(Span(max(block.span.start, start), block.span.stop)).strip()
        if not text:
            continue
        if END_MARKERS.match(text) or (seen_clause and is_signature_line(text)):
            return block.span.start
        seen_clause = True
    return end


_POSITION_WORDS = None


def is_signature_line(text: str) -> bool:
    """A short unnumbered line naming a position or a person: "Глава администрации",
    "Начальник отдела образования В.Н.Шохина", "И.о. министра", "Е.Н. Камфарин"."""
    global _POSITION_WORDS
    if _POSITION_WORDS is None:
        _POSITION_WORDS = word_set("position_words")
    text = text.strip()
    if len(text) > 150 or _classify(text)[0] != "plain":
        return False
    if text[:1].islower() or text.endswith((";", ":", ",")):
        return False  # a line of a list: "председатель комиссии - заместитель директора Иванов И.С.;"
    if _NAME_LINE.match(text):
        return True
    first = text.split()[0].lower().rstrip(",")
    if first.startswith(("и.о", "и. о", "врио", "вр.и.о")):
        return True
    if first not in _POSITION_WORDS:
        return False
    # a position in the nominative with no verb: not "Главе администрации обеспечить ..."
    return not any(p.tag.POS in {"INFN", "VERB"} and p.score > 0.3 for w in re.findall(r"[а-яё]+", text.lower()) for p in parses(w))


def starts_clause(text: str) -> bool:
    """Does a paragraph start something new: a numbered clause or item, an attribute line,
    the end of the part (appendix, familiarisation) or a signature?"""
    text = text.strip()
    return _classify(text)[0] != "plain" or bool(END_MARKERS.match(text)) or is_signature_line(text)


# --- numbering ------------------------------------------------------------------------------


def _classify(text: str) -> tuple[str, re.Match | None]:
    for style, pattern in MARKERS:
        m = pattern.match(text)
        if m:
            return style, m
    return "plain", None


def _read_marker(text: str) -> tuple[str, str | None, str, int, int]:
    """(style, number, label, depth, label length) of a paragraph's numbering."""
    style, m = _classify(text)
    if m is None:
        return "plain", None, "", 1, 0
    if style == "bullet":
        # a dash before a number is list rendering: "- 2.1 пройти регистрацию"
        inner_style, inner = _classify(text[m.end() :])
        if inner is not None and inner_style in {"decimal", "paren", "letter"}:
            style, m2 = inner_style, inner
            number = next(g for g in (m2.groupdict().get(k) for k in ("n", "n2", "n3", "n4")) if g)
            depth = number.count(".") + 1 if style == "decimal" else 1
            return style, number, text[: m.end() + m2.end()].strip(), depth, m.end() + m2.end()
        return "bullet", None, m.group().strip(), 1, m.end()
    if style == "attribute":
        return "attribute", m.group("attr"), m.group().strip(), 1, m.end()
    number = next(g for g in (m.groupdict().get(k) for k in ("n", "n2", "n3", "n4")) if g)
    depth = number.count(".") + 1 if style == "decimal" else 1
    return style, number, m.group().strip(), depth, m.end()


# --- the tree -------------------------------------------------------------------------------


def parse_clauses(doc: Document, part: Dispositive | None = None) -> list[Clause]:
    """The clause tree of the dispositive part (roots in document order)."""
    if part is None:
        part = find_dispositive(doc)
    if part is None:
        return []
    roots: list[Clause] = []
    stack: list[Clause] = []
    # paragraphs continuing the latest numbered clause where the author speaks again after a
    # closed sentence: if no clause follows them, the list is over (see _end_list)
    after_list: list[Span] = []
    for line in _lines(doc, part.span):
        text = doc.slice(line)
        style, number, label, depth, label_len = _read_marker(text)
        if stack and _unclosed(doc.slice(stack[-1].body)):
            style = "plain"  # "(далее" / "– Ответственное лицо)": a bracket runs over the break
        if style == "attribute":
            if stack:
                top = stack[-1]
                top.attributes.append((number.lower().rstrip("."), line))
                top.span = Span(top.span.start, line.stop)
                top.body = Span(top.body.start, line.stop)
                continue
            style = "plain"
        if style == "plain" and stack and _continues(stack[-1], text, doc):
            top = stack[-1]
            if text[:1].islower() and (
                top.text(doc).rstrip().endswith(":") or (top.style == "item" and top.text(doc).rstrip().endswith(";"))
            ):
                style = "item"  # "Утвердить прилагаемые:" + "правила обработки ...;" + "порядок ..."
            else:
                if top.style != "plain" and AUTHOR_SPEAKS.match(text) and re.search(r"[.!?]\s*$", doc.text[top.body.start : line.start]):
                    after_list.append(line)
                top.span = Span(top.span.start, line.stop)
                top.body = Span(top.body.start, line.stop)
                continue
        after_list.clear()
        clause = Clause(number, label, style, depth, line, Span(line.start + label_len, line.stop))
        parent = _place(stack, clause)
        clause.level = parent.level + 1 if parent else 1
        if clause.number is not None and style in {"letter", "paren"} and parent and parent.number:
            clause.number = parent.number + ("." if style == "paren" else "") + clause.number
        (parent.children if parent else roots).append(clause)
        stack.append(clause)
    if after_list:
        _end_list(doc, roots, after_list)
    return roots


def _end_list(doc: Document, roots: list[Clause], after: list[Span]) -> None:
    """Past the last numbered clause, a paragraph where the author speaks again
    ("Дополнительно сообщаем ...", "Предлагаем руководителям ... принять участие ...")
    ends the list: the clause ends before it, and it and the paragraphs after it become
    unnumbered clauses of their own (a lowercase paragraph still continues one)."""
    cut = after[0].start
    for clause in (c for root in roots for c in root.walk()):
        if clause.span.stop > cut:
            stop = cut
            while stop > clause.span.start and doc.text[stop - 1].isspace():
                stop -= 1
            clause.span, clause.body = Span(clause.span.start, stop), Span(clause.body.start, max(clause.body.start, stop))
    plain: Clause | None = None
    for line in _lines(doc, Span(cut, max(a.stop for a in after))):
        if plain is not None and doc.slice(line)[:1].islower():
            plain.span = plain.body = Span(plain.span.start, line.stop)
            continue
        plain = Clause(None, "", "plain", 1, line, line)
        roots.append(plain)


def _continues(top: Clause, text: str, doc: Document) -> bool:
    """Does an unnumbered paragraph continue the clause before it?

    In numbered acts every unnumbered paragraph does (a wrapped sentence, a second
    sentence "Предоставить экземпляр отчета ...", a list item); in acts without numbering
    only a paragraph starting in lower case does.  A capitalised paragraph after a list
    item ("1) ...;" "2) ... .") that closed its sentence ends the list: the letter goes on
    ("Дополнительно сообщаем ...", "Прошу взять на контроль").
    """
    if top.style == "plain":
        return text[:1].islower()
    if top.style in {"paren", "letter", "bullet", "item"} and text[:1].isupper():
        return not re.search(r"[.!?]\s*$", top.text(doc))
    return True


def _unclosed(text: str) -> bool:
    """A bracket or quote left open at the end of a clause's text — not at the end of a
    sentence: nested quotes may share their closing one («... «Сулейман-Стальский район»)."""
    opened = text.count("(") > text.count(")") or text.count("«") > text.count("»")
    return opened and not re.search(r"[.;!?]\s*$", text)


def _place(stack: list[Clause], clause: Clause) -> Clause | None:
    """Pop the stack to the new clause's parent and return it (None = a root)."""
    if clause.style == "roman":  # sections are always top level
        stack.clear()
        return None
    if clause.style == "decimal":
        # parent: the nearest decimal clause of smaller depth (or the section around it)
        for i in range(len(stack) - 1, -1, -1):
            s = stack[i]
            if (s.style == "decimal" and s.depth < clause.depth) or s.style == "roman":
                del stack[i + 1 :]
                return s
        stack.clear()
        return None
    if clause.style == "plain":  # an act without numbering: every paragraph is a clause
        stack.clear()
        return None
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].key == clause.key:
            del stack[i:]
            return stack[-1] if stack else None
    return stack[-1] if stack else None


# a cell holding only a clause's number: "1.", "2.1.", "3)", "а)"
_LABEL_CELL = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,2})*[.)]?|[а-я][).])\s*$")


def clause_rows(doc: Document) -> list[Span]:
    """Clauses laid out in a table, a number column and a text column ("1. | Утвердить
    план ..."): each such row reads as one line."""
    rows: dict[tuple[int, int], list] = {}
    for block in doc.blocks:
        if block.kind == "cell" and block.origin.table is not None:
            rows.setdefault((block.origin.table, block.origin.row), []).append(block)
    out = []
    for cells in rows.values():
        filled = [c for c in cells if doc.slice(c.span).strip()]
        # two cells only: a plan table's rows (action, executor, deadline) are read as rows
        if len(filled) == 2 and _LABEL_CELL.match(doc.slice(filled[0].span)) and not _LABEL_CELL.match(doc.slice(filled[1].span)):
            out.append(Span(filled[0].span.start, filled[-1].span.stop))
    return out


def run_in_clauses(text: str) -> list[int]:
    """Offsets in ``text`` where clauses run into the paragraph start (:data:`_RUN_IN_NUMBER`)."""
    chain: list[int] = [0] if _first_number(text) else []  # the paragraph opens with "1."
    for m in _RUN_IN_NUMBER.finditer(text):
        number = int(m.group("n"))
        if number == len(chain) + 1:
            chain.append(m.start("n"))
        elif number == 1:
            break  # a second list: keep the first
    return [i for i in chain if i > 0] if len(chain) > 1 else []


def _split_run_in(doc: Document, span: Span) -> list[Span]:
    """``span`` cut before each run-in clause number."""
    cuts = [span.start + i for i in run_in_clauses(doc.slice(span))]
    bounds = [span.start, *cuts, span.stop]
    out = []
    for s, e in zip(bounds, bounds[1:]):
        e = s + len(doc.text[s:e].rstrip())
        if e > s:
            out.append(Span(s, e))
    return out


def _lines(doc: Document, span: Span) -> list[Span]:
    """Paragraph spans inside ``span`` (page breaks and tables skipped, but for clauses laid
    out in a table: :func:`clause_rows`), trimmed."""
    out = [r for r in clause_rows(doc) if span.start <= r.start and r.stop <= span.stop]
    for block in doc.blocks_in(span):
        if block.kind != "paragraph":
            continue
        s, e = max(block.span.start, span.start), min(block.span.stop, span.stop)
        text = doc.text[s:e]
        lead = len(text) - len(text.lstrip(" \t:-–—*" if s == span.start else " \t"))
        s += lead
        e = s + len(doc.text[s:e].rstrip())
        if e > s:
            out.extend(_split_run_in(doc, Span(s, e)))
    return sorted(out)


def own_text(doc: Document, clause: Clause) -> str:
    """The clause's own words without the label and without "Срок: ..." lines."""
    end = min((s.start for _, s in clause.attributes), default=clause.body.stop)
    return doc.text[clause.body.start : end].rstrip()


def is_roman(number: str | None) -> bool:
    return bool(number and _ROMAN.match(number))
