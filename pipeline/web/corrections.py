"""A correction: the sections a clerk changed, checked against the contract, merged into
the latest version.  A value keeps its span unless the clerk picks new words in the source."""

from __future__ import annotations

import copy
import re

from pipeline.web.workspace import STATES

REQUISITES = ("type", "number", "date", "place", "issuer", "title", "addressee")
DEADLINE_KINDS = ("date", "relative", "periodic", "permanent", "immediate", "event", "none")
MODALITIES = ("mandatory", "recommended", "requested")
RELATIONS = ("implements", "basis", "mentions")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CorrectionError(ValueError):
    pass


def _text(value, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise CorrectionError(f"{where}: ожидался текст")
    value = value.strip()
    return value or None


def _date(value, where: str) -> str | None:
    value = _text(value, where)
    if value is not None and not _ISO.match(value):
        raise CorrectionError(f"{where}: дата «{value}» не понята, пишите ГГГГ-ММ-ДД")
    return value


def _span(value, text_len: int, where: str) -> dict | None:
    if value is None:
        return None
    try:
        start, stop = int(value["start"]), int(value["stop"])
    except (KeyError, TypeError, ValueError):
        raise CorrectionError(f"{where}: место в тексте задано неверно") from None
    if not 0 <= start <= stop <= text_len:
        raise CorrectionError(f"{where}: место в тексте вне документа")
    return {k: v for k, v in value.items() if k in ("start", "stop", "text", "paragraph", "page")}


def _document(new: dict, old: dict, n: int) -> dict:
    out = copy.deepcopy(old)
    for key in REQUISITES:
        if key in new:
            out[key] = _date(new[key], "дата документа") if key == "date" else _text(new[key], key)
    for key in ("signatory", "contact"):
        if key in new:
            part = new[key] or {}
            out[key] = {k: _text(part.get(k), f"{key}.{k}") for k in (("position", "name") if key == "signatory" else ("name", "phone"))}
    if "spans" in new:
        out["spans"] = {k: s for k, v in (new["spans"] or {}).items() if (s := _span(v, n, f"место «{k}»"))}
    return out


def _reference(r: dict, i: int, n: int) -> dict:
    where = f"ссылка {i + 1}"
    relation = r.get("relation") or "mentions"
    if relation not in RELATIONS:
        raise CorrectionError(f"{where}: вид связи «{relation}» неизвестен")
    out = {k: _text(r.get(k), where) for k in ("type", "issuer", "number", "title")}
    out.update(date=_date(r.get("date"), f"{where}, дата"), relation=relation)
    if r.get("span"):
        out["span"] = _span(r["span"], n, where)
    return out


def _obligation(o: dict, i: int, n: int) -> dict:
    where = f"поручение {i + 1}"
    modality = o.get("modality") or "mandatory"
    if modality not in MODALITIES:
        raise CorrectionError(f"{where}: модальность «{modality}» неизвестна")
    executors = o.get("executors") or []
    if not isinstance(executors, list):
        raise CorrectionError(f"{where}: исполнители — список")
    dl = o.get("deadline") or {"kind": "none", "text": None}
    kind = dl.get("kind") or "none"
    if kind not in DEADLINE_KINDS:
        raise CorrectionError(f"{where}: вид срока «{kind}» неизвестен")
    deadline = {**{k: v for k, v in dl.items() if k not in ("kind", "text", "date", "span")},
                "kind": kind, "text": _text(dl.get("text"), f"{where}, срок")}
    if dl.get("date") or kind == "date":
        deadline["date"] = _date(dl.get("date"), f"{where}, срок")
        if kind == "date" and not deadline["date"]:
            raise CorrectionError(f"{where}: у срока-даты нет даты")
    if dl.get("span"):
        deadline["span"] = _span(dl["span"], n, f"{where}, срок")
    action = _text(o.get("action"), where)
    if not action:
        raise CorrectionError(f"{where}: не указано действие")
    out = {"clause": _text(o.get("clause"), where), "source": o.get("source") or "text",
           "executors": [e for e in (_text(x, where) for x in executors) if e], "action": action,
           "modality": modality, "deadline": deadline}
    for key in ("span", "action_span"):
        if o.get(key):
            out[key] = _span(o[key], n, where)
    if o.get("executor_spans"):
        out["executor_spans"] = [_span(s, n, where) for s in o["executor_spans"]]
    return out


def apply_correction(data: dict, body: dict) -> tuple[dict, str | None]:
    """The new version's data and the document's new state (None: unchanged)."""
    if not isinstance(body, dict):
        raise CorrectionError("исправление — объект JSON с разделами document, references, obligations, control")
    n = len((data.get("layout") or {}).get("text") or "")
    out = copy.deepcopy(data)
    if "document" in body:
        out["document"] = _document(body["document"] or {}, data.get("document") or {}, n)
    if "references" in body:
        out["references"] = [_reference(r, i, n) for i, r in enumerate(body["references"] or [])]
    if "obligations" in body:
        out["obligations"] = [_obligation(o, i, n) for i, o in enumerate(body["obligations"] or [])]
    if "control" in body:
        c = body["control"]
        out["control"] = None if not c else {
            **{k: _text(c.get(k), "контроль") for k in ("name", "position", "text")},
            **({"span": _span(c["span"], n, "контроль")} if c.get("span") else {})}
    state = body.get("state")
    if state is not None and state not in STATES:
        raise CorrectionError(f"состояние «{state}» неизвестно: {', '.join(STATES)}")
    return out, state
