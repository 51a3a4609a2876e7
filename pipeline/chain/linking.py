"""Linking documents and the acts they cite into one graph (a separate pass, like eyecite's
``resolve_citations``).

1. Every document is a node; the same file twice (same sha256), or the same act in two
   formats (same identity, compatible title), is one node.
2. Every reference is resolved by :data:`MATCH_RULES`, an ordered list of pure rules that
   can abstain: the first rule that finds candidates decides; one candidate is a link, more
   than one is reported as *unresolved* (never guessed).  A reference nobody matches
   becomes an external node that later references can match.
3. Conflicts are reported, never merged away: the same (type, issuer, number) with another
   date in the same year or a different title, a document citing itself, a cited act dated
   after the citing one, cycles.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from pipeline.chain.identity import (
    ActKey,
    Normaliser,
    dates_compatible,
    issuers_compatible,
    issuers_same,
    titles_differ,
    titles_same,
    types_compatible,
)
from pipeline.chain.levels import Level, infer_level
from pipeline.chain.records import ActFields, DocumentRecord, ReferenceRecord

RELATION_STRENGTH = {"implements": 2, "basis": 1, "mentions": 0}


@dataclass
class Node:
    id: str
    act: ActFields
    key: ActKey
    level: Level | None
    files: list[str] = field(default_factory=list)
    sha256: list[str] = field(default_factory=list)
    records: list[DocumentRecord] = field(default_factory=list)

    @property
    def file(self) -> str | None:
        return self.files[0] if self.files else None

    @property
    def is_document(self) -> bool:
        return bool(self.records)

    def label(self) -> str:
        a = self.act
        parts = [a.type or "акт"]
        if a.issuer:
            parts.append(a.issuer)
        if a.date:
            parts.append(f"от {a.date}")
        if a.number:
            parts.append(f"№ {a.number}")
        if a.title and not a.number:
            parts.append(f"«{a.title}»")
        return " ".join(parts)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            **{k: getattr(self.act, k) for k in ("type", "issuer", "date", "number", "title")},
            "file": self.file,
            "files": list(self.files),
            "level": self.level,
            "known_from": "document" if self.is_document else "reference",
        }


@dataclass
class Edge:
    source: str  # id of the subordinate (citing) act
    target: str  # id of the superior (cited) act
    relation: str
    rule: str
    evidence: str | None

    def to_json(self) -> dict:
        return {"from": self.source, "to": self.target, "relation": self.relation,
                "rule": self.rule, "evidence": self.evidence}


@dataclass(frozen=True)
class Issue:
    """A conflict or an unresolved reference, with the words it came from."""

    kind: str
    message: str
    nodes: tuple[str, ...] = ()
    evidence: str | None = None

    def to_json(self) -> dict:
        return {"kind": self.kind, "message": self.message, "nodes": list(self.nodes), "evidence": self.evidence}


# ---- the candidate index ----------------------------------------------------------------


class NodeIndex:
    """Nodes by number, by date (those without a number) and by title stem."""

    def __init__(self) -> None:
        self.by_number: dict[str, dict[str, Node]] = defaultdict(dict)
        self.by_date: dict[str, dict[str, Node]] = defaultdict(dict)
        self.by_stem: dict[str, dict[str, Node]] = defaultdict(dict)

    def add(self, node: Node) -> None:
        k = node.key
        if k.number:
            self.by_number[k.number][node.id] = node
        if k.date:
            self.by_date[k.date][node.id] = node
        for stem in k.title:
            self.by_stem[stem][node.id] = node

    def numbered(self, number: str) -> Iterable[Node]:
        return self.by_number.get(number, {}).values()

    def dated(self, date: str) -> Iterable[Node]:
        return self.by_date.get(date, {}).values()

    def titled(self, stems: frozenset[str]) -> Iterable[Node]:
        seen: dict[str, Node] = {}
        for stem in stems:
            seen.update(self.by_stem.get(stem, {}))
        return seen.values()


# ---- matching rules: (cited key, citing key, index) -> candidates | None (abstain) ----------


def _not_later(node: Node, citing: ActKey | None) -> bool:
    """An act cannot cite one issued after it (used where the citation gives no date)."""
    return not (citing and citing.date and node.key.date and node.key.date > citing.date)


def exact_key(ref: ActKey, citing: ActKey | None, idx: NodeIndex) -> list[Node] | None:
    if not (ref.type and ref.issuer and ref.date and ref.number):
        return None
    found = [n for n in idx.numbered(ref.number)
             if n.key.date == ref.date and n.key.type == ref.type and n.key.issuer == ref.issuer]
    return found or None


def number_and_date(ref: ActKey, citing: ActKey | None, idx: NodeIndex) -> list[Node] | None:
    if not (ref.number and ref.date):
        return None
    found = [n for n in idx.numbered(ref.number)
             if n.key.date == ref.date and types_compatible(n.key.type, ref.type)
             and issuers_compatible(n.key.issuer, ref.issuer)]
    return found or None


def number_type_issuer(ref: ActKey, citing: ActKey | None, idx: NodeIndex) -> list[Node] | None:
    """"приказ Минобрнауки России № 462" — the citation or the node lacks the date."""
    if not (ref.number and ref.type and ref.issuer):
        return None
    found = [n for n in idx.numbered(ref.number)
             if (n.key.date is None or ref.date is None) and n.key.type
             and types_compatible(n.key.type, ref.type) and issuers_same(n.key.issuer, ref.issuer)
             and _not_later(n, citing)]
    return found or None


def number_date_issuer(ref: ActKey, citing: ActKey | None, idx: NodeIndex) -> list[Node] | None:
    """Number, date and issuer agree but the types do not: one of them was misread
    ("постановлением" cited for a document whose header reads "распоряжение")."""
    if not (ref.number and ref.date and ref.issuer):
        return None
    found = [n for n in idx.numbered(ref.number) if n.key.date == ref.date and issuers_same(n.key.issuer, ref.issuer)]
    return found or None


def date_type_issuer(ref: ActKey, citing: ActKey | None, idx: NodeIndex) -> list[Node] | None:
    """"распоряжение Губернатора области от 21.01.2026" — no number cited."""
    if ref.number or not (ref.date and ref.type and ref.issuer):
        return None
    found = [n for n in idx.dated(ref.date)
             if n.key.type and types_compatible(n.key.type, ref.type)
             and issuers_same(n.key.issuer, ref.issuer) and not titles_differ(n.key.title, ref.title)]
    return found or None


def title(ref: ActKey, citing: ActKey | None, idx: NodeIndex) -> list[Node] | None:
    """"Федеральный закон «Об образовании в Российской Федерации»" — known by its title."""
    if not ref.title:
        return None
    found = [n for n in idx.titled(ref.title)
             if (ref.number is None or n.key.number is None) and titles_same(n.key.title, ref.title)
             and types_compatible(n.key.type, ref.type) and issuers_compatible(n.key.issuer, ref.issuer)
             and dates_compatible(n.key.date, ref.date) and _not_later(n, citing)]
    return found or None


MatchRule = Callable[[ActKey, "ActKey | None", NodeIndex], "list[Node] | None"]
MATCH_RULES: tuple[MatchRule, ...] = (
    exact_key, number_and_date, number_type_issuer, number_date_issuer, date_type_issuer, title,
)


@dataclass(frozen=True)
class Match:
    rule: str | None
    nodes: tuple[Node, ...]


def match(ref: ActKey, citing: ActKey | None, idx: NodeIndex, rules: tuple[MatchRule, ...] = MATCH_RULES) -> Match:
    """The first rule that finds candidates decides (``rule`` None: nobody matched)."""
    for rule in rules:
        found = rule(ref, citing, idx)
        if found:
            return Match(rule.__name__, tuple(found))
    return Match(None, ())


# ---- the graph --------------------------------------------------------------------------


@dataclass
class ChainGraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    conflicts: list[Issue] = field(default_factory=list)
    unresolved: list[Issue] = field(default_factory=list)

    def node_of_sha(self) -> dict[str, Node]:
        return {sha: n for n in self.nodes.values() for sha in n.sha256}

    def digraph(self):
        """networkx view: subordinate -> superior."""
        import networkx as nx

        g = nx.DiGraph()
        for n in self.nodes.values():
            g.add_node(n.id)
        for e in self.edges:
            g.add_edge(e.source, e.target, relation=e.relation)
        return g

    def to_json(self, only: set[str] | None = None) -> dict:
        keep = set(self.nodes) if only is None else only
        nodes = sorted((n for i, n in self.nodes.items() if i in keep), key=lambda n: n.id)
        edges = sorted((e for e in self.edges if e.source in keep and e.target in keep),
                       key=lambda e: (e.source, e.target))
        return {
            "nodes": [n.to_json() for n in nodes],
            "edges": [e.to_json() for e in edges],
            "conflicts": [c.to_json() for c in self.conflicts if not c.nodes or keep & set(c.nodes)],
            "unresolved": [u.to_json() for u in self.unresolved if not u.nodes or keep & set(u.nodes)],
        }


def _hash_id(prefix: str, *parts: object) -> str:
    return prefix + hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def _reference_order(item: tuple[Node, ReferenceRecord, ActKey]) -> tuple:
    """Strongest identities first, so title-only citations meet external acts already enriched."""
    _, _, k = item
    return (k.number is None, k.date is None, not k.title)


class Linker:
    def __init__(self, normaliser: Normaliser, rules: tuple[MatchRule, ...] = MATCH_RULES) -> None:
        self.norm = normaliser
        self.rules = rules

    def key(self, act: ActFields) -> ActKey:
        return self.norm.key(act.type, act.issuer, act.date, act.number, act.title)

    def link(self, records: Iterable[DocumentRecord]) -> ChainGraph:
        graph = ChainGraph()
        documents = NodeIndex()
        by_sha: dict[str, Node] = {}
        for rec in records:
            self._add_document(rec, graph, documents, by_sha)
        self._report_number_clashes(graph)
        everything = NodeIndex()
        for node in graph.nodes.values():
            everything.add(node)
        pending = [(n, ref, self.key(ref.act)) for n in list(graph.nodes.values())
                   for rec in n.records[:1] for ref in rec.references]
        pending.sort(key=_reference_order)
        best: dict[tuple[str, str], Edge] = {}
        for citing, ref, key in pending:
            target, rule = self._resolve(citing, ref, key, graph, everything)
            if target is None:
                continue
            edge = Edge(citing.id, target.id, ref.relation, rule, ref.evidence)
            old = best.get((edge.source, edge.target))
            if old is None or RELATION_STRENGTH.get(edge.relation, 0) > RELATION_STRENGTH.get(old.relation, 0):
                best[(edge.source, edge.target)] = edge
        graph.edges = list(best.values())
        self._report_cycles(graph)
        return graph

    # -- documents
    def _add_document(self, rec: DocumentRecord, graph: ChainGraph, documents: NodeIndex, by_sha: dict[str, Node]) -> None:
        if rec.sha256 in by_sha:  # the same file read twice
            node = by_sha[rec.sha256]
            if rec.stem not in node.files:
                node.files.append(rec.stem)
            return
        key = self.key(rec.act)
        same = match(key, None, documents, (exact_key, number_and_date)) if key.number and key.date else Match(None, ())
        if len(same.nodes) == 1:
            other = same.nodes[0]
            if titles_differ(other.key.title, key.title):
                graph.conflicts.append(Issue(
                    "same_act_different_title",
                    f"«{rec.stem}» и «{other.file}»: один тип, издатель, номер и дата, но разные заголовки",
                    (other.id,), rec.act.title))
            else:  # the same act in another format
                other.files.append(rec.stem)
                other.sha256.append(rec.sha256)
                other.records.append(rec)
                by_sha[rec.sha256] = other
                return
        node = Node(_hash_id("doc-", rec.sha256), rec.act, key, infer_level(key), [rec.stem], [rec.sha256], [rec])
        graph.nodes[node.id] = node
        by_sha[rec.sha256] = node
        documents.add(node)

    def _report_number_clashes(self, graph: ChainGraph) -> None:
        """Two documents of one issuer, type and number, dated differently in one year."""
        groups: dict[tuple, list[Node]] = defaultdict(list)
        for n in graph.nodes.values():
            k = n.key
            if k.number and k.date and k.type and k.issuer:
                groups[(k.number, k.date[:4], k.type)].append(n)
        for nodes in groups.values():
            for i, a in enumerate(nodes):
                for b in nodes[i + 1:]:
                    if a.key.date != b.key.date and issuers_same(a.key.issuer, b.key.issuer):
                        graph.conflicts.append(Issue(
                            "same_number_different_date",
                            f"{a.label()} ({a.file}) и {b.label()} ({b.file}): один номер, разные даты",
                            (a.id, b.id)))

    # -- references
    def _resolve(self, citing: Node, ref: ReferenceRecord, key: ActKey, graph: ChainGraph, idx: NodeIndex):
        found = match(key, citing.key, idx, self.rules)
        if len(found.nodes) > 1:
            graph.unresolved.append(Issue(
                "ambiguous", f"{citing.file}: ссылка подходит к {len(found.nodes)} актам (правило {found.rule})",
                (citing.id,) + tuple(n.id for n in found.nodes), ref.evidence))
            return None, None
        if found.nodes:
            target = found.nodes[0]
            if target is citing:
                graph.conflicts.append(Issue("self_citation", f"{citing.file} ссылается сам на себя", (citing.id,), ref.evidence))
                return None, None
            self._check_reference(citing, ref, key, target, graph)
            if not target.is_document:
                self._enrich(target, ref.act, idx)
            return target, found.rule
        if not (key.number or key.title or (key.date and key.type and key.issuer)):
            graph.unresolved.append(Issue(
                "unidentified", f"{citing.file}: в ссылке нет ни номера, ни даты с издателем, ни заголовка",
                (citing.id,), ref.evidence))
            return None, None
        self._report_date_clash(citing, ref, key, graph, idx)
        node = Node(_hash_id("act-", sorted(key.type), sorted(key.issuer), key.date, key.number, sorted(key.title)),
                    ref.act, key, infer_level(key))
        graph.nodes[node.id] = node
        idx.add(node)
        if node.key.date and citing.key.date and node.key.date > citing.key.date:
            self._later(citing, node, ref, graph)
        return node, "new_act"

    def _check_reference(self, citing: Node, ref: ReferenceRecord, key: ActKey, target: Node, graph: ChainGraph) -> None:
        if target.is_document and titles_differ(target.key.title, key.title):
            graph.conflicts.append(Issue(
                "cited_title_differs", f"{citing.file} цитирует {target.label()} с другим заголовком",
                (citing.id, target.id), ref.evidence))
        if target.key.date and citing.key.date and target.key.date > citing.key.date:
            self._later(citing, target, ref, graph)

    def _later(self, citing: Node, target: Node, ref: ReferenceRecord, graph: ChainGraph) -> None:
        graph.conflicts.append(Issue(
            "cites_later_act", f"{citing.file} ({citing.key.date}) ссылается на акт от {target.key.date}",
            (citing.id, target.id), ref.evidence))

    def _report_date_clash(self, citing: Node, ref: ReferenceRecord, key: ActKey, graph: ChainGraph, idx: NodeIndex) -> None:
        """A citation of a known act's type, issuer and number with another date of the same year."""
        if not (key.number and key.date and key.type and key.issuer):
            return
        for n in idx.numbered(key.number):
            if (n.is_document and n.key.date and n.key.date != key.date and n.key.date[:4] == key.date[:4]
                    and types_compatible(n.key.type, key.type) and issuers_same(n.key.issuer, key.issuer)):
                graph.conflicts.append(Issue(
                    "cited_date_differs", f"{citing.file} цитирует № {ref.act.number} от {key.date}, "
                    f"а документ {n.file} датирован {n.key.date}", (citing.id, n.id), ref.evidence))

    def _enrich(self, node: Node, act: ActFields, idx: NodeIndex) -> None:
        """An external act learns what a later citation adds (a title, the issuer, the date)."""
        filled = {k: v for k, v in vars(act).items() if v and not getattr(node.act, k)}
        if not filled:
            return
        node.act = replace(node.act, **filled)
        node.key = self.key(node.act)
        node.level = node.level or infer_level(node.key)
        idx.add(node)

    # -- cycles
    def _report_cycles(self, graph: ChainGraph) -> None:
        import networkx as nx

        g = graph.digraph()
        for component in nx.strongly_connected_components(g):
            if len(component) > 1:
                ids = tuple(sorted(component))
                names = ", ".join(graph.nodes[i].file or graph.nodes[i].label() for i in ids)
                graph.conflicts.append(Issue("cycle", f"цикл ссылок: {names}", ids))
