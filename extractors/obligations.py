"""Obligations of the dispositive clauses (and of letters' running text)."""

from __future__ import annotations

from extractors.model import Obligation, Requisites
from pipeline.document import Document
from pipeline.resources import Resources


def extract_obligations(doc: Document, res: Resources, requisites: Requisites) -> list[Obligation]:
    return []
