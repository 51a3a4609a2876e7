"""Where the records of a chain come from, for the `chain`, `coverage` and `draft` commands:
the store, output folders of earlier `ordex extract` runs, and a document file named
directly; and :func:`open_chain`, the opening those commands share."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.chain.records import DocumentRecord, record_from_extraction, record_from_json
from pipeline.errors import OrdexError

if TYPE_CHECKING:
    from pipeline.chain.linking import ChainGraph, Node


class ActNotFound(OrdexError):
    """The act a command names is not in the chain, or several acts fit its description."""

    code = "act_not_found"


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


def known_records(store: str | None, outputs: list[str]) -> list[DocumentRecord]:
    """The records of earlier output folders and of the store (``--store``, ``ORDEX_STORE``
    or the default one, if it exists; a store named explicitly must exist)."""
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
    return records


def gather(store: str | None, outputs: list[str], query: str | None) -> list[DocumentRecord]:
    """Every known record, plus the document file the query names when it is not known yet."""
    records = known_records(store, outputs)
    if query and Path(query).is_file() and Path(query).suffix.lower() != ".json":
        from pipeline.chain.views import file_sha256

        if file_sha256(Path(query)) not in {r.sha256 for r in records}:
            records.append(record_of_file(Path(query)))
    if not records:
        raise OrdexError("нет ни одного документа: укажите --store или --from ПАПКА с результатами `ordex extract`")
    return records


def the_act(graph: ChainGraph, query: str) -> Node:
    """The one node the query names (a file, a stem, an id or an act as cited)."""
    from pipeline.chain import normaliser
    from pipeline.chain.views import describe, find_act

    found = find_act(graph, query, normaliser())
    if not found.nodes:
        raise ActNotFound(f"акт не найден: {query}")
    if len(found.nodes) > 1:
        names = "\n".join(f"  {describe(n)}" for n in found.nodes)
        raise ActNotFound(f"под описание подходят несколько актов, уточните:\n{names}")
    return found.nodes[0]


def open_chain(store: str | None, outputs: list[str], query: str | None) -> tuple[ChainGraph, Node | None]:
    """Gather the records, link them, and find the act the query names (None without a query).

    Raises :class:`ActNotFound` for a query naming no act or several, :class:`OrdexError`
    when there is nothing to link or a named file cannot be read.
    """
    from pipeline.chain import link_records

    graph = link_records(gather(store, outputs, query))
    return graph, the_act(graph, query) if query else None


def place_in_chain(record: DocumentRecord, store: str | None, outputs: list[str]) -> tuple[ChainGraph, Node]:
    """Link a document (read now, not stored) with every known record; its node."""
    from pipeline.chain import link_records

    graph = link_records([record] + known_records(store, outputs))
    return graph, graph.node_of_sha()[record.sha256]
