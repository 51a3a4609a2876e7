"""Linking acts into chains (stub until the chain issue lands)."""

from __future__ import annotations


def build_chain(docs) -> dict:
    return {"nodes": [], "edges": []}
