"""RTF through striprtf: ``\\'xx`` bytes in the document's code page (``\\ansicpg1251``),
``\\uN`` Unicode escapes, table rows (striprtf ends each cell with ``|``) as cells.

striprtf drops header/footer groups and shape text; both hold real text of a blank (the
organ's name in a page header, a header blank drawn in a text box), so they are taken
out of the RTF before it runs: page headers are read first (``part="header"``), footers
last (``part="footer"``), the text of a shape (``\\shptxt``) in place of the shape.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.document import Origin, RawBlock
from pipeline.errors import CorruptFile
from pipeline.readers.base import Reading
from pipeline.settings import Settings

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
DEFAULT_CODEPAGE = "cp1251"  # Russian Word writes \ansicpg1251; a missing one is most likely it too
# groups striprtf skips whose text is document text: "{\header ...}", "{\headerl ...}" (left
# pages), "{\headerf ...}" (first page), the same for footers; "{\shp ...}" a drawn shape
# whose "{\shptxt ...}" is the text of a text box
_PART_GROUP = re.compile(r"\{\\(header|footer)[lrf]?(?![a-z])")
_SHAPE_GROUP = re.compile(r"\{\\shp(?![a-z])")
_SHAPE_TEXT = re.compile(r"\{\\shptxt(?![a-z])")
_FONT_TABLE = re.compile(r"\{\\fonttbl(?![a-z])")


def _group_end(rtf: str, start: int) -> int:
    """Index after the ``}`` closing the group opened at ``rtf[start] == "{"`` (escaped
    braces ``\\{`` ``\\}`` and ``\\\\`` are text); the end of the text for an unclosed one."""
    depth = 0
    i = start
    while i < len(rtf):
        c = rtf[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(rtf)


def _cut_groups(rtf: str, opening: re.Pattern[str]) -> tuple[str, list[tuple[str, str]]]:
    """The RTF without the groups ``opening`` matches, and (first match group or "", group)."""
    kept: list[str] = []
    groups: list[tuple[str, str]] = []
    pos = 0
    for m in opening.finditer(rtf):
        if m.start() < pos:
            continue  # nested inside a group already cut
        end = _group_end(rtf, m.start())
        kept.append(rtf[pos : m.start()])
        groups.append((m.group(1) if m.groups() else "", rtf[m.start() : end]))
        pos = end
    kept.append(rtf[pos:])
    return "".join(kept), groups


def _inline_shape_text(rtf: str) -> str:
    """Each shape replaced by the paragraphs of its text boxes (nothing for a picture)."""
    out: list[str] = []
    pos = 0
    for m in _SHAPE_GROUP.finditer(rtf):
        if m.start() < pos:
            continue
        end = _group_end(rtf, m.start())
        shape = rtf[m.start() : end]
        texts = [g[len("{\\shptxt") : -1] for _, g in _cut_groups(shape, _SHAPE_TEXT)[1]]
        out.append(rtf[pos : m.start()])
        out.extend("{\\pard " + t + "\\par}" for t in texts)
        pos = end
    out.append(rtf[pos:])
    return "".join(out)


# Table structure survives striprtf as private-use characters put in place of the control
# words (striprtf writes "|" for a cell end and a line break for a row end, so a cell of
# several paragraphs could not be told from paragraphs around the table)
ROW_START, CELL_END, ROW_END = "\ue002", "\ue000", "\ue001"
_TABLE_WORDS = [
    (re.compile(r"(?<!\\)\\trowd(?![a-z])"), "\\\\trowd{\\\\uc1\\\\u-8190?}"),  # row definition, before its cells
    (re.compile(r"(?<!\\)\\cell(?![a-z])"), "{\\\\uc1\\\\u-8192?}"),  # not "\\cellx3000"
    (re.compile(r"(?<!\\)\\row(?![a-z])"), "{\\\\uc1\\\\u-8191?}"),
]


def _to_text(rtf: str, encoding: str) -> str:
    from striprtf.striprtf import rtf_to_text

    for word, marker in _TABLE_WORDS:
        rtf = word.sub(marker, rtf)
    return rtf_to_text(rtf, encoding=encoding, errors="replace")


class _Blocks:
    """Blocks of the parts' texts: every line a paragraph (a ``\\par``; a ``\\tab`` inside it
    is text, as in Word), rows of cells grouped into tables; numbered across the parts."""

    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.paragraph = 0
        self.table = -1
        self.row = -1  # the last row of the open table; -1: no table open

    def add(self, text: str, part: str) -> None:
        self.row = -1
        pos = 0
        while (start := text.find(ROW_START, pos)) >= 0:
            self.paragraphs(text[pos:start], part)
            end = text.find(ROW_END, start)
            end = len(text) if end < 0 else end
            cells = text[start:end].replace(ROW_START, "").split(CELL_END)
            if len(cells) > 1 and not cells[-1].strip():
                cells.pop()  # the text after the last cell end: row properties
            if self.row < 0:
                self.table += 1
            self.row += 1
            for c, cell in enumerate(cells):
                self.blocks.append(RawBlock("cell", cell.strip(), Origin(table=self.table, row=self.row, cell=c, part=part)))
            pos = end + 1
        self.paragraphs(text[pos:], part)

    def paragraphs(self, text: str, part: str) -> None:
        for line in text.replace("\r\n", "\n").split("\n"):
            line = line.replace(CELL_END, " ").replace(ROW_END, "").strip()  # a row without "\\trowd"
            if line:
                self.row = -1  # a paragraph ends the table
                self.blocks.append(RawBlock("paragraph", line, Origin(paragraph=self.paragraph, part=part)))
                self.paragraph += 1


class RtfReader:
    format = "rtf"
    extensions = (".rtf",)

    def can_read(self, path: Path, head: bytes) -> bool:
        return head.lstrip().startswith(b"{\\rtf")

    def read(self, path: Path, settings: Settings, data: bytes) -> Reading:
        if not data.lstrip().startswith(b"{\\rtf"):
            raise CorruptFile("файл назван .rtf, но не начинается с «{\\rtf»; сохраните его заново в формате RTF", path=str(path))
        m = _CODEPAGE.search(data[:4096])
        encoding = f"cp{m.group(1).decode()}" if m else DEFAULT_CODEPAGE
        try:
            "".encode(encoding)
        except LookupError:
            encoding = DEFAULT_CODEPAGE
        rtf = _inline_shape_text(data.decode(encoding, errors="replace"))
        body, parts = _cut_groups(rtf, _PART_GROUP)
        fonts = _cut_groups(body, _FONT_TABLE)[1]
        prologue = "{\\rtf1" + (fonts[0][1] if fonts else "")  # fonts carry their charsets
        try:
            body_text = _to_text(body, encoding)
            part_texts: dict[str, list[str]] = {"header": [], "footer": []}
            for kind, group in parts:
                plain = _PART_GROUP.sub("{", group, count=1)  # "{\headerl ...}" → "{...}": a group striprtf reads
                text = _to_text(prologue + plain + "}", encoding).strip()
                if text and text not in part_texts[kind]:  # left/right/first-page copies
                    part_texts[kind].append(text)
        except Exception as exc:  # striprtf raises bare errors on broken groups
            raise CorruptFile(f"RTF повреждён ({type(exc).__name__}); откройте его в Word и сохраните заново", path=str(path)) from exc
        blocks = _Blocks()
        for text in part_texts["header"]:
            blocks.add(text, "header")
        blocks.add(body_text, "body")
        for text in part_texts["footer"]:
            blocks.add(text, "footer")
        return Reading(blocks=blocks.blocks, format="rtf", encoding=encoding)


READER = RtfReader()
