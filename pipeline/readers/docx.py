"""Word .docx: its XML parts read from the zip with lxml.

Body paragraphs and tables in document order (content controls opened); Word's automatic
numbering rendered as the reader sees it ("1.", "1.1.", "а)") from numbering.xml into
``RawBlock.numbering``; header and footer parts; text boxes of header blanks
(``w:txbxContent``, read once although Word stores a DrawingML and a VML copy); merged
cells (``gridSpan``, ``vMerge``) read once, at the grid column where they start.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.document import Origin, RawBlock
from pipeline.errors import CorruptFile
from pipeline.readers.base import Reading, open_zip
from pipeline.settings import Settings

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el, tag: str) -> str | None:
    child = el.find(_q(tag)) if el is not None else None
    return child.get(_q("val")) if child is not None else None


# Word's Russian counting skips ё, й, ъ, ы, ь; after "я" it doubles the letter ("аа").
RUSSIAN_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
# bullets drawn with Symbol/Wingdings private-use characters are shown as a plain bullet
_PRIVATE_USE = range(0xE000, 0xF900)


def _letters(n: int, alphabet: str) -> str:
    k = len(alphabet)
    return alphabet[(n - 1) % k] * ((n - 1) // k + 1) if n > 0 else ""


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out += sym
            n -= value
    return out


NUMBER_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": lambda n: _letters(n, LATIN_LETTERS),
    "upperLetter": lambda n: _letters(n, LATIN_LETTERS).upper(),
    "russianLower": lambda n: _letters(n, RUSSIAN_LETTERS),
    "russianUpper": lambda n: _letters(n, RUSSIAN_LETTERS).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # restart after this (0-based) level; None = after any higher
    legal: bool = False  # isLgl: show higher levels as decimals


@dataclass
class Numbering:
    """numbering.xml: definitions, and counters advanced paragraph by paragraph."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> ilvl -> level
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId -> ilvl -> value
    started: set[str] = field(default_factory=set)  # numIds seen (their overrides applied)

    @classmethod
    def from_xml(cls, root) -> Numbering:
        n = cls()
        if root is None:
            return n
        for an in root.iter(_q("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in an.iter(_q("lvl")):
                restart = _val(lvl, "lvlRestart")
                levels[int(lvl.get(_q("ilvl"), "0"))] = _Level(
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") if _val(lvl, "lvlText") is not None else "",
                    start=int(_val(lvl, "start") or 1),
                    restart=(int(restart) - 1) if restart is not None else None,
                    legal=lvl.find(_q("isLgl")) is not None,
                )
            n.levels[an.get(_q("abstractNumId"))] = levels
        for num in root.iter(_q("num")):
            num_id = num.get(_q("numId"))
            n.nums[num_id] = _val(num, "abstractNumId")
            for ov in num.iter(_q("lvlOverride")):
                start = _val(ov, "startOverride")
                if start is not None:
                    n.overrides.setdefault(num_id, {})[int(ov.get(_q("ilvl"), "0"))] = int(start)
        return n

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of (num, level) and render its label."""
        abstract = self.nums.get(num_id)
        levels = self.levels.get(abstract or "", {})
        if num_id == "0" or ilvl not in levels:
            return None  # numId 0 switches numbering off
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                counters[lvl] = start - 1
        level = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper, lv in levels.items():  # deeper levels restart after this one
            if deeper > ilvl and (lv.restart is None or lv.restart >= ilvl):
                counters.pop(deeper, None)
        if level.fmt == "bullet":
            return "•" if not level.text or ord(level.text[0]) in _PRIVATE_USE else level.text
        text = level.text
        for k in range(ilvl, -1, -1):  # %10 never exists: nine levels
            lv = levels.get(k, _Level())
            value = counters.get(k, lv.start)
            fmt = "decimal" if level.legal and k < ilvl else lv.fmt
            text = text.replace(f"%{k + 1}", NUMBER_FORMATS.get(fmt, str)(value))
        return text.strip() or None


def _style_numbering(styles_root) -> dict[str, tuple[str | None, int]]:
    """styleId -> (numId, ilvl) of paragraph styles that carry numbering (with basedOn)."""
    if styles_root is None:
        return {}
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for st in styles_root.iter(_q("style")):
        sid = st.get(_q("styleId"))
        numpr = st.find(f"{_q('pPr')}/{_q('numPr')}")
        if numpr is not None:
            ilvl = _val(numpr, "ilvl")
            own[sid] = (_val(numpr, "numId"), int(ilvl) if ilvl else None)
        if _val(st, "basedOn"):
            based[sid] = _val(st, "basedOn")
    out: dict[str, tuple[str | None, int]] = {}
    for sid in {st.get(_q("styleId")) for st in styles_root.iter(_q("style"))}:
        seen, cur = set(), sid
        while cur and cur not in own and cur not in seen:
            seen.add(cur)
            cur = based.get(cur)
        if cur in own:
            num_id, ilvl = own[cur]
            out[sid] = (num_id, ilvl or 0)
    return out


class _BodyWalker:
    def __init__(self, numbering: Numbering, read_styles: Callable[[], Any]):
        self.numbering = numbering
        self.read_styles = read_styles
        self.blocks: list[RawBlock] = []
        self.paragraph = 0
        self.table = -1

    @cached_property
    def style_numbering(self) -> dict[str, tuple[str | None, int]]:
        # styles.xml is often the biggest part (a template's hundreds of styles): parsed only
        # when a paragraph names a style
        return _style_numbering(self.read_styles())

    def walk(self, container, part: str) -> None:
        for el in container:
            if el.tag == _q("p"):
                self.paragraph_el(el, part)
            elif el.tag == _q("tbl"):
                self.table_el(el, part)
            elif el.tag in (_q("sdt"), _q("customXml"), _q("ins")):  # content controls, tracked insertions
                content = el.find(_q("sdtContent"))
                self.walk(content if content is not None else el, part)

    def paragraph_el(self, p, part: str) -> None:
        for box in _text_boxes(p):
            self.walk(box, "textbox")
        text = paragraph_text(p)
        if not text.strip():
            return
        label, level = self.number(p)
        self.blocks.append(RawBlock("paragraph", text, Origin(paragraph=self.paragraph, part=part), label, level))
        self.paragraph += 1

    def number(self, p) -> tuple[str | None, int | None]:
        ppr = p.find(_q("pPr"))
        numpr = ppr.find(_q("numPr")) if ppr is not None else None
        num_id, ilvl = None, None
        style = _val(ppr, "pStyle") if ppr is not None else None
        if style is not None and style in self.style_numbering:
            num_id, ilvl = self.style_numbering[style]
        if numpr is not None:
            num_id = _val(numpr, "numId") or num_id
            ilvl = int(_val(numpr, "ilvl") or ilvl or 0)
        if num_id is None:
            return None, None
        label = self.numbering.label(num_id, ilvl or 0)
        return label, (ilvl if label else None)

    def table_el(self, tbl, part: str) -> None:
        self.table += 1
        table = self.table
        row_no = 0
        for tr in tbl.iter(_q("tr")):
            if _ancestor_table(tr) is not tbl:
                continue
            col = 0
            emitted = False
            for tc in tr.iter(_q("tc")):
                if _ancestor_table(tc) is not tbl:
                    continue
                tcpr = tc.find(_q("tcPr"))
                span = int(_val(tcpr, "gridSpan") or 1) if tcpr is not None else 1
                vmerge = tcpr.find(_q("vMerge")) if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(_q("val"), "continue") == "continue"
                if not continued:
                    text = "\n".join(t for t in (paragraph_text(p) for p in tc.iter(_q("p"))) if t.strip())
                    self.blocks.append(RawBlock("cell", text, Origin(table=table, row=row_no, cell=col, part=part)))
                    emitted = True
                col += span
            if emitted:
                row_no += 1


def _ancestor_table(el):
    for anc in el.iterancestors(_q("tbl")):
        return anc
    return None


def _text_boxes(p) -> list:
    """Text boxes anchored in a paragraph, once each (the VML fallback copy is skipped)."""
    return [
        box for box in p.iter(_q("txbxContent"))
        if not any(a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors())
        and next(box.iterancestors(_q("txbxContent")), None) is None
    ]


# text under these inside a paragraph is not the paragraph's visible text
_HIDDEN_CONTAINERS = (_q("txbxContent"), _q("del"), f"{{{MC}}}Fallback")


def _ancestors_below(el, top):
    for a in el.iterancestors():
        if a is top:
            return
        yield a


def paragraph_text(p) -> str:
    """Visible text of a paragraph: runs, tabs, breaks; not deleted text, not text boxes."""
    out: list[str] = []
    for el in p.iter(_q("t"), _q("tab"), _q("br"), _q("cr"), _q("noBreakHyphen"), _q("sym")):
        if any(a.tag in _HIDDEN_CONTAINERS for a in _ancestors_below(el, p)):
            continue
        if el.tag == _q("t"):
            # an entity reference left unresolved (a DOCTYPE's "&x;") is a child: the text after it is its tail
            out.append((el.text or "") + "".join(child.tail or "" for child in el))
        elif el.tag == _q("tab"):
            if el.getparent().tag == _q("r"):  # a tab stop definition in pPr is not text
                out.append("\t")
        elif el.tag in (_q("br"), _q("cr")):
            out.append("\n")
        elif el.tag == _q("noBreakHyphen"):
            out.append("-")
    return "".join(out)


class DocxReader:
    format = "docx"
    extensions = (".docx", ".docm", ".dotx")

    def can_read(self, path: Path, head: bytes) -> bool:
        return head.startswith(b"PK\x03\x04") and (b"word/" in head or (path.suffix.lower() in self.extensions and b"opendocument" not in head))

    def read(self, path: Path, settings: Settings, data: bytes) -> Reading:
        archive = open_zip(data, path, settings, "документ Word (.docx)")
        if "word/document.xml" not in archive.namelist():
            raise CorruptFile("в архиве нет текста документа Word (word/document.xml); сохраните файл заново в Word", path=str(path))
        try:
            document = _xml(archive, "word/document.xml")
            related = _related_parts(archive, "word/document.xml")
            numbering_root = next((_xml(archive, t) for kind, t in related if kind == "numbering"), None)
            styles = next((t for kind, t in related if kind == "styles"), None)
            walker = _BodyWalker(Numbering.from_xml(numbering_root), lambda: _xml(archive, styles) if styles else None)
            # header blanks first, then the body, then footers: the order a reader sees
            for kind, target in related:
                if kind == "header":
                    walker.walk(_xml(archive, target), "header")
            body = document.find(_q("body"))
            walker.walk(body if body is not None else document, "body")
            for kind, target in related:
                if kind == "footer":
                    walker.walk(_xml(archive, target), "footer")
        except (etree.XMLSyntaxError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise CorruptFile(f"документ Word повреждён ({type(exc).__name__}); откройте его в Word и сохраните заново", path=str(path)) from exc
        return Reading(blocks=walker.blocks, format="docx")


# The package is read straight from the zip with lxml: python-docx's package loader parses
# every part (themes, fonts, settings) into objects, several times the cost of the text.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _xml(archive: zipfile.ZipFile, name: str):
    return etree.fromstring(archive.read(name), _PARSER)


def _related_parts(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(kind, zip name) of the internal parts a part refers to, in its relationships' order;
    kind is the last word of the relationship type ("header", "numbering", "styles")."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in archive.namelist():
        return []
    out = []
    for rel in _xml(archive, rels_name).iter(f"{{{RELATIONSHIPS}}}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        zip_name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if zip_name in archive.namelist():
            out.append(((rel.get("Type") or "").rsplit("/", 1)[-1], zip_name))
    return out


READER = DocxReader()
