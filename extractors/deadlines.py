"""Deadlines of obligations (STUB: the dates/deadlines work replaces this).

Interface: ``find_deadline(text, *, act_date=None) -> Deadline | None`` finds the deadline
phrase in a clause (or a table cell); the Deadline's ``span`` is relative to ``text``.
"""

from __future__ import annotations

from datetime import date

from extractors.model import Deadline


def find_deadline(text: str, *, act_date: date | None = None) -> Deadline | None:
    return None
