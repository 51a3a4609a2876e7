"""Plain text and Markdown in any Russian encoding.

Blank lines separate paragraphs; a line wrapped inside a paragraph (the next line starts
in lower case and the previous one does not end a sentence) is joined to it; lines with
TABs (or box-drawing borders, or ASCII bars) in a row are table rows.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.document import Origin, RawBlock
from pipeline.errors import CorruptFile
from pipeline.readers.base import Reading
from pipeline.settings import Settings

_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
_CELL_SPLIT = re.compile(r"\t|[│┃|](?=[^|]*[│┃|])")
_BOX_ONLY = re.compile(r"^[\s\u2500-\u257f+\-=|]+$")
# a line that continues the previous paragraph: starts in lower case or with a closing
# punctuation; the previous line does not end a sentence or a clause
_CONTINUES = re.compile(r"^[a-zа-яё(«\"]")
_ENDS = re.compile(r"[.;:!?»]\s*$")
# a line that starts a new item even in lower case: "а) ...", "- ...", "1.1 ..."
_ITEM_START = re.compile(r"^\s*(?:[а-я]\)|[-–—•·*]\s|\d+(?:\.\d+)*[.)]?\s)")
# a line that begins with punctuation belongs to the line before (a break before a comma:
# "персональных данных" / ", осуществляемой ..."); normalise glues it without a space
GLUED_START = re.compile(r"^\s*[,;:.)]")
# lines that open a block of their own and are never the rest of the line before:
# an appendix or approval stamp ("Приложение № 2", "УТВЕРЖДЕНА", "Утверждаю", "СОГЛАСОВАНО")
BLOCK_START = re.compile(
    r"^\s*(?:Приложение|ПРИЛОЖЕНИЕ|УТВЕРЖД[ЕЁ]Н[АОЫ]?|Утвержд[её]н[аоы]?|УТВЕРЖДАЮ|Утверждаю|СОГЛАСОВАН[АОЫ]?|Согласован[аоы]?)"
    r"(?![а-яёА-ЯЁ])"
)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown Russian encoding; returns (text, encoding)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc.replace("-sig", "")  # a lying BOM, UTF-8 after UTF-16
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Cyrillic single-byte encodings met in Russian offices, most common first (a tie keeps
    # the first); MacCyrillic and ISO 8859-5 are left out: they share cp1251's lower case,
    # so they tie with it on letter statistics and mangle the capitals.
    best = max(("cp1251", "koi8-r", "cp866"), key=lambda e: _russianness(data, e))
    return data.decode(best, errors="replace"), best


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text has, in every other byte, the high byte of ASCII (0x00) or Cyrillic (0x04)."""
    if len(data) < 4 or len(data) % 2:
        return None
    for enc, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if sum(1 for b in high if b in (0, 4)) > 0.9 * len(high):
            return enc
    return None


# Letter frequencies of Russian text, per mille (case-insensitive): a wrong code page
# turns text into rare letters (ъ, щ, ю, ц...), which this scores low.
_FREQUENCY = {
    "о": 110, "е": 85, "а": 80, "и": 74, "н": 67, "т": 63, "с": 55, "р": 47, "в": 45, "л": 44,
    "к": 35, "м": 32, "д": 30, "п": 28, "у": 26, "я": 20, "ы": 19, "ь": 17, "г": 17, "з": 17,
    "б": 16, "ч": 14, "й": 12, "х": 10, "ж": 9, "ш": 7, "ю": 6, "ц": 5, "щ": 4, "э": 3, "ф": 3,
    "ъ": 0.4, "ё": 0.4,
}


def _russianness(data: bytes, encoding: str) -> float:
    import math

    text = data.decode(encoding, errors="replace")
    letters = [c.lower() for c in text if c.isalpha()]
    if not letters:
        return float("-inf")
    score = sum(math.log(_FREQUENCY.get(c, 0.01)) for c in letters) / len(letters)
    # a capital inside a lower-case word ("пРИКАЗ") means the case halves were swapped
    mixed = sum(1 for a, b in zip(text, text[1:]) if a.islower() and b.isupper())
    return score - 2 * mixed / len(letters)


class TextReader:
    format = "txt"
    extensions = (".txt", ".md", ".text", "")

    def can_read(self, path: Path, head: bytes) -> bool:
        return False  # by extension only: any bytes "look like" text

    def read(self, path: Path, settings: Settings, data: bytes) -> Reading:
        text, encoding = decode(data)
        sample = text[:4096]
        if sum(1 for c in sample if c < " " and c not in "\t\n\r\f") > len(sample) / 100:
            raise CorruptFile(
                "файл назван текстовым, но содержит двоичные данные; проверьте расширение файла или запросите его заново",
                path=str(path),
            )
        return Reading(blocks=split_text(text), format="txt", encoding=encoding)


def split_text(text: str, wrapped: bool = True) -> list[RawBlock]:
    """Blocks of a plain text: paragraphs and TAB/box-drawn table rows.

    ``wrapped``: lines may be wrapped inside a paragraph (plain text) and are re-joined;
    False where every line is a paragraph already (RTF ``\\par``)."""
    blocks: list[RawBlock] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if wrapped:
        lines = unfold_blank_columns(lines)
    table_index = -1
    row = 0
    in_table = False
    bordered: bool | None = None
    para_no = 0
    current: list[str] = []

    def flush() -> None:
        nonlocal para_no
        if current:
            blocks.append(RawBlock("paragraph", "\n".join(current), Origin(paragraph=para_no)))
            para_no += 1
            current.clear()

    for line in lines:
        if "\f" in line:
            flush()
            blocks.append(RawBlock("page_break", ""))
            line = line.replace("\f", "")
        cells = _table_cells(line, bordered if in_table else None)
        if cells is not None:
            flush()
            if not in_table:
                table_index += 1
                row = 0
                in_table = True
                bordered = _ascii_bordered(line)
            for c, cell in enumerate(cells):
                blocks.append(RawBlock("cell", cell, Origin(table=table_index, row=row, cell=c)))
            row += 1
            continue
        if _BOX_ONLY.match(line) and line.strip() and in_table:
            continue  # a border line inside a box-drawn table
        if not line.strip():
            flush()
            continue  # a blank line ends a paragraph but not a table
        in_table = False
        if wrapped and current and continues_paragraph(current[-1], line):
            current.append(line)
            continue
        flush()
        current.append(line)
    flush()
    return blocks


# a gutter of spaces between two columns of a blank typed or rendered as text
_GUTTER = re.compile(r"(?<=\S) {4,}(?=\S)")
_BLANK_TOP = 15  # lines from the top (and from the end) where columns may begin
_COLUMN_SLACK = 3  # characters the right column's lines may stray from its edge


def unfold_blank_columns(lines: list[str]) -> list[str]:
    """Two columns typed with spaces, read column by column, each whole: a letter's blank
    at the top ("МИНИСТЕРСТВО ФИНАНСОВ      Главам администраций") and two signatures side
    by side at the end ("Председатель Совета депутатов      Глава городского поселения").
    A block runs from the first line split at a gutter that the next line shares to the
    blank line after the last split; its lines of one column keep to their side.  A right
    column of names alone (a position | name signature) stays in its rows."""
    tail_from = max(_BLANK_TOP, len(lines) - _BLANK_TOP)
    lines = _unfold_from(lines, tail_from, len(lines), signatures=True)  # the end first: offsets above hold
    return _unfold_from(lines, 0, min(_BLANK_TOP, len(lines)))


def _unfold_from(lines: list[str], lo: int, hi: int, *, signatures: bool = False) -> list[str]:
    edge, first = _right_edge(lines, lo, hi)
    if edge is None:
        return lines
    left: list[str] = []
    right: list[str] = []
    last_split = first
    end = len(lines)
    for i in range(first, len(lines)):
        line = lines[i].rstrip()
        if not line.strip():
            if i > last_split:
                end = i
                break
            left.append("")
            continue
        if len(_GUTTER.findall(line)) > 1:
            return lines  # three columns and more: a table laid out with spaces
        cut = _cut_at(line, edge)
        if cut is None:
            end = i
            break
        a, b = line[:cut].strip(), line[cut:].strip()
        if b:
            last_split = i
        if a:
            left.append(a)
        if b:
            right.append(b)
    if len(right) < 2 or all(_SIGNED_NAME.fullmatch(x) for x in right if x):
        return lines
    if signatures and not all(any(_SIGNED_NAME.search(x) for x in column) for column in (left, right)):
        return lines  # at the end only signatures stand side by side, each with its name
    labels = [x for x in left if x]
    if sum(x[:1].isdigit() for x in labels) * 2 > len(labels):
        return lines  # rows numbered down the left: a table laid out with spaces
    # a blank's lines are requisites each, never a wrapped paragraph ("г. Владимир" under
    # the address): a blank line after every one
    unfolded = [x for line in left + [""] + right for x in (line, "")]
    return lines[:first] + unfolded + lines[end:]


# a name signed in the right column, with the line for the signature
_SIGNED_NAME = re.compile(r"[_\s]*(?:(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё-]+|[А-ЯЁ][а-яё-]+\s+(?:[А-ЯЁ]\.\s?){1,2})")


def _cut_at(line: str, edge: int) -> int | None:
    """Where ``line`` splits at the right column's ``edge``: after the gutter, at the
    indentation of a right-only line, or past the end of a left-only line; None when
    the line runs across the gutter."""
    indent = len(line) - len(line.lstrip())
    if line.strip() and abs(indent - edge) <= _COLUMN_SLACK:
        return indent
    for m in _GUTTER.finditer(line):
        if abs(m.end() - edge) <= _COLUMN_SLACK:
            return m.end()
    return len(line) if len(line) < edge - 1 and indent < edge - _COLUMN_SLACK else None


def _right_edge(lines: list[str], lo: int, hi: int) -> tuple[int | None, int]:
    """The column where a right column starts (two lines in ``lines[lo:hi]`` split there at
    a gutter) and the first of those lines; (None, 0) without one."""
    for i in range(lo, hi):
        for m in _GUTTER.finditer(lines[i].rstrip()):
            edge = m.end()
            nxt = next((x for x in lines[i + 1 : i + 4] if x.strip()), "")
            if any(abs(g.end() - edge) <= _COLUMN_SLACK for g in _GUTTER.finditer(nxt.rstrip())) or (
                abs(len(nxt) - len(nxt.lstrip()) - edge) <= _COLUMN_SLACK
            ):
                return edge, i
    return None, 0


def continues_paragraph(prev: str, line: str) -> bool:
    """Is ``line`` the wrapped rest of the paragraph whose last line is ``prev``?"""
    if GLUED_START.match(line):
        return True
    return (
        bool(_CONTINUES.match(line.strip()))
        and not _ENDS.search(prev)
        and not _ITEM_START.match(line)
        and not BLOCK_START.match(line)
        and not (_is_caps(prev) and line.strip()[:1].islower())  # "ПРИКАЗ" over "от 12.03.2024 № 5"
    )


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def join_wrapped(lines: list[str]) -> list[str]:
    """Paragraphs of consecutive lines: a wrapped line joins the one before it."""
    paragraphs: list[list[str]] = []
    for line in lines:
        if paragraphs and continues_paragraph(paragraphs[-1][-1], line):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return ["\n".join(p) for p in paragraphs]


# a list label Word separates from its text by a TAB ("1.\tУтвердить"): not a table row
_LABEL_TAB = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[а-яa-z]\)|[-–—•·*])\t[^\t]*$")


def _table_cells(line: str, bordered: bool | None = None) -> list[str] | None:
    """The cells of a table row, or None; ``bordered``: whether the ASCII-barred table
    the row belongs to has a border (known from its first row)."""
    if _LABEL_TAB.match(line):
        return None
    cells = line.strip(" \r\n").split("\t")
    if len(cells) > 1 and any(c.strip() for c in cells):
        # a row keeps its empty cells, so columns stay aligned: a section row
        # ("I. Организационные мероприятия\t\t\t"), a row continued ("\tпродолжение\t")
        return [c.strip() for c in cells]
    if line.count("│") >= 2 or line.count("┃") >= 2:
        return [c.strip() for c in re.split(r"[│┃]", line.strip().strip("│┃"))]
    # a table drawn with ASCII bars, as a converter or a person types it:
    # " 1 | Обновление уголка ... | январь | Педагог-организатор", "   | движения |  |"
    if line.count("|") >= 2 and not _BOX_ONLY.match(line):
        parts = line.strip().split("|")
        if bordered if bordered is not None else line.strip().startswith("|"):
            # a table with a border: the bars at the ends are no cells; without one a leading
            # bar opens an empty first cell (a row continued: "   | движения |   |")
            parts = parts[1:] if parts and not parts[0].strip() else parts
            parts = parts[:-1] if len(parts) > 1 and not parts[-1].strip() and line.rstrip().endswith("|") else parts
        return [c.strip() for c in parts]
    return None


def _ascii_bordered(line: str) -> bool | None:
    """Whether the ASCII-barred table a row opens has a border ("| 1 | ... |")."""
    return line.strip().startswith("|") if line.count("|") >= 2 and "\t" not in line else None


READER = TextReader()
