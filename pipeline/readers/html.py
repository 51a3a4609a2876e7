"""HTML pages of government sites and Word/Aspose "save as HTML" exports.

Block elements become paragraphs in document order; ``<br>`` breaks a paragraph into
lines that are re-joined where a line merely wraps (see
:func:`pipeline.readers.text.join_wrapped`); data tables become cells; layout tables
(one column, or holding other tables) are read as the paragraphs they contain.
Scripts, styles, navigation and hidden elements are dropped.  The encoding comes from a
BOM, then ``<meta charset>``, then detection (cp1251 sites exist).  A file named .html
with no markup in its first KBs is plain text and is read as such (content wins over
the extension).
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from pipeline.document import Origin, RawBlock
from pipeline.errors import CorruptFile
from pipeline.readers.base import Reading
from pipeline.readers.text import decode, join_wrapped, split_text
from pipeline.settings import Settings

# elements whose content is never document text
_DROPPED = {"script", "style", "noscript", "nav", "template", "iframe", "object", "svg", "button", "select", "head", "form"}
# elements that start and end a paragraph
_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section", "article",
    "main", "dd", "dt", "address", "center", "body", "html", "ul", "ol", "dl", "header", "footer",
    "aside", "figure", "figcaption", "caption", "hr", "fieldset", "tbody", "thead", "tfoot",
}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_UPPERCASE = re.compile(r"text-transform\s*:\s*uppercase", re.IGNORECASE)
# <meta charset="windows-1251"> or <meta http-equiv=... content="text/html; charset=cp1251">
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.IGNORECASE)
# any markup at all: "<p>", "</div>", "<br/>", "<!DOCTYPE"; a footnote mark "<1>" or a
# placeholder "<Наименование>" in plain text is none
_ANY_TAG = re.compile(r"<(?:!doctype|!--|/?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>)", re.IGNORECASE)
SNIFF_CHARS = 8192  # a page without a tag this far in is plain text saved as .html
_HTML_HEAD = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table)\b", re.IGNORECASE | re.DOTALL)


def decode_html(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data)
    m = _META_CHARSET.search(data[:8192])
    if m:
        name = m.group(1).decode("ascii").lower()
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a lying meta: detect instead
    return decode(data)


class _Walker:
    """Collects RawBlocks from an element tree in document order."""

    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.lines: list[str] = []  # lines of the paragraph being collected
        self.line: list[str] = []
        self.paragraph = 0
        self.table = -1

    # --- paragraphs -------------------------------------------------------------
    def text(self, s: str | None, upper: bool = False) -> None:
        if s:
            s = re.sub(r"[ \t\r\n]+", " ", s)
            self.line.append(s.upper() if upper else s)

    def newline(self) -> None:
        self.lines.append("".join(self.line))
        self.line = []

    def flush(self) -> None:
        self.newline()
        lines = [ln.strip() for ln in self.lines if ln.strip()]
        self.lines = []
        for para in join_wrapped(lines):
            self.blocks.append(RawBlock("paragraph", para, Origin(paragraph=self.paragraph)))
            self.paragraph += 1

    # --- tree -------------------------------------------------------------------
    def walk(self, el: etree._Element, upper: bool = False) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None:  # comments, processing instructions
            self.text(el.tail, upper)
            return
        style = el.get("style") or ""
        if tag in _DROPPED or _HIDDEN.search(style) or el.get("hidden") is not None or el.get("aria-hidden") == "true":
            self.text(el.tail, upper)
            return
        inner_upper = upper or bool(_UPPERCASE.search(style))
        if tag == "br":
            self.newline()
        elif tag == "table":
            self.flush()
            self.read_table(el, inner_upper)
        elif tag in _BLOCKS or tag in ("td", "th", "tr"):
            self.flush()
            self.text(el.text, inner_upper)
            for child in el:
                self.walk(child, inner_upper)
            self.flush()
        else:
            self.text(el.text, inner_upper)
            for child in el:
                self.walk(child, inner_upper)
        self.text(el.tail, upper)

    def read_table(self, table: etree._Element, upper: bool) -> None:
        rows = [tr for tr in table.iter("tr") if _owner_table(tr) is table]
        grid = [[td for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")] for tr in rows]
        nested = any(t is not table for t in table.iter("table"))
        if nested or all(len(r) <= 1 for r in grid):
            # a layout frame: its content reads as paragraphs
            for r in grid:
                for td in r:
                    self.walk_children(td, upper)
            return
        self.table += 1
        for r, cells in enumerate(grid):
            for c, td in enumerate(cells):
                sub = _Walker()
                sub.walk_children(td, upper or bool(_UPPERCASE.search(td.get("style") or "")))
                text = "\n".join(b.text for b in sub.blocks)
                self.blocks.append(RawBlock("cell", text, Origin(table=self.table, row=r, cell=c)))

    def walk_children(self, el: etree._Element, upper: bool) -> None:
        self.flush()
        self.text(el.text, upper)
        for child in el:
            self.walk(child, upper)
        self.flush()


def _owner_table(tr: etree._Element) -> etree._Element | None:
    for anc in tr.iterancestors():
        if isinstance(anc.tag, str) and anc.tag.lower() == "table":
            return anc
    return None


class HtmlReader:
    format = "html"
    extensions = (".html", ".htm", ".xhtml", ".mht")

    def can_read(self, path: Path, head: bytes) -> bool:
        probe = head.lstrip(b"\xef\xbb\xbf")
        return bool(_HTML_HEAD.match(probe))

    def read(self, path: Path, settings: Settings, data: bytes) -> Reading:
        text, encoding = decode_html(data)
        if not _ANY_TAG.search(text[:SNIFF_CHARS]):
            # plain text named .html (site exports, mail attachments): its line breaks are its layout
            return Reading(blocks=split_text(text), format="txt", encoding=encoding)
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
        try:
            root = lxml.html.document_fromstring(text)
        except (etree.ParserError, ValueError) as exc:
            raise CorruptFile(f"HTML-страницу не удалось разобрать ({exc}); сохраните её заново из браузера", path=str(path)) from exc
        walker = _Walker()
        body = root.find("body")
        walker.walk(body if body is not None else root)
        walker.flush()
        return Reading(blocks=walker.blocks, format="html", encoding=encoding)


READER = HtmlReader()
