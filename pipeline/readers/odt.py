"""OpenDocument text (.odt): content.xml read with lxml after the zip-bomb check.

Paragraphs and headings in order, list items with labels rendered from the list style
(``style:num-format``, prefix/suffix, ``text:display-levels``), tables as cells
(covered cells of a merge skipped).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline.document import Origin, RawBlock
from pipeline.errors import CorruptFile
from pipeline.readers.base import Reading, open_zip
from pipeline.readers.docx import NUMBER_FORMATS
from pipeline.settings import Settings

NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}
T = f"{{{NS['text']}}}"
TB = f"{{{NS['table']}}}"
ST = f"{{{NS['style']}}}"
# ODF num-format (its first character; LibreOffice writes "а, б, .., аа, аб, ... (ru)")
# -> the docx counting of the same name
_ODF_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman", "а": "russianLower", "А": "russianUpper"}


def _list_styles(root) -> dict[str, dict[int, dict]]:
    styles: dict[str, dict[int, dict]] = {}
    for ls in root.iter(T + "list-style"):
        levels = {}
        for lv in ls:
            level = int(lv.get(T + "level", "1")) - 1
            if lv.tag == T + "list-level-style-number":
                levels[level] = {
                    "fmt": _ODF_FORMATS.get(lv.get(ST + "num-format", "1")[:1], "none"),
                    "prefix": lv.get(ST + "num-prefix", ""),
                    "suffix": lv.get(ST + "num-suffix", ""),
                    "display": int(lv.get(T + "display-levels", "1")),
                    "start": int(lv.get(T + "start-value", "1")),
                }
            elif lv.tag == T + "list-level-style-bullet":
                levels[level] = {"bullet": lv.get(T + "bullet-char", "•")}
        styles[ls.get(ST + "name")] = levels
    return styles


def _text(el) -> str:
    out = [el.text or ""]
    for child in el:
        tag = child.tag
        if tag == T + "s":
            out.append(" " * int(child.get(T + "c", "1")))
        elif tag == T + "tab":
            out.append("\t")
        elif tag == T + "line-break":
            out.append("\n")
        elif tag not in (T + "note", T + "bookmark", T + "soft-page-break"):
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


class _Walker:
    def __init__(self, list_styles: dict[str, dict[int, dict]]):
        self.list_styles = list_styles
        self.blocks: list[RawBlock] = []
        self.paragraph = 0
        self.table = -1
        self.part = "body"

    def walk(self, el, list_ctx: tuple | None = None) -> None:
        for child in el:
            tag = child.tag
            if tag in (T + "p", T + "h"):
                self.add_paragraph(_text(child))
            elif tag == T + "list":
                style = child.get(T + "style-name") or (list_ctx[0] if list_ctx else None)
                depth = list_ctx[1] + 1 if list_ctx else 0
                counters = list_ctx[2] if list_ctx else []
                del counters[depth:]
                self.walk_list(child, (style, depth, counters))
            elif tag == TB + "table":
                self.add_table(child)
            elif tag in (T + "section", TB + "table-header-rows", T + "index-body"):
                self.walk(child, list_ctx)

    def walk_list(self, lst, ctx: tuple) -> None:
        style, depth, counters = ctx
        levels = self.list_styles.get(style or "", {})
        spec = levels.get(depth, {})
        while len(counters) <= depth:
            counters.append(levels.get(len(counters), {}).get("start", 1) - 1)
        for item in lst:
            if item.tag not in (T + "list-item", T + "list-header"):
                continue
            if item.tag == T + "list-item":
                counters[depth] += 1
            label = None
            if "bullet" in spec:
                label = spec["bullet"]
            elif spec.get("fmt", "none") != "none":
                shown = range(max(0, depth - spec["display"] + 1), depth + 1)
                nums = ".".join(NUMBER_FORMATS[levels.get(k, spec).get("fmt", "decimal")](counters[k]) for k in shown)
                label = f"{spec['prefix']}{nums}{spec['suffix']}"
            first = True
            for child in item:
                if child.tag in (T + "p", T + "h") and first:
                    self.add_paragraph(_text(child), label, depth)
                    first = False
                else:
                    self.walk([child], (style, depth, counters))

    def add_paragraph(self, text: str, label: str | None = None, level: int | None = None) -> None:
        if text.strip():
            self.blocks.append(RawBlock("paragraph", text, Origin(paragraph=self.paragraph, part=self.part), label, level))
            self.paragraph += 1

    def add_table(self, tbl) -> None:
        self.table += 1
        row_no = 0
        for tr in tbl.iter(TB + "table-row"):
            if next(tr.iterancestors(TB + "table")) is not tbl:
                continue
            col = 0
            for tc in tr:
                repeat = int(tc.get(TB + "number-columns-repeated", "1"))
                if tc.tag == TB + "table-cell":
                    text = "\n".join(_text(p) for p in tc.iter(T + "p", T + "h"))
                    if text.strip() or repeat == 1:
                        self.blocks.append(RawBlock("cell", text, Origin(table=self.table, row=row_no, cell=col, part=self.part)))
                col += repeat if tc.tag in (TB + "table-cell", TB + "covered-table-cell") else 0
            row_no += 1


class OdtReader:
    format = "odt"
    extensions = (".odt", ".ott")

    def can_read(self, path: Path, head: bytes) -> bool:
        return head.startswith(b"PK\x03\x04") and b"application/vnd.oasis.opendocument.text" in head[:200]

    def read(self, path: Path, settings: Settings, data: bytes) -> Reading:
        archive = open_zip(data, path, settings, "документ OpenDocument (.odt)")
        try:
            root = etree.fromstring(archive.read("content.xml"), etree.XMLParser(resolve_entities=False, huge_tree=False))
            styles = etree.fromstring(archive.read("styles.xml")) if "styles.xml" in archive.namelist() else None
        except (KeyError, etree.XMLSyntaxError) as exc:
            raise CorruptFile("документ .odt повреждён (нет или не читается content.xml); сохраните его заново", path=str(path)) from exc
        list_styles = _list_styles(root)
        if styles is not None:
            list_styles = {**_list_styles(styles), **list_styles}
        walker = _Walker(list_styles)
        # the header blank often sits in the page style's header (styles.xml)
        for part in ("header", "body", "footer"):
            walker.part = part
            if part == "body":
                body = root.find("office:body/office:text", NS)
                walker.walk(body if body is not None else root)
            elif styles is not None:
                for el in styles.iter(f"{ST}{part}", f"{ST}{part}-first"):
                    walker.walk(el)
        return Reading(blocks=walker.blocks, format="odt")


READER = OdtReader()
