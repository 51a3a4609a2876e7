"""Acts the document cites."""

from __future__ import annotations

from extractors.model import ActReference, Requisites
from pipeline.document import Document
from pipeline.resources import Resources


def extract_references(doc: Document, res: Resources, requisites: Requisites) -> list[ActReference]:
    return []
