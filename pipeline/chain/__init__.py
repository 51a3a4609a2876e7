"""The chain of acts: which act implements which, across a batch and over time.

``build_chain(docs)`` links the documents of a batch (``(stem, Extraction)`` pairs), and
the documents known to the store when one is given, into ``chain.json`` (OUTPUT.md):
nodes with their level, edges from the subordinate act to the superior one, plus the
``conflicts`` and ``unresolved`` references a person must look at.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.chain.identity import Normaliser
from pipeline.chain.linking import ChainGraph, Linker
from pipeline.chain.records import DocumentRecord, record_from_extraction, record_from_json

if TYPE_CHECKING:
    from pipeline.extract import Extraction
    from pipeline.resources import Resources
    from pipeline.store import ActStore

__all__ = [
    "ChainGraph",
    "DocumentRecord",
    "batch_view",
    "build_chain",
    "link_records",
    "normaliser",
    "record_from_extraction",
    "record_from_json",
]


@lru_cache(maxsize=4)
def normaliser(res: Resources | None = None) -> Normaliser:
    """One lemmatiser per Resources (the process-wide one by default)."""
    from pipeline.resources import shared

    return Normaliser((res or shared()).morph)


def link_records(records: Iterable[DocumentRecord], res: Resources | None = None) -> ChainGraph:
    return Linker(normaliser(res)).link(records)


def batch_view(graph: ChainGraph, batch_sha: set[str]) -> set[str]:
    """Ids shown for a batch: its documents, every act above them, documents citing them."""
    import networkx as nx

    g = graph.digraph()
    batch = {n.id for n in graph.nodes.values() if batch_sha & set(n.sha256)}
    keep = set(batch)
    for node_id in batch:
        keep |= nx.descendants(g, node_id)  # superiors (edges run subordinate -> superior)
        keep |= {s for s in g.predecessors(node_id) if graph.nodes[s].is_document}
    return keep


def build_chain(
    docs: list[tuple[str, Extraction]],
    *,
    store: ActStore | None = None,
    res: Resources | None = None,
) -> dict:
    records = [record_from_extraction(stem, ex) for stem, ex in docs]
    batch_sha = {r.sha256 for r in records}
    if store is not None:
        records += [r for r in store.records() if r.sha256 not in batch_sha]
    graph = link_records(records, res)
    return graph.to_json(batch_view(graph, batch_sha) if store is not None else None)
