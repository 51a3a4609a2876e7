"""Контроль исполнения: who controls the execution of the act."""

from __future__ import annotations

from extractors.model import Control, Requisites
from pipeline.document import Document
from pipeline.resources import Resources


def extract_control(doc: Document, res: Resources, requisites: Requisites) -> Control | None:
    return None
