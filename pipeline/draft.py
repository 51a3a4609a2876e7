"""Draft implementing acts: from a superior act to a .docx a clerk can sign.

Stages: :func:`plan_draft` turns the superior act's extraction (the contract's JSON) and
the organisation's profile (``ORG.toml``) into a :class:`DraftPlan` — preamble, clauses
with executors in the dative and internal deadlines, control in the accusative, and the
problems found; a jinja2 template of ``templates/`` (one per act type) words and lays it
out in a small line markup (see :mod:`pipeline.layout`), which becomes the .docx and the
Markdown preview.  Every inflected word comes from pymorphy3.

What the chain of acts knows of the superior act (:class:`pipeline.chain.views.KnownAct`:
its other copies in the store, citations of it) completes its requisites — a missing
type or title, an issuer written short — and names the acts it implements or rests on,
which the order's preamble cites after it ("..., в соответствии с Федеральным законом ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import tomllib

from extractors.morph import capitalize_first, inflect_phrase
from extractors.names import inflect_person, parse_person
from pipeline.errors import DraftError, TemplateError

if TYPE_CHECKING:
    from pipeline.chain.views import KnownAct

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SAMPLE_ORG = TEMPLATES / "org.sample.toml"

# The verb of the dispositive part, by act type (ГОСТ Р 7.0.97-2025: the order of the head)
DISPOSITIVE = {"приказ": "приказываю", "распоряжение": "обязываю", "письмо": None}
# How the preamble cites a superior act: "Во исполнение распоряжения ...", "В соответствии с письмом ..."
CITATION = {
    "письмо": ("В соответствии с", "ablt"),
    "default": ("Во исполнение", "gent"),
}
# How the acts the superior one implements or rests on follow it in the preamble
BASIS = ("в соответствии с", "ablt")
BASIS_RELATIONS = ("implements", "basis")
# a law's name is capitalised in a citation: "Федеральным законом", "Законом Херсонской области"
_CAPITALISED_TYPE = re.compile(r"\bзакон\b")


@dataclass
class Unit:
    name: str
    head_position: str
    head_name: str
    topics: list[str] = field(default_factory=list)  # words of actions this unit carries out


@dataclass
class OrgProfile:
    full_name: str
    short_name: str
    act_type: str
    place: str | None
    head_position: str
    head_name: str
    addressed_as: list[str]  # how superior acts name this organisation ("руководители ОО", ...)
    lead_time: int  # working days kept in reserve before a superior deadline
    controller_position: str | None
    controller_name: str | None
    executor_name: str | None
    executor_phone: str | None
    units: list[Unit]

    @classmethod
    def load(cls, path: str | Path) -> OrgProfile:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DraftError(f"нет файла описания организации {path}; создайте его: ordex draft --org-init {path}") from None
        except tomllib.TOMLDecodeError as exc:
            raise DraftError(f"{path}: ошибка в формате TOML: {exc}") from None
        org = data.get("organisation", {})
        head = data.get("head", {})
        missing = [k for k, v in (("organisation.full_name", org.get("full_name")),
                                  ("head.position", head.get("position")),
                                  ("head.name", head.get("name"))) if not v]
        if missing:
            raise DraftError(f"{path}: не заполнены обязательные поля: {', '.join(missing)}")
        ctrl = data.get("controller", {})
        ex = data.get("executor", {})
        return cls(
            full_name=org["full_name"],
            short_name=org.get("short_name") or org["full_name"],
            act_type=org.get("act_type", "приказ"),
            place=org.get("place"),
            head_position=head["position"],
            head_name=head["name"],
            addressed_as=list(org.get("addressed_as", [])),
            lead_time=int(org.get("lead_time_working_days", 2)),
            controller_position=ctrl.get("position"),
            controller_name=ctrl.get("name"),
            executor_name=ex.get("name"),
            executor_phone=ex.get("phone"),
            units=[Unit(u["name"], u["head_position"], u["head_name"], list(u.get("topics", [])))
                   for u in data.get("units", [])],
        )


@dataclass
class DraftClause:
    number: str
    executor_dative: str | None
    action: str
    deadline: str | None
    source_clause: str | None


@dataclass
class DraftPlan:
    act_type: str
    org: OrgProfile
    superior: dict
    title: str
    preamble: str
    dispositive: str | None
    clauses: list[DraftClause]
    control: str | None
    signature_position: str
    signature_name: str
    executor_line: str | None
    problems: list[str]
    today: date
    basis: list[str] = field(default_factory=list)  # the superior act's own superiors, in the instrumental case

    @property
    def act_type_genitive(self) -> str:
        return _phrase_case(self.act_type, "gent")

    @property
    def preamble_with_basis(self) -> str:
        """"Во исполнение приказа ..., в соответствии с Федеральным законом ..., распоряжением ..."."""
        if not self.basis:
            return self.preamble
        lead, _ = BASIS
        joiner = ", " if self.preamble.lower().startswith(lead) else f", {lead} "
        return self.preamble + joiner + ", ".join(self.basis)


# --- morphology helpers --------------------------------------------------------------
def _phrase_case(phrase: str, case: str) -> str:
    """A nominative phrase (possibly ending in a person's name) in ``case``."""
    return inflect_phrase(phrase, "nomn", case)


def _person_case(position: str | None, name: str | None, case: str) -> str:
    parts = []
    if position:
        parts.append(_phrase_case(position, case))
    if name:
        person = parse_person(name)
        short = person.short() if person else name
        gender = person.gender if person else None
        parts.append(inflect_person(short, case, gender))
    return " ".join(parts)


def cite_act(act: dict, case: str) -> str:
    """"распоряжения Губернатора Херсонской области от 21.01.2026 № 18-р «О ...»"."""
    type_ = act.get("type") or "документ"
    words = [_phrase_case(type_, case)]
    if _CAPITALISED_TYPE.search(type_):
        words[0] = capitalize_first(words[0])
    if act.get("issuer"):
        words.append(_phrase_case(act["issuer"], "gent"))
    if act.get("date"):
        words.append("от " + date.fromisoformat(act["date"]).strftime("%d.%m.%Y"))
    if act.get("number"):
        words.append(f"№ {act['number']}")
    if act.get("title"):
        words.append(f"«{act['title']}»")
    return " ".join(words)


# --- what the chain adds ------------------------------------------------------------------
def _words(text: str) -> int:
    return len(text.split())


def fuller_requisites(doc: dict, known: KnownAct) -> dict:
    """The superior act's requisites completed from what the chain knows of the same act.

    A missing type, issuer or title is taken from its documents, then its citations; an
    issuer is replaced by a longer name that contains all its words (abbreviations
    expanded): "Минпросвещения России" → "Министерство просвещения Российской Федерации".
    The act's own number and date stay: they are what it was matched by.
    """
    from pipeline.chain import normaliser

    norm = normaliser()
    out = dict(doc)
    for version in known.versions:
        for name in ("type", "title"):
            if not out.get(name) and getattr(version, name):
                out[name] = getattr(version, name)
        own, other = out.get("issuer"), version.issuer
        if other and (not own or (_words(other) > _words(own) and norm.lemmas(own) <= norm.lemmas(other))):
            out["issuer"] = other
    return out


def _citable(act) -> bool:
    """A citation a clerk can sign: the type, the issuer (a law names none: its type
    says it) and either the date with the number or the title."""
    return bool(
        act.type
        and (act.issuer or _CAPITALISED_TYPE.search(act.type))
        and ((act.date and act.number) or act.title)
    )


def basis_citations(known: KnownAct) -> list[str]:
    """The acts the superior one implements or rests on, top level first, in the
    instrumental case of "в соответствии с"."""
    from pipeline.chain.levels import RANK

    acts = [n for n, relation in known.superiors if relation in BASIS_RELATIONS and _citable(n.act)]
    acts.sort(key=lambda n: (RANK.get(n.level, len(RANK)), n.act.date or "", n.id))
    _, case = BASIS
    return list(dict.fromkeys(cite_act(vars(n.act), case) for n in acts))


# --- planning -------------------------------------------------------------------------
def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[а-яёa-z0-9]{3,}", text.lower().replace("ё", "е"))}


def _addressed_to(obligation: dict, org: OrgProfile) -> bool:
    if not org.addressed_as:
        return True
    executors = obligation.get("executors") or []
    if not executors:
        return True  # nobody named: the organisation acting on the act does it
    for ex in executors:
        ex_stems = _stems(ex)
        for alias in org.addressed_as:
            a = _stems(alias)
            if a and len(a & ex_stems) / len(a) >= 0.6:
                return True
    return False


def _unit_for(action: str, org: OrgProfile) -> Unit | None:
    best, score = None, 0
    action_stems = _stems(action)
    for unit in org.units:
        s = len(_stems(" ".join(unit.topics)) & action_stems)
        if s > score:
            best, score = unit, s
    return best or (org.units[0] if org.units else None)


def working_days_before(day: date, n: int) -> date:
    """The n-th working day before ``day`` (production calendar)."""
    from extractors.production_calendar import is_working_day

    while n > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def _deadline_phrase(dl: dict, org: OrgProfile, today: date, problems: list[str], clause: str) -> str | None:
    kind = dl.get("kind", "none")
    if kind == "date" and dl.get("date"):
        superior = date.fromisoformat(dl["date"])
        internal = working_days_before(superior, org.lead_time)
        if superior < today:
            problems.append(f"п. {clause}: срок вышестоящего акта {superior:%d.%m.%Y} уже прошёл")
            return f"незамедлительно [ПРОВЕРИТЬ: срок {superior:%d.%m.%Y} прошёл]"
        if internal < today:
            problems.append(
                f"п. {clause}: до срока {superior:%d.%m.%Y} меньше {org.lead_time} рабочих дней — внутренний срок совпадает с ним"
            )
            internal = superior
        return f"в срок до {internal:%d.%m.%Y}"
    if kind == "permanent":
        return "постоянно"
    if kind == "immediate":
        return "незамедлительно"
    if kind in ("relative", "periodic", "event") and dl.get("text"):
        return dl["text"]
    return None


def _action_as_infinitive(action: str) -> str:
    """A clause keeps its verb ("в случае ... обеспечить ..."); a plan-table item is a noun
    ("Регистрация сотрудников") and becomes "обеспечить регистрацию сотрудников"."""
    from extractors.morph import parses

    if not action.strip():
        return action
    lowered = action[0].lower() + action[1:]
    words = re.findall(r"[А-Яа-яЁё]+", lowered)
    if any(p.tag.POS == "INFN" for w in words for p in parses(w.lower())[:1]):
        return lowered
    return "обеспечить " + _phrase_case(lowered, "accs")


def plan_draft(
    superior: dict,
    org: OrgProfile,
    act_type: str | None = None,
    today: date | None = None,
    known: KnownAct | None = None,
) -> DraftPlan:
    """``known``: what the chain of acts knows of the superior act (see :func:`fuller_requisites`)."""
    today = today or date.today()
    act_type = act_type or org.act_type
    doc = superior.get("document") or {}
    if known is not None:
        doc = fuller_requisites(doc, known)
    if not doc.get("type"):
        raise DraftError("в исходном документе не определён вид акта: черновик не на что сослаться")
    problems: list[str] = []
    lead, case = CITATION.get(doc["type"], CITATION["default"])
    citation = cite_act(doc, case)
    preamble = f"{lead} {citation}"
    title = ("Об исполнении " if doc["type"] != "письмо" else "О реализации ") + cite_act(
        {k: doc.get(k) for k in ("type", "issuer", "date", "number")}, "gent"
    )
    obligations = [o for o in superior.get("obligations", []) if _addressed_to(o, org)]
    if not obligations:
        problems.append(
            "в исходном акте нет поручений, адресованных организации (см. addressed_as в ORG.toml): "
            "пункты нужно сформулировать вручную"
        )
    clauses = []
    for i, ob in enumerate(obligations, 1):
        unit = _unit_for(ob.get("action", ""), org)
        executor = (
            capitalize_first(_person_case(unit.head_position, unit.head_name, "datv")) if unit else None
        )
        if unit is None:
            problems.append(f"п. {i}: в ORG.toml нет подразделений (units): исполнитель не назначен")
        deadline = _deadline_phrase(ob.get("deadline") or {}, org, today, problems, str(i))
        action = _action_as_infinitive(ob.get("action", "").strip().rstrip(".;"))
        clauses.append(DraftClause(str(i), executor, action, deadline, ob.get("clause")))
    control = None
    if org.controller_position or org.controller_name:
        control = _person_case(org.controller_position, org.controller_name, "accs")
    else:
        problems.append("в ORG.toml не указан контролирующий (controller): контроль оставлен за руководителем")
    return DraftPlan(
        act_type=act_type,
        org=org,
        superior=doc,
        title=title,
        preamble=preamble,
        dispositive=DISPOSITIVE.get(act_type, "приказываю"),
        clauses=clauses,
        control=control,
        signature_position=org.head_position,
        signature_name=_signature_name(org.head_name),
        executor_line=", ".join(x for x in (org.executor_name, org.executor_phone) if x) or None,
        problems=problems,
        today=today,
        basis=basis_citations(known) if known is not None else [],
    )


def _signature_name(full: str) -> str:
    """"Иванова Мария Петровна" → "М.П. Иванова" (initials before the surname in a signature)."""
    p = parse_person(full)
    if p is None:
        return full
    ini = p.initials or "".join(f"{w[0]}." for w in (p.first, p.patronymic) if w)
    return f"{ini} {p.surname}".strip()


# --- rendering --------------------------------------------------------------------------
def template_for(act_type: str, reply: bool = False) -> str:
    name = "письмо-отчет.md.j2" if reply else f"{act_type}.md.j2"
    if not (TEMPLATES / name).exists():
        known = sorted(p.name.removesuffix(".md.j2") for p in TEMPLATES.glob("*.md.j2") if not p.name.startswith("_"))
        raise DraftError(f"нет шаблона для вида «{act_type}»; есть: {', '.join(known)}")
    return name


def render_markup(plan: DraftPlan, template: str) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is our line markup, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["sentence"] = lambda text: text if text.rstrip().endswith((".", "!", "?")) else text.rstrip() + "."
    try:
        return env.get_template(template).render(plan=plan, org=plan.org, superior=plan.superior)
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise TemplateError(f"шаблон {template}{f', строка {line}' if line else ''}: {exc}") from exc
