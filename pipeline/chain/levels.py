"""The level of an act or a body: federal, regional, municipal, institution.

The rules are the ordered table in ``levels.txt`` (first that fires wins); each looks at
the act type, the number's letter suffix or the issuer's lemmas (see :mod:`.identity`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from extractors.morph import vocabulary
from pipeline.chain.identity import ActKey, number_suffix

Level = Literal["federal", "regional", "municipal", "institution"]
LEVELS: tuple[Level, ...] = ("federal", "regional", "municipal", "institution")
RANK = {level: i for i, level in enumerate(LEVELS)}  # higher rank = lower in the hierarchy

_DATA = Path(__file__).with_name("levels.txt")


@dataclass(frozen=True)
class LevelRule:
    level: Level
    where: Literal["type", "number", "issuer"]
    markers: frozenset[str]
    text: str  # the line as written, for debugging which rule fired

    def fires(self, key: ActKey) -> bool:
        if self.where == "type":
            return self.markers <= key.type
        if self.where == "number":
            return number_suffix(key.number) in self.markers
        return self.markers <= key.issuer


def load_rules(path: Path = _DATA) -> tuple[LevelRule, ...]:
    return tuple(
        LevelRule(level, where, frozenset(markers.split()), "\t".join((level, where, markers)))  # type: ignore[arg-type]
        for level, where, markers in vocabulary(path)
    )


RULES = load_rules()


def infer_level(key: ActKey, rules: tuple[LevelRule, ...] = RULES) -> Level | None:
    """The level of the first rule that fires; None when nothing tells."""
    rule = first_rule(key, rules)
    return rule.level if rule else None


def first_rule(key: ActKey, rules: tuple[LevelRule, ...] = RULES) -> LevelRule | None:
    return next((r for r in rules if r.fires(key)), None)
