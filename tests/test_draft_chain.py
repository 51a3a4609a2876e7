"""Drafts completed by the chain of acts: the superior act's requisites as the store knows
them, and the acts it implements or rests on cited after it.  Every draft is written as
.docx by `ordex draft` and read back with python-docx."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from pipeline.chain import link_records
from pipeline.chain.records import ActFields, record_from_extraction
from pipeline.chain.views import KnownAct
from pipeline.cli import main
from pipeline.draft import cite_act, fuller_requisites
from pipeline.store import ActStore
from tests.test_chain_helpers import Cite, make_doc
from tests.test_chain_store import GOVERNOR_TXT, MINISTRY_TXT
from tests.test_draft import org_toml

LAW = Cite("Федерального закона от 24.06.2025 № 156-ФЗ «О создании многофункционального сервиса обмена информацией»",
           "федеральный закон", None, "2025-06-24", "156-ФЗ", "О создании многофункционального сервиса обмена информацией",
           relation="basis")
GOV = Cite("распоряжения Губернатора Херсонской области от 21.01.2026 № 18-р",
           "распоряжение", "Губернатор Херсонской области", "2026-01-21", "18-р")
GOV_TITLE = "О внедрении и использовании национального мессенджера"
MIN_ISSUER = "Министерство образования и науки Херсонской области"
OBLIGATION = {"clause": "1", "executors": ["Руководители образовательных организаций"],
              "action": "обеспечить переход на национальный мессенджер", "modality": "mandatory",
              "deadline": {"kind": "date", "date": "2026-12-15", "text": "до 15.12.2026"}}


def superior_json(tmp_path: Path, references=(), sha="superior-sha", **doc) -> Path:
    """The superior act as `ordex extract` wrote it (the contract's JSON)."""
    data = {
        "source": {"path": "min_89.pdf", "sha256": sha},
        "document": {"type": "приказ", "issuer": MIN_ISSUER, "date": "2026-03-25", "number": "89",
                     "title": "О переходе на национальный мессенджер"} | doc,
        "references": [{"type": c.type, "issuer": c.issuer, "date": c.date, "number": c.number,
                        "title": c.title, "relation": c.relation, "span": {"text": c.text}} for c in references],
        "obligations": [OBLIGATION],
    }
    path = tmp_path / "min_89.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def store_of(tmp_path: Path, *docs) -> Path:
    path = tmp_path / "acts.sqlite"
    with ActStore(path) as store:
        store.upsert_many(record_from_extraction(stem, ex) for stem, ex in docs)
    return path


def draft_lines(tmp_path: Path, act: Path, *options: str) -> list[str]:
    out = tmp_path / "draft.docx"
    code = main(["draft", str(act), "--org", str(org_toml(tmp_path)), "--out", str(out), "--today", "2026-11-23", *options])
    assert code == 0
    return [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()]


def preamble(lines: list[str]) -> str:
    return next(line for line in lines if line.startswith(("Во исполнение", "В соответствии")))


# ---- end to end through the store -----------------------------------------------------------

def test_superior_act_cited_with_the_title_and_issuer_the_store_knows(tmp_path, res):
    """Read from a poor scan: the issuer written short, no title.  A school's order in the
    store cites the act in full."""
    school = make_doc("school_7", "приказ", "МБОУ СОШ № 7", "2026-04-01", "12", cites=(Cite(
        "приказа Министерства образования и науки Херсонской области от 25.03.2026 № 89 «О переходе на национальный мессенджер»",
        "приказ", MIN_ISSUER, "2026-03-25", "89", "О переходе на национальный мессенджер"),))
    act = superior_json(tmp_path, issuer="Минобрнауки Херсонской области", title=None)
    lines = draft_lines(tmp_path, act, "--store", str(store_of(tmp_path, school)))
    assert preamble(lines) == ("Во исполнение приказа Министерства образования и науки Херсонской области "
                               "от 25.03.2026 № 89 «О переходе на национальный мессенджер»,")
    assert "Об исполнении приказа Министерства образования и науки Херсонской области от 25.03.2026 № 89" in lines


def test_superiors_of_the_superior_act_follow_it_in_the_preamble(tmp_path, res):
    """The ministry's order implements the governor's (stored with its title) and rests on
    a federal law; the law, at the top, comes first."""
    governor = make_doc("gov_18r", "распоряжение", "Губернатор Херсонской области", "2026-01-21", "18-р", GOV_TITLE)
    act = superior_json(tmp_path, references=(GOV, LAW))
    lines = draft_lines(tmp_path, act, "--store", str(store_of(tmp_path, governor)))
    assert preamble(lines) == (
        "Во исполнение приказа Министерства образования и науки Херсонской области от 25.03.2026 № 89 "
        "«О переходе на национальный мессенджер», в соответствии с Федеральным законом от 24.06.2025 № 156-ФЗ "
        "«О создании многофункционального сервиса обмена информацией», распоряжением Губернатора Херсонской "
        f"области от 21.01.2026 № 18-р «{GOV_TITLE}»,"
    )
    assert "ПРИКАЗЫВАЮ:" in lines


def test_an_act_of_another_body_with_the_same_number_and_date_adds_nothing(tmp_path, res):
    other = make_doc("culture_89", "приказ", "Министерство культуры Херсонской области", "2026-03-25", "89", "О музеях")
    act = superior_json(tmp_path, title=None)
    lines = draft_lines(tmp_path, act, "--store", str(store_of(tmp_path, other)))
    assert preamble(lines) == "Во исполнение приказа Министерства образования и науки Херсонской области от 25.03.2026 № 89,"
    assert not any("музе" in line for line in lines)


def test_type_missing_from_the_extraction_comes_from_another_copy(tmp_path, res):
    copy = make_doc("min_89_docx", "приказ", MIN_ISSUER, "2026-03-25", "89", "О переходе на национальный мессенджер")
    act = superior_json(tmp_path, type=None)
    lines = draft_lines(tmp_path, act, "--store", str(store_of(tmp_path, copy)))
    assert preamble(lines).startswith("Во исполнение приказа Министерства образования и науки Херсонской области")


def test_without_a_store_the_acts_the_superior_cites_are_cited_as_it_gives_them(tmp_path, monkeypatch, res):
    monkeypatch.setenv("ORDEX_STORE", str(tmp_path / "none.sqlite"))
    lines = draft_lines(tmp_path, superior_json(tmp_path, references=(GOV, LAW)), "--type", "распоряжение")
    assert preamble(lines).endswith(
        "в соответствии с Федеральным законом от 24.06.2025 № 156-ФЗ «О создании многофункционального сервиса "
        "обмена информацией», распоряжением Губернатора Херсонской области от 21.01.2026 № 18-р:")


def test_reply_letter_cites_the_superior_act_alone(tmp_path, monkeypatch, res):
    monkeypatch.setenv("ORDEX_STORE", str(tmp_path / "none.sqlite"))
    lines = draft_lines(tmp_path, superior_json(tmp_path, references=(GOV, LAW)), "--reply")
    assert not any("Федеральным законом" in line for line in lines)


def test_missing_explicit_store_is_an_error(tmp_path, capsys):
    out = tmp_path / "draft.docx"
    code = main(["draft", str(superior_json(tmp_path)), "--org", str(org_toml(tmp_path)), "--out", str(out),
                 "--store", str(tmp_path / "none.sqlite")])
    assert code == 1 and "хранилище актов не найдено" in capsys.readouterr().err
    assert not out.exists()


def test_real_documents_through_extract_and_the_store(tmp_path, res):
    """The governor's order read by the real pipeline into the store; a school's draft of
    the ministry's order (a .txt that implements the governor's) cites both."""
    import io

    from pipeline.batch import run_batch

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "gov_18r.txt").write_text(GOVERNOR_TXT, encoding="utf-8")
    (tmp_path / "min_89.txt").write_text(MINISTRY_TXT, encoding="utf-8")
    with ActStore(tmp_path / "acts.sqlite") as store:
        run_batch([tmp_path / "in"], tmp_path / "out", res=res, store=store, stream=io.StringIO())
    lines = draft_lines(tmp_path, tmp_path / "min_89.txt", "--store", str(tmp_path / "acts.sqlite"))
    assert preamble(lines) == (
        "Во исполнение приказа Министерства образования и науки Херсонской области от 25.03.2026 № 89 "
        "«О переходе на национальный мессенджер», в соответствии с распоряжением Губернатора Херсонской области "
        f"от 21.01.2026 № 18-р «{GOV_TITLE}»,"
    )


# ---- the rules, one by one ---------------------------------------------------------------------

def known(*versions: ActFields) -> KnownAct:
    return KnownAct(versions, ())


@pytest.mark.parametrize(
    "own, versions, expected",
    [
        # an issuer written short gives way to the full name of the same body
        ({"issuer": "Минпросвещения России"}, [ActFields(issuer="Министерство просвещения Российской Федерации")],
         {"issuer": "Министерство просвещения Российской Федерации"}),
        # a longer name of another body does not
        ({"issuer": "Министерство образования Херсонской области"},
         [ActFields(issuer="Министерство культуры Херсонской области и туризма")],
         {"issuer": "Министерство образования Херсонской области"}),
        # missing parts are filled, the document's own ones kept; the first version that has one wins
        ({"type": None, "title": None}, [ActFields(type="приказ"), ActFields(type="распоряжение", title="О мерах")],
         {"type": "приказ", "title": "О мерах"}),
        ({"title": "О мерах"}, [ActFields(title="О мерах по внедрению")], {"title": "О мерах"}),
        ({"issuer": None}, [ActFields(issuer="Губернатор Херсонской области")], {"issuer": "Губернатор Херсонской области"}),
    ],
)
def test_fuller_requisites(res, own, versions, expected):
    assert fuller_requisites(own, known(*versions)) == expected


@pytest.mark.parametrize(
    "act, expected",
    [
        ({"type": "федеральный закон", "date": "2025-06-24", "number": "156-ФЗ"}, "Федеральным законом от 24.06.2025 № 156-ФЗ"),
        ({"type": "закон", "issuer": "Херсонская область", "date": "2024-03-01", "number": "12-ЗКО"},
         "Законом Херсонской области от 01.03.2024 № 12-ЗКО"),
        ({"type": "федеральный конституционный закон", "title": "О Правительстве Российской Федерации"},
         "Федеральным конституционным законом «О Правительстве Российской Федерации»"),
        ({"type": "постановление", "issuer": "Правительство Российской Федерации", "date": "2025-01-10", "number": "5"},
         "постановлением Правительства Российской Федерации от 10.01.2025 № 5"),
    ],
)
def test_acts_cited_in_the_instrumental_case(act, expected):
    assert cite_act(act, "ablt") == expected


def test_only_acts_implemented_or_rested_on_and_citable_are_added(res):
    """A mention is no basis; an act known without issuer, or without date and number
    and title, cannot be cited correctly."""
    from pipeline.chain.views import known_act
    from pipeline.draft import basis_citations

    stem, ex = make_doc("min_89", "приказ", MIN_ISSUER, "2026-03-25", "89", cites=(
        LAW,
        Cite("письма Минпросвещения России от 02.02.2026 № 03-15", "письмо", "Минпросвещения России",
             "2026-02-02", "03-15", relation="mentions"),
        Cite("приказа от 01.02.2026 № 4", "приказ", None, "2026-02-01", "4"),
        Cite("постановления Правительства Херсонской области № 7", "постановление", "Правительство Херсонской области",
             None, "7", relation="basis"),
    ))
    graph = link_records([record_from_extraction(stem, ex)])
    node = graph.node_of_sha()[ex.doc.source.sha256]
    assert basis_citations(known_act(graph, node)) == [
        "Федеральным законом от 24.06.2025 № 156-ФЗ «О создании многофункционального сервиса обмена информацией»"]
