"""Build tests/devset3/docs/ from tests/devset3/src/*.txt.  Never touches gold/.

Run: ``.venv/bin/python tests/devset3/make_devset3.py``

Most documents are copied as UTF-8 .txt; the stems in DOCX and PDF are rendered with
python-docx and reportlab (DejaVu Sans embedded).  Source markup, used only by the
docx renderer: a line starting with "|" is a table row, cells separated by "|";
consecutive rows form one table; a literal "\\n" inside a cell is a line break in that
cell.  Runs of three or more spaces (signature alignment) become a tab in docx.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent
SRC = HERE / "src"
DOCS = HERE / "docs"

DOCX = {
    "v05_dagestan_minzdrav_vakcinaciya",      # signature in a table
    "v13_sakhalin_pravitelstvo_vodnye",       # signature (two-line position) in a table
    "v15_kyzyl_letter_novy_god",              # letter, signature in a table
    "v19_ulyanovsk_minpros_plan_gia",         # plan table in the appendix
    "v24_stary_oskol_uszn_otchetnost",        # plain paragraphs
    "v27_kaliningrad_gymn32_nedelya",         # "оставляю за собой", signatory in a table
    "v33_novorossiysk_ds17_ohrana_truda",     # the control clause inside a table cell
    "v37_arzamas_uo_plan_profilaktika",       # plan table + two-line signatory in a table
}
PDF = {
    "v11_murmansk_college_gia",
    "v30_moscow_zhilishchnik_zima",
    "v38_astrakhan_gubernator_semya",
}
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def blocks(text: str):
    """Yield ("para", line) and ("table", [[cell, ...], ...]) in order; blank lines dropped."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("|"):
            rows.append([c.strip().replace("\\n", "\n") for c in line[1:].split("|")])
            continue
        if rows:
            yield "table", rows
            rows = []
        if line.strip():
            yield "para", line.rstrip()
    if rows:
        yield "table", rows


def build_docx(stem: str, text: str) -> None:
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for kind, value in blocks(text):
        if kind == "para":
            doc.add_paragraph(re.sub(r" {3,}", "\t", value.strip()))
        else:
            ncols = max(len(r) for r in value)
            table = doc.add_table(rows=len(value), cols=ncols)
            for i, row in enumerate(value):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
    fixed = _dt.datetime(2026, 1, 1)
    doc.core_properties.created = fixed
    doc.core_properties.modified = fixed
    doc.core_properties.author = "devset3"
    doc.save(DOCS / f"{stem}.docx")


def build_pdf(stem: str, text: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", FONT))
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=11, leading=14)
    story = []
    for kind, value in blocks(text):
        if kind == "table":
            value = ["   ".join(c.replace("\n", " ") for c in row) for row in value]
        else:
            value = [value]
        for line in value:
            html = escape(line.strip())
            html = re.sub(r" {3,}", "&nbsp;" * 12, html)
            story.append(Paragraph(html, body))
            story.append(Spacer(1, 2 * mm))
    pdf = SimpleDocTemplate(str(DOCS / f"{stem}.pdf"), pagesize=A4, invariant=1,
                            leftMargin=25 * mm, rightMargin=15 * mm, topMargin=20 * mm, bottomMargin=20 * mm)
    pdf.build(story)


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    for old in DOCS.iterdir():
        old.unlink()
    for src in sorted(SRC.glob("*.txt")):
        stem, text = src.stem, src.read_text(encoding="utf-8")
        if stem in DOCX:
            build_docx(stem, text)
        elif stem in PDF:
            build_pdf(stem, text)
        else:
            if "|" in "".join(line[:1] for line in text.splitlines()):
                raise SystemExit(f"{stem}: table markup in a .txt document")
            (DOCS / f"{stem}.txt").write_text(text, encoding="utf-8")
    print(f"{len(list(DOCS.iterdir()))} documents in {DOCS}")


if __name__ == "__main__":
    main()
