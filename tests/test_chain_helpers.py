"""Composed documents for the chain tests: Extraction objects built directly from the
domain types, with a real Document underneath so every citation keeps its span."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from extractors.model import NO_DEADLINE, ActReference, Executor, Field, Obligation, Requisites
from pipeline.document import RawBlock, Source, Span, build_document
from pipeline.extract import Extraction


@dataclass(frozen=True)
class Cite:
    """A citation as written in the text, and what the references extractor read from it."""

    text: str
    type: str | None = None
    issuer: str | None = None
    date: str | None = None
    number: str | None = None
    title: str | None = None
    relation: str = "implements"


@dataclass(frozen=True)
class Clause:
    clause: str
    executors: tuple[str, ...]
    action: str


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def make_doc(
    stem: str,
    type: str,
    issuer: str,
    when: str | None,
    number: str | None,
    title: str | None = None,
    cites: tuple[Cite, ...] = (),
    clauses: tuple[Clause, ...] = (),
    sha: str | None = None,
) -> tuple[str, Extraction]:
    lines = [issuer, type.upper(), f"от {when} № {number}", title or ""]
    lines += [f"{c.text}." for c in cites]
    lines += [f"{c.clause}. {', '.join(c.executors)} {c.action}." for c in clauses]
    text = "\n".join(lines)
    source = Source(path=f"{stem}.txt", sha256=sha or hashlib.sha256(text.encode()).hexdigest(), format="txt")
    doc = build_document([RawBlock("paragraph", line) for line in lines], source)

    def span(words: str) -> Span:
        start = doc.text.index(words)
        return Span(start, start + len(words))

    requisites = Requisites(
        type=Field(type), issuer=Field(issuer), date=Field(_iso(when)) if when else None,
        number=Field(number) if number else None, title=Field(title) if title else None,
    )
    references = [
        ActReference(c.type, c.issuer, _iso(c.date), c.number, c.title, c.relation, span(c.text), "composed")
        for c in cites
    ]
    obligations = [
        Obligation(c.clause, "text", tuple(Executor(e) for e in c.executors), c.action, "mandatory", NO_DEADLINE,
                   span(c.action), span(c.action), "composed")
        for c in clauses
    ]
    return stem, Extraction(doc, requisites, references, obligations)


def edges_by_file(chain: dict) -> set[tuple[str | None, str | None]]:
    """(subordinate file, superior file-or-label) pairs, as the evaluation reads chain.json."""
    nodes = {n["id"]: n for n in chain["nodes"]}

    def name(node_id: str) -> str:
        n = nodes[node_id]
        return n["file"] or f"{n['type']} {n['number'] or n['title']}"

    return {(name(e["from"]), name(e["to"])) for e in chain["edges"]}
