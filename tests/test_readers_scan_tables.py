"""Ruled tables in scans: pages composed with reportlab, rasterised by pdftoppm, skewed and
speckled with PIL, wrapped back as an image-only PDF, and read through Tesseract."""

from __future__ import annotations

import shutil
import subprocess
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from pipeline.bench import cyrillic_font
from pipeline.readers import read_document
from pipeline.readers.scan_tables import find_ruled_tables

SCAN = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="apt-get install tesseract-ocr tesseract-ocr-rus"),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="apt-get install poppler-utils"),
    pytest.mark.skipif(cyrillic_font() is None, reason="нет шрифта DejaVuSans"),
]

DPI = 200
LEFT, RIGHT, SIZE, LEAD = 60, 540, 11, 14

PAGE_ONE = [
    "АДМИНИСТРАЦИЯ ГОРОДСКОГО ОКРУГА",
    "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ",
    "",
    "ПРИКАЗ",
    "от 12.03.2024 № 145-од",
    "",
    "Об утверждении плана мероприятий по подготовке",
    "образовательных организаций к новому учебному году",
    "",
    "В целях своевременной подготовки образовательных организаций",
    "к новому учебному году",
    "ПРИКАЗЫВАЮ:",
    "1. Утвердить план мероприятий по подготовке образовательных",
    "организаций к новому учебному году (приложение).",
    "2. Контроль за исполнением приказа оставляю за собой.",
    "",
    "Начальник управления А.В. Смирнов",
]
CAPTION = ["Приложение", "к приказу от 12.03.2024 № 145-од", "", "План мероприятий"]
HEADER = ["№ п/п", "Мероприятие", "Срок", "Ответственный"]
# (number, action, deadline, executor); None: the executor cell above spans this row too
ROWS: list[tuple[str, str, str, str | None]] = [
    ("1", "Провести совещание с руководителями образовательных организаций", "до 15.04.2024", "Иванов И.И., заместитель начальника"),
    ("2", "Разработать график проверки готовности организаций", "до 20.04.2024", "Петрова А.С., начальник отдела общего образования"),
    ("3", "Организовать проверку готовности зданий и территорий", "до 30.05.2024", None),
    ("4", "Подготовить отчёт о готовности организаций", "до 10.06.2024", "Сидоров П.П., ведущий специалист"),
]
BELOW = "Начальник отдела общего образования А.С. Петрова"
COLUMNS = [LEFT, LEFT + 45, LEFT + 275, LEFT + 370, RIGHT]  # x of the vertical rulings


def _wrap(text: str, width: float, measure) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _compose(path: Path) -> Path:
    """Two A4 pages: an order, then its appendix with a ruled plan table and a line below."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", str(cyrillic_font())))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVu", SIZE)
    y = 780
    for line in PAGE_ONE:
        c.drawString(LEFT, y, line)
        y -= LEAD if line else LEAD // 2
    c.showPage()
    c.setFont("DejaVu", SIZE)
    y = 780
    for line in CAPTION:
        c.drawString(380 if y > 760 else LEFT, y, line) if line else None
        y -= LEAD if line else LEAD // 2

    def measure(text: str) -> float:
        return pdfmetrics.stringWidth(text, "DejaVu", SIZE)

    def cell_lines(k: int, text: str | None) -> list[str]:
        return _wrap(text or "", COLUMNS[k + 1] - COLUMNS[k] - 8, measure)

    rows = [tuple(HEADER)] + ROWS
    heights = [max(len(cell_lines(k, t)) for k, t in enumerate(row)) * LEAD + 8 for row in rows]
    top = y - 4
    bottoms = [top - sum(heights[: i + 1]) for i in range(len(rows))]
    c.setLineWidth(0.8)
    c.line(LEFT, top, RIGHT, top)
    for i, row in enumerate(rows):
        row_top = top if i == 0 else bottoms[i - 1]
        for k, text in enumerate(row):
            for n, line in enumerate(cell_lines(k, text)):
                c.drawString(COLUMNS[k] + 4, row_top - 4 - SIZE - n * LEAD, line)
        # the executor column's separator is missing under a cell that spans the next row
        spans_down = i + 1 < len(rows) and rows[i + 1][3] is None
        c.line(LEFT, bottoms[i], COLUMNS[3], bottoms[i])
        if not spans_down:
            c.line(COLUMNS[3], bottoms[i], RIGHT, bottoms[i])
    for x in COLUMNS:
        c.line(x, top, x, bottoms[-1])
    c.drawString(LEFT, bottoms[-1] - 3 * LEAD, BELOW)
    c.showPage()
    c.save()
    return path


def make_scanned_plan(tmp: Path, angle: float = 0.6) -> Path:
    """The composed pages as a scan: 200 dpi greyscale, turned by ``angle`` degrees, with
    speckle noise; an image-only PDF."""
    import numpy as np
    from PIL import Image

    vector = _compose(tmp / "plan.pdf")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(vector), str(tmp / "page")], check=True)
    rng = np.random.default_rng(7)
    pages = []
    for png in sorted(tmp.glob("page-*.png")):
        image = Image.open(png).convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        pixels = np.asarray(image, dtype=np.int16) + rng.normal(0, 12, (image.height, image.width)).astype(np.int16)
        pixels[rng.random(pixels.shape) < 0.0005] = 0  # dust
        pages.append(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)))
    out = tmp / "скан плана.pdf"
    pages[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return out


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, " ".join(a.split()).lower(), " ".join(b.split()).lower()).ratio() > 0.85


# --- the grid alone, on drawn pixels (no OCR) ------------------------------------------

# a 3×3 grid at 200 dpi: rows at these y, columns at these x; MISSING lists the separators
# left out: ("v", row, x index) a vertical one in a row, ("h", y index, col) a horizontal one
GRID_Y = [200, 300, 420, 540]
GRID_X = [150, 300, 900, 1400]


def _grid_page(missing: set[tuple[str, int, int]], angle: float = 0.0, frame: bool = True) -> Image.Image:
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    for j, y in enumerate(GRID_Y):
        for c in range(3):
            if ("h", j, c) not in missing and (frame or 0 < j < len(GRID_Y) - 1):
                draw.line([(GRID_X[c], y), (GRID_X[c + 1], y)], fill=0, width=2)
    for k, x in enumerate(GRID_X):
        for r in range(3):
            if ("v", r, k) not in missing and (frame or 0 < k < len(GRID_X) - 1):
                draw.line([(x, GRID_Y[r]), (x, GRID_Y[r + 1])], fill=0, width=2)
    draw.line([(150, 1800), (700, 1800)], fill=0, width=2)  # a signature line: no table
    return page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)


@pytest.mark.parametrize(
    ("missing", "angle", "frame", "cells"),
    [
        (set(), 0.0, True, [(r, c, r + 1, c + 1) for r in range(3) for c in range(3)]),
        (set(), 0.8, True, [(r, c, r + 1, c + 1) for r in range(3) for c in range(3)]),
        (set(), -1.5, True, [(r, c, r + 1, c + 1) for r in range(3) for c in range(3)]),
        # the executor cell spans rows 1 and 2
        ({("h", 2, 2)}, 0.5, True, [(0, 0, 1, 1), (0, 1, 1, 2), (0, 2, 1, 3), (1, 0, 2, 1), (1, 1, 2, 2), (1, 2, 3, 3), (2, 0, 3, 1), (2, 1, 3, 2)]),
        # a section row: one cell across the row
        ({("v", 1, 1), ("v", 1, 2)}, 0.0, True, [(0, 0, 1, 1), (0, 1, 1, 2), (0, 2, 1, 3), (1, 0, 2, 3), (2, 0, 3, 1), (2, 1, 3, 2), (2, 2, 3, 3)]),
        # no outer frame: the rulings' ends bound the table
        (set(), 0.0, False, [(r, c, r + 1, c + 1) for r in range(3) for c in range(3)]),
    ],
    ids=["straight", "turned-left", "turned-right", "merged-down", "section-row", "open-frame"],
)
def test_grid_from_rulings(missing, angle, frame, cells):
    page = find_ruled_tables(_grid_page(missing, angle, frame), 200)
    assert len(page.grids) == 1
    grid = page.grids[0]
    assert grid.cells == cells
    assert [round(y) for y in grid.ys] == pytest.approx(GRID_Y, abs=6)


@pytest.mark.parametrize(
    "draw",
    [
        lambda d: d.rectangle([150, 200, 1400, 400], outline=0, width=2),  # a frame around a paragraph
        lambda d: [d.line([(150, y), (1400, y)], fill=0, width=2) for y in (200, 300, 400)],  # rules only
        lambda d: d.text((150, 200), "ПРИКАЗ № 1", fill=0),
        lambda d: None,  # a blank page: one grey all over
    ],
    ids=["frame", "horizontal-rules", "text", "blank"],
)
def test_no_table_without_a_grid(draw):
    page = Image.new("L", (1654, 2339), 255)
    draw(ImageDraw.Draw(page))
    ruled = find_ruled_tables(page, 200)
    assert ruled.grids == [] and ruled.image is page


# --- a whole scan through Tesseract ----------------------------------------------------


@pytest.fixture(scope="module")
def plan_scan(tmp_path_factory) -> Path:
    return make_scanned_plan(tmp_path_factory.mktemp("scan-table"))


@pytest.fixture(scope="module")
def plan_doc(plan_scan):
    return read_document(plan_scan)


def _rows(doc) -> list[list[str]]:
    return [[doc.slice(c.span) for c in row] for row in doc.tables[0].rows]


def scan_test(fn):
    """Marks of a test that reads the scan through Tesseract."""
    for mark in SCAN:
        fn = mark(fn)
    return fn


@scan_test
def test_scanned_table_rows_and_cells(plan_doc):
    assert plan_doc.source.ocr and len(plan_doc.tables) == 1
    rows = _rows(plan_doc)
    expected = [list(HEADER)] + [[cell for cell in row if cell is not None] for row in ROWS]
    assert [len(r) for r in rows] == [len(r) for r in expected]  # the merged cell read once
    for got, want in zip(rows, expected):
        assert all(_similar(g, w) for g, w in zip(got, want)), (got, want)
    cells = plan_doc.tables[0].rows[1]
    assert [c.origin.cell for c in cells] == [0, 1, 2, 3]
    assert all(c.origin.ocr and c.origin.page == 2 and c.origin.table == 0 for c in cells)
    assert [c.origin.cell for c in plan_doc.tables[0].rows[3]] == [0, 1, 2]  # under the merged executor


@scan_test
def test_text_around_the_table_stays_paragraphs_in_order(plan_doc):
    paragraphs = [plan_doc.slice(b.span) for b in plan_doc.paragraphs()]
    assert any(_similar(p, "План мероприятий") for p in paragraphs)
    assert any(_similar(p, "1. Утвердить план мероприятий по подготовке образовательных организаций к новому учебному году (приложение).") for p in paragraphs)
    table = plan_doc.tables[0].span
    caption = next(b for b in plan_doc.paragraphs() if _similar(plan_doc.slice(b.span), "План мероприятий"))
    below = next(b for b in plan_doc.paragraphs() if _similar(plan_doc.slice(b.span), BELOW))
    assert caption.span.stop <= table.start and below.span.start >= table.stop
    assert all(b.origin.page == 2 for b in plan_doc.blocks if b.kind == "cell")


@scan_test
def test_ordex_extract_gives_plan_rows(plan_scan, tmp_path):
    import json

    from pipeline.cli import main

    assert main(["extract", str(plan_scan.parent / plan_scan.name), "--out", str(tmp_path), "--no-progress"]) in (0, None)
    result = json.loads((tmp_path / f"{plan_scan.stem}.json").read_text(encoding="utf-8"))
    rows = [o for o in result["obligations"] if o["rule"] == "plan_table_row"]
    assert [o["clause"] for o in rows] == [f"Приложение, п. {n}" for n in "1234"]
    assert [o["deadline"]["date"] for o in rows] == ["2024-04-15", "2024-04-20", "2024-05-30", "2024-06-10"]
    executors = [" ".join(o["executors"]) for o in rows]
    assert "Иванов" in executors[0] and "Сидоров" in executors[3]
    assert "Петрова" in executors[1] and executors[2] == executors[1]  # the merged cell holds for both rows
