"""Build the held-out documents in docs/ from the composed texts in src/.

    .venv/bin/python tests/heldout/make_heldout.py

Every document is written once in src/<stem>.txt (UTF-8) with a tiny markup:

    [[T]] ... [[/T]]         a table; one row per line, cells split by " | ";
    [[T noborder]] ...       a borderless layout table (header blanks in columns)
    "//" inside a cell        a line break inside the cell
    [[L1]] / [[L2]] / [[L3]]  a paragraph with automatic Word numbering (1. / 1.1. / 1.1.1.);
                              in text renderings the number is written out
    [[C]] text                a centred paragraph
    **text**                  a bold paragraph (whole line)
    [[PB]]                    a page break (an empty line in text renderings)

MANIFEST says which format (and, for .txt, which encoding) each document gets.
The gold files in gold/ are written by hand and are not touched by this script.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
DOCS = HERE / "docs"

# stem -> (extension, encoding for .txt)
MANIFEST = {
    "h01_tatarstan_minobr_prikaz_leto": ("docx", None),
    "h02_bashkortostan_ufa_adm_postanovlenie_otopitelny": ("txt", "utf-16"),
    "h03_chuvashia_minzdrav_prikaz_gripp": ("docx", None),
    "h04_yakutia_minobr_prikaz_gia": ("txt", "utf-8"),
    "h05_buryatia_ulanude_kultura_rasporyazhenie_antiterror": ("txt", "utf-8"),
    "h06_komi_syktyvkar_uo_pismo_pitanie": ("html", None),
    "h07_udmurtia_izhevsk_school_prikaz_pozhar": ("txt", "utf-8"),
    "h08_crimea_simferopol_adm_postanovlenie_blagoustr": ("docx", None),
    "h09_chechnya_minzdrav_prikaz_dispanserizaciya": ("txt", "cp1251"),
    "h10_kbr_minpros_prikaz_antiterror": ("pdf", None),
    "h11_sverdlovsk_minzdrav_prikaz_fgis": ("docx", None),
    "h12_novosibirsk_sovet_reshenie_korrupciya": ("txt", "utf-8"),
    "h13_krasnodar_ustlabinsk_adm_postanovlenie_pavodok": ("txt", "cp1251"),
    "h14_moskva_gkb_prikaz_obrashcheniya": ("docx", None),
    "h15_minprosveshcheniya_pismo_antikorrupciya": ("pdf", None),
    "h16_moskva_ooo_prikaz_inventarizaciya": ("txt", "koi8-r"),
    "h17_vologda_detsad_prikaz_leto": ("txt", "cp1251"),
    "h18_irkutsk_gubernator_ukaz_lesnye_pozhary": ("html", None),
    "h19_novosibirsk_kuibyshev_uo_prikaz_gotovnost": ("pdf", None),
    "h20_novosibirsk_rpn_postanovlenie_gripp": ("txt", "utf-8"),
    "h21_tatarstan_almetyevsk_uo_pismo_vpr": ("txt", "utf-8"),
    "h22_sverdlovsk_college_prikaz_gia": ("docx", None),
    "h23_murmansk_komitet_pismo_sayty": ("txt", "utf-8"),
    "h24_bashkortostan_sterlitamak_uo_prikaz_mesyachnik": ("docx", None),
}

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


# ---------------------------------------------------------------- parsing

def parse(text: str) -> list[tuple]:
    """Return blocks: ("p", text, style) | ("table", rows, borderless) | ("pb",)."""
    blocks: list[tuple] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^\[\[T( noborder)?\]\]\s*$", line)
        if m:
            rows = []
            i += 1
            while not lines[i].startswith("[[/T]]"):
                if lines[i].strip():
                    rows.append([c.strip() for c in lines[i].split(" | ")])
                i += 1
            blocks.append(("table", rows, bool(m.group(1))))
        elif line.strip() == "[[PB]]":
            blocks.append(("pb",))
        else:
            style = "normal"
            m = re.match(r"^\[\[(L[123]|C)\]\]\s?", line)
            if m:
                style = m.group(1)
                line = line[m.end():]
            if line.startswith("**") and line.rstrip().endswith("**") and len(line.strip()) > 4:
                line = line.strip()[2:-2]
                style = style + "+b"
            blocks.append(("p", line, style))
        i += 1
    return blocks


def numbered(blocks):
    """Yield blocks with the automatic numbers written out (for text renderings)."""
    counters = [0, 0, 0]
    for b in blocks:
        if b[0] == "p" and b[2].startswith("L"):
            level = int(b[2][1]) - 1
            counters[level] += 1
            for k in range(level + 1, 3):
                counters[k] = 0
            label = ".".join(str(c) for c in counters[: level + 1]) + "."
            yield ("p", f"{label} {b[1]}", b[2])
        else:
            yield b


# ---------------------------------------------------------------- txt

def render_txt(blocks) -> str:
    out = []
    for b in numbered(blocks):
        if b[0] == "p":
            out.append(b[1])
        elif b[0] == "pb":
            out.append("")
        else:
            rows, borderless = b[1], b[2]
            if borderless:  # header columns: one column after the other
                ncol = max(len(r) for r in rows)
                for c in range(ncol):
                    for r in rows:
                        if c < len(r) and r[c]:
                            out.extend(r[c].split(" // "))
                    out.append("")
            else:
                for r in rows:
                    out.append("\t".join(c.replace(" // ", " ") for c in r))
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------- html

def render_html(blocks, title: str) -> str:
    out = ["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">",
           f"<title>{html.escape(title)}</title></head><body>"]
    for b in numbered(blocks):
        if b[0] == "p":
            text = html.escape(b[1]).replace("  ", "&nbsp; ")
            if not text.strip():
                out.append("<p>&nbsp;</p>")
                continue
            if "+b" in b[2]:
                text = f"<b>{text}</b>"
            align = ' style="text-align:center"' if b[2].startswith("C") else ""
            out.append(f"<p{align}>{text}</p>")
        elif b[0] == "pb":
            out.append("<hr>")
        else:
            rows, borderless = b[1], b[2]
            attr = ' width="100%"' if borderless else ' border="1" cellspacing="0" cellpadding="4"'
            out.append(f"<table{attr}>")
            for r in rows:
                cells = "".join(
                    "<td valign=\"top\">" + "<br>".join(html.escape(x) for x in c.split(" // ")) + "</td>"
                    for c in r)
                out.append(f"<tr>{cells}</tr>")
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- docx

def _add_numbering(document):
    """Create one multilevel list (1. / 1.1. / 1.1.1.) in numbering.xml; return its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{".".join("%" + str(k + 1) for k in range(i + 1))}."/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="709"/></w:pPr></w:lvl>'
        for i in range(3))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
                         f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    # abstractNum elements must precede num elements
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return 90


def _set_num(paragraph, num_id: int, ilvl: int):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                         f'<w:numId w:val="{num_id}"/></w:numPr>'))


def _no_borders(table):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    borders = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    table._tbl.tblPr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>{borders}</w:tblBorders>'))


def render_docx(blocks, path: Path):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    num_id = None
    for b in blocks:
        if b[0] == "p":
            p = document.add_paragraph()
            run = p.add_run(b[1])
            if "+b" in b[2]:
                run.bold = True
            if b[2].startswith("C"):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if b[2].startswith("L"):
                if num_id is None:
                    num_id = _add_numbering(document)
                _set_num(p, num_id, int(b[2][1]) - 1)
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif b[0] == "pb":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            rows, borderless = b[1], b[2]
            ncol = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=ncol)
            if borderless:
                _no_borders(table)
            else:
                table.style = "Table Grid"
            for ri, r in enumerate(rows):
                for ci in range(ncol):
                    cell = table.cell(ri, ci)
                    parts = (r[ci] if ci < len(r) else "").split(" // ")
                    cell.paragraphs[0].text = parts[0]
                    for extra in parts[1:]:
                        cell.add_paragraph(extra)
                    if borderless:
                        for par in cell.paragraphs:
                            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.core_properties.author = "ordex heldout"
    document.save(path)


# ---------------------------------------------------------------- pdf

def render_pdf(blocks, path: Path):
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))
    body = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=11, leading=14,
                          alignment=TA_JUSTIFY, spaceAfter=4)
    bold = ParagraphStyle("bold", parent=body, fontName="DejaVuSerif-Bold")
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER)
    centre_bold = ParagraphStyle("centre_bold", parent=bold, alignment=TA_CENTER)
    cell = ParagraphStyle("cell", fontName="DejaVuSerif", fontSize=9.5, leading=12)

    def esc(s):
        return html.escape(s).replace("  ", "&nbsp; ")

    story = []
    for b in numbered(blocks):
        if b[0] == "p":
            if not b[1].strip():
                story.append(Spacer(1, 6))
                continue
            st = b[2]
            style = (centre_bold if "+b" in st else centre) if st.startswith("C") else (bold if "+b" in st else body)
            story.append(Paragraph(esc(b[1]), style))
        elif b[0] == "pb":
            story.append(PageBreak())
        else:
            rows, borderless = b[1], b[2]
            ncol = max(len(r) for r in rows)
            data = [[Paragraph("<br/>".join(esc(x) for x in (r[c] if c < len(r) else "").split(" // ")),
                               ParagraphStyle("c", parent=cell, alignment=TA_CENTER) if borderless else cell)
                     for c in range(ncol)] for r in rows]
            avail = 170 * mm
            if not borderless and rows[0][0].strip().startswith("№"):
                widths = [12 * mm] + [(avail - 12 * mm) / (ncol - 1)] * (ncol - 1)
            else:
                widths = [avail / ncol] * ncol
            table = Table(data, colWidths=widths, repeatRows=0 if borderless else 1)
            cmds = [("VALIGN", (0, 0), (-1, -1), "TOP")]
            if not borderless:
                cmds.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
            table.setStyle(TableStyle(cmds))
            story.append(table)
            story.append(Spacer(1, 6))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=path.stem, author="ordex heldout")
    doc.build(story)


# ---------------------------------------------------------------- main

def build(stem: str) -> Path:
    ext, encoding = MANIFEST[stem]
    text = (SRC / f"{stem}.txt").read_text(encoding="utf-8")
    blocks = parse(text)
    out = DOCS / f"{stem}.{ext}"
    if ext == "txt":
        data = render_txt(blocks)
        if encoding == "cp1251":
            data = data.replace("\n", "\r\n")  # Windows-made files also carry CRLF
        out.write_bytes(data.encode(encoding))
    elif ext == "html":
        out.write_text(render_html(blocks, stem), encoding="utf-8")
    elif ext == "docx":
        render_docx(blocks, out)
    elif ext == "pdf":
        render_pdf(blocks, out)
    return out


def main(argv: list[str]) -> int:
    DOCS.mkdir(exist_ok=True)
    stems = argv or sorted(MANIFEST)
    for stem in stems:
        if not (SRC / f"{stem}.txt").exists():
            print(f"skip {stem}: no source", file=sys.stderr)
            continue
        print(build(stem).relative_to(HERE))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
