"""The small line markup templates write, and its two renderings: .docx and Markdown.

One directive per line (a line without one is a body paragraph):

    @blank TEXT        centred bold line of the header blank (the organisation)
    @type TEXT         the act type, centred, bold, spaced off
    @row LEFT | RIGHT  one line with LEFT at the margin and RIGHT flush right (date | №, position | name)
    @center TEXT       centred line (place of issue)
    @title TEXT        заголовок к тексту: left, bold
    @flush TEXT        left-aligned line without indent (dispositive word, "исполнитель")
    @warn TEXT         a problem the clerk must resolve, highlighted
    @space             an empty line

Layout by ГОСТ Р 7.0.97-2025: A4, margins 20 mm (left 30 mm for filing), Times New Roman
14 pt by default (the standard allows 12–14), body justified with a 1.25 cm first-line indent.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import escape

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

from pipeline.normalise import xml_safe

_DIRECTIVE = re.compile(r"^@(\w+)\s?(.*)$")


@dataclass(frozen=True)
class Line:
    kind: str
    text: str
    right: str | None = None


def parse_markup(markup: str) -> list[Line]:
    lines = []
    for raw in xml_safe(markup).splitlines():  # a value's control character would make the .docx unwritable
        if not raw.strip():
            continue
        m = _DIRECTIVE.match(raw.strip())
        kind, text = (m.group(1), m.group(2).strip()) if m else ("p", raw.strip())
        if kind == "row":
            left, _, right = text.partition("|")
            lines.append(Line(kind, left.strip(), right.strip()))
        else:
            lines.append(Line(kind, text))
    return lines


def to_docx(markup: str, font: str = "Times New Roman", size: float = 14) -> bytes:
    doc = DocxDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(size)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    width = section.page_width - section.left_margin - section.right_margin
    for line in parse_markup(markup):
        if line.kind == "space":
            doc.add_paragraph()
            continue
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        if line.kind == "row":
            fmt.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
            p.add_run(f"{line.text}\t{line.right}")
            continue
        run = p.add_run(line.text)
        if line.kind in ("blank", "type"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            if line.kind == "type":
                fmt.space_before = Pt(12)
                fmt.space_after = Pt(12)
        elif line.kind == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif line.kind == "title":
            run.bold = True
            fmt.space_before = Pt(12)
            fmt.space_after = Pt(12)
            fmt.right_indent = Cm(6)
        elif line.kind == "flush":
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        elif line.kind == "warn":
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        else:  # body
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.first_line_indent = Cm(1.25)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_markdown(markup: str) -> str:
    """The preview; values come from the documents read, so HTML in them is shown, never run
    ("<script>" becomes "&lt;script&gt;")."""
    out = []
    for line in parse_markup(markup):
        line = Line(line.kind, escape(line.text, quote=False), line.right and escape(line.right, quote=False))
        if line.kind == "space":
            out.append("")
        elif line.kind in ("blank", "type"):
            out.append(f"**{line.text}**")
        elif line.kind == "title":
            out.append(f"**{line.text}**")
        elif line.kind == "row":
            out.append(f"{line.text} — {line.right}")
        elif line.kind == "warn":
            out.append(f"> ⚠ {line.text}")
        else:
            out.append(line.text)
        out.append("")
    return "\n".join(out).strip() + "\n"
