#!/usr/bin/env python3
"""Build tests/heldout2/docs/ from tests/heldout2/src/*.txt.

Never touches gold/.  Usage:  .venv/bin/python tests/heldout2/make_heldout2.py [stem ...]

Source markup (one paragraph per line; see README.md):
  %% format=txt|docx|pdf|scan|html|rtf|odt  encoding=utf-8|cp1251|utf-16  newline=lf|crlf
  @c text      centred paragraph            @cb text   centred bold paragraph
  @r text      right-aligned paragraph      @b text    bold paragraph
  @n1 text     Word automatic numbering, level 1 ("1.")   (docx: numbering.xml)
  @n2 text     Word automatic numbering, level 2 ("1.1.")
  @hdr ... @endhdr         borderless 2-column blank: lines "left | right"
  @table ... @endtable     ruled table: lines "cell | cell | ..."; a line starting
                           with "!" is a header row; cell "<<" merges with the cell to
                           its left, cell "^^" merges with the cell above
  @sig left | right        signature line (borderless 2-column table in docx/pdf/html)
  @pb                      page break
  an empty line            an empty paragraph
"""
import html as htmlmod
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
DOCS = HERE / "docs"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"


# ---------------------------------------------------------------- parsing
def parse(path):
    meta, blocks = {}, []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith("%%"):
            for kv in ln[2:].split():
                k, _, v = kv.partition("=")
                meta[k] = v
        elif ln.strip() in ("@hdr", "@table"):
            kind = ln.strip()[1:]
            rows = []
            i += 1
            while lines[i].strip() not in ("@endhdr", "@endtable"):
                r = lines[i]
                head = r.startswith("!")
                if head:
                    r = r[1:]
                rows.append((head, [c.strip() for c in r.split(" | ")]))
                i += 1
            blocks.append((kind, rows))
        elif ln.startswith("@sig "):
            blocks.append(("sig", [c.strip() for c in ln[5:].split(" | ")]))
        elif ln.strip() == "@pb":
            blocks.append(("pb", None))
        else:
            m = re.match(r"@(cb|c|r|b|n1|n2) (.*)$", ln)
            if m:
                blocks.append((m.group(1), m.group(2)))
            else:
                blocks.append(("p", ln))
        i += 1
    # resolve automatic numbers for non-Word renderers
    n1 = n2 = 0
    out = []
    for kind, val in blocks:
        if kind == "n1":
            n1 += 1
            n2 = 0
            out.append((kind, val, f"{n1}."))
        elif kind == "n2":
            n2 += 1
            out.append((kind, val, f"{n1}.{n2}."))
        else:
            out.append((kind, val, None))
    return meta, out


def cell_text(c):
    return "" if c in ("<<", "^^") else c


# ---------------------------------------------------------------- txt
def to_txt(meta, blocks):
    out = []
    for kind, val, num in blocks:
        if kind in ("p", "c", "cb", "r", "b"):
            out.append(("                    " if kind == "r" else "") + val)
        elif kind in ("n1", "n2"):
            out.append(f"{num} {val}")
        elif kind == "sig":
            out.append(f"{val[0]}{' ' * 12}{val[-1]}")
        elif kind == "pb":
            out.append("\f")
        elif kind == "hdr":
            for col in range(2):
                for _, r in val:
                    if len(r) > col and r[col]:
                        out.append(r[col])
        elif kind == "table":
            for _, r in val:
                out.append("\t".join(cell_text(c) for c in r))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- docx
def to_docx(meta, blocks, dest):
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: F401
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(13)
    num_id = None

    def ensure_numbering():
        nonlocal num_id
        if num_id is not None:
            return num_id
        numbering = d.part.numbering_part.element
        abs_id, num_id = 90, 91
        a = OxmlElement("w:abstractNum")
        a.set(qn("w:abstractNumId"), str(abs_id))
        mlt = OxmlElement("w:multiLevelType")
        mlt.set(qn("w:val"), "multilevel")
        a.append(mlt)
        for lvl, fmt in ((0, "%1."), (1, "%1.%2.")):
            L = OxmlElement("w:lvl")
            L.set(qn("w:ilvl"), str(lvl))
            for tag, v in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", fmt), ("w:lvlJc", "left")):
                e = OxmlElement(tag)
                e.set(qn("w:val"), v)
                L.append(e)
            ppr = OxmlElement("w:pPr")
            ind = OxmlElement("w:ind")
            ind.set(qn("w:left"), str(360 + 360 * lvl))
            ind.set(qn("w:hanging"), "360")
            ppr.append(ind)
            L.append(ppr)
            a.append(L)
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(a)
        else:
            numbering.append(a)
        n = OxmlElement("w:num")
        n.set(qn("w:numId"), str(num_id))
        an = OxmlElement("w:abstractNumId")
        an.set(qn("w:val"), str(abs_id))
        n.append(an)
        numbering.append(n)
        return num_id

    def no_borders(tbl):
        tblPr = tbl._tbl.tblPr
        b = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            e = OxmlElement(f"w:{edge}")
            e.set(qn("w:val"), "nil")
            b.append(e)
        tblPr.append(b)

    def fill_table(rows, borders):
        ncol = max(len(r) for _, r in rows)
        t = d.add_table(rows=len(rows), cols=ncol)
        if borders:
            t.style = "Table Grid"
        else:
            no_borders(t)
        for ri, (head, r) in enumerate(rows):
            if head and ri == 0:
                trPr = t.rows[ri]._tr.get_or_add_trPr()
                h = OxmlElement("w:tblHeader")
                trPr.append(h)
            for ci in range(ncol):
                c = r[ci] if ci < len(r) else ""
                if c not in ("<<", "^^"):
                    cell = t.cell(ri, ci)
                    parts = c.split(" // ")
                    cell.paragraphs[0].text = parts[0]
                    for extra in parts[1:]:
                        cell.add_paragraph(extra)
                    if head:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
        for ri, (_, r) in enumerate(rows):
            for ci, c in enumerate(r):
                if c == "<<":
                    t.cell(ri, ci - 1).merge(t.cell(ri, ci))
                elif c == "^^":
                    t.cell(ri - 1, ci).merge(t.cell(ri, ci))
        return t

    for kind, val, _num in blocks:
        if kind in ("p", "c", "cb", "r", "b"):
            p = d.add_paragraph()
            run = p.add_run(val)
            if kind in ("cb", "b"):
                run.bold = True
            if kind in ("c", "cb"):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif kind == "r":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif kind == "p" and val:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif kind in ("n1", "n2"):
            nid = ensure_numbering()
            p = d.add_paragraph(val)
            pPr = p._p.get_or_add_pPr()
            numPr = OxmlElement("w:numPr")
            il = OxmlElement("w:ilvl")
            il.set(qn("w:val"), "0" if kind == "n1" else "1")
            ni = OxmlElement("w:numId")
            ni.set(qn("w:val"), str(nid))
            numPr.append(il)
            numPr.append(ni)
            pPr.insert(0, numPr)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif kind == "sig":
            fill_table([(False, val)], borders=False)
        elif kind == "pb":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "hdr":
            fill_table(val, borders=False)
        elif kind == "table":
            fill_table(val, borders=True)
    d.save(dest)


# ---------------------------------------------------------------- pdf (reportlab)
def to_pdf(meta, blocks, dest):
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
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

    pdfmetrics.registerFont(TTFont("DejaVuSerif", f"{FONT_DIR}/DejaVuSerif.ttf"))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", f"{FONT_DIR}/DejaVuSerif-Bold.ttf"))
    base = ParagraphStyle("b", fontName="DejaVuSerif", fontSize=10.5, leading=13.5, alignment=TA_JUSTIFY)
    styles = {
        "p": base,
        "b": ParagraphStyle("bb", parent=base, fontName="DejaVuSerif-Bold"),
        "c": ParagraphStyle("c", parent=base, alignment=TA_CENTER),
        "cb": ParagraphStyle("cb", parent=base, alignment=TA_CENTER, fontName="DejaVuSerif-Bold"),
        "r": ParagraphStyle("r", parent=base, alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11, alignment=0),
    }
    esc = htmlmod.escape
    story = []
    width = A4[0] - 40 * mm
    for kind, val, num in blocks:
        if kind in styles and kind != "cell":
            story.append(Paragraph(esc(val), styles[kind]) if val else Spacer(1, 8))
        elif kind in ("n1", "n2"):
            story.append(Paragraph(esc(f"{num} {val}"), base))
        elif kind == "pb":
            story.append(PageBreak())
        elif kind in ("hdr", "sig", "table"):
            rows = val if kind != "sig" else [(False, val)]
            ncol = max(len(r) for _, r in rows)
            data, spans = [], []
            for ri, (_, r) in enumerate(rows):
                row = []
                for ci in range(ncol):
                    c = r[ci] if ci < len(r) else ""
                    if c == "<<":
                        spans.append(("SPAN", (ci - 1, ri), (ci, ri)))
                    elif c == "^^":
                        spans.append(("SPAN", (ci, ri - 1), (ci, ri)))
                    row.append(Paragraph(esc(cell_text(c)).replace(" // ", "<br/>"), styles["cell"] if kind == "table" else base))
                data.append(row)
            if kind == "table":
                first = [len(c) for c in rows[0][1]]
                colw = [width * 0.07] + [(width * 0.93) / (ncol - 1)] * (ncol - 1)
                if ncol >= 4:
                    colw = [width * 0.07, width * 0.43] + [(width * 0.5) / (ncol - 2)] * (ncol - 2)
                del first
            else:
                colw = [width / ncol] * ncol
            t = Table(data, colWidths=colw, repeatRows=1 if (kind == "table" and rows[0][0]) else 0)
            cmds = [("VALIGN", (0, 0), (-1, -1), "TOP")] + spans
            if kind == "table":
                cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            t.setStyle(TableStyle(cmds))
            story.append(t)
    doc = SimpleDocTemplate(str(dest), pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm, topMargin=18 * mm, bottomMargin=18 * mm)
    doc.build(story)


def to_scan(meta, blocks, dest, seed):
    from PIL import Image, ImageFilter

    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "x.pdf"
        to_pdf(meta, blocks, pdf)
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), f"{tmp}/pg"], check=True)
        pages = []
        for png in sorted(Path(tmp).glob("pg*.png")):
            im = Image.open(png).convert("L")
            px = im.load()
            w, h = im.size
            for _ in range(w * h // 400):  # salt-and-pepper specks
                x, y = rnd.randrange(w), rnd.randrange(h)
                px[x, y] = rnd.choice((0, 90, 255))
            im = im.rotate(rnd.uniform(-0.8, 0.8), resample=Image.BICUBIC, expand=False, fillcolor=255)
            im = im.filter(ImageFilter.GaussianBlur(0.4))
            pages.append(im)
        pages[0].save(dest, "PDF", resolution=200.0, save_all=True, append_images=pages[1:])


# ---------------------------------------------------------------- html
def to_html(meta, blocks):
    esc = htmlmod.escape
    out = ['<!DOCTYPE html>', '<html lang="ru"><head><meta charset="utf-8">', "<title>Документ</title>",
           "<style>body{font-family:'Times New Roman',serif;max-width:800px;margin:auto}"
           " td{vertical-align:top} table.g td{border:1px solid #000;padding:3px}</style>",
           "</head><body>"]
    for kind, val, num in blocks:
        if kind == "p":
            out.append(f"<p>{esc(val)}</p>" if val else "<p>&nbsp;</p>")
        elif kind == "b":
            out.append(f"<p><b>{esc(val)}</b></p>")
        elif kind == "c":
            out.append(f'<p style="text-align:center">{esc(val)}</p>')
        elif kind == "cb":
            out.append(f'<p style="text-align:center"><strong>{esc(val)}</strong></p>')
        elif kind == "r":
            out.append(f'<p style="text-align:right">{esc(val)}</p>')
        elif kind in ("n1", "n2"):
            out.append(f"<p>{esc(num)} {esc(val)}</p>")
        elif kind == "pb":
            out.append('<div style="page-break-after:always"></div>')
        elif kind in ("hdr", "sig", "table"):
            rows = val if kind != "sig" else [(False, val)]
            cls = ' class="g" style="border-collapse:collapse"' if kind == "table" else ' width="100%"'
            out.append(f"<table{cls}>")
            ncol = max(len(r) for _, r in rows)
            for ri, (head, r) in enumerate(rows):
                cells = []
                for ci in range(ncol):
                    c = r[ci] if ci < len(r) else ""
                    if c in ("<<", "^^"):
                        continue
                    cs = 1
                    while ci + cs < ncol and ci + cs < len(r) and r[ci + cs] == "<<":
                        cs += 1
                    rs = 1
                    while ri + rs < len(rows) and ci < len(rows[ri + rs][1]) and rows[ri + rs][1][ci] == "^^":
                        rs += 1
                    tag = "th" if head else "td"
                    attrs = (f' colspan="{cs}"' if cs > 1 else "") + (f' rowspan="{rs}"' if rs > 1 else "")
                    cells.append(f"<{tag}{attrs}>{esc(c).replace(' // ', '<br>')}</{tag}>")
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- driver
def soffice_convert(docx_path, fmt, dest):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/prof",
                        "--convert-to", fmt, "--outdir", tmp, str(docx_path)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.move(str(Path(tmp) / (docx_path.stem + "." + fmt)), dest)


def build(path):
    meta, blocks = parse(path)
    fmt = meta.get("format", "txt")
    stem = path.stem
    for old in DOCS.glob(stem + ".*"):
        old.unlink()
    if fmt == "txt":
        text = to_txt(meta, blocks)
        nl = "\r\n" if meta.get("newline") == "crlf" else "\n"
        enc = meta.get("encoding", "utf-8")
        (DOCS / f"{stem}.txt").write_bytes(text.replace("\n", nl).encode(enc))
    elif fmt == "docx":
        to_docx(meta, blocks, DOCS / f"{stem}.docx")
    elif fmt in ("rtf", "odt"):
        with tempfile.TemporaryDirectory() as tmp:
            tmpdocx = Path(tmp) / f"{stem}.docx"
            to_docx(meta, blocks, tmpdocx)
            soffice_convert(tmpdocx, fmt, DOCS / f"{stem}.{fmt}")
    elif fmt == "pdf":
        to_pdf(meta, blocks, DOCS / f"{stem}.pdf")
    elif fmt == "scan":
        to_scan(meta, blocks, DOCS / f"{stem}.pdf", seed=stem)
    elif fmt == "html":
        (DOCS / f"{stem}.html").write_text(to_html(meta, blocks), encoding="utf-8")
    else:
        raise SystemExit(f"{path}: unknown format {fmt}")
    return fmt


def main(argv):
    DOCS.mkdir(exist_ok=True)
    srcs = sorted(SRC.glob("*.txt"))
    if argv:
        srcs = [p for p in srcs if p.stem in argv or any(p.stem.startswith(a) for a in argv)]
    for p in srcs:
        print(p.stem, build(p))


if __name__ == "__main__":
    main(sys.argv[1:])
