"""What linking needs of a processed document, detached from the Document.

A :class:`DocumentRecord` is built from an :class:`~pipeline.extract.Extraction` (batch),
from a contract JSON ``<stem>.json`` (an earlier output folder) or from the store; it is
plain data, so the store can keep it and linking is a pure function of records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from pipeline.chain.identity import iso_date

if TYPE_CHECKING:
    from pipeline.extract import Extraction


@dataclass(frozen=True)
class ActFields:
    type: str | None = None
    issuer: str | None = None
    date: str | None = None  # ISO
    number: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class ReferenceRecord:
    act: ActFields
    relation: str  # implements | basis | mentions
    evidence: str | None = None  # the citing words
    rule: str | None = None


@dataclass(frozen=True)
class ObligationRecord:
    clause: str | None
    executors: tuple[str, ...]
    action: str
    modality: str = "mandatory"
    deadline: str | None = None  # the deadline words


@dataclass(frozen=True)
class DocumentRecord:
    stem: str
    sha256: str
    act: ActFields
    path: str | None = None
    references: tuple[ReferenceRecord, ...] = ()
    obligations: tuple[ObligationRecord, ...] = field(default=())

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> DocumentRecord:
        return cls(
            stem=d["stem"],
            sha256=d["sha256"],
            path=d.get("path"),
            act=ActFields(**d["act"]),
            references=tuple(
                ReferenceRecord(ActFields(**r["act"]), r["relation"], r.get("evidence"), r.get("rule"))
                for r in d.get("references", ())
            ),
            obligations=tuple(
                ObligationRecord(
                    o.get("clause"), tuple(o.get("executors") or ()), o.get("action") or "",
                    o.get("modality") or "mandatory", o.get("deadline"),
                )
                for o in d.get("obligations", ())
            ),
        )


def record_from_extraction(stem: str, ex: Extraction) -> DocumentRecord:
    req = ex.requisites

    def val(f):
        return f.value if f is not None else None

    return DocumentRecord(
        stem=stem,
        sha256=ex.doc.source.sha256,
        path=ex.doc.source.path,
        act=ActFields(val(req.type), val(req.issuer), iso_date(val(req.date)), val(req.number), val(req.title)),
        references=tuple(
            ReferenceRecord(
                ActFields(r.type, r.issuer, iso_date(r.date), r.number, r.title),
                r.relation,
                ex.doc.slice(r.span) if r.span is not None else None,
                r.rule,
            )
            for r in ex.references
        ),
        obligations=tuple(
            ObligationRecord(
                o.clause, tuple(e.name for e in o.executors), o.action, o.modality, o.deadline.text
            )
            for o in ex.obligations
        ),
    )


def record_from_json(stem: str, data: dict) -> DocumentRecord:
    """From a contract ``<stem>.json`` (see OUTPUT.md)."""
    doc = data.get("document") or {}
    src = data.get("source") or {}

    def fields(d: dict) -> ActFields:
        return ActFields(d.get("type"), d.get("issuer"), d.get("date"), d.get("number"), d.get("title"))

    return DocumentRecord(
        stem=stem,
        sha256=src.get("sha256") or f"stem:{stem}",
        path=src.get("path"),
        act=fields(doc),
        references=tuple(
            ReferenceRecord(fields(r), r.get("relation") or "mentions", (r.get("span") or {}).get("text"), r.get("rule"))
            for r in data.get("references") or ()
        ),
        obligations=tuple(
            ObligationRecord(
                o.get("clause"), tuple(o.get("executors") or ()), o.get("action") or "",
                o.get("modality") or "mandatory", (o.get("deadline") or {}).get("text"),
            )
            for o in data.get("obligations") or ()
        ),
    )
