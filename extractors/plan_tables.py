"""Obligations from the rows of plan tables (план мероприятий, дорожная карта)."""

from __future__ import annotations

from extractors.model import Obligation, Requisites
from pipeline.document import Document
from pipeline.resources import Resources


def extract_table_obligations(doc: Document, res: Resources, requisites: Requisites) -> list[Obligation]:
    return []
