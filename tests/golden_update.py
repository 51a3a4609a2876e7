"""Golden outputs of the corpus: run the pipeline, keep the contract keys, compare or write.

``make golden`` (``python -m tests.golden_update``) rewrites ``tests/golden/<stem>.json``
for every document of ``corpus/`` and the per-document snapshots of the measured sets
(``tests/snapshots/<set>.tsv``, see ``tests/measured.py``), printing the documents that moved; ``tests/test_golden.py`` compares the current output
with them, so any change of extraction shows up as a diff that is reviewed before the
snapshots are updated.  Snapshots hold only the keys of the output contract
(../shared/spec/OUTPUT.md) — no spans, rules, layout, hashes or timestamps — so they
change only when what the pipeline *says* changes.

Scanned documents (image files, PDFs whose pages are full-page pictures) need OCR and
are slow: they are processed only when asked (``--with-scans``, the ``slow`` tests).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline.batch import iter_inputs
from pipeline.errors import OrdexError
from pipeline.extract import Extraction, extract
from pipeline.io import dump_json
from pipeline.readers import read_document
from pipeline.resources import Resources

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold"
GOLDEN = ROOT / "tests" / "golden"

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}
SCAN_IMAGE_SHARE = 0.5  # a page whose picture covers half of it is a scanned page

# the contract keys of each part of the output (OUTPUT.md); everything else is evidence
CONTRACT = {
    "document": ("type", "number", "date", "place", "issuer", "title", "header_languages",
                 "addressee", "signatory", "contact"),
    "reference": ("type", "issuer", "date", "number", "title", "relation"),
    "obligation": ("clause", "source", "executors", "action", "modality", "deadline"),
    "deadline": ("kind", "text", "date", "start", "amount", "unit", "anchor", "frequency", "day", "event"),
    "control": ("name", "position", "text"),
}


def is_scan(path: Path) -> bool:
    """An image, or a PDF with a page that is mostly one picture (it will need OCR)."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return True
    if suffix != ".pdf":
        return False
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            area = float(page.width * page.height) or 1.0
            if any(
                float((im["x1"] - im["x0"]) * (im["bottom"] - im["top"])) / area >= SCAN_IMAGE_SHARE
                for im in page.images
            ):
                return True
    return False


def corpus_files(*, with_scans: bool) -> list[Path]:
    return [p for p in iter_inputs([CORPUS]) if with_scans or not is_scan(p)]


@dataclass
class Run:
    path: Path
    extraction: Extraction | None
    error: OrdexError | None = None

    @property
    def stem(self) -> str:
        return self.path.stem


def run_file(path: Path, res: Resources) -> Run:
    try:
        return Run(path, extract(read_document(path), res))
    except OrdexError as exc:  # an unreadable document is scored as "no output"
        return Run(path, None, exc)


def _pick(obj: dict | None, keys: tuple[str, ...]) -> dict | None:
    return None if obj is None else {k: obj.get(k) for k in keys}


def contract_view(output: dict) -> dict:
    """The keys of ``<stem>.json`` that the contract defines, nothing else."""
    return {
        "document": _pick(output["document"], CONTRACT["document"]),
        "references": [_pick(r, CONTRACT["reference"]) for r in output["references"]],
        "obligations": [
            {**_pick(o, CONTRACT["obligation"]), "deadline": _pick(o["deadline"], CONTRACT["deadline"])}
            for o in output["obligations"]
        ],
        "control": _pick(output["control"], CONTRACT["control"]),
    }


def snapshot_text(run: Run) -> str:
    if run.extraction is None:
        return dump_json({"error": run.error.code if run.error else "no output"})
    return dump_json(contract_view(run.extraction.to_json(with_layout=False)))


def snapshot_path(stem: str) -> Path:
    return GOLDEN / f"{stem}.json"


def snapshot_diff(run: Run) -> str | None:
    """Unified diff from the stored snapshot to the current output; None when equal."""
    path = snapshot_path(run.stem)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = snapshot_text(run)
    if old == new:
        return None
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=f"tests/golden/{path.name}", tofile="current output",
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="rewrite tests/golden/ from the current pipeline")
    parser.add_argument("--without-scans", action="store_true", help="skip scanned documents (OCR)")
    parser.add_argument("--sets", nargs="*", metavar="SET",
                        help="rewrite only these measured sets' snapshots (none: golden files only)")
    args = parser.parse_args(argv)
    res = Resources()
    update_snapshots(res, args.sets)
    if args.sets is not None:
        return 0
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for path in corpus_files(with_scans=not args.without_scans):
        run = run_file(path, res)
        diff = snapshot_diff(run)
        if diff is None:
            print(f"same     {run.stem}")
            continue
        snapshot_path(run.stem).write_text(snapshot_text(run), encoding="utf-8")
        changed = sum(1 for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---"))
        print(f"updated  {run.stem}  ({changed} lines changed)" + (f"  [{run.error.code}]" if run.error else ""))
    return 0


def update_snapshots(res: Resources, names: list[str] | None) -> None:
    from tests.measured import SETS, measure, snapshot_moves, snapshot_text

    for ms in SETS:
        if (names is not None and ms.name not in names) or not ms.available:
            continue
        new = snapshot_text(measure(ms, res))
        old = ms.snapshot.read_text(encoding="utf-8") if ms.snapshot.exists() else ""
        if new == old:
            print(f"same     snapshot {ms.name}")
            continue
        ms.snapshot.parent.mkdir(parents=True, exist_ok=True)
        ms.snapshot.write_text(new, encoding="utf-8")
        print(f"updated  snapshot {ms.name}")
        for move in snapshot_moves(old, new):
            print(f"         {move}")


if __name__ == "__main__":
    sys.exit(main())
