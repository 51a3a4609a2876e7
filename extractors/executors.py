"""Executors of obligations (STUB: the obligations work replaces this).

Interface: ``split_executors(phrase, case=None) -> list[str]``: the separate executors
named in ``phrase`` ("органам ..., руководителям ... и подведомственным организациям"),
each in the nominative with a capital first letter.  ``case`` is the case the phrase is
written in (``"datv"`` for "Руководителям ...", ``"nomn"`` for table cells); None = guess.
"""

from __future__ import annotations

import re

from extractors.morph import capitalize_first, to_nominative


def split_executors(phrase: str, case: str | None = None) -> list[str]:
    parts = [p.strip(" ,.;") for p in re.split(r";", phrase) if p.strip(" ,.;")]
    return [capitalize_first(to_nominative(p, case)) for p in parts]
