"""The measured sets: real acts first, composed sets after; their floors and per-document
snapshots.

- ``real_*``: the 44 real acts of ``../shared/real/`` (as published, 2002–2023, 25+ regions)
  in each of their formats: text, Word, PDF with a text layer, and 12 image-only scans.
  They are a development set since session 4; skipped where ``../shared`` is absent.
- ``corpus``: the five seeds and nine dev documents of ``corpus/`` in their original formats.
- ``heldout2``: composed by someone who never read the extractors, never read by those who
  write them (only its totals are looked at).
- ``heldout``, ``heldout3``: composed held-out sets whose misses were studied after a first
  measure (sessions 2 and 3): regression sets now.
- ``devset*``: composed development sets the rules were generalised on.

Floors are measured figures minus a margin: a total may not fall under them.  The snapshot
``tests/snapshots/<set>.tsv`` holds every document's figures, so that a change shows which
documents it moves, up or down; ``make golden`` rewrites the snapshots after a reviewed change.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import OrdexError
from pipeline.evaluate import COLUMNS, Evaluation, _pct, evaluate_pairs
from pipeline.extract import extract
from pipeline.readers import read_document
from pipeline.resources import Resources

TESTS = Path(__file__).resolve().parent
REAL = TESTS.parent.parent / "shared" / "real"
SNAPSHOTS = TESTS / "snapshots"


@dataclass(frozen=True)
class MeasuredSet:
    name: str
    docs: Path
    gold: Path
    floors: dict[str, float] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.docs.is_dir() and self.gold.is_dir()

    @property
    def snapshot(self) -> Path:
        return SNAPSHOTS / f"{self.name}.tsv"


def _composed(name: str, floors: dict[str, float]) -> MeasuredSet:
    return MeasuredSet(name, TESTS / name / "docs", TESTS / name / "gold", floors)


def _real(fmt: str, floors: dict[str, float]) -> MeasuredSet:
    return MeasuredSet(f"real_{fmt}", REAL / fmt, REAL / "gold", floors)


# measured 2026-12-07; the figures in comments are fields, references, obligations, executors,
# deadlines, control, overall
SETS = [
    _real("txt", {  # .852 .973 .994 .966 .955 .850 .932 (session 4 start: .852 .901 .961 .953 .860 .800 .888)
        "fields": 0.83, "references_f1": 0.95, "obligations_f1": 0.97, "executors": 0.94,
        "deadlines": 0.93, "control": 0.83, "overall": 0.91}),
    _real("docx", {  # .852 .973 .994 .966 .955 .850 .932
        "fields": 0.83, "references_f1": 0.95, "obligations_f1": 0.97, "executors": 0.94,
        "deadlines": 0.93, "control": 0.83, "overall": 0.91}),
    _real("pdf", {  # .855 .973 .994 .977 .955 .850 .934
        "fields": 0.83, "references_f1": 0.95, "obligations_f1": 0.97, "executors": 0.95,
        "deadlines": 0.93, "control": 0.83, "overall": 0.91}),
    _real("scan", {  # .843 .933 1.0 .926 1.0 .857 .927 (session 4 start: .843 .769 .929 .846 1.0 .857 .874)
        "fields": 0.82, "references_f1": 0.90, "obligations_f1": 0.97, "executors": 0.90,
        "deadlines": 0.97, "control": 0.83, "overall": 0.90}),
    MeasuredSet("corpus", TESTS.parent / "corpus", TESTS / "gold", {  # 1.0 1.0 .989 1.0 1.0 1.0 .998
        "fields": 0.97, "references_f1": 0.97, "obligations_f1": 0.97, "executors": 0.97,
        "deadlines": 0.97, "control": 0.97, "overall": 0.97}),
    _composed("heldout2", {  # .985 .992 .989 .984 .962 1.0 .985
        "fields": 0.95, "references_f1": 0.96, "obligations_f1": 0.95, "executors": 0.95,
        "deadlines": 0.93, "control": 0.95, "overall": 0.95}),
    _composed("heldout", {  # .995 .990 1.0 1.0 .994 1.0 .996
        "fields": 0.97, "references_f1": 0.97, "obligations_f1": 0.97, "executors": 0.97,
        "deadlines": 0.97, "control": 0.97, "overall": 0.97}),
    _composed("heldout3", {  # .966 .973 .973 1.0 .991 1.0 .984 (arrival .944 .973 .962 .981 .967 1.0 .971)
        "fields": 0.94, "references_f1": 0.95, "obligations_f1": 0.95, "executors": 0.97,
        "deadlines": 0.96, "control": 0.97, "overall": 0.96}),
    _composed("devset5", {  # .963 .980 .993 .986 .995 .957 .979
        "fields": 0.94, "references_f1": 0.95, "obligations_f1": 0.97, "executors": 0.96,
        "deadlines": 0.95, "control": 0.93, "overall": 0.95}),
    _composed("devset4", {  # .943 .963 .985 .978 .987 .947 .967
        "fields": 0.90, "references_f1": 0.93, "obligations_f1": 0.95, "executors": 0.94,
        "deadlines": 0.92, "control": 0.92}),
    _composed("devset3", {  # .997 1.0 1.0 1.0 .994 1.0 .999
        "fields": 0.97, "obligations_f1": 0.97, "executors": 0.97, "deadlines": 0.95, "control": 0.97}),
    _composed("devset", {"obligations_f1": 0.95, "executors": 0.95, "deadlines": 0.93, "control": 0.95}),
    _composed("devset_requisites", {"fields": 0.95}),
]
SET_BY_NAME = {s.name: s for s in SETS}


def measure(ms: MeasuredSet, res: Resources) -> Evaluation:
    """Extract every document of the set that has gold and score it."""
    pairs = []
    for path in sorted(ms.docs.iterdir()):
        gold_path = ms.gold / f"{path.stem}.json"
        if not path.is_file() or not gold_path.exists():
            continue
        if path.suffix == ".doc" and not shutil.which("soffice"):
            continue  # an old Word file needs LibreOffice (make setup installs it)
        try:
            pred = extract(read_document(path), res).to_json(with_layout=False)
        except OrdexError:
            pred = None  # an unreadable document scores as no output
        pairs.append((path.stem, json.loads(gold_path.read_text(encoding="utf-8")), pred))
    return evaluate_pairs(pairs)


def snapshot_text(ev: Evaluation) -> str:
    """One line per document with its figures (per cent, one decimal), and the total."""
    head = "\t".join(["document"] + [key for _, key in COLUMNS])
    rows = [(d.stem, d.figures()) for d in ev.documents] + [("TOTAL", ev.total().figures())]
    return "\n".join([head] + ["\t".join([stem] + [_pct(fig[k]) for _, k in COLUMNS]) for stem, fig in rows]) + "\n"


def snapshot_moves(old: str, new: str) -> list[str]:
    """The documents whose figures differ between two snapshots, one line each."""
    def rows(text: str) -> dict[str, list[str]]:
        lines = [line.split("\t") for line in text.splitlines() if line]
        return {r[0]: r[1:] for r in lines[1:]}

    keys = [key for _, key in COLUMNS]
    before, after = rows(old), rows(new)
    moves = []
    for stem in sorted(set(before) | set(after)):
        a, b = before.get(stem), after.get(stem)
        if a == b:
            continue
        if a is None or b is None:
            moves.append(f"{stem}: {'new' if a is None else 'gone'}")
            continue
        changed = [f"{k} {x}→{y}" for k, x, y in zip(keys, a, b) if x != y]
        moves.append(f"{stem}: " + ", ".join(changed))
    return moves
