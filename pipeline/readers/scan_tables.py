"""Ruled tables on page images: rulings found in the pixels, the grid they draw, and the
words of one Tesseract pass put into its cells.

Scanned appendices draw their tables with ruling lines (план мероприятий: № п/п |
Мероприятие | Срок | Ответственный).  Tesseract alone reads such a table column by column,
row labels glued to text; here, per page:

1. the page is binarised (Otsu's threshold);
2. rulings are runs along a row or a column at least ``RULING_MIN_IN`` long and mostly
   dark (breaks shorter than ``GAP_IN`` bridged), found by a morphological closing and
   opening with a line; letter strokes are shorter;
3. where the rulings touch (a grid may be there), the skew is the angle that packs the
   horizontal rulings' pixels into the fewest rows; a page turned more than
   ``MIN_SKEW_DEG`` is turned back (the image Tesseract reads is
   the turned one, so words and grid share coordinates);
4. rulings that touch form one table; its row and column boundaries are where its rulings
   lie, plus the rulings' ends where the frame has no outer border;
5. two neighbouring grid cells whose separator is less than half drawn are one merged
   cell, read once at its top-left grid position (as the docx reader reads merged cells);
6. the tables' rulings are erased from the image Tesseract reads (read, they come out as
   "|" and "_" and glue cells together), and each recognised word goes to the cell that
   holds its centre (:func:`fill_tables`); cells with ink but no sure words are read
   again, all in one more Tesseract pass.

A grid of fewer than two columns or two rows with text (a frame around a paragraph) is no
table: its words stay text.  Tables drawn without rulings (columns kept apart by spaces
only) are not found here: their text stays paragraphs in Tesseract's reading order.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

RULING_MIN_IN = 0.25  # a ruling is longer than a letter's stroke (cap height of 14 pt ≈ 0.14 in)
GAP_IN = 0.015  # breaks in a scanned ruling bridged (3 px at 200 dpi)
TOUCH_IN = 0.05  # rulings this close meet; boundaries this close are one
MAX_SKEW_DEG = 3.0
SKEW_STEP_DEG = 0.05
MIN_SKEW_DEG = 0.1  # below this the rulings stay within a few pixels over a page width
DRAWN_SHARE = 0.5  # a separator drawn along less than this share of a cell's side is missing
ERASE_PX = 2  # pixels around a ruling erased with it (antialiased edges)
SURE_CONF = 60  # Tesseract's word confidence below which a cell is read again
INK_MIN_IN2 = 0.0003  # ink in a cell worth reading again (a "1" at 11 pt has 0.001 in²)
STRIP_PAD_IN = 0.15  # white between cells stacked for reading again
_HAS_ALNUM = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Ruling:
    at: float  # y of a horizontal ruling, x of a vertical one (pixels)
    start: float
    stop: float


@dataclass
class Grid:
    """A ruled table: boundaries in pixels and its cells, each a rectangle of grid positions
    ``(row, col, row_stop, col_stop)`` (merged cells span several)."""

    ys: list[float]
    xs: list[float]
    cells: list[tuple[int, int, int, int]]
    _at: dict[tuple[int, int], int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for k, (r0, c0, r1, c1) in enumerate(self.cells):
            for r in range(r0, r1):
                for c in range(c0, c1):
                    self._at[(r, c)] = k

    def cell_at(self, x: float, y: float) -> int | None:
        r, c = bisect_right(self.ys, y) - 1, bisect_right(self.xs, x) - 1
        return self._at.get((r, c))


@dataclass
class RuledPage:
    image: Image.Image  # what Tesseract reads: turned straight, the tables' rulings erased
    grids: list[Grid]
    dpi: float
    threshold: int = 128  # the lightest grey counted as ink


@dataclass
class FilledTable:
    """A grid with its words: ``rows[r][c]`` the text of the cell starting there, None where
    a merged cell covers the position; ``confidence`` the mean of its words' confidences."""

    top: float  # pixels
    rows: list[list[str | None]]
    confidence: list[list[float | None]]


def find_ruled_tables(gray: Image.Image, dpi: float) -> RuledPage:
    """The ruled tables of a page image (mode "L") and the image for Tesseract to read."""
    minimum = max(8, round(RULING_MIN_IN * dpi))
    gap = max(2, round(GAP_IN * dpi))
    pixels, dark, threshold = _binarise(gray)
    horizontal = _long_runs(_thicken(dark, axis=0), minimum, gap)
    vertical = _long_runs(_thicken(dark, axis=1).T, minimum, gap).T
    if horizontal.sum() < 2 * minimum or vertical.sum() < 2 * minimum:
        return RuledPage(gray, [], dpi)  # no grid: most pages end here
    touch = TOUCH_IN * dpi
    grids = _grids(_rulings(horizontal, touch), _rulings(vertical.T, touch), touch)
    angle = _skew(horizontal) if grids else 0.0
    if abs(angle) >= MIN_SKEW_DEG:
        pixels, dark, threshold = _binarise(gray.rotate(angle, resample=Image.BILINEAR, fillcolor=255))
        horizontal = _long_runs(_thicken(dark, axis=0), minimum, gap)
        vertical = _long_runs(_thicken(dark, axis=1).T, minimum, gap).T
        grids = _grids(_rulings(horizontal, touch), _rulings(vertical.T, touch), touch)
    if not grids:
        return RuledPage(gray, [], dpi)
    erased = pixels.copy()
    for g in grids:
        y0, y1 = int(g.ys[0] - touch), int(g.ys[-1] + touch) + 1
        x0, x1 = int(g.xs[0] - touch), int(g.xs[-1] + touch) + 1
        y0, x0 = max(y0, 0), max(x0, 0)
        lines = horizontal[y0:y1, x0:x1] | vertical[y0:y1, x0:x1]
        for _ in range(ERASE_PX):
            lines = _thicken(_thicken(lines, axis=0), axis=1)
        erased[y0:y1, x0:x1][lines] = 255
    return RuledPage(Image.fromarray(erased), grids, dpi, threshold)


def fill_tables(
    page: RuledPage, words: list[dict], read_again: Callable[[Image.Image], list[dict]]
) -> tuple[list[FilledTable], list[dict]]:
    """Tables of the page's grids from words (``x0 x1 top bottom`` in pixels, ``text``,
    ``conf``, ``line``: Tesseract's line key), and the words outside any table, in order.

    Words of a cell are joined line by line (Tesseract's lines, top to bottom); marks with
    no letter or digit that Tesseract is unsure of are what is left of an erased ruling.
    Tesseract's page analysis misses lone short marks (a row number "1" read as "т" or
    not at all): cells with ink but no sure words are cut out, stacked in one strip and
    read again by ``read_again`` (one more Tesseract pass), keeping the surer reading."""
    placed: list[dict[int, list[dict]]] = [{} for _ in page.grids]
    rest: list[dict] = []
    for w in words:
        x, y = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        for g, grid in enumerate(page.grids):
            cell = grid.cell_at(x, y)
            if cell is not None:
                if _HAS_ALNUM.search(w["text"]) or w["conf"] >= SURE_CONF:
                    placed[g].setdefault(cell, []).append(w)
                break
        else:
            rest.append(w)
    _read_unsure(page, placed, read_again)
    tables: list[FilledTable] = []
    for grid, cells in zip(page.grids, placed):
        rows: list[list[str | None]] = [[None] * (len(grid.xs) - 1) for _ in grid.ys[:-1]]
        confidence: list[list[float | None]] = [[None] * (len(grid.xs) - 1) for _ in grid.ys[:-1]]
        for k, (r0, c0, _r1, _c1) in enumerate(grid.cells):
            rows[r0][c0] = _cell_text(cells.get(k, []))
            confidence[r0][c0] = _confidence(cells.get(k, []))
        filled_rows = sum(1 for row in rows if any(row))
        if filled_rows < 2 or len(grid.xs) < 3:
            rest.extend(w for ws in cells.values() for w in ws)  # a frame around text
            continue
        tables.append(FilledTable(grid.ys[0], rows, confidence))
    if len(rest) < len(words):
        order = {id(w): i for i, w in enumerate(words)}
        rest.sort(key=lambda w: order.get(id(w), len(order)))
    return tables, rest


def _confidence(words: list[dict]) -> float | None:
    return round(sum(w["conf"] for w in words) / len(words), 1) if words else None


def _read_unsure(page: RuledPage, placed: list[dict[int, list[dict]]], read_again: Callable[[Image.Image], list[dict]]) -> None:
    """Read again, in one strip, the cells with ink whose words Tesseract is unsure of."""
    inset = ERASE_PX + 2
    unsure: list[tuple[int, int, tuple[int, int, int, int]]] = []
    for g, grid in enumerate(page.grids):
        for k, (r0, c0, r1, c1) in enumerate(grid.cells):
            box = (int(grid.xs[c0]) + inset, int(grid.ys[r0]) + inset, int(grid.xs[c1]) - inset, int(grid.ys[r1]) - inset)
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            sure = _confidence(placed[g].get(k, [])) or 0.0
            if sure < SURE_CONF and _has_ink(page, box):
                unsure.append((g, k, box))
    if not unsure:
        return
    pad = round(STRIP_PAD_IN * page.dpi)
    crops = [page.image.crop(box) for _, _, box in unsure]
    strip = Image.new("L", (max(c.width for c in crops) + 2 * pad, sum(c.height + pad for c in crops) + pad), 255)
    tops = []
    y = pad
    for crop in crops:
        strip.paste(crop, (pad, y))
        tops.append(y)
        y += crop.height + pad
    again: list[list[dict]] = [[] for _ in crops]
    for w in read_again(strip):
        i = bisect_right(tops, (w["top"] + w["bottom"]) / 2) - 1
        if i >= 0 and (_HAS_ALNUM.search(w["text"]) or w["conf"] >= SURE_CONF):
            again[i].append(w)
    for (g, k, _box), words in zip(unsure, again):
        if words and (_confidence(words) or 0) > (_confidence(placed[g].get(k, [])) or 0):
            placed[g][k] = words


def _has_ink(page: RuledPage, box: tuple[int, int, int, int]) -> bool:
    """Dark 2×2 squares (a stroke, not a speck of dust) over ``INK_MIN_IN2`` in the box."""
    dark = np.asarray(page.image.crop(box)) <= page.threshold
    solid = dark[1:, 1:] & dark[:-1, 1:] & dark[1:, :-1] & dark[:-1, :-1]
    return int(solid.sum()) >= INK_MIN_IN2 * page.dpi**2


def _cell_text(words: list[dict]) -> str:
    lines: dict[object, list[dict]] = {}
    for w in words:
        lines.setdefault(w["line"], []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: min(w["top"] for w in ws))
    return "\n".join(" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])) for ws in ordered)


# --- pixels --------------------------------------------------------------------------


def _binarise(gray: Image.Image) -> tuple[np.ndarray, np.ndarray, int]:
    """The pixels and the dark ones by Otsu's threshold (the one that best splits ink from paper)."""
    pixels = np.asarray(gray)
    hist = np.asarray(gray.histogram(), dtype=np.float64)
    levels = np.arange(256)
    weight = np.cumsum(hist)
    mass = np.cumsum(hist * levels)
    total, total_mass = weight[-1], mass[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_mass * weight - total * mass) ** 2 / (weight * (total - weight))
    between = np.nan_to_num(between[:-1], nan=0.0)
    if not between.any():  # one grey all over: a blank page has no ink
        return pixels, np.zeros(pixels.shape, dtype=bool), -1
    threshold = int(np.argmax(between))
    return pixels, pixels <= threshold, threshold


def _thicken(mask: np.ndarray, axis: int) -> np.ndarray:
    """Each pixel ORed with its two neighbours along ``axis``: a thin ruling stepping one
    pixel (a slight skew) stays one run."""
    out = mask.copy()
    if axis == 0:
        out[1:] |= mask[:-1]
        out[:-1] |= mask[1:]
    else:
        out[:, 1:] |= mask[:, :-1]
        out[:, :-1] |= mask[:, 1:]
    return out


def _long_runs(dark: np.ndarray, length: int, gap: int) -> np.ndarray:
    """Pixels of dark runs along axis 1 at least ``length`` long, gaps shorter than ``gap``
    bridged (a scan breaks thin lines): a closing then an opening with a line, as
    ``dilate(gap)``, ``erode(gap + length)``, ``dilate(length)``."""
    return _dilate(_erode(_dilate(dark, gap), gap + length), length)


def _erode(mask: np.ndarray, length: int) -> np.ndarray:
    """``out[x] = all(mask[x : x + length])`` along axis 1, by doubling spans."""
    out, span = mask.copy(), 1
    while span < length:
        step = min(span, length - span)
        out[:, :-step] &= out[:, step:]
        out[:, -step:] = False
        span += step
    return out


def _dilate(mask: np.ndarray, length: int) -> np.ndarray:
    """``out[x] = any(mask[x - length + 1 : x + 1])`` along axis 1: undoes :func:`_erode`'s shift."""
    out, span = mask.copy(), 1
    while span < length:
        step = min(span, length - span)
        out[:, step:] |= out[:, :-step]
        span += step
    return out


def _skew(horizontal: np.ndarray) -> float:
    """Degrees to turn the page (counter-clockwise, as PIL's ``rotate``) to level its rulings."""
    ys, xs = np.nonzero(horizontal)
    if len(ys) > 50_000:  # a sample is as good and keeps the search cheap
        pick = np.linspace(0, len(ys) - 1, 50_000).astype(np.int64)
        ys, xs = ys[pick], xs[pick]
    best, best_score = 0.0, -1.0
    for degrees in np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + SKEW_STEP_DEG / 2, SKEW_STEP_DEG):
        rows = np.round(ys - xs * math.tan(math.radians(degrees))).astype(np.int64)
        hist = np.bincount(rows - rows.min())
        score = float(np.dot(hist, hist))
        if score > best_score + 1e-9 or (score == best_score and abs(degrees) < abs(best)):
            best, best_score = float(degrees), score
    return best  # a ruling rising to the right (negative slope) needs a clockwise turn


def _true_runs(flags: np.ndarray, max_gap: int = 0) -> list[tuple[int, int]]:
    """Half-open runs of True, runs closer than ``max_gap`` joined."""
    padded = np.concatenate(([False], flags, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    runs: list[tuple[int, int]] = []
    for start, stop in zip(edges[::2], edges[1::2]):
        if runs and start - runs[-1][1] <= max_gap:
            runs[-1] = (runs[-1][0], int(stop))
        else:
            runs.append((int(start), int(stop)))
    return runs


def _rulings(mask: np.ndarray, touch: float) -> list[Ruling]:
    """Rulings along axis 1 of a mask of long runs: bands of adjacent rows, each split
    where it has a gap wider than ``touch``."""
    out: list[Ruling] = []
    for y0, y1 in _true_runs(mask.any(axis=1), max_gap=1):
        for x0, x1 in _true_runs(mask[y0:y1].any(axis=0), max_gap=int(touch)):
            out.append(Ruling((y0 + y1 - 1) / 2, x0, x1))
    return out


# --- grid ----------------------------------------------------------------------------


def _grids(horizontal: list[Ruling], vertical: list[Ruling], touch: float) -> list[Grid]:
    """Tables of rulings that touch each other: at least two of each direction."""
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if h.start - touch <= v.at <= h.stop + touch and v.start - touch <= h.at <= v.stop + touch:
                parent[root(i)] = root(len(horizontal) + j)
    groups: dict[int, tuple[list[Ruling], list[Ruling]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + j), ([], []))[1].append(v)
    grids = [_grid(hs, vs, touch) for hs, vs in groups.values() if len(hs) >= 2 and len(vs) >= 2]
    return sorted((g for g in grids if g is not None), key=lambda g: g.ys[0])


def _grid(hs: list[Ruling], vs: list[Ruling], touch: float) -> Grid | None:
    ys = _boundaries([h.at for h in hs] + [min(v.start for v in vs), max(v.stop for v in vs)], touch)
    xs = _boundaries([v.at for v in vs] + [min(h.start for h in hs), max(h.stop for h in hs)], touch)
    if len(ys) < 3 or len(xs) < 3:
        return None
    n, m = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(n) for c in range(m)}

    def root(p: tuple[int, int]) -> tuple[int, int]:
        while parent[p] != p:
            p = parent[p]
        return p

    def join(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(n):
        for c in range(1, m):  # the separator left of column c in row r
            if _drawn(vs, xs[c], ys[r], ys[r + 1], touch) < DRAWN_SHARE:
                join((r, c - 1), (r, c))
    for r in range(1, n):
        for c in range(m):  # the separator above row r in column c
            if _drawn(hs, ys[r], xs[c], xs[c + 1], touch) < DRAWN_SHARE:
                join((r - 1, c), (r, c))
    spans: dict[tuple[int, int], list[int]] = {}
    for (r, c) in parent:
        box = spans.setdefault(root((r, c)), [r, c, r + 1, c + 1])
        box[0], box[1] = min(box[0], r), min(box[1], c)
        box[2], box[3] = max(box[2], r + 1), max(box[3], c + 1)
    cells = sorted(tuple(b) for b in spans.values())
    return Grid(ys, xs, cells)  # type: ignore[arg-type]


def _boundaries(positions: list[float], touch: float) -> list[float]:
    """Positions closer than ``touch`` as one (a double ruling, a frame's overshoot)."""
    clusters: list[list[float]] = []
    for p in sorted(positions):
        if clusters and p - clusters[-1][-1] <= touch:
            clusters[-1].append(p)
        else:
            clusters.append([p])
    return [sum(c) / len(c) for c in clusters]


def _drawn(rulings: list[Ruling], at: float, start: float, stop: float, touch: float) -> float:
    """The share of [start, stop] along ``at`` that rulings cover."""
    covered = sorted(
        (max(r.start, start), min(r.stop, stop)) for r in rulings if abs(r.at - at) <= touch and r.stop > start and r.start < stop
    )
    length, reach = 0.0, start
    for a, b in covered:
        if b > reach:
            length += b - max(a, reach)
            reach = b
    return length / (stop - start) if stop > start else 0.0
