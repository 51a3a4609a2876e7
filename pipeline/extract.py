"""The extraction stage: one Document in, the contract's record out.

Extractors run in dependency order; each is a pure function of the document (and of
what earlier extractors found, passed explicitly).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.control import extract_control
from extractors.model import ActReference, Control, Obligation, Requisites
from extractors.obligations import extract_obligations
from extractors.plan_tables import extract_table_obligations
from extractors.references import extract_references, is_identified
from extractors.requisites import extract_requisites
from pipeline.document import Document
from pipeline.resources import Resources, new_document

SCHEMA_VERSION = "1"


@dataclass
class Extraction:
    doc: Document
    requisites: Requisites
    references: list[ActReference] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    control: Control | None = None

    def to_json(self, *, with_layout: bool = True) -> dict:
        out = {
            "schema_version": SCHEMA_VERSION,
            "source": self.doc.source.to_json(),
            "document": self.requisites.to_json(self.doc),
            # A citation is identified by its date and number (annotation convention; a
            # numberless approval by its date, references.is_identified): acts cited without
            # them ("Закон РФ «Об образовании»", "Федеральный закон № 273-ФЗ") are kept apart
            # for people and the chain, not as references.
            "references": [r.to_json(self.doc) for r in self.references if is_identified(r)],
            "references_partial": [r.to_json(self.doc) for r in self.references if not is_identified(r)],
            "obligations": [o.to_json(self.doc) for o in self.obligations],
            "control": self.control.to_json(self.doc) if self.control else None,
        }
        if with_layout:
            out["layout"] = self.doc.to_json()
        return out


def extract(doc: Document, res: Resources) -> Extraction:
    new_document()
    requisites = extract_requisites(doc, res)
    references = extract_references(doc, res, requisites)
    obligations = extract_obligations(doc, res, requisites) + extract_table_obligations(doc, res, requisites)
    control = extract_control(doc, res, requisites)
    return Extraction(doc, requisites, references, obligations, control)
