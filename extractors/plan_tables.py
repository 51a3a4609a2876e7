"""Obligations from the rows of plan tables (план мероприятий, дорожная карта, план-график).

A table is a plan when one of its first rows is a header naming an *action* column
(мероприятие, содержание работ) and a *deadline* or *executor* column; columns are found
by what their headers mean, in any order.  Every data row is then one obligation:
``clause`` "Приложение 1, п. 3" (the row number as written in the № column; "Приложение,
п. 3" when the appendix has no number; "Таблица, п. 3" for a table in the body of the act).

Layout the rows go through, in order:

- a header may run over two or three rows: a group header over sub-columns ("Сроки" over
  "начало | окончание", "Исполнители" over "Ответственный | Соисполнители") or a header
  split in two ("Срок" / "исполнения"); sub-headers are read under their group's words, a
  period's *end* column is the deadline, and every executor column gives executors;
- header rows repeated after a page break, and the row of column numbers ("1 2 3 4"), are
  skipped;
- a table with no header of its own right after a plan table of the same width (a table
  broken by a page, or by a section line that a text reader took for a paragraph) continues
  it; the short paragraphs between are section rows;
- a section row (one text across the row: "1. Организационные мероприятия") is no
  obligation; when row numbers restart in each section, the section number prefixes them;
- a row without a number in a numbered table continues the row above (a row broken by a
  page break): its cells are appended;
- an empty executor or deadline cell under a filled one is a vertically merged cell: it
  inherits the text above.

Tables that are not plans (membership ФИО/должность, street lists, signatures, budgets)
have no action column and give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from extractors.dates import find_dates
from extractors.deadlines import find_deadline
from extractors.executors import split_executors
from extractors.model import NO_DEADLINE, Deadline, Executor, Obligation, Requisites
from pipeline.document import Block, Document, Span, Table
from pipeline.resources import Resources

# --- column roles: (role, header pattern), the first that matches a header cell wins -----
COLUMN_ROLES: list[tuple[str, re.Pattern]] = [
    # "Ожидаемый результат", "Форма завершения", "Отметка об исполнении", "Примечание":
    # read before the others — "результат исполнения мероприятия" names no action
    ("ignored", re.compile(r"результат|форм\w* заверш|отметк|примечани|показател|источник\w* финанс|объ[её]м", re.IGNORECASE)),
    # "Срок", "Срок исполнения мероприятия", "Дата", "Период", "Сроки реализации"
    ("deadline", re.compile(r"срок|дата|период|^\s*когда", re.IGNORECASE)),
    # "Исполнитель", "Ответственный", "Ответственные исполнители", "Ответственный за исполнение"
    ("executor", re.compile(r"исполнител|ответственн|соисполнител", re.IGNORECASE)),
    # "№", "№ п/п", "№ п.п.", "N п/п", "Номер"
    ("number", re.compile(r"^\s*(?:№|N\b|No\b|номер)|^\s*п\s*[/.]\s*п\.?\s*$", re.IGNORECASE)),
    # "Мероприятие", "Наименование мероприятия", "Содержание", "Наименование работ",
    # "Виды работ", "Задача"
    # "Перечень мероприятий", "Содержание работы", "Наименование мероприятия (работ)",
    # "Поручение", "Содержание поручения" (a protocol's table of tasks)
    ("action", re.compile(r"мероприяти|содержани|наименование\s+(?:работ|действи|этап)|вид\w*\s+работ|^\s*задач|поручени", re.IGNORECASE)),
]
# the deadline among the sub-columns of a period: "окончание", "дата завершения", "по"
PERIOD_END = re.compile(r"оконч|заверш|конец|^\s*по\b|\bпо\s*$", re.IGNORECASE)
PERIOD_START = re.compile(r"начал|^\s*с\b|\bс\s*$", re.IGNORECASE)

# the appendix an appendix block belongs to: "Приложение № 1", "ПРИЛОЖЕНИЕ 2 к приказу",
# "приложением № 1 к постановлению" (in an "УТВЕРЖДЕНО ..." block)
APPENDIX_NUMBER = re.compile(r"прилож\w*\s*(?:№|N|No)?\s*(\d+(?:\.\d+)?)", re.IGNORECASE)
# a paragraph that opens an appendix: "Приложение", "УТВЕРЖДЕН", "УТВЕРЖДЕНА приказом"
APPENDIX_START = re.compile(r"^\s*(?:приложение\b|утвержд[её]н[аоы]?\b)", re.IGNORECASE)
# a body sentence citing a numbered appendix: "согласно приложению № 1", "(приложение 2)"
APPENDIX_CITED = re.compile(r"прилож\w*\s*(?:№|N)?\s*(\d+)(?!\s*[-.]\s*\d)", re.IGNORECASE)
# how far back from a table its caption may stand
CAPTION_PARAGRAPHS = 15

# the number of a row as written: "1", "1.", "1.2", "2а", "II"
ROW_NUMBER = re.compile(r"^\s*((?:\d+[.)]?)+[а-я]?|[IVXLC]+\.?)\s*$")
# the number a section row starts with: "1. Организационные мероприятия", "II. Информирование"
SECTION_NUMBER = re.compile(r"^\s*((?:\d+\.?)+|[IVXLC]+\.?)\s+\S")
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Columns:
    """Which source column (``origin.cell``) holds what."""

    action: int
    number: int | None = None
    deadline: int | None = None
    executor: int | None = None
    co_executors: tuple[int, ...] = ()  # "Соисполнители", a second executor column
    width: int = 0


def column_role(header: str) -> str | None:
    for role, pattern in COLUMN_ROLES:
        if pattern.search(header):
            return role
    return None


def find_columns(header: dict[int, str]) -> Columns | None:
    """Columns of a plan table from its header cells; None when it is no plan header."""
    found: dict[str, list[int]] = {}
    for col, text in sorted(header.items()):
        role = column_role(text)
        if role and role != "ignored":
            found.setdefault(role, []).append(col)
    if "action" not in found or not ({"deadline", "executor"} & found.keys()):
        return None
    deadlines = found.get("deadline", [])
    # "Сроки: начало | окончание": the end; never the start when there is another
    ends = [c for c in deadlines if PERIOD_END.search(header[c])]
    not_starts = [c for c in deadlines if not PERIOD_START.search(header[c])]
    executors = found.get("executor", [])
    return Columns(
        action=found["action"][0],
        number=found.get("number", [None])[0],
        deadline=(ends or not_starts or deadlines or [None])[0],
        executor=executors[0] if executors else None,
        co_executors=tuple(executors[1:]),
        width=max(header) + 1,
    )


def _header_rows(rows: list[dict[int, str]], h: int) -> list[int]:
    """The rows of the header starting at row ``h``: the rows under it whose number and action
    cells are empty (merged down from the header) while other cells are filled."""
    cols = find_columns(rows[h])
    out = [h]
    for r in range(h + 1, min(h + 3, len(rows))):
        texts = rows[r]
        keys = {cols.action} | ({cols.number} if cols.number is not None else set())
        if any(texts.get(k) for k in keys) or not any(texts.values()) or _is_column_numbers(texts):
            break
        out.append(r)
    return out


def _header_texts(rows: list[dict[int, str]], header_rows: list[int]) -> dict[int, str]:
    """Each column's header words over all header rows; a cell merged across columns
    (present only at its first column) heads the columns to its right up to the next cell."""
    width = max((max(r) + 1 for r in rows if r), default=0)
    out = {c: "" for c in range(width)}
    for r in header_rows:
        current = ""
        for c in range(width):
            if c in rows[r]:
                current = rows[r][c]
            elif r != header_rows[0]:
                current = ""  # merged down from the row above: nothing new
            out[c] = f"{out[c]} {current}".strip() if current and current not in out[c] else out[c]
    return {c: t for c, t in out.items() if t}


# --- rows -------------------------------------------------------------------------------

Cells = dict[int, Block]


def _cells(row: tuple[Block, ...]) -> Cells:
    return {(c.origin.cell if c.origin.cell is not None else i): c for i, c in enumerate(row)}


def _texts(doc: Document, cells: Cells) -> dict[int, str]:
    return {i: " ".join(doc.slice(c.span).split()) for i, c in cells.items()}


def _is_column_numbers(texts: dict[int, str]) -> bool:
    """The row "1 | 2 | 3 | 4" printed under a header."""
    values = [t for t in texts.values() if t]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


def _section_text(texts: dict[int, str], cols: Columns) -> str | None:
    """The text of a section row: one text across the row — repeated in every cell of a
    merged span, or given once in the first column ("2. Информирование населения")."""
    distinct = {t for t in texts.values() if t}
    if len(distinct) != 1:
        return None
    text = distinct.pop()
    if ROW_NUMBER.match(text):
        return None
    filled = [i for i, t in texts.items() if t]
    if len(filled) > 1:
        return text
    # a lone text in the action column is the rest of a broken row, unless numbered
    first = filled[0] == 0
    return text if first and (cols.action != 0 or SECTION_NUMBER.match(text)) else None


@dataclass
class PlanRow:
    number: str | None
    cells: dict[int, list[Block]] = field(default_factory=dict)
    section: str | None = None

    def add(self, cells: Cells) -> None:
        for i, c in cells.items():
            self.cells.setdefault(i, []).append(c)

    def text(self, doc: Document, col: int | None) -> str:
        if col is None:
            return ""
        return " ".join(" ".join(doc.slice(c.span).split()) for c in self.cells.get(col, []))

    def span(self) -> Span:
        blocks = [c for cs in self.cells.values() for c in cs]
        return Span(min(b.span.start for b in blocks), max(b.span.stop for b in blocks))

    def cell_span(self, col: int | None) -> Span | None:
        blocks = self.cells.get(col, []) if col is not None else []
        return Span(blocks[0].span.start, blocks[-1].span.stop) if blocks else None


def header_of(rows: list[dict[int, str]]) -> tuple[Columns, list[int]] | None:
    """The columns and the header rows of a plan table (the header starts in one of the
    first three rows), None when the table is no plan."""
    for h, header in enumerate(rows[:3]):
        if find_columns(header) is None:
            continue
        header_rows = _header_rows(rows, h)
        return find_columns(_header_texts(rows, header_rows)), header_rows
    return None


def plan_rows(doc: Document, table: Table) -> tuple[Columns, list[PlanRow]] | None:
    """The columns and the data rows of a plan table, None when the table is no plan."""
    rows = [_cells(r) for r in table.rows]
    all_texts = [_texts(doc, r) for r in rows]
    found = header_of(all_texts)
    if found is None:
        return None
    cols, header_rows = found
    repeated = [all_texts[r] for r in header_rows]
    body = rows[header_rows[-1] + 1 :]
    numbered = cols.number is not None and any(
        ROW_NUMBER.match(_texts(doc, r).get(cols.number, "")) for r in body
    )
    out: list[PlanRow] = []
    section: str | None = None
    for cells in body:
        texts = _texts(doc, cells)
        if texts in repeated or _is_column_numbers(texts) or not any(texts.values()):
            continue
        if (sec := _section_text(texts, cols)) is not None:
            section = sec
            continue
        number = texts.get(cols.number, "") if cols.number is not None else ""
        number = ROW_NUMBER.match(number).group(1).rstrip(".)") if ROW_NUMBER.match(number) else None
        if numbered and number is None and out:
            out[-1].add(cells)  # the rest of a row broken by a page break
            continue
        row = PlanRow(number, section=section)
        row.add(cells)
        out.append(row)
    return cols, out


# --- the appendix a table belongs to -------------------------------------------------------

def _paragraphs_before(doc: Document, table: Table) -> list[Block]:
    start = table.span.start
    before = [b for b in doc.blocks if b.kind == "paragraph" and b.span.stop <= start]
    # only paragraphs after the previous table
    prev_tables = [t.span.stop for t in doc.tables if t.span.stop <= start and t.index != table.index]
    if prev_tables:
        before = [b for b in before if b.span.start >= max(prev_tables)]
    return before[-CAPTION_PARAGRAPHS:]


def _content(text: str) -> set[str]:
    return {w[:5].lower() for w in _WORD.findall(text)}


def appendix_label(doc: Document, table: Table) -> str:
    """"Приложение 1", "Приложение" or "Таблица" for the table's caption."""
    before = _paragraphs_before(doc, table)
    starts = [i for i, b in enumerate(before) if APPENDIX_START.match(doc.slice(b.span))]
    if not starts:
        return "Таблица"
    block = before[starts[-1] :]
    for b in block:
        if m := APPENDIX_NUMBER.search(doc.slice(b.span)):
            return f"Приложение {m.group(1)}"
    return _label_from_body(doc, table, block)


def _label_from_body(doc: Document, table: Table, block: list[Block]) -> str:
    """An appendix with no number on it, cited by number in the act ("согласно приложению
    № 1"): the cited number whose sentence shares most words with the table's heading."""
    first_appendix = next(
        (b.span.start for b in doc.paragraphs() if APPENDIX_START.match(doc.slice(b.span))), table.span.start
    )
    body = doc.text[:first_appendix]
    heading = _content(" ".join(doc.slice(b.span) for b in block))
    cited: dict[str, int] = {}
    for m in APPENDIX_CITED.finditer(body):
        sentence = body[max(body.rfind("\n", 0, m.start()), 0) : m.end()]
        cited[m.group(1)] = max(cited.get(m.group(1), 0), len(_content(sentence) & heading))
    if not cited:
        return "Приложение"
    best = max(cited.values())
    winners = [n for n, score in cited.items() if score == best]
    return f"Приложение {winners[0]}" if len(winners) == 1 else "Приложение"


# --- cells to values ------------------------------------------------------------------------

def cell_deadline(text: str, act_date: date | None) -> Deadline | None:
    """The deadline of a срок cell: the deadline grammar, or else the last date written."""
    if not text:
        return None
    found = find_deadline(text, act_date=act_date)
    if found is not None:
        return found
    mentions = [m for m in find_dates(text) if m.to_date(act_date.year if act_date else None)]
    if not mentions:
        return None
    m = mentions[-1]
    return Deadline(
        "date", text=text[m.start : m.stop], date=m.to_date(act_date.year if act_date else None),
        span=Span(m.start, m.stop), rule="plan_table_date",
    )


@dataclass(frozen=True)
class CellText:
    """The text of one column of a row, and where it starts in the document (None when
    it was joined from several cells, so its offsets are not the document's)."""

    text: str
    offset: int | None
    span: Span | None


def cell_text(doc: Document, row: PlanRow, col: int | None) -> CellText:
    blocks = row.cells.get(col, []) if col is not None else []
    if len(blocks) == 1:
        return CellText(doc.slice(blocks[0].span), blocks[0].span.start, blocks[0].span)
    return CellText(row.text(doc, col), None, row.cell_span(col))


def _deadline(cell: CellText, act_date: date | None) -> Deadline:
    found = cell_deadline(cell.text, act_date)
    if found is None:
        return NO_DEADLINE
    return found.placed(cell.offset) if cell.offset is not None else replace(found, span=None)


def _row_numbers(rows: list[PlanRow]) -> list[str]:
    """Numbers as written; restarted numbering gets its section's number in front; rows
    without a number are counted."""
    restarted = len({r.number for r in rows if r.number}) < sum(1 for r in rows if r.number)
    out = []
    for n, row in enumerate(rows, 1):
        number = row.number or str(n)
        if restarted and row.number and row.section and (m := SECTION_NUMBER.match(row.section)):
            prefix = m.group(1).rstrip(".")
            if not number.startswith(prefix + "."):
                number = f"{prefix}.{number}"
        out.append(number)
    return out


def _heads_its_items(doc: Document, row: PlanRow, cols: Columns, number: str, following: list[str]) -> bool:
    """"1. | Организационные мероприятия | | " over "1.1.", "1.2.": a section's heading in the
    action column, with no executor or term of its own."""
    own = [row.text(doc, c) for c in (cols.executor, cols.deadline) if c is not None]
    return not any(t.strip() for t in own) and bool(following) and following[0].startswith(number.rstrip(".") + ".")


def table_obligations(doc: Document, table: Table, act_date: date | None) -> list[Obligation]:
    found = plan_rows(doc, table)
    if found is None:
        return []
    cols, rows = found
    label = appendix_label(doc, table)
    out: list[Obligation] = []
    above: dict[int, tuple[str | None, CellText]] = {}  # column -> (section, last filled cell)
    numbers = _row_numbers(rows)
    for i, (row, number) in enumerate(zip(rows, numbers)):
        action = row.text(doc, cols.action)
        if not action or _heads_its_items(doc, row, cols, number, numbers[i + 1 : i + 2]):
            continue
        cells: dict[int, CellText] = {}
        for col in (cols.deadline, cols.executor, *cols.co_executors):
            if col is None:
                continue
            cell = cell_text(doc, row, col)
            if cell.text.strip():
                above[col] = (row.section, cell)
            elif col in (cols.deadline, cols.executor) and col in above and above[col][0] == row.section:
                # an empty main cell under a filled one is vertically merged (readers drop
                # the merged cell, so it cannot be told from an empty one); an empty
                # co-executor cell is just empty
                cell = above[col][1]
            cells[col] = cell
        executor_cells = [cells[c] for c in (cols.executor, *cols.co_executors) if c is not None and c in cells]
        out.append(
            Obligation(
                clause=f"{label}, п. {number}",
                source="table",
                executors=tuple(
                    Executor(name, cell.span)
                    for cell in executor_cells
                    if cell.text.strip()
                    for name in split_executors(" ".join(cell.text.split()), case="nomn")
                ),
                action=action,
                modality="mandatory",
                deadline=_deadline(cells[cols.deadline], act_date) if cols.deadline is not None else NO_DEADLINE,
                span=row.span(),
                action_span=row.cell_span(cols.action),
                rule="plan_table_row",
            )
        )
    return out


# a paragraph between two parts of one plan table is a section line: short, one line
SECTION_LINE_MAX = 150
SECTION_LINES_MAX = 2


def _width(table: Table) -> int:
    return max((c.origin.cell or 0) for r in table.rows for c in r) + 1


def joined_tables(doc: Document) -> list[Table]:
    """The tables of the document, each plan table joined with the headerless tables that
    continue it (with the section lines between them as one-cell rows)."""
    out: list[Table] = []
    for table in doc.tables:
        prev = out[-1] if out else None
        if prev is not None and _continues(doc, prev, table):
            between = _between(doc, prev, table)
            out[-1] = Table(prev.index, prev.rows + tuple((b,) for b in between) + table.rows)
        else:
            out.append(table)
    return out


def _between(doc: Document, before: Table, after: Table) -> list[Block]:
    return [
        b for b in doc.blocks
        if b.kind == "paragraph" and before.span.stop <= b.span.start and b.span.stop <= after.span.start
    ]


def _continues(doc: Document, prev: Table, table: Table) -> bool:
    if _width(prev) != _width(table) or header_of([_texts(doc, _cells(r)) for r in prev.rows]) is None:
        return False
    first = _texts(doc, _cells(table.rows[0]))
    if any(column_role(t) for t in first.values() if t):
        return False  # its own header ("№ | Ф.И.О. | Должность"): another table
    between = _between(doc, prev, table)
    return len(between) <= SECTION_LINES_MAX and all(
        len(doc.slice(b.span)) <= SECTION_LINE_MAX
        and "\n" not in doc.slice(b.span).strip()
        and not APPENDIX_START.match(doc.slice(b.span))
        for b in between
    )


def extract_table_obligations(doc: Document, res: Resources, requisites: Requisites) -> list[Obligation]:
    act_date = requisites.date.value if requisites.date is not None else None
    return [o for table in joined_tables(doc) for o in table_obligations(doc, table, act_date)]
