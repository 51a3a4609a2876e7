"""Build tests/devset4/docs/ from tests/devset4/src/*.txt.  Never touches gold/.

Run: ``.venv/bin/python tests/devset4/make_devset4.py``

The set is about layout and format: every stem is rendered to the format named in FORMATS
(docx, text pdf, scanned pdf, rtf, odt, txt in UTF-8 or CP1251, html).  ``render`` also
writes .doc and UTF-16 text for the sets that import it (devset5, heldout3).

Source markup (used by all renderers; a .txt rendering shows the plain text):
  **bold**            bold run (plain in .txt)
  =line               centred paragraph;   >line  right-aligned paragraph
  #1. / #1.1. / #1.1.1. text   docx automatic multilevel decimal numbering (numbering.xml);
  #1) text            docx automatic "%1)" list;  #а) text  docx russianLower "%1)" list;
  #• text / #– text   docx bullet list.  Other formats print the marker as written.
  {PB}                page break inside a paragraph (docx run break, pdf page break, \\f in txt)
  @pagebreak          page break between paragraphs
  @table [grid] [header=N] [widths=a,b,c]   attributes of the table that follows
  |a|b|c              table row; "\\n" in a cell = line break; "^" = merged with the cell above
  @cols ... @endcols  two-column blank, lines "left || right"
  @box ... @endbox    framed block (e-signature stamp)
"""

from __future__ import annotations

import datetime as _dt
import random
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent
SRC = HERE / "src"
DOCS = HERE / "docs"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_B = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

FORMATS = {
    "h01_crimea_krasnogvardeysky_postanovlenie_html": "html",
    "h02_ntagil_rpn_letter_html": "html",
    "o01_udm_buranovo_school_prikaz_pitanie": "odt",
    "o02_kemerovo_school31_protokol_pedsoveta": "odt",
    "o03_rtishchevo_uo_plan_approved": "odt",
    "p01_sah_kytalyktaakh_postanovlenie_leto": "pdf",
    "p02_tbilisskaya_crb_plan_infekcii": "pdf",
    "p03_kv_koygorodok_letter_biblionoch": "pdf",
    "p04_starocherkasskaya_rasp_blagoustroystvo": "pdf",
    "p05_novokuybyshevsk_duma_reshenie_sport": "pdf",
    "r01_myv_atyashevo_rasp_vrio_subbotnik": "rtf",
    "r02_luga_komitet_letter_many_addressees": "rtf",
    "r03_dalmatovo_tehnikum_prikaz_praktika": "rtf",
    "s01_novospasskoe_school_prikaz_gia_scan": "scan",
    "s02_orsk_uszn_letter_handfill_scan": "scan",
    "s03_os_mozdok_postanovlenie_achs_scan": "scan",
    "t01_bua_kyakhta_rasp_sagaalgan": "txt-utf8",
    "t02_kbd_minpros_prikaz_attestaciya": "txt-utf8",
    "t03_urengoy_proekt_postanovlenie": "txt-utf8",
    "t04_ishim_momvd_letter_dsp_cp1251": "txt-cp1251",
    "t05_michurinsk_cdt_prikaz_plan_pages_cp1251": "txt-cp1251",
    "t06_krasnoe_sovet_reshenie_cp1251": "txt-cp1251",
    "w01_nizhnekamsk_uo_tt_prikaz_olimpiada": "docx",
    "w02_penza_minselkhoz_dep_letter_posevnaya": "docx",
    "w03_kirovsky_mo_protokol_bdd": "docx",
    "w04_klincy_school_plan_profilaktika": "docx",
    "w05_ba_tashly_sp_postanovlenie_pozhar": "docx",
    "w06_ostashkov_rasp_table_vodosnab": "docx",
    "w07_cv_minzdrav_prikaz_dispanser": "docx",
    "w08_volsk_college_letter_director": "docx",
}

FIXED = _dt.datetime(2026, 1, 1)
NUM_RE = re.compile(r"^#(\d+(?:\.\d+)*\.|\d+\)|[а-я]\)|[•–-])\s+(.*)$")


# ---------------------------------------------------------------- parsing

def parse(text: str):
    """Yield blocks: ("para", dict) / ("table", dict) / ("cols", [(l, r)]) / ("box", [lines]) / ("pb",)."""
    lines = text.splitlines()
    i = 0
    pending = {}
    while i < len(lines):
        line = lines[i].rstrip()
        if line.startswith("@table"):
            pending = {"grid": " grid" in line, "header": 0, "widths": None}
            m = re.search(r"header=(\d+)", line)
            if m:
                pending["header"] = int(m.group(1))
            m = re.search(r"widths=([\d.,]+)", line)
            if m:
                pending["widths"] = [float(x) for x in m.group(1).split(",")]
            i += 1
            continue
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append([c.strip().replace("\\n", "\n") for c in lines[i].rstrip()[1:].split("|")])
                i += 1
            attrs = pending or {"grid": False, "header": 0, "widths": None}
            pending = {}
            yield "table", {"rows": rows, **attrs}
            continue
        if line == "@cols":
            pairs = []
            i += 1
            while lines[i].strip() != "@endcols":
                left, _, right = lines[i].partition("||")
                pairs.append((left.strip(), right.strip()))
                i += 1
            i += 1
            yield "cols", pairs
            continue
        if line == "@box":
            box = []
            i += 1
            while lines[i].strip() != "@endbox":
                box.append(lines[i].strip())
                i += 1
            i += 1
            yield "box", box
            continue
        if line == "@pagebreak":
            yield "pb", None
            i += 1
            continue
        if line.strip():
            para = {"align": "left", "text": line.strip(), "num": None, "raw": line.rstrip()}
            t = para["text"]
            if t.startswith("="):
                para["align"], t = "center", t[1:].strip()
            elif t.startswith(">"):
                para["align"], t = "right", t[1:].strip()
            m = NUM_RE.match(t)
            if m:
                para["num"], t = m.group(1), m.group(2)
            para["text"] = t
            yield "para", para
        else:
            yield "blank", None
        i += 1


def plain(t: str) -> str:
    return t.replace("**", "")


def para_plain(p) -> str:
    t = plain(p["text"])
    if p["num"]:
        t = f"{p['num']} {t}"
    return t


# ---------------------------------------------------------------- txt

def render_txt(text: str) -> str:
    out = []
    for kind, v in parse(text):
        if kind == "blank":
            out.append("")
        elif kind == "pb":
            out.append("\f")
        elif kind == "para":
            t = para_plain(v).replace("{PB}", "\n\f")
            if v["align"] == "left" and not v["num"]:
                t = plain(v["raw"]).replace("{PB}", "\n\f")
            elif v["align"] == "center":
                t = " " * 24 + t
            elif v["align"] == "right":
                t = " " * 44 + t
            out.append(t)
        elif kind == "cols":
            for left, right in v:
                out.append(f"{plain(left):<46}{plain(right)}".rstrip())
        elif kind == "box":
            out.extend(plain(b) for b in v)
        elif kind == "table":
            for row in v["rows"]:
                out.append("   ".join(plain(c).replace("\n", " ") for c in row if c != "^").rstrip())
    return "\n".join(out).replace("\n\f\n", "\n\f") + "\n"


# ---------------------------------------------------------------- docx

def _numbering_setup(doc):
    """Add abstract numberings (multilevel decimal, "1)", "а)", bullet) to numbering.xml."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = doc.part.numbering_part.element

    def lvl(ilvl, fmt, text, indent):
        return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{indent}" w:hanging="0"/></w:pPr></w:lvl>')

    defs = {
        901: "".join(lvl(i, "decimal", ".".join(f"%{k + 1}" for k in range(i + 1)) + ".", 0) for i in range(4)),
        902: lvl(0, "decimal", "%1)", 360),
        903: lvl(0, "russianLower", "%1)", 360),
        904: lvl(0, "bullet", "•", 360),
        905: lvl(0, "bullet", "–", 360),
    }
    first_num = numbering.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    for aid, body in defs.items():
        el = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">'
                       f'<w:multiLevelType w:val="multilevel"/>{body}</w:abstractNum>')
        if first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)
    state = {"next": 950}

    def new_num(aid):
        nid = state["next"]
        state["next"] += 1
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        return nid

    return new_num


def _set_num(paragraph, num_id, ilvl):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _runs(paragraph, text):
    from docx.enum.text import WD_BREAK
    parts = re.split(r"(\*\*.+?\*\*|\{PB\})", text)
    for part in parts:
        if not part:
            continue
        if part == "{PB}":
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        elif part.startswith("**"):
            paragraph.add_run(part[2:-2]).bold = True
        else:
            paragraph.add_run(re.sub(r" {3,}", "\t", part))


def _borders(table, on: bool):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    val = "single" if on else "nil"
    tblPr = table._tbl.tblPr
    xml = "".join(f'<w:{s} w:val="{val}" w:sz="4" w:space="0" w:color="000000"/>'
                  for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblPr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>{xml}</w:tblBorders>'))


def build_docx(text: str, path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    new_num = _numbering_setup(doc)
    align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
             "right": WD_ALIGN_PARAGRAPH.RIGHT}
    cur = {"dec": None, "par": None, "lat": None, "bul": None}
    last_kind = None
    for kind, v in parse(text):
        if kind == "blank":
            continue
        if kind == "pb":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            continue
        if kind == "para":
            p = doc.add_paragraph()
            p.alignment = align[v["align"]]
            num = v["num"]
            if num:
                if num[0].isdigit() and num.endswith("."):
                    depth = num.count(".") - 1
                    if depth == 0 and num == "1.":
                        cur["dec"] = new_num(901)
                    if cur["dec"] is None:
                        cur["dec"] = new_num(901)
                    _set_num(p, cur["dec"], depth)
                elif num[0].isdigit():
                    if num == "1)" or cur["par"] is None:
                        cur["par"] = new_num(902)
                    _set_num(p, cur["par"], 0)
                elif num[0].isalpha():
                    if num == "а)" or cur["lat"] is None:
                        cur["lat"] = new_num(903)
                    _set_num(p, cur["lat"], 0)
                else:
                    if last_kind != ("bul", num):
                        cur["bul"] = new_num(904 if num == "•" else 905)
                    _set_num(p, cur["bul"], 0)
                last_kind = ("bul", num) if not num[0].isalnum() else "num"
            else:
                last_kind = "para"
            _runs(p, v["text"])
            continue
        last_kind = kind
        if kind == "cols":
            t = doc.add_table(rows=1, cols=2)
            _borders(t, False)
            for j in (0, 1):
                cell = t.cell(0, j)
                lines = [pair[j] for pair in v]
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                _runs(cell.paragraphs[0], lines[0])
                for ln in lines[1:]:
                    cp = cell.add_paragraph()
                    cp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    _runs(cp, ln)
        elif kind == "box":
            t = doc.add_table(rows=1, cols=1)
            _borders(t, True)
            cell = t.cell(0, 0)
            _runs(cell.paragraphs[0], v[0])
            for ln in v[1:]:
                _runs(cell.add_paragraph(), ln)
        elif kind == "table":
            rows = v["rows"]
            ncols = max(len(r) for r in rows)
            t = doc.add_table(rows=len(rows), cols=ncols)
            _borders(t, v["grid"])
            for i, row in enumerate(rows):
                for j in range(ncols):
                    c = row[j] if j < len(row) else ""
                    if c == "^":
                        continue
                    cell = t.cell(i, j)
                    first, *rest = c.split("\n")
                    _runs(cell.paragraphs[0], first)
                    for ln in rest:
                        _runs(cell.add_paragraph(), ln)
            # vertical merges
            for j in range(ncols):
                for i in range(1, len(rows)):
                    if j < len(rows[i]) and rows[i][j] == "^":
                        top = i - 1
                        while top > 0 and rows[top][j] == "^":
                            top -= 1
                        t.cell(top, j).merge(t.cell(i, j))
            for i in range(v["header"]):
                trPr = t.rows[i]._tr.get_or_add_trPr()
                trPr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    doc.core_properties.created = FIXED
    doc.core_properties.modified = FIXED
    doc.core_properties.author = "devset4"
    doc.save(path)


# ---------------------------------------------------------------- pdf

def build_pdf(text: str, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.fonts import addMapping
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

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", FONT))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", FONT_B))
        addMapping("DejaVuSans", 0, 0, "DejaVuSans")
        addMapping("DejaVuSans", 1, 0, "DejaVuSans-Bold")
    al = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
    styles = {k: ParagraphStyle(k, fontName="DejaVuSans", fontSize=10.5, leading=13.5, alignment=a)
              for k, a in al.items()}
    small = ParagraphStyle("small", fontName="DejaVuSans", fontSize=9, leading=11)
    smallc = ParagraphStyle("smallc", parent=small, alignment=TA_CENTER)

    def html(t: str) -> str:
        t = escape(t)
        t = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", t)
        return re.sub(r" {3,}", "&nbsp;" * 14, t)

    width = A4[0] - 40 * mm
    story = []
    for kind, v in parse(text):
        if kind == "blank":
            story.append(Spacer(1, 2 * mm))
        elif kind == "pb":
            story.append(PageBreak())
        elif kind == "para":
            chunks = para_plain({**v, "text": v["text"]}).split("{PB}")
            for k, chunk in enumerate(chunks):
                if k:
                    story.append(PageBreak())
                story.append(Paragraph(html(chunk.strip()), styles[v["align"]]))
        elif kind == "cols":
            left = [Paragraph(html(x), smallc) for x, _ in v]
            right = [Paragraph(html(r), smallc) for _, r in v]
            t = Table([[left, "", right]], colWidths=[width * 0.44, width * 0.12, width * 0.44])
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(t)
        elif kind == "box":
            t = Table([[[Paragraph(html(b), small) for b in v]]], colWidths=[width * 0.55])
            t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.black)]))
            t.hAlign = "LEFT"
            story.append(t)
        elif kind == "table":
            rows = v["rows"]
            ncols = max(len(r) for r in rows)
            data, spans = [], []
            for i, row in enumerate(rows):
                cells = []
                for j in range(ncols):
                    c = row[j] if j < len(row) else ""
                    if c == "^":
                        cells.append("")
                        top = i - 1
                        while rows[top][j] == "^":
                            top -= 1
                        spans.append(("SPAN", (j, top), (j, i)))
                    else:
                        cells.append(Paragraph(html(c).replace("\n", "<br/>"), small))
                data.append(cells)
            ws = v["widths"]
            cw = [width * w / sum(ws) for w in ws] if ws else None
            t = Table(data, colWidths=cw, repeatRows=v["header"])
            st = [("VALIGN", (0, 0), (-1, -1), "TOP")] + spans
            if v["grid"]:
                st.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            t.setStyle(TableStyle(st))
            t.hAlign = "LEFT"
            story.append(t)
    pdf = SimpleDocTemplate(str(path), pagesize=A4, invariant=1, leftMargin=25 * mm,
                            rightMargin=15 * mm, topMargin=18 * mm, bottomMargin=18 * mm)
    pdf.build(story)


def build_scan(text: str, path: Path, seed: int) -> None:
    from PIL import Image, ImageFilter
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build_pdf(text, tmp / "clean.pdf")
        subprocess.run(["pdftoppm", "-r", "200", "-png", str(tmp / "clean.pdf"), str(tmp / "pg")],
                       check=True)
        pages = []
        for png in sorted(tmp.glob("pg*.png")):
            im = Image.open(png).convert("L")
            im = im.rotate(rnd.uniform(-0.9, 0.9), resample=Image.BICUBIC, expand=False, fillcolor=255)
            im = im.filter(ImageFilter.GaussianBlur(0.6))
            px = im.load()
            w, h = im.size
            for _ in range(w * h // 180):          # speckles
                x, y = rnd.randrange(w), rnd.randrange(h)
                px[x, y] = rnd.choice((0, 60, 110, 200))
            im = im.point(lambda g: 255 if g > 235 else max(0, g - 15))
            pages.append(im.convert("RGB"))
        pages[0].save(path, "PDF", resolution=200.0, save_all=True, append_images=pages[1:])


# ---------------------------------------------------------------- html

def render_html(text: str, title: str) -> str:
    def h(t: str) -> str:
        t = escape(t).replace("{PB}", "")
        return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", t)

    out = ['<!DOCTYPE html>', '<html lang="ru"><head><meta charset="utf-8">',
           f"<title>{escape(title)}</title>",
           '<style>body{font-family:"Times New Roman",serif;max-width:800px;margin:auto}'
           ".c{text-align:center}.r{text-align:right}table.g td{border:1px solid #000;padding:3px}"
           "table.g{border-collapse:collapse}.box{border:1px solid #333;padding:6px;width:55%}</style>",
           "</head><body>", '<div class="document">']
    for kind, v in parse(text):
        if kind == "para":
            cls = {"center": ' class="c"', "right": ' class="r"', "left": ""}[v["align"]]
            out.append(f"<p{cls}>{h(para_plain(v))}</p>")
        elif kind == "pb":
            out.append('<hr style="page-break-after:always">')
        elif kind == "cols":
            left = "<br>".join(h(x) for x, _ in v)
            right = "<br>".join(h(r) for _, r in v)
            out.append(f'<table width="100%"><tr><td class="c" width="45%">{left}</td><td></td>'
                       f'<td class="c" width="45%">{right}</td></tr></table>')
        elif kind == "box":
            out.append('<div class="box">' + "<br>".join(h(b) for b in v) + "</div>")
        elif kind == "table":
            rows = v["rows"]
            cls = ' class="g"' if v["grid"] else ""
            out.append(f"<table{cls}>")
            for i, row in enumerate(rows):
                cells = []
                for j, c in enumerate(row):
                    if c == "^":
                        continue
                    span = 1
                    while i + span < len(rows) and j < len(rows[i + span]) and rows[i + span][j] == "^":
                        span += 1
                    rs = f' rowspan="{span}"' if span > 1 else ""
                    tag = "th" if i < v["header"] else "td"
                    cells.append(f"<{tag}{rs}>{h(c).replace(chr(10), '<br>')}</{tag}>")
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</table>")
    out.append("</div></body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- main

def convert(docx_path: Path, fmt: str, outdir: Path) -> None:
    subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(docx_path)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)


def own_list_numbering(docx_path: Path) -> None:
    """Give every list (w:num) an abstract numbering of its own and drop its lvlOverride.

    The docx lists share an abstract numbering and restart through ``lvlOverride``; Word and
    LibreOffice read that in .docx, .rtf and .odt, but LibreOffice's export to Word 97 (.doc)
    restarts a list after every interruption ("1. 1. 2."): lists of their own need no override."""
    import copy
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(docx_path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    root = etree.fromstring(parts["word/numbering.xml"])
    abstracts = {a.get(w + "abstractNumId"): a for a in root.findall(w + "abstractNum")}
    first_num = root.find(w + "num")
    for next_id, num in enumerate(root.findall(w + "num"), start=2000):
        ref = num.find(w + "abstractNumId")
        source = abstracts.get(ref.get(w + "val"))
        if source is None:
            continue
        clone = copy.deepcopy(source)
        clone.set(w + "abstractNumId", str(next_id))
        for nsid in clone.findall(w + "nsid"):
            clone.remove(nsid)
        first_num.addprevious(clone)
        ref.set(w + "val", str(next_id))
        for override in num.findall(w + "lvlOverride"):
            num.remove(override)
    parts["word/numbering.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(docx_path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def render(text: str, fmt: str, docs: Path, stem: str, seed: int) -> None:
    """Write ``docs/<stem>.<ext>`` in ``fmt``: docx, pdf, scan, rtf, odt, doc (Word 97, via
    soffice), txt-utf8, txt-cp1251 (CRLF), txt-utf16 (BOM, CRLF), html."""
    if fmt == "docx":
        build_docx(text, docs / f"{stem}.docx")
    elif fmt == "pdf":
        build_pdf(text, docs / f"{stem}.pdf")
    elif fmt == "scan":
        build_scan(text, docs / f"{stem}.pdf", seed=seed)
    elif fmt in ("rtf", "odt", "doc"):
        with tempfile.TemporaryDirectory() as tmp:
            d = Path(tmp) / f"{stem}.docx"
            build_docx(text, d)
            if fmt == "doc":
                own_list_numbering(d)
            convert(d, fmt, Path(tmp))
            shutil.copy(Path(tmp) / f"{stem}.{fmt}", docs / f"{stem}.{fmt}")
    elif fmt.startswith("txt"):
        body = render_txt(text)
        if fmt == "txt-utf8":
            data = body.encode("utf-8")
        elif fmt == "txt-cp1251":
            data = body.replace("\n", "\r\n").encode("cp1251")
        elif fmt == "txt-utf16":
            data = "\ufeff".encode("utf-16-le") + body.replace("\n", "\r\n").encode("utf-16-le")
        else:
            raise ValueError(f"{stem}: unknown format {fmt}")
        (docs / f"{stem}.txt").write_bytes(data)
    elif fmt == "html":
        first = next(plain(v["text"]) for k, v in parse(text) if k == "para")
        (docs / f"{stem}.html").write_text(render_html(text, first), encoding="utf-8")
    else:
        raise ValueError(f"{stem}: unknown format {fmt}")


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    for old in DOCS.iterdir():
        old.unlink()
    for n, src in enumerate(sorted(SRC.glob("*.txt"))):
        render(src.read_text(encoding="utf-8"), FORMATS[src.stem], DOCS, src.stem, seed=n)
    missing = set(FORMATS) - {p.stem for p in SRC.glob("*.txt")}
    if missing:
        print("no source for:", ", ".join(sorted(missing)))
    print(f"{len(list(DOCS.iterdir()))} documents in {DOCS}")


if __name__ == "__main__":
    main()
