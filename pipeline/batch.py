"""`ordex extract`: read, extract and write every document of folders and files."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pipeline.errors import OrdexError
from pipeline.extract import Extraction, extract
from pipeline.io import write_json
from pipeline.readers import read_document
from pipeline.resources import Resources
from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline.store import ActStore

# files an office folder holds that are not documents
_SKIP_PREFIXES = (".", "~$")
_SKIP_SUFFIXES = (".json", ".part", ".tmp", ".crdownload", ".lnk", ".ini", ".db")


def iter_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and every file under the folders named, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                f
                for f in sorted(p.rglob("*"))
                if f.is_file()
                and not any(part.startswith(_SKIP_PREFIXES) for part in f.relative_to(p).parts)
                and f.suffix.lower() not in _SKIP_SUFFIXES
                and f.name not in ("README.md", "NOTES.md", "SOURCES.tsv")
            )
        else:
            out.append(p)
    return out


@dataclass
class Outcome:
    path: Path
    output: Path | None
    extraction: Extraction | None
    seconds: float
    error: OrdexError | None = None


def output_names(paths: list[Path]) -> dict[Path, str]:
    """`<stem>` for each input; inputs sharing a stem get `<stem>.<ext>` so none overwrites another."""
    stems: dict[str, int] = {}
    for p in paths:
        stems[p.stem] = stems.get(p.stem, 0) + 1
    return {p: (p.stem if stems[p.stem] == 1 else f"{p.stem}.{p.suffix.lstrip('.').lower()}") for p in paths}


def process_file(path: Path, res: Resources, settings: Settings, *, follow_symlinks: bool = True) -> Extraction:
    """Read and extract one file within the time budget of a document (pipeline.budget)."""
    from pipeline.budget import within_time_budget

    return within_time_budget(
        settings.max_seconds_per_doc,
        lambda: extract(read_document(path, settings, follow_symlinks=follow_symlinks), res),
        path=str(path),
    )


def run_batch(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    res: Resources | None = None,
    settings: Settings | None = None,
    stream: TextIO = sys.stdout,
    progress: bool | None = None,
    with_chain: bool = True,
    store: ActStore | None = None,
) -> list[Outcome]:
    """``store``: the persistent act store (pipeline.store); each extracted document is
    upserted into it and chain.json also links to the acts it already knows."""
    res = res or Resources()
    settings = settings or Settings.from_env()
    out_dir = Path(out_dir)
    inputs = iter_inputs(paths)
    names = output_names(inputs)
    progress = stream.isatty() if progress is None else progress
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    for n, path in enumerate(inputs, 1):
        t0 = time.perf_counter()
        try:
            extraction = process_file(path, res, settings)
            target = out_dir / f"{names[path]}.json"
            write_json(target, extraction.to_json())
            if store is not None:
                from pipeline.chain import record_from_extraction

                store.upsert(record_from_extraction(names[path], extraction))
            outcome = Outcome(path, target, extraction, time.perf_counter() - t0)
        except OrdexError as exc:
            exc.path = exc.path or str(path)
            outcome = Outcome(path, None, None, time.perf_counter() - t0, exc)
        except Exception as exc:  # a bug must not stop the batch; it is reported as such
            err = OrdexError(f"внутренняя ошибка ordex ({type(exc).__name__}: {exc}); сообщите разработчикам", path=str(path))
            err.code = "internal_error"
            outcome = Outcome(path, None, None, time.perf_counter() - t0, err)
        outcomes.append(outcome)
        _report(outcome, n, len(inputs), stream, progress)
    if with_chain:
        from pipeline.chain import build_chain

        docs = [(names[o.path], o.extraction) for o in outcomes if o.extraction is not None]
        write_json(out_dir / "chain.json", build_chain(docs, store=store))
    failed = sum(1 for o in outcomes if o.error)
    total = time.perf_counter() - started
    print(
        f"итого: {len(outcomes)} документов, {len(outcomes) - failed} извлечено, {failed} с ошибками, {total:.1f} с",
        file=stream,
    )
    return outcomes


def _report(o: Outcome, n: int, total: int, stream: TextIO, progress: bool) -> None:
    if o.error:
        line = f"ОШИБКА  {o.path}  [{o.error.code}] {o.error.message}"
    else:
        src = o.extraction.doc.source
        pages = f"{src.pages} стр." if src.pages else "—"
        ocr = " OCR" if src.ocr else ""
        line = f"ok      {o.path}  {src.format}{ocr}  {pages}  {o.seconds:.2f} с"
    if progress:
        width = 24
        done = int(width * n / total)
        line = f"[{'#' * done}{'.' * (width - done)}] {n}/{total}  " + line
    print(line, file=stream, flush=True)
