"""PDF: the text layer through pdfplumber, OCR for pages without a usable one.

Per page: tables found by ruling lines become cells (their words are not read again as
text); the remaining words are grouped into lines, lines into paragraphs by layout (see
``_PARAGRAPH_BREAKS``); lines of a header blank written in two or three columns side by
side (an issuer in Russian and in a regional language) are read column by column, never
interleaved; running headers/footers and bare page numbers are dropped.  A page whose
text layer is missing or garbled (a scan with a bad embedded OCR layer) is rendered with
pypdfium2 and read by Tesseract (ruled tables in it become cells too: see
:mod:`pipeline.readers.scan_tables`).
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.document import Origin, RawBlock
from pipeline.errors import CorruptFile, EncryptedFile, LimitExceeded, MissingTool
from pipeline.normalise import is_noise_block
from pipeline.readers.base import Reading
from pipeline.readers.text import BLOCK_START, GLUED_START, continues_paragraph
from pipeline.settings import Settings

# A token of real text: one script, optional hyphenated parts, surrounding punctuation.
# Garbled OCR layers give "lоздании", "школьногJ", "шко;н1'к':з~п:~гов".
_CLEAN_TOKEN = re.compile(r"[«\"'(\[]*(?:[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*|[A-Za-z]+(?:-[A-Za-z]+)*)[»\"')\].,:;!?]*")
_HAS_LETTER = re.compile(r"[^\W\d_]")
GARBLED_SHARE = 0.12  # above this share of malformed words the text layer is OCR garbage
MIN_TEXT_CHARS = 25  # a page with fewer letters than this has no usable text layer
# a page drawn as one picture covering this share of it, whose text layer holds fewer letters
# than SCAN_OVERLAY_CHARS, is a scan with a note typed over it by a PDF editor or a
# registry ("Документ подписан электронной подписью", "Вх. № 123 от 01.02.2024"): the
# scan's text is in the pixels, so the page is read by OCR (its note is drawn, OCR reads it too)
SCAN_COVER = 0.5
SCAN_OVERLAY_CHARS = 200
# a line that starts a numbered item: "1.", "2.3.1.", "1)", "а)", "- ", "• "
_ITEM_START = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)](?!\d)|[а-яa-z]\)|[-–—•·]\s)")
_ENDS_SENTENCE = re.compile(r"[.:;!?]$")
# a page-margin line that repeats on every page once digits are masked: "Страница 2", "Приказ № 5 — стр. 3"
_DIGITS = re.compile(r"\d+")
# a line that cannot end a phrase: it ends in a comma, a hyphen or a preposition, conjunction
# or particle ("Срок: в течение года, не" / "позднее 5 дней"), so the next line goes on it
_HANGING = re.compile(r"(?:[,\-–]|(?<![А-ЯЁа-яё])(?:в|во|на|по|с|со|к|ко|о|об|от|до|за|из|у|для|при|и|или|а|но|не|ни|что|как))$", re.IGNORECASE)
MARGIN_SHARE = 0.08  # top/bottom share of the page height holding running headers and page numbers
# a gap between two letters wider than this share of the font size separates words: writers
# that position each word (justified lines, LibreOffice exports) leave no space character,
# and a fixed 3 pt glues 9 pt words ("ОПУБЛИКОВАНООФИЦИАЛЬНЫЙ", "вдело") while letter
# spacing for emphasis stays under it
WORD_GAP = 0.2


@dataclass(eq=False)
class _Line:
    words: list[dict]
    segments: list[list[dict]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return self.words[-1]["x1"]

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def text(self) -> str:
        # a column gutter stays a wide gap, as in a text rendering: extractors read the
        # columns of a blank apart ("Чӑваш Республикин   Министерство здравоохранения")
        segments = self.segments or [self.words]
        return "   ".join(" ".join(w["text"] for w in seg) for seg in segments)


@dataclass
class PageTable:
    """A table of one page: ``rows[r][c]`` a cell's text, None where a merged cell covers
    the position; ``confidence`` the mean OCR confidence of each cell's words (scans)."""

    top: float
    rows: list[list[str | None]]
    confidence: list[list[float | None]] | None = None


def is_garbled(text: str) -> bool:
    """Does a text layer look like failed OCR rather than words?"""
    tokens = [t for t in text.split() if _HAS_LETTER.search(t)]
    if len(tokens) < 20:
        return False
    bad = sum(1 for t in tokens if not _CLEAN_TOKEN.fullmatch(t))
    return bad / len(tokens) > GARBLED_SHARE


def _group_lines(words: list[dict]) -> list[_Line]:
    lines: list[_Line] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        h = w["bottom"] - w["top"]
        if lines and abs(lines[-1].words[0]["top"] - w["top"]) < 0.5 * h:
            lines[-1].words.append(w)
        else:
            lines.append(_Line([w]))
    lines = _split_segments(lines)
    lines.sort(key=lambda ln: ln.top)
    return lines


def _split_segments(lines: list[_Line]) -> list[_Line]:
    for ln in lines:
        ln.words.sort(key=lambda w: w["x0"])
        ln.segments = [[ln.words[0]]]
        for prev, w in zip(ln.words, ln.words[1:]):
            size = w["bottom"] - w["top"]
            if w["x0"] - prev["x1"] > 3 * size:  # a column gutter, not a word space
                ln.segments.append([w])
            else:
                ln.segments[-1].append(w)
    return lines


def _cuts(line: _Line) -> list[float]:
    return [(a[-1]["x1"] + b[0]["x0"]) / 2 for a, b in zip(line.segments, line.segments[1:])]


def _fits_columns(line: _Line, cuts: list[float]) -> bool:
    return all(not (w["x0"] < c < w["x1"]) for w in line.words for c in cuts)


def _column_of(x: float, cuts: list[float]) -> int:
    return sum(1 for c in cuts if x > c)


class _PageBuilder:
    """Turns the lines and tables of pages into blocks, paragraph by paragraph."""

    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.current: list[_Line] = []
        self.current_page = 0
        self.paragraph = 0
        self.table = -1
        self.table_cols = 0
        self.table_rows = 0
        self.table_open = False  # the last thing emitted is a table (it may go on next page)
        self.right_edge = 0.0
        self.left_edge = 0.0

    def flush(self) -> None:
        if self.current:
            text = "\n".join(ln.text for ln in self.current)
            self.blocks.append(RawBlock("paragraph", text, self.origin(self.current_page, [w for ln in self.current for w in ln.words])))
            self.paragraph += 1
            self.current = []

    def emit(self, text: str, page: int, words: list[dict]) -> None:
        self.flush()
        self.blocks.append(RawBlock("paragraph", text, self.origin(page, words)))
        self.paragraph += 1
        self.table_open = False

    def origin(self, page: int, words: list[dict]) -> Origin:
        """OCR'd words carry Tesseract's confidence: the block gets their mean."""
        confs = [w["conf"] for w in words if "conf" in w]
        if not confs:
            return Origin(page=page, paragraph=self.paragraph)
        return Origin(page=page, paragraph=self.paragraph, ocr=True, confidence=round(sum(confs) / len(confs), 1))

    def is_full(self, ln: _Line) -> bool:
        """A line of running text across most of the page's width."""
        return len(ln.segments) == 1 and ln.x1 - ln.x0 > 0.7 * (self.right_edge - self.left_edge)

    def in_stamp_area(self, ln: _Line) -> bool:
        """A short line in the right part of the text and not centred: a line of an approval or
        appendix stamp ("УТВЕРЖДЕН / приказом ... / от ... № ..."), an addressee, a signature."""
        width = self.right_edge - self.left_edge
        middle = (self.left_edge + self.right_edge) / 2
        return ln.x0 > self.left_edge + 0.4 * width and (ln.x0 + ln.x1) / 2 > middle + 0.1 * width

    def starts_paragraph(self, prev: _Line, ln: _Line, same_page: bool, in_column: bool = False) -> bool:
        """Ordered layout rules; the first that fires starts a new paragraph."""
        if GLUED_START.match(ln.text):
            return False  # ", осуществляемой ..." goes on the line before, whatever the layout
        first_of_para = self.current[0] is prev
        short_prev = prev.x1 < self.right_edge - max(30.0, 3 * prev.height)
        rules = (
            _ITEM_START.match(ln.text) is not None,  # "2.1. Организовать"
            same_page and ln.top - prev.bottom > 0.9 * max(ln.height, prev.height),  # a blank gap
            short_prev and _ENDS_SENTENCE.search(prev.text) is not None,  # the last line of a paragraph
            short_prev and not continues_paragraph(prev.text, ln.text),  # centred/heading lines
            not first_of_para and abs(ln.x0 - prev.x0) > 8,  # a red line or an outdent after body lines
            ln.x0 > prev.x0 + 60,  # a right-aligned "Срок: ..." under a paragraph
            ln.x0 > prev.x0 + 8 and _ENDS_SENTENCE.search(prev.text) is not None,  # red line after a sentence
            bool(ln.words[0].get("block_start")),  # OCR: Tesseract saw a new text block
            BLOCK_START.match(ln.text) is not None,  # "Приложение № 2", "УТВЕРЖДЕН" under anything
            not in_column and self.in_stamp_area(prev) and self.in_stamp_area(ln)
            and not _HANGING.search(prev.text),  # stamp lines stay lines
        )
        return any(rules)

    def add_line(self, ln: _Line, page: int) -> None:
        if self.current:
            prev = self.current[-1]
            if self.starts_paragraph(prev, ln, same_page=self.current_page == page and prev in self._page_lines):
                self.flush()
        if not self.current:
            self.current_page = page
        self.current.append(ln)
        self._page_lines.add(ln)
        self.table_open = False

    def add_zone(self, zone: list[_Line], page: int) -> None:
        """Lines written in columns side by side: each column read top to bottom."""
        self.flush()
        if len(zone) == 1:
            self.emit("   ".join(" ".join(w["text"] for w in seg) for seg in zone[0].segments), page, zone[0].words)
            return
        cuts = max((_cuts(ln) for ln in zone), key=len)
        columns: dict[int, list[_Line]] = {}
        for ln in zone:
            for seg in ln.segments:
                columns.setdefault(_column_of(seg[0]["x0"], cuts), []).append(_Line(seg))
        for col in sorted(columns):
            self.current_page = page
            for cl in columns[col]:
                if self.current and self.starts_paragraph(self.current[-1], cl, same_page=True, in_column=True):
                    self.flush()
                self.current.append(cl)
            self.flush()
        self.table_open = False

    def add_table(self, table: PageTable, page: int) -> None:
        self.flush()
        ncols = max(len(r) for r in table.rows)
        continued = self.table_open and ncols == self.table_cols and page > self.current_page
        if not continued:
            self.table += 1
            self.table_rows = 0
            self.table_cols = ncols
        for r, row in enumerate(table.rows):
            if not any((c or "").strip() for c in row):
                continue
            for c, cell in enumerate(row):
                if cell is None:  # covered by a merged cell: its text is in the merged one
                    continue
                ocr = table.confidence is not None
                confidence = table.confidence[r][c] if table.confidence is not None else None
                origin = Origin(page=page, table=self.table, row=self.table_rows, cell=c, ocr=ocr, confidence=confidence)
                self.blocks.append(RawBlock("cell", cell, origin))
            self.table_rows += 1
        self.current_page = page
        self.table_open = True

    def page(
        self, number: int, lines: list[_Line], tables: list[PageTable], edges: tuple[float, float], ordered: bool = False
    ) -> None:
        self.left_edge, self.right_edge = edges
        self._page_lines: set = set()
        if self.blocks and not self.current and not self.table_open:
            self.blocks.append(RawBlock("page_break", "", Origin(page=number)))
        items: list[tuple[float, object]] = [(ln.top, ln) for ln in lines]
        if ordered:  # OCR lines come in Tesseract's reading order: a table goes before the first line below its top
            for t in sorted(tables, key=lambda t: t.top):
                below = next((k for k, (top, it) in enumerate(items) if isinstance(it, _Line) and top >= t.top), len(items))
                items.insert(below, (t.top, t))
        else:
            items = sorted(items + [(t.top, t) for t in tables], key=lambda it: it[0])
        i = 0
        while i < len(items):
            item = items[i][1]
            if isinstance(item, PageTable):
                self.add_table(item, number)
                i += 1
                continue
            if len(item.segments) < 2:
                self.add_line(item, number)
                i += 1
                continue
            # a blank's columns at the top of the first page keep to their columns over blank
            # lines and lines of one column; below the text's first full line (signatures)
            # rows stay together
            blank = number == 1 and not any(isinstance(it, _Line) and self.is_full(it) for _top, it in items[:i])
            zone, i = self._zone(items, i, blank=blank)
            self.add_zone(zone, number)

    @staticmethod
    def _zone(items: list[tuple[float, object]], i: int, blank: bool = False) -> tuple[list[_Line], int]:
        """The run of lines from ``items[i]`` that keep to the same columns."""
        first: _Line = items[i][1]  # type: ignore[assignment]
        cuts = _cuts(first)
        starts = [seg[0]["x0"] for seg in first.segments]
        zone = [first]
        j = i + 1
        while j < len(items) and isinstance(items[j][1], _Line):
            ln: _Line = items[j][1]  # type: ignore[assignment]
            prev = zone[-1]
            gap = ln.top - prev.bottom
            if not _fits_columns(ln, cuts) or gap > (2.5 if blank else 1.2) * max(ln.height, prev.height):
                break
            # a blank line inside the columns ("ПРОКУРАТУРА ... | Главе ..." under the
            # addressee's first lines); the left column going on alone, right under its
            # line ("ПРОКУРАТУРА / ВОЛХОВСКОГО РАЙОНА") or while the right one has more to
            # come below
            in_columns = _in_columns(ln, starts)
            if gap > 1.2 * max(ln.height, prev.height) and not in_columns:
                break
            left_column = abs(ln.segments[0][0]["x0"] - starts[0]) < 8
            if not in_columns and not (blank and left_column and (gap <= 0.5 * ln.height or _columns_resume(items, j, cuts, starts))):
                break  # a single line back at the left margin after a space: body text resumes
            zone.append(ln)
            j += 1
        return zone, j


def _columns_resume(items: list[tuple[float, object]], j: int, cuts: list[float], starts: list[float]) -> bool:
    """Do the columns go on below the left-column lines from ``items[j]`` (a line with the
    right column again, close under them)?"""
    prev: _Line = items[j][1]  # type: ignore[assignment]
    for _top, item in items[j + 1 :]:
        if not isinstance(item, _Line) or not _fits_columns(item, cuts):
            return False
        if item.top - prev.bottom > 2.5 * max(item.height, prev.height):
            return False
        if _in_columns(item, starts):
            return True
        prev = item
    return False


def _in_columns(line: _Line, starts: list[float]) -> bool:
    """A line of several columns, or of one that starts at a right column's edge."""
    return len(line.segments) >= 2 or any(abs(seg[0]["x0"] - s) < 8 for seg in line.segments for s in starts[1:])


@dataclass
class PageContent:
    """What the layout of one page holds, read straight from pdfminer's objects: pdfplumber's
    per-object dictionaries (every attribute resolved) cost as much again as parsing the page,
    and the reader needs only the characters' boxes and whether there are images and rulings."""

    chars: list[dict]
    images: bool
    image_share: float  # the page's area covered by its largest image
    ruled: bool  # enough horizontal and vertical strokes for a ruled table


def page_content(page) -> PageContent:
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect

    height, (mb_x0, mb_top) = page.height, page.mediabox[:2]
    chars: list[dict] = []
    images = False
    image_area = 0.0
    horizontal = vertical = 0

    def walk(objs) -> None:
        nonlocal images, image_area, horizontal, vertical
        for obj in objs:
            if isinstance(obj, LTChar):
                top = height - obj.y1 + mb_top
                chars.append({
                    "text": obj.get_text(), "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "top": top,
                    "bottom": top + obj.height, "doctop": top, "upright": obj.upright, "size": obj.size,
                })
            elif isinstance(obj, LTContainer):  # a form XObject (LTFigure) holds more objects
                walk(obj)
            elif isinstance(obj, LTImage):
                images = True
                image_area = max(image_area, obj.width * obj.height)
            elif isinstance(obj, (LTLine, LTRect)):
                flat, tall = obj.height < 2, obj.width < 2
                horizontal += 1 if flat else 0 if tall else 2  # a box has two edges of each
                vertical += 1 if tall else 0 if flat else 2
            elif isinstance(obj, LTCurve):  # a drawn path: its strokes may be any
                horizontal += 1
                vertical += 1

    walk(page.layout)
    page_area = float(page.width * page.height) or 1.0
    return PageContent(chars, images, min(1.0, image_area / page_area), horizontal >= 2 and vertical >= 2)


def _page_tables(page) -> list[PageTable]:
    tables = []
    for t in page.find_tables():
        rows = t.extract()
        filled = [r for r in rows if sum(1 for c in r if c and c.strip()) >= 1]
        if len(filled) < 2 or max(len(r) for r in rows) < 2:
            continue  # a frame around a paragraph, not a table
        tables.append((t, PageTable(t.bbox[1], rows)))
    return tables


# the label of a table row in its first column: "1", "2.", "3)", "1.2.", "IV."
_ROW_LABEL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[IVXLC]{1,6}\.)(?:\s|$)")
MIN_TABLE_LINES = 3  # columns must persist this many lines to be a table


def _x_columns(lines: list[_Line]) -> list[tuple[float, float]]:
    """Column extents of a run of lines: the x-ranges of their segments merged where they
    overlap or nearly touch (closer than a line height)."""
    gutter = statistics.median(ln.height for ln in lines)
    merged: list[list[float]] = []
    for x0, x1 in sorted((seg[0]["x0"], seg[-1]["x1"]) for ln in lines for seg in ln.segments):
        if merged and x0 <= merged[-1][1] + gutter:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def borderless_tables(lines: list[_Line]) -> tuple[list[_Line], list[PageTable]]:
    """Tables drawn without rulings: runs of lines whose words keep to the same x-columns
    (no word crosses the gutters) for at least MIN_TABLE_LINES lines, with numbered rows or
    three columns or more.  Two columns without row labels (an issuer in two languages side
    by side) are no table: they are read column by column (see ``_PageBuilder._zone``)."""
    rest: list[_Line] = []
    tables: list[PageTable] = []
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and _close(lines[j - 1], lines[j]) and len(_x_columns(lines[i : j + 1])) >= 2:
            j += 1
        table = _as_table(lines[i:j]) if j - i >= MIN_TABLE_LINES else None
        if table is None:
            rest.append(lines[i])
            i += 1
            continue
        # lines just above that keep to one column belong to the first row (its cells
        # started above the row's label): take them back from the text
        columns = _x_columns(lines[i:j])
        while rest and rest[-1] is lines[i - 1] and _close(lines[i - 1], lines[i]) and _within(lines[i - 1], columns):
            rest.pop()
            i -= 1
        tables.append(_as_table(lines[i:j]) or table)
        i = j
    return rest, tables


def _close(upper: _Line, lower: _Line) -> bool:
    """No blank line between: a gap of less than 2.5 line heights."""
    return lower.top - upper.bottom <= 2.5 * max(upper.height, lower.height)


def _within(line: _Line, columns: list[tuple[float, float]]) -> bool:
    return all(any(a - 1 <= seg[0]["x0"] and seg[-1]["x1"] <= b + 1 for a, b in columns) for seg in line.segments)


@dataclass
class _Piece:
    """One segment of a line inside a borderless table: its own box (a neighbour cell's line
    grouped into the same line may sit half a line lower)."""

    line: _Line
    top: float
    bottom: float
    text: str


def _as_table(run: list[_Line]) -> PageTable | None:
    columns = _x_columns(run)
    by_column: list[list[_Piece]] = [[] for _ in columns]
    for ln in run:
        for seg in ln.segments:
            k = next(k for k, (a, b) in enumerate(columns) if a <= seg[0]["x0"] <= b)
            by_column[k].append(_Piece(ln, min(w["top"] for w in seg), max(w["bottom"] for w in seg), " ".join(w["text"] for w in seg)))
    # columns must persist, not one stray line (a centred "ПРИКАЗ") beside others
    persisting = sum(1 for col in by_column if len({id(p.line) for p in col}) >= 2)
    labelled = [p for p in by_column[0] if _ROW_LABEL.match(p.text)]
    if len(labelled) >= 2 and persisting >= 2:
        anchors = labelled  # numbered rows; other lines of the first column wrap a label's cell
    elif persisting >= 3 and len(by_column[0]) >= MIN_TABLE_LINES:
        anchors = by_column[0]
    else:
        return None
    header: list[list[str]] = [[] for _ in columns]
    rows: list[list[list[str]]] = [[[] for _ in columns] for _ in anchors]
    headed = any(p.top < anchors[0].top - 1 for p in by_column[0])  # "№ п/п" over the labels
    for k, column in enumerate(by_column):
        pending = sorted(column, key=lambda p: p.top)
        # a column's cells start level with their row's anchor (top-aligned) or are centred on
        # it; lines above the first label with no heading beside them are its centred cell's
        level = sum(1 for a in anchors if any(abs(p.top - a.top) <= 1 for p in column))
        above = any(p.top < anchors[0].top - 1 for p in column)
        by_top = k == 0 or (2 * level > len(anchors) and (headed or not above))
        for r, anchor in enumerate(anchors):
            below = anchors[r + 1].top - 1 if r + 1 < len(anchors) else float("inf")
            centre = (anchor.top + anchor.bottom) / 2
            cell_top: float | None = None
            while pending:
                p = pending[0]
                if by_top and r == 0 and p.top < anchor.top - 1:
                    header[k].append(p.text)  # column headings above the first row
                elif by_top and p.top >= below:
                    break
                elif not by_top and ((cell_top if cell_top is not None else p.top) + p.bottom) / 2 > centre + (p.bottom - p.top) / 2:
                    break  # one more line would move the cell's centre below its anchor's
                else:
                    cell_top = p.top if cell_top is None else cell_top
                    rows[r][k].append(p.text)
                pending.pop(0)
        rows[-1][k] += [p.text for p in pending]
    table = ([header] if any(header) else []) + rows
    return PageTable(run[0].top, [["\n".join(cell) for cell in row] for row in table])


def _running_lines(pages_lines: list[tuple[float, list[_Line]]]) -> set[str]:
    """Masked texts of margin lines repeated on most pages (running headers/footers)."""
    if len(pages_lines) < 2:
        return set()
    counts: Counter[str] = Counter()
    for height, lines in pages_lines:
        keys = {_DIGITS.sub("#", ln.text) for ln in lines if ln.top < height * MARGIN_SHARE or ln.bottom > height * (1 - MARGIN_SHARE)}
        counts.update(keys)
    return {k for k, n in counts.items() if n >= max(2, len(pages_lines) // 2 + 1)}


def layout_page(
    builder: _PageBuilder, number: int, lines: list[_Line], tables: list[PageTable], running: set[str], height: float,
    ordered: bool = False,
) -> None:
    """Drop running headers and page numbers from the margins, then lay out the page."""

    def in_margin(ln: _Line) -> bool:
        return ln.top < height * MARGIN_SHARE or ln.bottom > height * (1 - MARGIN_SHARE)

    body = [
        ln for ln in lines
        if not (in_margin(ln) and (_DIGITS.sub("#", ln.text) in running or is_noise_block(ln.text)))
    ]
    long_lines = [ln.x1 for ln in body if len(ln.words) >= 5] or [ln.x1 for ln in body] or [0.0]
    right_edge = sorted(long_lines)[int(0.9 * (len(long_lines) - 1))]
    starts = sorted(ln.x0 for ln in body if len(ln.words) >= 5) or sorted(ln.x0 for ln in body) or [0.0]
    left_edge = starts[int(0.1 * (len(starts) - 1))]
    if not ordered:  # a text layer; OCR lines keep Tesseract's own reading
        body, borderless = borderless_tables(body)
        tables = tables + borderless
    builder.page(number, body, tables, (left_edge, right_edge), ordered)


def renumber(blocks: list[RawBlock], first_paragraph: int, first_table: int = 0) -> list[RawBlock]:
    """Blocks of a page read on its own, with paragraph and table numbers following the ones before."""
    out = []
    for b in blocks:
        origin = b.origin
        if origin.paragraph is not None:
            origin = replace(origin, paragraph=origin.paragraph + first_paragraph)
        if origin.table is not None:
            origin = replace(origin, table=origin.table + first_table)
        out.append(b if origin is b.origin else replace(b, origin=origin))
    return out


def next_table(blocks: list[RawBlock]) -> int:
    """The number the next table among ``blocks`` gets."""
    return max((b.origin.table for b in blocks if b.origin.table is not None), default=-1) + 1


def lines_to_blocks(
    lines: list[list[dict]], page: int, height: float, first_paragraph: int = 0, tables: list[PageTable] | None = None
) -> list[RawBlock]:
    """Blocks of one page of OCR lines and tables, in reading order (words with ``x0 x1 top
    bottom text`` in points, ``conf``, ``block_start``): the layout analysis of text layers."""
    builder = _PageBuilder()
    builder.paragraph = first_paragraph
    layout_page(builder, page, _split_segments([_Line(ws) for ws in lines if ws]), tables or [], set(), height, ordered=True)
    builder.flush()
    return builder.blocks


def _rendered_page_count(data: bytes) -> int:
    """The pages pdfium draws (0 when it cannot open the file: pdfminer's verdict stands)."""
    import pypdfium2

    try:
        doc = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return 0
    try:
        return len(doc)
    finally:
        doc.close()


class PdfReader:
    format = "pdf"
    extensions = (".pdf",)

    def can_read(self, path: Path, head: bytes) -> bool:
        return b"%PDF-" in head[:1024]

    def read(self, path: Path, settings: Settings, data: bytes) -> Reading:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

        try:
            pdf = pdfplumber.open(io.BytesIO(data))
            n_pages = len(pdf.pages)
        except Exception as exc:  # pdfminer raises many kinds on broken files, pdfplumber wraps them
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
            if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
                raise EncryptedFile(
                    "PDF защищён паролем; попросите отправителя прислать файл без пароля", path=str(path)
                ) from exc
            raise CorruptFile(
                f"PDF повреждён и не открывается ({type(cause).__name__}); запросите файл заново", path=str(path)
            ) from exc
        with pdf:
            rendered_pages = _rendered_page_count(data)
            if max(n_pages, rendered_pages) > settings.max_pages:
                raise LimitExceeded(
                    f"в PDF {max(n_pages, rendered_pages)} страниц, больше предела {settings.max_pages}; "
                    "увеличьте ORDEX_MAX_PAGES, если это действительно один документ",
                    path=str(path),
                )
            if rendered_pages > n_pages:
                # pdfminer misses pages that pdfium draws: page objects without "/Type /Page"
                # (old scanners' PDF 1.3 writers), xref offsets off by a few bytes; its page
                # list cannot be matched to the drawn pages, so every page is read by OCR
                numbers = list(range(1, rendered_pages + 1))
                return self._read_ocr_only(numbers, data, settings, path)
            return self._read_pages(pdf, data, settings, path)

    def _read_ocr_only(self, numbers: list[int], data: bytes, settings: Settings, path: Path) -> Reading:
        blocks: list[RawBlock] = []
        for number, page_blocks in zip(numbers, self._ocr(numbers, data, settings, path)):
            if blocks:
                blocks.append(RawBlock("page_break", "", Origin(page=number)))
            blocks.extend(renumber(page_blocks, len(blocks), next_table(blocks)))
        return Reading(blocks=blocks, format="pdf", pages=len(numbers), ocr=True)

    def _read_pages(self, pdf, data: bytes, settings: Settings, path: Path) -> Reading:
        from pdfplumber.utils import extract_words

        prepared = []  # (page, lines, tables) or (page, None, None) for pages to OCR
        for number, page in enumerate(pdf.pages, 1):
            content = page_content(page)
            words = extract_words(content.chars, x_tolerance_ratio=WORD_GAP, keep_blank_chars=False)
            text = " ".join(w["text"] for w in words)
            letters = sum(1 for c in text if c.isalpha())
            scan_with_note = content.image_share >= SCAN_COVER and letters < SCAN_OVERLAY_CHARS
            if letters < MIN_TEXT_CHARS and (content.images or letters == 0) or scan_with_note or is_garbled(text):
                prepared.append((number, page.height, None, None))
                page.close()
                continue
            found = _page_tables(page) if content.ruled else []
            boxes = [t.bbox for t, _ in found]
            words = [
                w for w in words
                if not any(b[0] <= (w["x0"] + w["x1"]) / 2 <= b[2] and b[1] <= (w["top"] + w["bottom"]) / 2 <= b[3] for b in boxes)
            ]
            prepared.append((number, page.height, _group_lines(words), [t for _, t in found]))
            page.close()  # drops pdfplumber's caches: memory stays bounded by one page
        running = _running_lines([(h, lines) for _, h, lines, _ in prepared if lines is not None])
        builder = _PageBuilder()
        ocr_used = False
        scans = self._ocr([number for number, _, lines, _ in prepared if lines is None], data, settings, path)
        for number, height, lines, tables in prepared:
            if lines is None:
                builder.flush()
                if builder.blocks:
                    builder.blocks.append(RawBlock("page_break", "", Origin(page=number)))
                builder.blocks.extend(renumber(next(scans), builder.paragraph, builder.table + 1))
                builder.paragraph = len(builder.blocks)
                builder.table = next_table(builder.blocks) - 1
                builder.table_open = False
                ocr_used = True
                continue
            layout_page(builder, number, lines, tables, running, height)
        builder.flush()
        return Reading(blocks=builder.blocks, format="pdf", pages=len(prepared), ocr=ocr_used)

    @staticmethod
    def _ocr(numbers: list[int], data: bytes, settings: Settings, path: Path) -> Iterator[list[RawBlock]]:
        """Blocks of the pages to OCR, in order: rendered here one by one (pdfium is not
        thread-safe), recognised by Tesseract several at a time (see ``ocr_pages``)."""
        if not numbers:
            return
        import pypdfium2

        from pipeline.readers.image import ocr_pages

        def rendered() -> Iterator[tuple[int, object, float]]:
            try:
                doc = pypdfium2.PdfDocument(data)
                for number in numbers:
                    page = doc[number - 1]
                    dpi = _dpi_within_budget(page.get_size(), settings, path, number)
                    yield number, page.render(scale=dpi / 72).to_pil(), dpi
            except pypdfium2.PdfiumError as exc:
                raise CorruptFile(f"страницу PDF не удалось отрисовать для распознавания ({exc})", path=str(path)) from exc

        try:
            yield from ocr_pages(rendered(), settings)
        except (MissingTool, LimitExceeded) as exc:
            exc.path = str(path)
            raise


# below this resolution letters are too small to recognise: a page that only fits the pixel
# budget at a lower one is refused (a 14,400 pt MediaBox would be 60,000 × 60,000 at 300 dpi)
MIN_OCR_DPI = 100


def _dpi_within_budget(size_pt: tuple[float, float], settings: Settings, path: Path, number: int) -> float:
    """The OCR resolution for a page: ``ocr_dpi``, lowered so the bitmap keeps within
    ``max_page_pixels`` (an A0 drawing); ``LimitExceeded`` when even ``MIN_OCR_DPI`` does not fit."""
    width_in, height_in = (max(v, 1.0) / 72 for v in size_pt)
    fitting = (settings.max_page_pixels / (width_in * height_in)) ** 0.5
    if fitting >= settings.ocr_dpi:
        return settings.ocr_dpi
    if fitting < MIN_OCR_DPI:
        raise LimitExceeded(
            f"страница {number} PDF размером {width_in * 25.4 / 1000:.1f} × {height_in * 25.4 / 1000:.1f} м "
            f"слишком велика для распознавания (больше {settings.max_page_pixels / 1e6:g} Мпикс при "
            f"{MIN_OCR_DPI} dpi); проверьте размер страниц или увеличьте ORDEX_MAX_PAGE_PIXELS",
            path=str(path),
        )
    return fitting


READER = PdfReader()
