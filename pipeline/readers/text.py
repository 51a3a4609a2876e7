"""Plain text and Markdown in any Russian encoding.

Blank lines separate paragraphs; a line wrapped inside a paragraph (the next line starts
in lower case and the previous one does not end a sentence) is joined to it; lines with
TABs (or box-drawing borders) in a row are table rows.
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


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown Russian encoding; returns (text, encoding)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc.replace("-sig", "")
    if len(data) > 3 and (data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Cyrillic single-byte encodings: pick the one whose text looks most like Russian
    best = max(("cp1251", "koi8-r", "cp866", "iso8859-5", "mac-cyrillic"), key=lambda e: _russianness(data, e))
    return data.decode(best, errors="replace"), best


_COMMON = "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё"


def _russianness(data: bytes, encoding: str) -> float:
    text = data.decode(encoding, errors="replace")
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    score = 0.0
    for c in letters:
        i = _COMMON.find(c)
        if i >= 0:
            score += 2 - i / len(_COMMON)  # frequent lower-case letters weigh most
        elif c.isupper() and c.lower() in _COMMON:
            score += 0.3
    return score / len(letters)


class TextReader:
    format = "txt"
    extensions = (".txt", ".md", ".text", "")

    def can_read(self, path: Path, head: bytes) -> bool:
        return False  # by extension only: any bytes "look like" text

    def read(self, path: Path, settings: Settings, data: bytes) -> Reading:
        if b"\x00" in data[:4096] and not (data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[1::2][:512].count(0) > 100 or data[0::2][:512].count(0) > 100):
            raise CorruptFile("файл назван текстовым, но содержит двоичные данные", path=str(path))
        text, encoding = decode(data)
        return Reading(blocks=split_text(text), format="txt", encoding=encoding)


def split_text(text: str) -> list[RawBlock]:
    """Blocks of a plain text: paragraphs and TAB/box-drawn table rows."""
    blocks: list[RawBlock] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    table_index = -1
    row = 0
    in_table = False
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
        cells = _table_cells(line)
        if cells is not None:
            flush()
            if not in_table:
                table_index += 1
                row = 0
                in_table = True
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
        if current and _CONTINUES.match(line.strip()) and not _ENDS.search(current[-1]) and not _ITEM_START.match(line):
            current.append(line)
            continue
        flush()
        current.append(line)
    flush()
    return blocks


def _table_cells(line: str) -> list[str] | None:
    if "\t" in line.strip():
        return [c.strip() for c in line.strip().split("\t")]
    if line.count("│") >= 2 or line.count("┃") >= 2:
        return [c.strip() for c in re.split(r"[│┃]", line.strip().strip("│┃"))]
    return None


READER = TextReader()
