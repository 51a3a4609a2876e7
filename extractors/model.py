"""Domain values the extractors return.

Every value carries its evidence: the :class:`~pipeline.document.Span` it was read from
and the name of the rule that produced it.  ``to_json(doc)`` gives the contract keys of
``../shared/spec/OUTPUT.md`` plus ``span`` objects pointing back into the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pipeline.document import Document, Span


def _span_json(doc: Document, span: Span | None) -> dict | None:
    return doc.evidence(span) if span is not None else None


@dataclass(frozen=True)
class Field:
    """A scalar value of the document (number, date, title...) with its evidence."""

    value: object
    span: Span | None = None
    rule: str | None = None

    def json_value(self):
        return self.value.isoformat() if isinstance(self.value, date) else self.value


@dataclass(frozen=True)
class Person:
    position: str | None
    name: str | None
    span: Span | None = None
    rule: str | None = None


@dataclass(frozen=True)
class Contact:
    name: str | None
    phone: str | None
    span: Span | None = None


@dataclass
class Requisites:
    type: Field | None = None
    number: Field | None = None
    date: Field | None = None
    place: Field | None = None
    issuer: Field | None = None
    title: Field | None = None
    addressee: Field | None = None
    signatory: Person | None = None
    contact: Contact | None = None
    access: Field | None = None  # гриф ограничения доступа: "ДСП"
    header_languages: list[str] = field(default_factory=list)
    header_span: Span | None = None  # the blank (реквизиты до заголовка)

    def to_json(self, doc: Document) -> dict:
        def val(f: Field | None):
            return f.json_value() if f is not None else None

        spans = {
            name: _span_json(doc, f.span)
            for name in ("type", "number", "date", "place", "issuer", "title", "addressee", "access")
            if (f := getattr(self, name)) is not None and f.span is not None
        }
        if self.signatory and self.signatory.span:
            spans["signatory"] = _span_json(doc, self.signatory.span)
        if self.contact and self.contact.span:
            spans["contact"] = _span_json(doc, self.contact.span)
        return {
            "type": val(self.type),
            "number": val(self.number),
            "date": val(self.date),
            "place": val(self.place),
            "issuer": val(self.issuer),
            "title": val(self.title),
            "header_languages": sorted(self.header_languages),
            "addressee": val(self.addressee),
            "signatory": (
                {"position": self.signatory.position, "name": self.signatory.name}
                if self.signatory
                else None
            ),
            "contact": {
                "name": self.contact.name if self.contact else None,
                "phone": self.contact.phone if self.contact else None,
            },
            "access": val(self.access),
            "spans": spans,
        }


Relation = Literal["implements", "basis", "mentions"]


@dataclass(frozen=True)
class ActReference:
    type: str | None  # nominative, lower case: "распоряжение", "федеральный закон"
    issuer: str | None  # nominative: "Губернатор Херсонской области"
    date: date | None
    number: str | None
    title: str | None
    relation: Relation
    span: Span  # the whole citation
    rule: str | None = None

    def to_json(self, doc: Document) -> dict:
        return {
            "type": self.type,
            "issuer": self.issuer,
            "date": self.date.isoformat() if self.date else None,
            "number": self.number,
            "title": self.title,
            "relation": self.relation,
            "span": _span_json(doc, self.span),
            "rule": self.rule,
        }


DeadlineKind = Literal["date", "relative", "periodic", "permanent", "immediate", "event", "none"]


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    text: str | None = None
    date: date | None = None
    start: date | None = None  # first day of a period
    amount: int | None = None
    unit: Literal["day", "working_day", "week", "month", "year"] | None = None
    anchor: str | None = None
    frequency: Literal["daily", "weekly", "monthly", "quarterly", "yearly"] | None = None
    day: int | None = None  # "до 5 числа" of a periodic deadline
    event: str | None = None
    span: Span | None = None  # in document coordinates once placed (see ``placed``)
    rule: str | None = None

    def placed(self, offset: int) -> Deadline:
        """The same deadline with its span shifted from clause to document coordinates."""
        from dataclasses import replace

        return replace(self, span=self.span.shift(offset) if self.span else None)

    def to_json(self, doc: Document | None = None) -> dict:
        out: dict = {"kind": self.kind, "text": self.text}
        for key in ("date", "start"):
            if (v := getattr(self, key)) is not None:
                out[key] = v.isoformat()
        for key in ("amount", "unit", "anchor", "frequency", "day", "event"):
            if (v := getattr(self, key)) is not None:
                out[key] = v
        if self.kind == "relative" and "anchor" not in out:
            out["anchor"] = None
        if doc is not None and self.span is not None:
            out["span"] = _span_json(doc, self.span)
        if self.rule:
            out["rule"] = self.rule
        return out


NO_DEADLINE = Deadline("none")

Modality = Literal["mandatory", "recommended", "requested"]


@dataclass(frozen=True)
class Executor:
    name: str  # nominative
    span: Span | None = None  # the words in the text (any case)


@dataclass(frozen=True)
class Obligation:
    clause: str | None
    source: Literal["text", "table"]
    executors: tuple[Executor, ...]
    action: str
    modality: Modality
    deadline: Deadline
    span: Span  # the clause (or table row)
    action_span: Span | None = None
    rule: str | None = None

    def to_json(self, doc: Document) -> dict:
        return {
            "clause": self.clause,
            "source": self.source,
            "executors": [e.name for e in self.executors],
            "action": self.action,
            "modality": self.modality,
            "deadline": self.deadline.to_json(doc),
            "span": _span_json(doc, self.span),
            "executor_spans": [_span_json(doc, e.span) for e in self.executors],
            "action_span": _span_json(doc, self.action_span),
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Control:
    name: str | None  # a person's name in the nominative, or None
    position: str | None  # position or body, nominative
    text: str
    span: Span
    rule: str | None = None

    def to_json(self, doc: Document) -> dict:
        return {
            "name": self.name,
            "position": self.position,
            "text": self.text,
            "span": _span_json(doc, self.span),
            "rule": self.rule,
        }
