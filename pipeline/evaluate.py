"""Scoring of extraction outputs against gold files (../shared/spec/EVALUATION.md).

Gold and predicted records are paired by file stem.  A gold value that is ``null`` is not
scored.  Text is compared through *stems* — the first five characters of every word of
three or more letters or digits, lower case, ё = е — so case endings are forgiven and
content is not.

The public API: :func:`stems`, :func:`overlap`, :func:`dice`, the field comparators, and
:func:`evaluate_dirs` / :func:`evaluate_pairs` which return an :class:`Evaluation` with
per-document scores, the micro-averaged headline figures and the misses (``details``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# --- text comparison ----------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
STEM_LENGTH = 5
MIN_WORD_LENGTH = 3


def stems(text: str | None) -> set[str]:
    """Stems of the words of ``text``.

    >>> sorted(stems("Обеспечить переход на 100 процентов"))
    ['100', 'обесп', 'перех', 'проце']
    """
    if not text:
        return set()
    words = _WORD.findall(text.lower().replace("ё", "е"))
    return {w[:STEM_LENGTH] for w in words if len(w) >= MIN_WORD_LENGTH}


def _plain(text: str) -> str:
    return " ".join(_WORD.findall(text.lower().replace("ё", "е")))


def overlap(a: str | None, b: str | None) -> float:
    sa, sb = stems(a), stems(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def dice(a: str | None, b: str | None) -> float:
    sa, sb = stems(a), stems(b)
    if not sa and not sb:  # only short words ("Ош"): compare them as written
        return float(a is not None and b is not None and _plain(a) == _plain(b) != "")
    return 2 * len(sa & sb) / (len(sa) + len(sb))


# Latin letters that look like Cyrillic ones in registration numbers ("3P" = "3Р")
_LATIN_LOOKALIKES = str.maketrans(
    {"a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м",
     "o": "о", "p": "р", "t": "т", "x": "х", "y": "у"}
)


def normalise_number(number: str | None) -> str | None:
    """A registration number as compared: no "№", spaces or dots, Cyrillic, lower case.

    >>> normalise_number("№ 3P"), normalise_number("06-15872/10.18")
    ('3р', '06-15872/1018')
    """
    if number is None:
        return None
    out = re.sub(r"[№\s.]", "", str(number)).lower().translate(_LATIN_LOOKALIKES)
    return out.replace("ё", "е")


_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.?$", re.IGNORECASE)
# a patronymic of a name written in full: Валерьевна, Андреевич, Ильинична, Кузьмич
_PATRONYMIC = re.compile(r"(?:вна|вич|ична|ьич|мич)$", re.IGNORECASE)


def surname(name: str | None) -> str | None:
    """The surname of a person's name: its longest word that is neither an initial nor a
    patronymic (so "Имя Отчество Фамилия" and "Фамилия Имя Отчество" both work).

    >>> surname("А.А. Григорьев"), surname("Богомолов Д.И."), surname("Ануфриева Юлия Валерьевна")
    ('григорьев', 'богомолов', 'ануфриева')
    >>> surname("Цой Виктор Николаевич"), surname("Марина Сергеевна Ли")
    ('цой', 'ли')
    """
    if not name:
        return None
    words = [w for w in re.split(r"[\s.]+", name) if w and not _INITIAL.match(w)]
    words = [w for w in words if re.search(r"[^\W\d_]{2,}", w)]
    patronymic = next((i for i, w in enumerate(words) if _PATRONYMIC.search(w)), None)
    if patronymic is not None and patronymic >= 1 and len(words) >= 3:
        # the first name stands before the patronymic; the surname is the other word
        # ("Цой Виктор Николаевич", "Виктор Николаевич Цой")
        words = [w for i, w in enumerate(words) if i not in (patronymic - 1, patronymic)] or words
    else:
        words = [w for w in words if not _PATRONYMIC.search(w)] or words
    if not words:
        return None
    return max(words, key=len).lower().replace("ё", "е")


def _clause_key(clause: str | None) -> str | None:
    if clause is None:
        return None
    key = re.sub(r"[\s.]", "", clause).lower()
    return key or None


# --- document fields -------------------------------------------------------------------

def _same_stems(g, p) -> bool:
    return p is not None and stems(g) == stems(p)


def _same_number(g, p) -> bool:
    return p is not None and normalise_number(g) == normalise_number(p)


def _equal(g, p) -> bool:
    return g == p


def _dice_at_least(threshold: float) -> Callable[[object, object], bool]:
    return lambda g, p: p is not None and dice(g, p) >= threshold


def _same_set(g, p) -> bool:
    return p is not None and set(g) == set(p)


def _same_surname(g, p) -> bool:
    return p is not None and surname(g) is not None and surname(g) == surname(p)


# (name, path into the ``document`` object, comparison) — one row per scored field
DOCUMENT_FIELDS: list[tuple[str, tuple[str, ...], Callable[[object, object], bool]]] = [
    ("type", ("type",), _same_stems),
    ("number", ("number",), _same_number),
    ("date", ("date",), _equal),
    ("place", ("place",), _dice_at_least(0.7)),
    ("issuer", ("issuer",), _dice_at_least(0.7)),
    ("title", ("title",), _dice_at_least(0.7)),
    ("header_languages", ("header_languages",), _same_set),
    ("addressee", ("addressee",), _dice_at_least(0.7)),
    ("signatory.position", ("signatory", "position"), _dice_at_least(0.7)),
    ("signatory.name", ("signatory", "name"), _same_surname),
]


def _get(obj, path: tuple[str, ...]):
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


# --- scores ----------------------------------------------------------------------------

@dataclass
class Ratio:
    """right / total, with ``None`` when nothing was scored."""

    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    def merge(self, other: Ratio) -> None:
        self.right += other.right
        self.total += other.total

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class PRF:
    """Counts of a set comparison: true positives, predicted, gold."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def merge(self, other: PRF) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float | None:
        return self.tp / self.predicted if self.predicted else (None if not self.gold else 0.0)

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        if not self.gold and not self.predicted:
            return None  # nothing to find and nothing found: not scored
        p, r = self.tp / self.predicted if self.predicted else 0.0, self.tp / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        return {"tp": self.tp, "predicted": self.predicted, "gold": self.gold,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class DocScore:
    stem: str
    fields: Ratio = field(default_factory=Ratio)
    references: PRF = field(default_factory=PRF)
    obligations: PRF = field(default_factory=PRF)
    executors: Ratio = field(default_factory=Ratio)
    deadlines: Ratio = field(default_factory=Ratio)
    modality: Ratio = field(default_factory=Ratio)
    control: Ratio = field(default_factory=Ratio)
    misses: list[dict] = field(default_factory=list)
    missing_prediction: bool = False

    def miss(self, kind: str, **info) -> None:
        self.misses.append({"kind": kind, **info})

    def figures(self) -> dict[str, float | None]:
        return _figures(self)


HEADLINE = ("fields", "references_f1", "obligations_f1", "executors", "deadlines", "control")


def _figures(s: DocScore) -> dict[str, float | None]:
    def of_matched(r: Ratio) -> float | None:
        # gold obligations of which none was found: their executors are not found either
        return 0.0 if r.total == 0 and s.obligations.gold else r.value

    out = {
        "fields": s.fields.value,
        "references_f1": s.references.f1,
        "obligations_f1": s.obligations.f1,
        "executors": of_matched(s.executors),
        "deadlines": of_matched(s.deadlines),
        "control": s.control.value,
        "obligations_p": s.obligations.precision,
        "obligations_r": s.obligations.recall,
        "modality": of_matched(s.modality),
    }
    scored = [out[k] for k in HEADLINE if out[k] is not None]
    out["overall"] = sum(scored) / len(scored) if scored else None
    return out


# --- the comparisons ------------------------------------------------------------------

def score_document_fields(gold: dict, pred: dict, s: DocScore) -> None:
    g_doc, p_doc = gold.get("document") or {}, pred.get("document") or {}
    for name, path, same in DOCUMENT_FIELDS:
        g = _get(g_doc, path)
        if g is None:
            continue
        p = _get(p_doc, path)
        ok = same(g, p)
        s.fields.add(ok)
        if not ok:
            s.miss("field", field=name, gold=g, predicted=p)


def reference_key(ref: dict) -> tuple[str | None, str | None] | None:
    """(date, normalised number) of a cited act; None when it has neither."""
    date, number = ref.get("date"), normalise_number(ref.get("number"))
    return None if date is None and not number else (date, number or None)


def score_references(gold: dict, pred: dict, s: DocScore) -> None:
    g_keys = {k for r in gold.get("references") or [] if (k := reference_key(r))}
    p_keys = {k for r in pred.get("references") or [] if (k := reference_key(r))}
    s.references.merge(PRF(len(g_keys & p_keys), len(p_keys), len(g_keys)))
    for k in sorted(g_keys - p_keys, key=str):
        s.miss("reference_missed", date=k[0], number=k[1])
    for k in sorted(p_keys - g_keys, key=str):
        s.miss("reference_false", date=k[0], number=k[1])


MATCH_THRESHOLD = 0.5
SAME_CLAUSE_BONUS = 0.15
EXECUTOR_OVERLAP = 0.6


def match_score(g: dict, p: dict) -> float:
    """overlap of the actions, +0.15 when both state the same clause number."""
    bonus = 0.0
    gc, pc = _clause_key(g.get("clause")), _clause_key(p.get("clause"))
    if gc is not None and gc == pc:
        bonus = SAME_CLAUSE_BONUS
    return overlap(g.get("action"), p.get("action")) + bonus


def match_obligations(gold: list[dict], pred: list[dict]) -> list[tuple[int, int, float]]:
    """One-to-one greedy matching: best-scoring pairs first, each side used once."""
    pairs = sorted(
        ((match_score(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for score, i, j in pairs:
        if score < MATCH_THRESHOLD:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j, score))
    return sorted(out)


def executors_right(gold: list[str], pred: list[str]) -> bool:
    return all(any(overlap(g, p) >= EXECUTOR_OVERLAP for p in pred) for g in gold)


def deadline_right(gold: dict, pred: dict | None) -> bool:
    pred = pred or {"kind": "none"}
    if gold.get("kind") != pred.get("kind"):
        return False
    if gold["kind"] == "date":
        return gold.get("date") == pred.get("date")
    if gold["kind"] == "relative":
        return gold.get("amount") == pred.get("amount") and gold.get("unit") == pred.get("unit")
    return True


def _brief(o: dict) -> dict:
    return {"clause": o.get("clause"), "action": o.get("action")}


def score_obligations(gold: dict, pred: dict, s: DocScore) -> None:
    g_obs, p_obs = gold.get("obligations"), pred.get("obligations") or []
    if g_obs is None:
        return
    matches = match_obligations(g_obs, p_obs)
    s.obligations.merge(PRF(len(matches), len(p_obs), len(g_obs)))
    matched_g = {i for i, _, _ in matches}
    matched_p = {j for _, j, _ in matches}
    for i, g in enumerate(g_obs):
        if i not in matched_g:
            s.miss("obligation_missed", **_brief(g))
    for j, p in enumerate(p_obs):
        if j not in matched_p:
            s.miss("obligation_false", **_brief(p))
    for i, j, _ in matches:
        g, p = g_obs[i], p_obs[j]
        where = {"clause": g.get("clause"), "predicted_clause": p.get("clause")}
        if g.get("executors") is not None:
            ok = executors_right(g["executors"], p.get("executors") or [])
            s.executors.add(ok)
            if not ok:
                s.miss("executors", **where, gold=g["executors"], predicted=p.get("executors"))
        if g.get("deadline") is not None:
            ok = deadline_right(g["deadline"], p.get("deadline"))
            s.deadlines.add(ok)
            if not ok:
                s.miss("deadline", **where, gold=g["deadline"], predicted=_deadline_brief(p.get("deadline")))
        if g.get("modality") is not None:
            ok = g["modality"] == p.get("modality")
            s.modality.add(ok)
            if not ok:
                s.miss("modality", **where, gold=g["modality"], predicted=p.get("modality"))


def _deadline_brief(d: dict | None) -> dict | None:
    if d is None:
        return None
    return {k: v for k, v in d.items() if k in ("kind", "text", "date", "amount", "unit", "frequency", "event")}


def score_control(gold: dict, pred: dict, s: DocScore) -> None:
    g = gold.get("control")
    if g is None:
        return
    p = pred.get("control") or {}
    if g.get("name") is not None:
        ok = _same_surname(g["name"], p.get("name"))
        what = "name"
    elif g.get("position") is not None:
        ok = dice(g["position"], p.get("position")) >= 0.6
        what = "position"
    else:
        return
    s.control.add(ok)
    if not ok:
        s.miss("control", field=what, gold=g.get(what), predicted=p.get(what) if p else None)


SCORERS = [score_document_fields, score_references, score_obligations, score_control]


def score_pair(stem: str, gold: dict, pred: dict | None) -> DocScore:
    s = DocScore(stem, missing_prediction=pred is None)
    for scorer in SCORERS:
        scorer(gold, pred or {}, s)
    return s


# --- chains ---------------------------------------------------------------------------

def chain_edges(chain: dict) -> set[tuple[str, str]]:
    """(subordinate file, superior file) edges between documents of the batch.

    Edge ends are node ids resolved to the node's ``file``; an end that is no node id is
    taken as a file stem itself (a gold chain may list edges between stems directly).
    """
    files = {n.get("id"): n.get("file") for n in chain.get("nodes") or []}
    out = set()
    for e in chain.get("edges") or []:
        a, b = (files.get(end, end) for end in (e.get("from"), e.get("to")))
        if a and b:
            out.add((a, b))
    return out


# --- the whole evaluation ------------------------------------------------------------

@dataclass
class Evaluation:
    documents: list[DocScore]
    chain: PRF | None = None
    chain_misses: list[dict] = field(default_factory=list)
    unpaired_predictions: list[str] = field(default_factory=list)

    def total(self) -> DocScore:
        t = DocScore("overall")
        for d in self.documents:
            t.fields.merge(d.fields)
            t.references.merge(d.references)
            t.obligations.merge(d.obligations)
            t.executors.merge(d.executors)
            t.deadlines.merge(d.deadlines)
            t.modality.merge(d.modality)
            t.control.merge(d.control)
        return t

    def figures(self) -> dict[str, float | None]:
        out = self.total().figures()
        if self.chain is not None:
            out["chain_f1"] = self.chain.f1
        return out

    def to_json(self, *, details: bool = False) -> dict:
        def doc_json(d: DocScore) -> dict:
            out = {
                "figures": d.figures(),
                "counts": {
                    "fields": [d.fields.right, d.fields.total],
                    "references": d.references.to_json(),
                    "obligations": d.obligations.to_json(),
                    "executors": [d.executors.right, d.executors.total],
                    "deadlines": [d.deadlines.right, d.deadlines.total],
                    "modality": [d.modality.right, d.modality.total],
                    "control": [d.control.right, d.control.total],
                },
            }
            if d.missing_prediction:
                out["missing_prediction"] = True
            if details:
                out["misses"] = d.misses
            return out

        out = {
            "overall": doc_json(self.total()),
            "documents": {d.stem: doc_json(d) for d in self.documents},
        }
        if self.chain is not None:
            out["chain"] = self.chain.to_json()
            if details:
                out["chain_misses"] = self.chain_misses
        if self.unpaired_predictions:
            out["unpaired_predictions"] = self.unpaired_predictions
        return out


GOLD_CHAIN = "chain.json"


def evaluate_pairs(pairs: list[tuple[str, dict, dict | None]]) -> Evaluation:
    return Evaluation([score_pair(stem, g, p) for stem, g, p in pairs])


def evaluate_dirs(
    gold_dir: str | Path,
    pred_dir: str | Path,
    *,
    predicted_only: bool = False,
    gold_chain: str | Path | None = None,
) -> Evaluation:
    """Score every gold file of ``gold_dir`` against ``pred_dir/<stem>.json``.

    ``predicted_only``: score only the gold documents that have a prediction (one format of
    a set, e.g. the scans of a set whose gold covers all its documents); otherwise a gold
    document without a prediction scores zero.  ``gold_chain``: the gold chain.json when it
    is not ``gold_dir/chain.json``.
    """
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    gold_files = sorted(f for f in gold_dir.glob("*.json") if f.name != GOLD_CHAIN)
    pairs = []
    for f in gold_files:
        p = pred_dir / f.name
        if predicted_only and not p.exists():
            continue
        pairs.append((f.stem, _load(f), _load(p) if p.exists() else None))
    ev = evaluate_pairs(pairs)
    gold_stems = {f.stem for f in gold_files}
    ev.unpaired_predictions = sorted(
        f.stem for f in pred_dir.glob("*.json") if f.name != GOLD_CHAIN and f.stem not in gold_stems
    )
    gold_chain = Path(gold_chain) if gold_chain else gold_dir / GOLD_CHAIN
    if gold_chain.exists():
        g_edges = chain_edges(_load(gold_chain))
        if predicted_only:
            scored = {stem for stem, _, _ in pairs}
            g_edges = {(a, b) for a, b in g_edges if a in scored and b in scored}
        p_chain = pred_dir / GOLD_CHAIN
        p_edges = chain_edges(_load(p_chain)) if p_chain.exists() else set()
        ev.chain = PRF(len(g_edges & p_edges), len(p_edges), len(g_edges))
        ev.chain_misses = [{"kind": "edge_missed", "from": a, "to": b} for a, b in sorted(g_edges - p_edges)] + [
            {"kind": "edge_false", "from": a, "to": b} for a, b in sorted(p_edges - g_edges)
        ]
    return ev


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# --- the readable report --------------------------------------------------------------

COLUMNS = [
    ("поля", "fields"),
    ("ссылки F1", "references_f1"),
    ("пор. P", "obligations_p"),
    ("пор. R", "obligations_r"),
    ("пор. F1", "obligations_f1"),
    ("исполн.", "executors"),
    ("сроки", "deadlines"),
    ("модальн.", "modality"),
    ("контроль", "control"),
    ("итог", "overall"),
]


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{100 * v:.1f}"


def render_table(ev: Evaluation) -> str:
    rows = [(d.stem + (" (нет вывода)" if d.missing_prediction else ""), d.figures()) for d in ev.documents]
    rows.append(("ИТОГО", ev.total().figures()))
    width = max(len(r[0]) for r in rows)
    head = "документ".ljust(width) + "".join(f"{c:>10}" for c, _ in COLUMNS)
    lines = [head, "-" * len(head)]
    for i, (name, fig) in enumerate(rows):
        if i == len(rows) - 1:
            lines.append("-" * len(head))
        lines.append(name.ljust(width) + "".join(f"{_pct(fig[k]):>10}" for _, k in COLUMNS))
    if ev.chain is not None:
        c = ev.chain
        lines.append(
            f"цепочки (рёбра): P {_pct(c.precision)}  R {_pct(c.recall)}  F1 {_pct(c.f1)}  "
            f"({c.tp} верных, {c.predicted} найдено, {c.gold} в эталоне)"
        )
    if ev.unpaired_predictions:
        lines.append("без эталона (не оценены): " + ", ".join(ev.unpaired_predictions))
    return "\n".join(lines)


TOTALS_LABEL_WIDTH = 12


def render_totals(ev: Evaluation, label: str, *, header: bool = False) -> str:
    """One line of a set's totals under ``label`` (and the chain's F1), for a summary of sets."""
    fig = ev.total().figures()
    line = label.ljust(TOTALS_LABEL_WIDTH) + "".join(f"{_pct(fig[k]):>10}" for _, k in COLUMNS)
    if ev.chain is not None and ev.chain.gold:
        line += f"{_pct(ev.chain.f1):>12}"
    if not header:
        return line
    head = "набор".ljust(TOTALS_LABEL_WIDTH) + "".join(f"{c:>10}" for c, _ in COLUMNS) + f"{'цепочки F1':>12}"
    return head + "\n" + line


def render_details(ev: Evaluation) -> str:
    labels = {
        "field": "поле",
        "reference_missed": "ссылка пропущена",
        "reference_false": "лишняя ссылка",
        "obligation_missed": "поручение пропущено",
        "obligation_false": "лишнее поручение",
        "executors": "исполнители",
        "deadline": "срок",
        "modality": "модальность",
        "control": "контроль",
        "edge_missed": "ребро пропущено",
        "edge_false": "лишнее ребро",
    }
    out = []
    for d in ev.documents:
        if not d.misses:
            continue
        out.append(f"== {d.stem}")
        for m in d.misses:
            info = {k: v for k, v in m.items() if k != "kind"}
            out.append(f"  {labels.get(m['kind'], m['kind'])}: " + _describe(info))
    if ev.chain_misses:
        out.append("== chain")
        for m in ev.chain_misses:
            out.append(f"  {labels[m['kind']]}: {m['from']} → {m['to']}")
    return "\n".join(out)


def _describe(info: dict) -> str:
    parts = []
    for k, v in info.items():
        if v is None and k in ("predicted_clause",):
            continue
        parts.append(f"{k}={json.dumps(v, ensure_ascii=False)}")
    return "  ".join(parts)
