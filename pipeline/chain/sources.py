"""Where the records of a chain come from, for the `chain` and `coverage` commands: the
store, output folders of earlier `ordex extract` runs, and a document file named directly."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.chain.records import DocumentRecord, record_from_extraction, record_from_json
from pipeline.errors import OrdexError


def records_from_outputs(folder: str | Path) -> list[DocumentRecord]:
    """Every ``<stem>.json`` an `ordex extract --out FOLDER` wrote (chain.json aside)."""
    out = []
    for path in sorted(Path(folder).glob("*.json")):
        if path.name == "chain.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "document" in data:
            out.append(record_from_json(path.stem, data))
    return out


def record_of_file(path: Path) -> DocumentRecord:
    """Read and extract a document named on the command line (not stored)."""
    from pipeline.batch import process_file
    from pipeline.resources import shared
    from pipeline.settings import Settings

    return record_from_extraction(path.stem, process_file(path, shared(), Settings.from_env()))


def gather(store: str | None, outputs: list[str], query: str | None) -> list[DocumentRecord]:
    from pipeline.store import ActStore, store_path

    records: list[DocumentRecord] = []
    for folder in outputs:
        records += records_from_outputs(folder)
    path = store_path(store)
    if path is not None and path.exists():
        with ActStore(path) as st:
            records += st.records()
    elif store:
        raise OrdexError(f"хранилище актов не найдено: {path}; сначала выполните `ordex extract ... --store {path}`")
    if query and Path(query).is_file() and Path(query).suffix.lower() != ".json":
        from pipeline.chain.views import file_sha256

        if file_sha256(Path(query)) not in {r.sha256 for r in records}:
            records.append(record_of_file(Path(query)))
    if not records:
        raise OrdexError("нет ни одного документа: укажите --store или --from ПАПКА с результатами `ordex extract`")
    return records
