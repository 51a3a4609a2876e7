"""Extraction measured on sets no single rule was written for.

- ``tests/heldout/``: documents composed by someone who never read the extractors, and
  never read by those who write them: its figures predict the figures on unseen documents.
- ``tests/devset*/``: composed development sets the rules were generalised on.

Floors are the measured figures minus a margin; raise them when extraction improves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate_pairs, render_table
from pipeline.extract import extract
from pipeline.readers import read_document

TESTS = Path(__file__).resolve().parent

# set -> (documents folder, gold folder, {metric: floor}); measured 2026-11-23
SETS = {
    "heldout": ("heldout/docs", "heldout/gold", {  # 0.962 .969 .977 1.0 .966 1.0 .979
        "fields": 0.94, "references_f1": 0.94, "obligations_f1": 0.95, "executors": 0.96,
        "deadlines": 0.94, "control": 0.96, "overall": 0.95}),
    "devset": ("devset/docs", "devset/gold", {
        "obligations_f1": 0.95, "executors": 0.95, "deadlines": 0.93, "control": 0.95}),
    "devset_requisites": ("devset_requisites/docs", "devset_requisites/gold", {"fields": 0.95}),
}


@pytest.fixture(scope="module")
def evaluations(res):
    out = {}
    for name, (docs, gold, _) in SETS.items():
        pairs = []
        for path in sorted((TESTS / docs).iterdir()):
            gold_path = TESTS / gold / f"{path.stem}.json"
            if not gold_path.exists():
                continue
            pred = extract(read_document(path), res).to_json(with_layout=False)
            pairs.append((path.stem, json.loads(gold_path.read_text(encoding="utf-8")), pred))
        out[name] = evaluate_pairs(pairs)
    return out


@pytest.mark.parametrize(
    "name, metric", [(name, metric) for name, (_, _, floors) in SETS.items() for metric in floors]
)
def test_measured_figure_does_not_fall(evaluations, name, metric):
    ev = evaluations[name]
    floor = SETS[name][2][metric]
    value = ev.figures()[metric] or 0.0
    assert value >= floor, f"{name}: {metric} fell to {value:.3f} (floor {floor:.3f})\n{render_table(ev)}"
