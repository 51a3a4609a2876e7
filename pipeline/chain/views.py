"""Reading the graph for a person: find an act, walk up and down, list siblings, coverage.

``find_act`` accepts a document file, a stem, a node id or an act written as people cite
it ("распоряжение Губернатора Херсонской области от 21.01.2026 № 18-р").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.chain.identity import Normaliser, iso_date, issuers_same, number_key, title_stems
from pipeline.chain.levels import RANK, infer_level
from pipeline.chain.linking import ChainGraph, Match, Node, NodeIndex, match
from pipeline.chain.records import ActFields, ObligationRecord

# "№ 18-р", "N 18-p", "No 5"
_NUMBER = re.compile(r"(?:№|\bN[o°]?\.?)\s*(\S+)")
_QUOTED_TITLE = re.compile(r"[«\"“]([^»\"”]+)[»\"”]")
_FROM = re.compile(r"\s(?:от|из)\s*$")


def parse_act(text: str, norm: Normaliser) -> ActFields:
    """An act as cited, by hand: type, issuer in any case, date in any form, number, «title»."""
    from extractors.dates import find_dates

    rest = text
    title = None
    if m := _QUOTED_TITLE.search(rest):
        title = m.group(1).strip()
        rest = rest[: m.start()] + rest[m.end():]
    number = None
    if m := _NUMBER.search(rest):
        number = m.group(1).rstrip(",;")
        rest = rest[: m.start()] + rest[m.end():]
    date = None
    dates = [d for d in find_dates(rest) if d.year]
    if dates:
        d = dates[0]
        date = f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
        rest = rest[: d.start] + rest[d.stop:]
    words = _FROM.sub("", " ".join(rest.split())).split()
    words = [w for w in words if w not in ("от", "из")]
    type_words = words[:1]
    if words and norm.lemma(words[0]) in ("федеральный", "областной", "краевой", "конституционный") and len(words) > 1:
        type_words = words[:2]
    type_ = " ".join(norm.lemma(w) or w for w in type_words) or None
    issuer = " ".join(words[len(type_words):]) or None
    return ActFields(type_, issuer, date, number, title)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def find_act(graph: ChainGraph, query: str, norm: Normaliser) -> Match:
    """Nodes the query names: by file (sha256), stem, id, or act description."""
    path = Path(query)
    if path.is_file():
        node = graph.node_of_sha().get(file_sha256(path))
        if node:
            return Match("file", (node,))
        query_stem = path.stem
    else:
        query_stem = query
    by_name = [n for n in graph.nodes.values() if query in (n.id,) or query_stem in n.files]
    if by_name:
        return Match("name", tuple(by_name))
    idx = NodeIndex()
    for n in graph.nodes.values():
        idx.add(n)
    act = parse_act(query, norm)
    return match(norm.key(act.type, act.issuer, act.date, act.number, act.title), None, idx)


# ---- walking --------------------------------------------------------------------------


def superiors(graph: ChainGraph, node_id: str) -> list[tuple[str, str]]:
    return sorted((e.target, e.relation) for e in graph.edges if e.source == node_id)


def subordinates(graph: ChainGraph, node_id: str) -> list[tuple[str, str]]:
    return sorted((e.source, e.relation) for e in graph.edges if e.target == node_id)


def _tree(graph: ChainGraph, start: str, step, indent: int, seen: set[str]) -> list[str]:
    lines = []
    for other, relation in step(graph, start):
        node = graph.nodes[other]
        mark = " (уже показан)" if other in seen else ""
        lines.append(f"{'  ' * indent}└ [{relation}] {describe(node)}{mark}")
        if other not in seen:
            seen.add(other)
            lines += _tree(graph, other, step, indent + 1, seen)
    return lines


def describe(node: Node) -> str:
    where = f" — файл {', '.join(node.files)}" if node.files else " — известен по ссылке"
    level = f" [{node.level}]" if node.level else ""
    return f"{node.label()}{level}{where}"


def chain_report(graph: ChainGraph, node: Node) -> str:
    """Upward to the top act, downward to the last implementing document, and siblings."""
    up = _tree(graph, node.id, superiors, 1, {node.id})
    down = _tree(graph, node.id, subordinates, 1, {node.id})
    lines = [describe(node), "", "Вышестоящие акты (что исполняет):"]
    lines += up or ["  — нет"]
    lines += ["", "Нижестоящие акты (что его исполняет):"]
    lines += down or ["  — нет"]
    lines += ["", "Параллельные акты (исполняют тот же вышестоящий акт):"]
    sibs = []
    for sup, _ in superiors(graph, node.id):
        for sib, relation in subordinates(graph, sup):
            if sib != node.id:
                sibs.append(f"  └ [{relation}] {describe(graph.nodes[sib])} — через {graph.nodes[sup].label()}")
    lines += sorted(set(sibs)) or ["  — нет"]
    issues = [c for c in graph.conflicts + graph.unresolved if node.id in c.nodes]
    if issues:
        lines += ["", "Требует внимания:"] + [f"  ! [{c.kind}] {c.message}" for c in issues]
    return "\n".join(lines)


# ---- what the chain knows of one act ---------------------------------------------------


@dataclass(frozen=True)
class KnownAct:
    """An act as the chain knows it: its requisites as each of its documents (other
    copies, other formats) and each citation of it gives them — documents first — and the
    acts it implements or rests on, with the relation."""

    versions: tuple[ActFields, ...]
    superiors: tuple[tuple[Node, str], ...]


def known_act(graph: ChainGraph, node: Node) -> KnownAct:
    """Citations count only when they give the act's own number and date: a citation
    linked by its title or by a number without a date may describe it loosely."""
    versions = [r.act for r in node.records] or [node.act]
    if node.key.number and node.key.date:
        for source in sorted({e.source for e in graph.edges if e.target == node.id}):
            for rec in graph.nodes[source].records[:1]:
                versions += [ref.act for ref in rec.references
                             if number_key(ref.act.number) == node.key.number and iso_date(ref.act.date) == node.key.date]
    ups = tuple((graph.nodes[t], relation) for t, relation in superiors(graph, node.id))
    return KnownAct(tuple(dict.fromkeys(versions)), ups)


# ---- coverage -------------------------------------------------------------------------

# the words of an action that say nothing about its content
_GENERIC_STEMS = frozenset({"обесп", "орган", "приня", "испол", "необх", "целях", "соотв", "рамка",
                            "реком", "прошу", "проси", "прини", "меры", "мероп", "осуще"})
# lemmas naming the issuer's own staff, not a subordinate body
_STAFF_LEMMAS = frozenset({"заместитель", "отдел", "сектор", "специалист", "сотрудник", "работник",
                           "секретарь", "бухгалтер", "инспектор", "помощник", "советник"})
COVERAGE_OVERLAP = 0.5


def action_stems(text: str) -> frozenset[str]:
    return title_stems(text) - _GENERIC_STEMS


@dataclass(frozen=True)
class Implementation:
    node: Node
    obligation: ObligationRecord | None  # the clause that implements it, None: the act cites but no clause matches
    score: float
    addressee: bool = False  # issued by a body the obligation names


@dataclass(frozen=True)
class CoverageItem:
    obligation: ObligationRecord
    executor_levels: tuple[str | None, ...]
    implementations: tuple[Implementation, ...]

    @property
    def covered(self) -> bool:
        return any(i.obligation is not None for i in self.implementations)


def addressed_below(ob: ObligationRecord, act_level: str | None, norm: Normaliser) -> tuple[bool, tuple[str | None, ...]]:
    """Does the clause instruct some body that is neither above the act nor its own staff?

    A clause without an executor counts: somebody below must still act on it.
    """
    levels = tuple(infer_level(norm.key(None, e, None, None, None)) for e in ob.executors)
    if not ob.executors:
        return True, levels
    for executor, level in zip(ob.executors, levels):
        if level is None and norm.lemmas(executor) & _STAFF_LEMMAS:
            continue  # "заместителю министра", "начальнику отдела кадров": the issuer's own people
        if level is not None and act_level is not None and RANK[level] < RANK[act_level]:
            continue  # addressed upward ("просить Правительство Российской Федерации")
        return True, levels
    return False, levels


def coverage(graph: ChainGraph, node: Node, norm: Normaliser) -> list[CoverageItem]:
    """For each obligation the act addresses downward: the documents that implement it.

    A subordinate clause implements an obligation when it carries at least half of the
    obligation's distinguishing stems — those of its action minus the act's own title
    (the theme every clause shares) and minus words that say nothing ("обеспечить").
    Implementations by an addressee of the obligation come first.
    """
    if not node.records:
        return []
    theme = action_stems(node.act.title or "")
    implementers = [graph.nodes[s] for s, _ in subordinates(graph, node.id) if graph.nodes[s].is_document]
    items = []
    for ob in node.records[0].obligations:
        addressed, levels = addressed_below(ob, node.level, norm)
        if not addressed:
            continue
        wanted = action_stems(ob.action) - theme or action_stems(ob.action)
        addressees = [norm.lemmas(e) for e in ob.executors]
        found = []
        for sub in implementers:
            best: tuple[float, ObligationRecord | None] = (0.0, None)
            for clause in sub.records[0].obligations:
                score = len(wanted & action_stems(clause.action)) / len(wanted) if wanted else 0.0
                if score > best[0]:
                    best = (score, clause)
            clause = best[1] if best[0] >= COVERAGE_OVERLAP else None
            addressee = any(issuers_same(a, sub.key.issuer) for a in addressees)
            found.append(Implementation(sub, clause, best[0], addressee))
        found.sort(key=lambda i: (i.obligation is None, not i.addressee, -i.score))
        items.append(CoverageItem(ob, levels, tuple(found)))
    return items


def coverage_report(graph: ChainGraph, node: Node, norm: Normaliser) -> str:
    items = coverage(graph, node, norm)
    lines = [describe(node), ""]
    if not node.records:
        return "\n".join(lines + ["Акт известен только по ссылкам: его поручений в хранилище нет."])
    if not items:
        return "\n".join(lines + ["Поручений нижестоящим органам не найдено."])
    gaps = sum(1 for i in items if not i.covered)
    lines.append(f"Поручений нижестоящим: {len(items)}, без исполняющего документа: {gaps}")
    for item in items:
        ob = item.obligation
        who = "; ".join(ob.executors) or "исполнитель не указан"
        clause = f"п. {ob.clause}" if ob.clause else "поручение"
        lines.append("")
        lines.append(f"{'✓' if item.covered else '✗ НЕ ИСПОЛНЕНО'}  {clause}: {who} — {ob.action}"
                     + (f" ({ob.deadline})" if ob.deadline else ""))
        for impl in item.implementations:
            if impl.obligation is not None:
                c = impl.obligation
                who = "адресат" if impl.addressee else "не адресат"
                lines.append(f"    исполняет ({who}) {describe(impl.node)}, п. {c.clause or '—'}: {c.action} "
                             f"(сходство {impl.score:.2f})")
            else:
                lines.append(f"    ссылается, но пункта об этом нет: {describe(impl.node)}")
    return "\n".join(lines)
