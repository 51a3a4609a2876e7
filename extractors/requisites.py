"""Requisites of the document (ГОСТ Р 7.0.97-2025): type, number, date, place, issuer..."""

from __future__ import annotations

from extractors.model import Requisites
from pipeline.document import Document
from pipeline.resources import Resources


def extract_requisites(doc: Document, res: Resources) -> Requisites:
    return Requisites()
