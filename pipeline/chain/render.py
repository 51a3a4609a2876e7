"""Drawing a chain: an SVG laid out by level (federal on top, institutions at the bottom),
standalone or embedded in an HTML page.  No external layout program is needed (graphviz
``dot`` is often absent in offices); within a level, acts are ordered by the barycentre of
their neighbours so that edges cross less.
"""

from __future__ import annotations

import textwrap
from html import escape as _html_escape
from pathlib import Path

from pipeline.chain.levels import LEVELS
from pipeline.chain.linking import ChainGraph, Node
from pipeline.normalise import xml_safe

ROW_TITLES = {"federal": "Федеральный", "regional": "Региональный",
              "municipal": "Муниципальный", "institution": "Организации", None: "Не определён"}
BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN, LABEL_W = 250, 74, 40, 70, 20, 120
BOX_LINES, BOX_CHARS = 4, 35
def escape(text: str) -> str:
    """Text for an SVG/HTML element: escaped, and without characters XML refuses."""
    return _html_escape(xml_safe(text))


EDGE_COLOURS = {"implements": "#c0392b", "basis": "#2471a3", "mentions": "#999999"}


def _rows(graph: ChainGraph, ids: set[str]) -> list[list[Node]]:
    order = list(LEVELS) + [None]
    rows = [sorted((graph.nodes[i] for i in ids if graph.nodes[i].level == lv), key=lambda n: n.label()) for lv in order]
    neighbours: dict[str, set[str]] = {i: set() for i in ids}
    for e in graph.edges:
        if e.source in ids and e.target in ids:
            neighbours[e.source].add(e.target)
            neighbours[e.target].add(e.source)
    for _ in range(2):  # two sweeps of barycentre ordering
        pos = {n.id: k for row in rows for k, n in enumerate(row)}
        for row in rows:
            row.sort(key=lambda n: (sum(pos[m] for m in neighbours[n.id]) / len(neighbours[n.id])
                                    if neighbours[n.id] else pos[n.id]))
    return [r for r in rows if r]


def render_svg(graph: ChainGraph, ids: set[str] | None = None, highlight: str | None = None) -> str:
    ids = set(graph.nodes) if ids is None else ids
    rows = _rows(graph, ids)
    width = MARGIN * 2 + LABEL_W + max((len(r) for r in rows), default=1) * (BOX_W + GAP_X) + BOX_W // 2
    height = MARGIN * 2 + len(rows) * (BOX_H + GAP_Y)
    xy: dict[str, tuple[float, float]] = {}
    parts = []
    for r, row in enumerate(rows):
        y = MARGIN + r * (BOX_H + GAP_Y)
        parts.append(f'<text x="{MARGIN}" y="{y + BOX_H / 2}" class="lvl">{escape(ROW_TITLES[row[0].level])}</text>')
        for k, node in enumerate(row):
            x = MARGIN + LABEL_W + k * (BOX_W + GAP_X)
            xy[node.id] = (x, y)
    for e in graph.edges:
        if e.source in xy and e.target in xy:
            (x1, y1), (x2, y2) = xy[e.source], xy[e.target]
            if y1 == y2:  # same level: from the side of one box to the side of the other
                sx, tx = (x1 + BOX_W, x2) if x2 > x1 else (x1, x2 + BOX_W)
                sy = ty = y1 + BOX_H / 2
            else:  # from the top or bottom edge, towards the other box
                sx, tx = x1 + BOX_W / 2, x2 + BOX_W / 2
                sy, ty = (y1, y2 + BOX_H) if y2 < y1 else (y1 + BOX_H, y2)
            colour = EDGE_COLOURS.get(e.relation, "#999")
            if abs(y2 - y1) > BOX_H + GAP_Y:
                # an edge that skips a level bends round the boxes of the levels between
                sx, tx = x1 + BOX_W * 0.85, x2 + BOX_W * 0.85
                bend = max(sx, tx) + BOX_W * 0.35 + GAP_X
                d = f"M{sx},{sy} C{bend},{sy - GAP_Y} {bend},{ty + GAP_Y} {tx},{ty}"
            else:
                d = f"M{sx},{sy} L{tx},{ty}"
            parts.append(
                f'<path d="{d}" fill="none" stroke="{colour}" '
                f'stroke-width="1.6" marker-end="url(#arrow-{e.relation})"><title>{escape(e.relation)}: '
                f'{escape(e.evidence or "")}</title></path>')
    for node_id, (x, y) in xy.items():
        node = graph.nodes[node_id]
        fill = "#fdebd0" if node_id == highlight else ("#ffffff" if node.is_document else "#f2f3f4")
        dash = "" if node.is_document else ' stroke-dasharray="4 3"'
        lines = textwrap.wrap(node.label(), BOX_CHARS)
        if len(lines) > BOX_LINES:  # the full label is in the tooltip
            lines = lines[: BOX_LINES - 1] + [textwrap.shorten(" ".join(lines[BOX_LINES - 1 :]), BOX_CHARS, placeholder=" …")]
        text = "".join(f'<tspan x="{x + 8}" dy="{14 if i else 16}">{escape(t)}</tspan>' for i, t in enumerate(lines))
        files = ", ".join(node.files) or "известен по ссылке"
        parts.append(
            f'<g><title>{escape(node.label())}\n{escape(node.act.title or "")}\n{escape(files)}</title>'
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" stroke="#34495e"{dash}/>'
            f'<text y="{y}" class="box">{text}</text></g>')
    markers = "".join(
        f'<marker id="arrow-{rel}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
        for rel, c in EDGE_COLOURS.items())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="sans-serif"><defs>{markers}</defs>'
        '<style>.lvl{font-size:12px;fill:#555;font-weight:bold}.box{font-size:11px;fill:#1b2631}</style>'
        + "".join(parts) + "</svg>"
    )


def render_html(graph: ChainGraph, ids: set[str] | None = None, highlight: str | None = None) -> str:
    svg = render_svg(graph, ids, highlight)
    legend = " ".join(f'<span style="color:{c}">━ {rel}</span>' for rel, c in EDGE_COLOURS.items())
    return (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Цепочка актов</title></head>'
        '<body style="font-family:sans-serif"><h1>Цепочка актов</h1>'
        f"<p>Стрелка идёт от нижестоящего акта к вышестоящему. {legend}. "
        "Пунктирная рамка — акт известен только по ссылке.</p>"
        f"{svg}</body></html>\n"
    )


def write_graph(path: str | Path, graph: ChainGraph, ids: set[str] | None = None, highlight: str | None = None) -> None:
    from pipeline.io import write_atomic

    path = Path(path)
    render = render_html if path.suffix.lower() in (".html", ".htm") else render_svg
    write_atomic(path, render(graph, ids, highlight))
