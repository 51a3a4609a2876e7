"""The act store: links across batches and over time; the chain and coverage commands."""

import json

import pytest

from pipeline.chain import build_chain, link_records, record_from_extraction
from pipeline.cli import main
from pipeline.store import ActStore, store_path
from tests.test_chain import GOV_VARIANTS, governor, ministry, municipal, school
from tests.test_chain_helpers import Cite, Clause, edges_by_file, make_doc


def _process(batch, store: ActStore, res) -> dict:
    """What run_batch does with a store: upsert every document, then link the batch."""
    for stem, ex in batch:
        store.upsert(record_from_extraction(stem, ex))
    return build_chain(batch, store=store, res=res)


def test_superior_arriving_after_its_subordinates_links_to_them(tmp_path, res):
    path = tmp_path / "acts.sqlite"
    with ActStore(path) as store:
        first = _process([school()], store, res)
        assert ("school_7", "uo_12") not in edges_by_file(first)  # the municipal order is not known yet
        _process([municipal()], store, res)
    with ActStore(path) as store:  # a month later, another process
        last = _process([ministry(GOV_VARIANTS[0][1]), governor()], store, res)
        everything = link_records(store.records(), res).to_json()
        assert len(store) == 4
    # the batch's chain.json: its documents, what they implement, who implements them directly
    assert edges_by_file(last) == {("min_89", "gov_18r"), ("uo_12", "min_89"), ("gov_18r", "федеральный закон 156-ФЗ")}
    assert {("min_89", "gov_18r"), ("uo_12", "min_89"), ("school_7", "uo_12")} <= edges_by_file(everything)


def test_batch_chain_shows_its_documents_their_superiors_and_direct_subordinates(tmp_path, res):
    with ActStore(tmp_path / "acts.sqlite") as store:
        _process([school(), municipal(), ministry(GOV_VARIANTS[0][1]), governor()], store, res)
        unrelated = make_doc("other", "приказ", "ООО «Ромашка»", "2026-02-02", "1")
        _process([unrelated], store, res)
        chain = build_chain([municipal()], store=store, res=res)
    files = {n["file"] for n in chain["nodes"] if n["file"]}
    assert files == {"uo_12", "min_89", "gov_18r", "school_7"}


def test_reprocessing_a_document_replaces_its_record(tmp_path, res):
    stem, ex = governor()
    with ActStore(tmp_path / "acts.sqlite") as store:
        store.upsert(record_from_extraction(stem, ex))
        store.upsert(record_from_extraction("renamed", ex))
        assert len(store) == 1 and store.records()[0].stem == "renamed"


def test_store_path_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv("ORDEX_STORE", raising=False)
    assert store_path(None, use_default=False) is None
    assert store_path(None).as_posix() == "data/ordex.sqlite"
    monkeypatch.setenv("ORDEX_STORE", str(tmp_path / "env.sqlite"))
    assert store_path(None) == tmp_path / "env.sqlite"
    assert store_path(str(tmp_path / "cli.sqlite")) == tmp_path / "cli.sqlite"


# ---- commands -----------------------------------------------------------------------------

@pytest.fixture
def filled_store(tmp_path, res):
    path = tmp_path / "acts.sqlite"
    gap_law = Cite("Федерального закона от 24.06.2025 № 156-ФЗ", "федеральный закон", None, "2025-06-24", "156-ФЗ")
    sibling = make_doc("min_culture", "приказ", "Министерство культуры Херсонской области", "2026-02-01", "14",
                       cites=(GOV_VARIANTS[0][1],),
                       clauses=(Clause("1", ("Руководители учреждений культуры",),
                                       "организовать информирование населения о национальном мессенджере"),))
    with ActStore(path) as store:
        _process([governor(), ministry(GOV_VARIANTS[0][1]), municipal(), school(), sibling], store, res)
        _process([make_doc("law_user", "письмо", "МКУ «Управление образования»", "2026-01-05", "9", cites=(gap_law,))],
                 store, res)
    return path


def test_chain_command_prints_up_down_and_siblings(filled_store, capsys):
    code = main(["chain", "--store", str(filled_store), "приказ Министерства образования и науки Херсонской области от 25.03.2026 № 89"])
    out = capsys.readouterr().out
    assert code == 0
    up, rest = out.split("Нижестоящие")
    down, siblings = rest.split("Параллельные")
    assert "Губернатор Херсонской области" in up and "156-ФЗ" in up
    assert "uo_12" in down and "school_7" in down
    assert "min_culture" in siblings


@pytest.mark.parametrize("suffix", ["svg", "html"])
def test_chain_graph_is_drawn(filled_store, tmp_path, capsys, suffix):
    out = tmp_path / f"chain.{suffix}"
    assert main(["chain", "--store", str(filled_store), "uo_12", "--graph", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text and "Губернатор Херсонской области" in text and "Ромашка" not in text


def test_chain_json_of_the_whole_store(filled_store, capsys):
    assert main(["chain", "--store", str(filled_store), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len([n for n in data["nodes"] if n["file"]]) == 6


def test_unknown_act_is_an_error(filled_store, capsys):
    assert main(["chain", "--store", str(filled_store), "указ Президента от 01.01.2000 № 1"]) == 1


@pytest.mark.parametrize("command", ["chain", "coverage"])
def test_commands_report_an_act_they_cannot_name(tmp_path, res, capsys, command):
    """Exit 1 for an act not found or ambiguous (two bodies' orders № 5 of one day),
    exit 2 for a store that does not exist."""
    path = tmp_path / "acts.sqlite"
    with ActStore(path) as store:
        for stem, issuer in (("a5", "Министерство культуры Херсонской области"), ("b5", "Министерство спорта Херсонской области")):
            store.upsert(record_from_extraction(*make_doc(stem, "приказ", issuer, "2026-02-02", "5")))
    assert main([command, "--store", str(path), "приказ от 02.02.2026 № 5"]) == 1
    assert "несколько актов" in capsys.readouterr().err
    assert main([command, "--store", str(path), "приказ от 02.02.2026 № 6"]) == 1
    assert "акт не найден" in capsys.readouterr().err
    assert main([command, "--store", str(tmp_path / "none.sqlite"), "a5"]) == 2
    assert "хранилище актов не найдено" in capsys.readouterr().err


def test_coverage_lists_the_gaps(filled_store, capsys):
    code = main(["coverage", "--store", str(filled_store), "распоряжение Губернатора Херсонской области № 18-р"])
    out = capsys.readouterr().out
    assert code == 0
    ministry_item, local_item = out.split("\n\n")[2:4]
    assert ministry_item.startswith("✓") and "min_89" in ministry_item  # "обеспечить переход ... на мессенджер"
    assert local_item.startswith("✓") and "min_culture" in local_item  # "организовать информирование населения"
    out_min = (main(["coverage", "--store", str(filled_store), "min_89"]), capsys.readouterr().out)[1]
    assert "✗ НЕ ИСПОЛНЕНО" in out_min and "uo_12" in out_min  # the municipal order cites, has no such clause


# ---- end to end: real readers and extractors, two batches a month apart ---------------------

GOVERNOR_TXT = """ГУБЕРНАТОР ХЕРСОНСКОЙ ОБЛАСТИ

РАСПОРЯЖЕНИЕ

21.01.2026                                  № 18-р

О внедрении и использовании национального мессенджера

В соответствии с Федеральным законом от 24.06.2025 № 156-ФЗ «О создании многофункционального сервиса обмена информацией»:

1. Министерству образования и науки Херсонской области обеспечить переход подведомственных организаций на национальный мессенджер.

Губернатор Херсонской области                     В.В. Сальдо
"""

MINISTRY_TXT = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ ХЕРСОНСКОЙ ОБЛАСТИ

ПРИКАЗ

25.03.2026                                  № 89

О переходе на национальный мессенджер

Во исполнение распоряжения Губернатора Херсонской области от 21.01.2026 N 18-p «О внедрении и использовании национального мессенджера»
ПРИКАЗЫВАЮ:

1. Руководителям образовательных организаций обеспечить переход на национальный мессенджер в срок до 01.05.2026.

Министр                     А.А. Иванов
"""


def test_extract_batches_link_through_the_store(tmp_path, res, capsys):
    import io

    from pipeline.batch import run_batch

    for name, text in (("min_89.txt", MINISTRY_TXT), ("gov_18r.txt", GOVERNOR_TXT)):
        (tmp_path / name.split(".")[0]).mkdir()
        (tmp_path / name.split(".")[0] / name).write_text(text, encoding="utf-8")
    with ActStore(tmp_path / "acts.sqlite") as store:
        run_batch([tmp_path / "min_89"], tmp_path / "out1", res=res, store=store, stream=io.StringIO())
        run_batch([tmp_path / "gov_18r"], tmp_path / "out2", res=res, store=store, stream=io.StringIO())
    first = json.loads((tmp_path / "out1" / "chain.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "out2" / "chain.json").read_text(encoding="utf-8"))
    assert ("min_89", "gov_18r") not in edges_by_file(first)
    assert ("min_89", "gov_18r") in edges_by_file(second)  # the superior arrived a month later
    assert main(["chain", "--store", str(tmp_path / "acts.sqlite"), str(tmp_path / "gov_18r" / "gov_18r.txt")]) == 0
    assert "min_89" in capsys.readouterr().out.split("Нижестоящие")[1]
