"""`ordex extract`: read, extract and write every document of folders and files.

Documents are extracted in parallel (one process per core by default, each loading the
language models once; or the workers of a Dask cluster), while this process writes the
outputs, the per-file lines and the store in input order: the outputs of any number of
workers are byte for byte those of one.  An unchanged document is not read twice: its
output is taken from the content-hash cache (:mod:`pipeline.cache`).
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pipeline.errors import OrdexError
from pipeline.extract import Extraction, extract
from pipeline.io import dump_json, write_atomic, write_json
from pipeline.readers import read_document
from pipeline.resources import Resources
from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline.cache import ExtractionCache
    from pipeline.chain.records import DocumentRecord
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
    """One input's result.  ``extraction`` is kept only when the document was extracted in
    this process (one worker, no cache); ``record`` (what the chain and the store need) and
    ``source`` (the output's ``source``: format, pages, OCR) are always there on success."""

    path: Path
    output: Path | None
    extraction: Extraction | None
    seconds: float
    error: OrdexError | None = None
    record: DocumentRecord | None = None
    source: dict | None = None
    cached: bool = False


@dataclass
class Extracted:
    """What a worker sends back for one file: picklable, no models or documents in it."""

    text: str | None  # the output JSON as written (dump_json)
    record: dict | None  # DocumentRecord.to_dict()
    source: dict | None
    seconds: float
    error: tuple[str, str] | None = None  # (code, message)


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


def _internal_error(exc: Exception, path: Path) -> OrdexError:
    err = OrdexError(f"внутренняя ошибка ordex ({type(exc).__name__}: {exc}); сообщите разработчикам", path=str(path))
    err.code = "internal_error"
    return err


def extract_file(path: str, settings: Settings, data: bytes | None = None) -> Extracted:
    """Worker side: read and extract one file with the process's shared models.

    ``data``: the file's bytes, when the worker cannot see the file (a cluster node); they
    are read from a private copy with the same name, and the output names ``path``."""
    import tempfile

    from pipeline.chain.records import record_from_extraction
    from pipeline.resources import shared

    t0 = time.perf_counter()
    try:
        if data is None:
            extraction = process_file(Path(path), shared(), settings)
        else:
            with tempfile.TemporaryDirectory(prefix="ordex-") as tmp:
                local = Path(tmp) / Path(path).name
                local.write_bytes(data)
                extraction = process_file(local, shared(), settings)
        out = extraction.to_json()
        out["source"]["path"] = path
        record = replace(record_from_extraction(Path(path).stem, extraction), path=path)
        return Extracted(dump_json(out), record.to_dict(), out["source"], time.perf_counter() - t0)
    except OrdexError as exc:
        return Extracted(None, None, None, time.perf_counter() - t0, (exc.code, exc.message))
    except Exception as exc:  # a bug must not stop the batch; it is reported as such
        err = _internal_error(exc, Path(path))
        return Extracted(None, None, None, time.perf_counter() - t0, (err.code, err.message))


def warm_up() -> None:
    """Load the models of this worker process once, before its first document."""
    from pipeline.resources import shared

    res = shared()
    res.morph  # noqa: B018
    res.ner_tagger  # noqa: B018


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# --- executors: where documents are extracted --------------------------------------------
# Each maps ``extract_file`` over the files and yields results in input order, keeping a
# bounded number in flight (memory stays flat on an archive of any size).

Submit = Callable[[Path], "Callable[[], Extracted]"]


def _ordered(paths: list[Path], submit: Submit, window: int) -> Iterator[Extracted]:
    pending: deque = deque()
    it = iter(paths)
    for p in it:
        pending.append(submit(p))
        if len(pending) >= window:
            break
    while pending:
        result = pending.popleft()()
        nxt = next(it, None)
        if nxt is not None:
            pending.append(submit(nxt))
        yield result


class Executor:
    """Extraction in this process (one worker), a local process pool or a Dask cluster."""

    def __init__(self, workers: int = 1, cluster: str | None = None, res: Resources | None = None) -> None:
        self.workers, self.cluster, self.res = workers, cluster, res
        self._pool = self._client = None
        if cluster:
            try:
                from distributed import Client
            except ImportError as exc:
                raise OrdexError("для --cluster нужен пакет dask[distributed]: pip install 'ordex[cluster]'") from exc
            try:
                self._client = Client(cluster, timeout=30)
            except OSError as exc:
                raise OrdexError(f"не удалось подключиться к кластеру {cluster} ({exc})") from exc
            self._client.run(warm_up)
            self.workers = max(1, sum(self._client.nthreads().values()))
        elif workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # fork: the workers share this process's imported code; models load in warm_up
            ctx = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
            self._pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=warm_up)

    @property
    def parallel(self) -> bool:
        return self._pool is not None or self._client is not None

    def map(self, paths: list[Path], settings: Settings) -> Iterator[Extracted]:
        if self._client is not None:
            def submit(p: Path):
                fut = self._client.submit(extract_file, str(p), settings, p.read_bytes(), pure=False)
                return fut.result
            return _ordered(paths, submit, self.workers * 4)
        if self._pool is not None:
            def submit(p: Path):
                return self._pool.submit(extract_file, str(p), settings).result
            return _ordered(paths, submit, self.workers * 4)
        return iter(())

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
        if self._client is not None:
            self._client.close()


def run_batch(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    res: Resources | None = None,
    settings: Settings | None = None,
    stream: TextIO | None = None,
    progress: bool | None = None,
    with_chain: bool = True,
    store: ActStore | None = None,
    workers: int = 1,
    cluster: str | None = None,
    cache: ExtractionCache | None = None,
) -> list[Outcome]:
    """``store``: the persistent act store (pipeline.store); each extracted document is
    upserted into it and chain.json also links to the acts it already knows.
    ``workers``: processes extracting in parallel (1: in this process); ``cluster``: the
    address of a Dask scheduler instead; ``cache``: outputs of unchanged files are taken
    from it and new ones put in it."""
    from pipeline.chain.records import DocumentRecord

    res = res or Resources()
    settings = settings or Settings.from_env()
    stream = stream or sys.stdout
    out_dir = Path(out_dir)
    inputs = iter_inputs(paths)
    names = output_names(inputs)
    progress = stream.isatty() if progress is None else progress
    outcomes: list[Outcome] = []
    started = time.perf_counter()

    # the cache answers first; what it does not know goes to the workers
    hits: dict[Path, Extracted] = {}
    keys: dict[Path, str] = {}
    if cache is not None:
        for path in inputs:
            key = cache.key(path, settings)
            if key is None:
                continue
            keys[path] = key
            hit = cache.get(key, str(path))
            if hit is not None:
                hits[path] = hit
    todo = [p for p in inputs if p not in hits]
    executor = Executor(workers if len(todo) > 1 else 1, cluster, res) if todo else None
    results = executor.map(todo, settings) if executor is not None else iter(())
    try:
        for n, path in enumerate(inputs, 1):
            t0 = time.perf_counter()
            target = out_dir / f"{names[path]}.json"
            extraction = None
            try:
                if path in hits:
                    got, cached = hits[path], True
                elif executor is not None and executor.parallel:
                    got, cached = next(results), False
                else:
                    got, extraction = _in_process(path, res, settings)
                    cached = False
                if got.error is not None:
                    code, message = got.error
                    exc = OrdexError(message, path=str(path))
                    exc.code = code
                    raise exc
                _write_if_changed(target, got.text)
                if cache is not None and not cached and path in keys:
                    cache.put(keys[path], str(path), got)
                record = replace(DocumentRecord.from_dict(got.record), stem=names[path])
                seconds = got.seconds if not cached else time.perf_counter() - t0
                outcome = Outcome(path, target, extraction, seconds, record=record, source=got.source, cached=cached)
            except OrdexError as exc:
                exc.path = exc.path or str(path)
                outcome = Outcome(path, None, None, time.perf_counter() - t0, exc)
            except Exception as exc:  # a bug must not stop the batch; it is reported as such
                outcome = Outcome(path, None, None, time.perf_counter() - t0, _internal_error(exc, path))
            outcomes.append(outcome)
            _report(outcome, n, len(inputs), stream, progress)
    finally:
        if executor is not None:
            executor.close()
    records = [o.record for o in outcomes if o.record is not None]
    if store is not None and records:
        store.upsert_many(records)
    if with_chain:
        write_json(out_dir / "chain.json", _chain(records, store, res))
    failed = sum(1 for o in outcomes if o.error)
    total = time.perf_counter() - started
    print(
        f"итого: {len(outcomes)} документов, {len(outcomes) - failed} извлечено, {failed} с ошибками, {total:.1f} с",
        file=stream,
    )
    return outcomes


def _chain(records: list[DocumentRecord], store: ActStore | None, res: Resources) -> dict:
    """chain.json of the batch: its documents linked with each other and, with a store,
    with the acts it knows (as :func:`pipeline.chain.build_chain`, from the records)."""
    from pipeline.chain import batch_view, link_records

    batch_sha = {r.sha256 for r in records}
    known = [r for r in store.records() if r.sha256 not in batch_sha] if store is not None else []
    graph = link_records([*records, *known], res)
    return graph.to_json(batch_view(graph, batch_sha) if store is not None else None)


def _in_process(path: Path, res: Resources, settings: Settings) -> tuple[Extracted, Extraction]:
    from pipeline.chain.records import record_from_extraction

    t0 = time.perf_counter()
    extraction = process_file(path, res, settings)
    out = extraction.to_json()
    record = record_from_extraction(path.stem, extraction)
    return Extracted(dump_json(out), record.to_dict(), out["source"], time.perf_counter() - t0), extraction


def _write_if_changed(target: Path, text: str) -> None:
    """A warm re-run rewrites nothing: an output already holding these bytes is left alone."""
    data = text.encode("utf-8")
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(target, data)


def _report(o: Outcome, n: int, total: int, stream: TextIO, progress: bool) -> None:
    if o.error:
        line = f"ОШИБКА  {o.path}  [{o.error.code}] {o.error.message}"
    else:
        src = o.source or {}
        pages = f"{src['pages']} стр." if src.get("pages") else "—"
        ocr = " OCR" if src.get("ocr") else ""
        cached = "  из кэша" if o.cached else ""
        line = f"ok      {o.path}  {src.get('format')}{ocr}  {pages}  {o.seconds:.2f} с{cached}"
    if progress:
        width = 24
        done = int(width * n / total)
        line = f"[{'#' * done}{'.' * (width - done)}] {n}/{total}  " + line
    print(line, file=stream, flush=True)
