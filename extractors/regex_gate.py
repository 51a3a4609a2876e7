"""A cheap necessary condition in front of a costly pattern: the literal words it cannot
match without.

Python's regex engine tries a pattern that opens with a look-behind or a long alternation
at every position of the text, which makes a table of rules scanned over every clause the
main cost of extraction.  :func:`required_literals` reads the pattern's own parse tree and
picks, for every alternative, a piece of literal text that each match must contain
("ежеквартально", "раза в год", "числа"); :class:`Gated` runs the pattern only when the text
contains one of them.  The gate is derived from the pattern, so it cannot drift from it, and
a gated pattern returns exactly what the pattern returns.

Literals are compared the way the pattern compares them: case-folded when it ignores case,
and with a run of whitespace (``\\s+``) as one space.

Over a whole document a gate admits nearly every pattern; there :func:`first_chars` and
:func:`matches_from` help instead: the characters a match can begin with are read off the
same parse tree, one cheap scan finds where they occur, and the pattern is tried only there
(a pattern that opens with a look-behind is otherwise entered at every position).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from re import _casefix  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

_MAX_STRINGS = 64  # a literal part with more spellings than this is no use as a gate
_ZERO_WIDTH = {sre.ASSERT, sre.ASSERT_NOT, sre.AT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_SPACES = ([(sre.IN, [(sre.CATEGORY, sre.CATEGORY_SPACE)])], [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_UNI_SPACE)])])


def _fold_table() -> dict[int, int | None]:
    """Characters the engine treats as case variants beyond ``str.lower`` ("ᲀ" is "в") ->
    one representative; the dot that ``str.lower`` adds to "İ" is dropped."""
    table: dict[int, int | None] = {0x307: None}
    for lower, extras in _casefix._EXTRA_CASES.items():
        canonical = min(lower, *extras)
        for c in (lower, *extras):
            if c != canonical:
                table[c] = canonical
    return table


_FOLD = _fold_table()


_FOLDED_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]")


def fold_case(text: str) -> str:
    """``text`` case-folded as the regex engine compares it under IGNORECASE."""
    return _fold_literal(text, True)


def _fold_literal(text: str, ignore_case: bool) -> str:
    if not ignore_case:
        return text
    text = text.lower()
    return text.translate(_FOLD) if _FOLDED_CHARS.search(text) else text  # translate is slow


def _fold(text: str, ignore_case: bool) -> str:
    """The text as gates read it: whitespace runs as one space (one at each end too)."""
    return _fold_literal(" " + " ".join(text.split()) + " ", ignore_case)


@lru_cache(maxsize=256)
def _folded(text: str, ignore_case: bool) -> str:
    return _fold(text, ignore_case)


def _is_space_run(op, av) -> bool:
    return op in _REPEATS and av[0] >= 1 and list(av[2]) in _SPACES


def _strings(items) -> set[str] | None:
    """Every text ``items`` can match when it is literal only (up to _MAX_STRINGS), else None."""
    out = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            part = {chr(av)}
        elif _is_space_run(op, av):
            part = {" "}
        elif op is sre.SUBPATTERN and not av[1] and not av[2]:
            part = _strings(av[3])
        elif op is sre.BRANCH:
            branches = [_strings(b) for b in av[1]]
            part = None if None in branches else set().union(*branches)
        elif op in _REPEATS and av[0] == 0 and av[1] == 1:  # "а?", "(?:\s+месяца)?"
            inner = _strings(av[2])
            part = None if inner is None else inner | {""}
        else:
            return None
        if part is None or len(out) * len(part) > _MAX_STRINGS:
            return None
        # "\s+" next to "\s+" is still one space once whitespace runs are collapsed
        out = {a + b for a in out for b in part}
    return out


def _best(factors: list[set[str]]) -> set[str] | None:
    """The most telling of several required literal sets: the longest shortest spelling."""
    usable = [f for f in factors if all(s.strip() for s in f)]
    return max(usable, key=lambda f: (min(map(len, f)), -len(f)), default=None)


def _required(items) -> set[str] | None:
    """A set of literals one of which every match of ``items`` contains, or None."""
    factors: list[set[str]] = []
    run: set[str] = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        part = _strings([(op, av)])
        if part is not None and len(run) * len(part) <= _MAX_STRINGS:
            run = {a + b for a in run for b in part}
            continue
        factors.append(run)
        run = {""}
        if part is not None:  # literal but too many spellings: it starts a new run
            run = part
        elif op is sre.SUBPATTERN and not av[1] and not av[2]:
            factors.append(_required(av[3]) or {""})
        elif op is sre.BRANCH:
            branches = [_required(b) for b in av[1]]
            factors.append({""} if None in branches else set().union(*branches))
        elif op in _REPEATS and av[0] >= 1:
            factors.append(_required(av[2]) or {""})
    factors.append(run)
    return _best(factors)


def required_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Literals (folded as :func:`_fold` folds the text) one of which every match of
    ``pattern`` contains, or None when the pattern has no such literal."""
    found = _required(sre_parse.parse(pattern.pattern, pattern.flags))
    if found is None:
        return None
    # a whitespace run is one space in the folded text, whatever the pattern spells
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    return frozenset(_fold_literal(re.sub(r"\s+", " ", s), ignore_case) for s in found)


class Gated:
    """``pattern`` behind its gate: ``finditer``/``search``/``match``/``fullmatch`` answer
    as the pattern does, but without running it over a text that lacks every required literal."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        self.literals = required_literals(pattern)
        self.ignore_case = bool(pattern.flags & re.IGNORECASE)
        # a literal that contains another adds nothing to "one of them occurs"
        by_length = sorted(self.literals or (), key=lambda s: (len(s), s))
        self._gate = tuple(s for i, s in enumerate(by_length) if not any(o in s for o in by_length[:i]))

    def admits(self, text: str) -> bool:
        if self.literals is None:
            return True
        folded = _folded(text, self.ignore_case)
        return any(map(folded.__contains__, self._gate))  # no generator frame: this runs per rule per clause

    def finditer(self, text: str, *args: int) -> Iterator[re.Match]:
        return self.pattern.finditer(text, *args) if self.admits(text) else iter(())

    def search(self, text: str, *args: int) -> re.Match | None:
        return self.pattern.search(text, *args) if self.admits(text) else None

    def match(self, text: str, *args: int) -> re.Match | None:
        return self.pattern.match(text, *args) if self.admits(text) else None

    def fullmatch(self, text: str, *args: int) -> re.Match | None:
        return self.pattern.fullmatch(text, *args) if self.admits(text) else None


# ---- where a match can begin -------------------------------------------------------------

_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w"}


def _class_items(items) -> str | None:
    """The body of a character class for the items of an IN op, or None (negated classes)."""
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            out.append(re.escape(chr(av[0])) + "-" + re.escape(chr(av[1])))
        elif op is sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            return None
    return "".join(out)


def _first(items) -> tuple[str, bool] | None:
    """(class body of the characters a match of ``items`` can begin with, whether ``items``
    can match the empty string), or None when that cannot be told."""
    chars = ""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return chars + re.escape(chr(av)), False
        if op is sre.IN:
            body = _class_items(av)
            return None if body is None else (chars + body, False)
        if op is sre.SUBPATTERN:
            inner = _first(av[3])
        elif op is sre.BRANCH:
            branches = [_first(b) for b in av[1]]
            if None in branches:
                return None
            inner = ("".join(b[0] for b in branches), any(b[1] for b in branches))
        elif op in _REPEATS:
            inner = _first(av[2])
            inner = None if inner is None else (inner[0], inner[1] or av[0] == 0)
        else:
            return None
        if inner is None:
            return None
        chars += inner[0]
        if not inner[1]:
            return chars, False
    return chars, True


def first_chars(pattern: re.Pattern) -> str | None:
    """The body of a character class that holds the first character of every match of
    ``pattern`` (compared as the pattern compares it), or None when the pattern may match
    the empty string or opens with something other than literals and plain classes."""
    found = _first(sre_parse.parse(pattern.pattern, pattern.flags))
    return found[0] if found is not None and not found[1] and found[0] else None


def matches_from(pattern: re.Pattern, text: str, starts: list[int]) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` when every match begins at one of ``starts`` (ascending):
    the pattern is tried at those positions only, matches do not overlap."""
    stop = 0
    for pos in starts:
        if pos >= stop and (m := pattern.match(text, pos)) is not None:
            stop = m.end()
            yield m
