"""The one document model every stage reads.

A reader turns a file into a list of :class:`RawBlock` (paragraphs, table cells, page
breaks with their origin).  :func:`build_document` normalises each block's text (see
:mod:`pipeline.normalise`) and joins them into one immutable ``Document.text``; every
block, and every value extracted later, is a half-open :class:`Span` into that text.
Each block keeps a map back to the raw text the reader produced, so nothing is lost.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "cell", "page_break"]


@dataclass(frozen=True, order=True)
class Span:
    start: int
    stop: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.stop:
            raise ValueError(f"bad span {self.start}:{self.stop}")

    def __len__(self) -> int:
        return self.stop - self.start

    def shift(self, offset: int) -> Span:
        return Span(self.start + offset, self.stop + offset)

    def covers(self, other: Span) -> bool:
        return self.start <= other.start and other.stop <= self.stop


@dataclass(frozen=True)
class Origin:
    """Where a block sits in the source file (all indices 0-based, pages 1-based)."""

    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    part: str = "body"  # body | header | footer | textbox | footnote
    ocr: bool = False
    confidence: float | None = None  # mean OCR word confidence, 0..100

    def to_json(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if v is not None}
        if not self.ocr:
            out.pop("ocr")
        if self.part == "body":
            out.pop("part")
        return out


@dataclass(frozen=True)
class RawBlock:
    """What a reader emits: text as read, plus origin."""

    kind: BlockKind
    text: str
    origin: Origin = Origin()
    numbering: str | None = None  # automatic list label rendered by the reader ("1.1.", "а)")
    level: int | None = None  # list level from the source, when the format has one


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    span: Span
    origin: Origin
    raw: str  # the reader's text before normalisation
    offsets: tuple[int, ...] | None = None  # normalised index -> raw index; None = identical
    numbering: str | None = None
    level: int | None = None

    def raw_offset(self, i: int) -> int:
        """Offset in ``raw`` of the character at block-relative index ``i``."""
        if self.offsets is None:
            return i
        return self.offsets[i] if i < len(self.offsets) else len(self.raw)


@dataclass(frozen=True)
class Table:
    index: int
    rows: tuple[tuple[Block, ...], ...]

    @property
    def span(self) -> Span:
        cells = [c for r in self.rows for c in r]
        return Span(cells[0].span.start, cells[-1].span.stop)


@dataclass(frozen=True)
class Source:
    path: str
    sha256: str
    format: str  # docx|pdf|txt|rtf|odt|doc|html|image
    ocr: bool = False
    pages: int | None = None
    encoding: str | None = None

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Document:
    text: str
    blocks: tuple[Block, ...]
    source: Source
    tables: tuple[Table, ...] = ()
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    # --- navigation -------------------------------------------------------------
    def block_at(self, offset: int) -> Block | None:
        """The block containing ``offset`` (None for the separators between blocks)."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        b = self.blocks[i]
        return b if b.span.start <= offset < max(b.span.stop, b.span.start + 1) else None

    def blocks_in(self, span: Span) -> list[Block]:
        lo = max(bisect_right(self._starts, span.start) - 1, 0)
        out = []
        for b in self.blocks[lo:]:
            if b.span.start >= span.stop and b.span.start != span.start:
                break
            if b.span.stop > span.start or b.span == span:
                out.append(b)
        return out

    def paragraphs(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == "paragraph")

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.stop]

    def evidence(self, span: Span) -> dict:
        """JSON pointer back to the words: offsets, text, and where they sit in the file."""
        out: dict = {"start": span.start, "stop": span.stop, "text": self.slice(span)}
        block = self.block_at(span.start)
        if block is not None:
            out.update(block.origin.to_json())
        return out

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "blocks": [
                {
                    "kind": b.kind,
                    "start": b.span.start,
                    "stop": b.span.stop,
                    **b.origin.to_json(),
                    **({"numbering": b.numbering} if b.numbering else {}),
                    **({"level": b.level} if b.level is not None else {}),
                }
                for b in self.blocks
            ],
        }


BLOCK_SEPARATOR = "\n"
CELL_SEPARATOR = "\t"


def build_document(raw_blocks: list[RawBlock], source: Source) -> Document:
    """Normalise every block and lay them out in one text.

    Paragraphs and page breaks are separated by a newline; cells of one table row by a
    tab, rows by a newline — so a table reads like the TAB-rendered text converters
    produce and a regex over the text sees one row per line.
    """
    from pipeline.normalise import is_noise_block, normalise_block

    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    prev: RawBlock | None = None
    for rb in raw_blocks:
        if rb.kind != "page_break" and is_noise_block(rb.text) and not (rb.kind == "cell" and rb.text.strip()):
            continue  # a bare number is a page number in a paragraph, a row number in a cell
        if prev is not None:
            same_row = (
                rb.kind == "cell"
                and prev.kind == "cell"
                and rb.origin.table == prev.origin.table
                and rb.origin.row == prev.origin.row
            )
            sep = CELL_SEPARATOR if same_row else BLOCK_SEPARATOR
            parts.append(sep)
            pos += len(sep)
        text, offsets = ("", None) if rb.kind == "page_break" else normalise_block(rb.text)
        if rb.numbering and rb.kind == "paragraph":
            label = rb.numbering.strip()
            text = f"{label} {text}"
            shift = len(label) + 1
            base = offsets if offsets is not None else tuple(range(len(text) - shift))
            offsets = (0,) * shift + tuple(base)
        parts.append(text)
        blocks.append(
            Block(rb.kind, Span(pos, pos + len(text)), rb.origin, rb.text, offsets, rb.numbering, rb.level)
        )
        pos += len(text)
        prev = rb
    # drop leading/trailing page breaks: they carry nothing
    text = "".join(parts)
    tables = _collect_tables(blocks)
    return Document(text, tuple(blocks), source, tables, tuple(b.span.start for b in blocks))


def _collect_tables(blocks: list[Block]) -> tuple[Table, ...]:
    by_table: dict[int, dict[int, list[Block]]] = {}
    for b in blocks:
        if b.kind == "cell" and b.origin.table is not None:
            by_table.setdefault(b.origin.table, {}).setdefault(b.origin.row or 0, []).append(b)
    return tuple(
        Table(t, tuple(tuple(rows[r]) for r in sorted(rows))) for t, rows in sorted(by_table.items())
    )
