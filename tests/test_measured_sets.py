"""Extraction measured on real and composed sets (declared in tests/measured.py): totals
may not fall under their floors, and every document's figures are those of its snapshot."""

from __future__ import annotations

import pytest

from pipeline.evaluate import render_table
from tests.measured import SETS, measure, snapshot_moves, snapshot_text


@pytest.fixture(scope="module")
def evaluations(res):
    return {ms.name: measure(ms, res) for ms in SETS if ms.available}


def _evaluation(evaluations, name):
    if name not in evaluations:
        pytest.skip(f"{name}: its documents are not here (../shared/real is laid beside the repository)")
    return evaluations[name]


@pytest.mark.parametrize(
    "name, metric", [(ms.name, metric) for ms in SETS for metric in ms.floors]
)
def test_measured_figure_does_not_fall(evaluations, name, metric):
    ev = _evaluation(evaluations, name)
    floor = next(ms for ms in SETS if ms.name == name).floors[metric]
    value = ev.figures()[metric] or 0.0
    assert value >= floor, f"{name}: {metric} fell to {value:.3f} (floor {floor:.3f})\n{render_table(ev)}"


@pytest.mark.parametrize("ms", SETS, ids=lambda ms: ms.name)
def test_every_document_keeps_its_figures(evaluations, ms):
    ev = _evaluation(evaluations, ms.name)
    old = ms.snapshot.read_text(encoding="utf-8") if ms.snapshot.exists() else ""
    moves = snapshot_moves(old, snapshot_text(ev))
    assert not moves, (
        f"{ms.name}: documents moved (review, then `make golden` rewrites {ms.snapshot.name}):\n  "
        + "\n  ".join(moves)
    )
