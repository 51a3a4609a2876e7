"""The scorer (pipeline.evaluate) on small composed gold/prediction pairs."""

from __future__ import annotations

import json

import pytest

from pipeline.evaluate import (
    chain_edges,
    deadline_right,
    dice,
    evaluate_dirs,
    evaluate_pairs,
    executors_right,
    match_obligations,
    normalise_number,
    overlap,
    reference_key,
    render_details,
    render_table,
    render_totals,
    score_pair,
    stems,
    surname,
)


def doc(**fields) -> dict:
    base = {
        "type": None, "number": None, "date": None, "place": None, "issuer": None, "title": None,
        "header_languages": None, "addressee": None, "signatory": None,
    }
    return {"document": {**base, **fields}, "references": [], "obligations": [], "control": None}


def ob(action: str, clause: str | None = None, executors=(), deadline=None, modality="mandatory") -> dict:
    return {
        "clause": clause, "source": "text", "action": action, "executors": list(executors),
        "modality": modality, "deadline": deadline or {"kind": "none", "text": None},
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Обеспечить переход", {"обесп", "перех"}),
        ("на и в до", set()),  # words under three letters are dropped
        ("Ёлка ЕЛКА", {"елка"}),  # ё = е, lower case
        ("до 2025 года № 12", {"2025", "года"}),  # digits are kept as words
        ("приказа приказом", {"прика"}),
        (None, set()),
    ],
)
def test_stems(text, expected):
    assert stems(text) == expected


@pytest.mark.parametrize(
    "a, b, expected_overlap, expected_dice",
    [
        ("обеспечить размещение приказа", "обеспечить размещение приказа на сайте", 1.0, 2 * 3 / 7),
        ("организовать работу", "представить отчёт", 0.0, 0.0),
        ("", "что-то", 0.0, 0.0),
    ],
)
def test_overlap_and_dice(a, b, expected_overlap, expected_dice):
    assert overlap(a, b) == pytest.approx(expected_overlap)
    assert dice(a, b) == pytest.approx(expected_dice)


@pytest.mark.parametrize(
    "a, b",
    [
        ("№ 3Р", "3P"),  # Latin P read as Cyrillic Р
        ("18-р", "18-Р"),
        ("4О", "4O"),  # Latin O
        ("06-15872/10-18/23", "№06-15872/10-18/23"),
        ("12.1", "121"),  # dots dropped
        ("123-ФЗ", "123-фз"),
    ],
)
def test_numbers_equal(a, b):
    assert normalise_number(a) == normalise_number(b)


@pytest.mark.parametrize("a, b", [("18-р", "18"), ("45", "46"), ("3Р", "3Б")])
def test_numbers_differ(a, b):
    assert normalise_number(a) != normalise_number(b)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("А.А. Григорьев", "григорьев"),
        ("Григорьев А.А.", "григорьев"),
        ("Григорьев А. А.", "григорьев"),
        ("Ануфриева Юлия Валерьевна", "ануфриева"),
        ("Юлия Валерьевна Ануфриева", "ануфриева"),
        ("Иванов Иван Кузьмич", "иванов"),
        ("Т.Б.Кодзаев", "кодзаев"),
        ("Шатулова С.Н.", "шатулова"),
        ("Ёлкин И.И.", "елкин"),
        # a surname shorter than the first name: the word not next to the patronymic
        ("Цой Виктор Николаевич", "цой"),
        ("Марина Сергеевна Ли", "ли"),
        ("Ли М.С.", "ли"),
        ("", None),
    ],
)
def test_surname(name, expected):
    assert surname(name) == expected


def fields_of(gold: dict, pred: dict) -> tuple[int, int, list]:
    s = score_pair("x", gold, pred)
    return s.fields.right, s.fields.total, [m["field"] for m in s.misses if m["kind"] == "field"]


@pytest.mark.parametrize(
    "gold, pred, wrong",
    [
        ({"type": "приказ"}, {"type": "Приказ"}, []),
        ({"type": "приказ"}, {"type": "распоряжение"}, ["type"]),
        ({"number": "3Р"}, {"number": "№ 3P"}, []),
        ({"date": "2025-12-11"}, {"date": "2025-12-12"}, ["date"]),
        ({"place": "г. Херсон"}, {"place": "Херсон"}, []),  # "г." is a short word: no stem
        ({"issuer": "Министерство образования и науки Херсонской области"},
         {"issuer": "Министерства образования и науки Херсонской области"}, []),
        ({"issuer": "Министерство образования и науки Херсонской области"},
         {"issuer": "Министерство образования"}, ["issuer"]),  # dice 2·2/(2+5) < 0.7
        ({"header_languages": ["ru", "uk", "crh"]}, {"header_languages": ["crh", "ru", "uk"]}, []),
        ({"header_languages": ["ru", "os"]}, {"header_languages": ["ru"]}, ["header_languages"]),
        ({"signatory": {"position": "И.о. министра", "name": "А.А. Григорьев"}},
         {"signatory": {"position": "И.о. министра", "name": "Григорьев Андрей Александрович"}}, []),
        ({"signatory": {"position": "Глава администрации", "name": "Р.А. Есиев"}},
         {"signatory": {"position": "Глава администрации", "name": "Р.А. Есиева"}}, ["signatory.name"]),
        ({"signatory": {"position": None, "name": "Р.А. Есиев"}},
         {"signatory": None}, ["signatory.name"]),
        ({"addressee": "Руководителям ОО"}, {"addressee": None}, ["addressee"]),
    ],
)
def test_document_fields(gold, pred, wrong):
    right, total, misses = fields_of(doc(**gold), doc(**pred))
    assert misses == wrong
    assert total - right == len(wrong)


def test_null_gold_fields_are_not_scored():
    right, total, _ = fields_of(doc(type="приказ"), doc(type="приказ", place="Москва", number="5"))
    assert (right, total) == (1, 1)


def test_missing_prediction_scores_zero():
    s = score_pair("x", doc(type="приказ"), None)
    assert (s.fields.right, s.fields.total) == (0, 1)
    assert s.missing_prediction


@pytest.mark.parametrize(
    "ref, key",
    [
        ({"date": "2026-01-21", "number": "№ 18-р"}, ("2026-01-21", "18-р")),
        ({"date": None, "number": "152-ФЗ"}, (None, "152-фз")),
        ({"date": "2020-01-01", "number": None}, ("2020-01-01", None)),
        ({"date": None, "number": None}, None),  # not scored
    ],
)
def test_reference_key(ref, key):
    assert reference_key(ref) == key


def test_references_prf():
    gold = doc()
    gold["references"] = [
        {"date": "2026-01-21", "number": "18-р"},
        {"date": "2003-10-06", "number": "131-ФЗ"},
        {"date": None, "number": None, "title": "Конституция"},
    ]
    pred = doc()
    pred["references"] = [
        {"date": "2026-01-21", "number": "18-Р"},  # same act, upper-case letter
        {"date": "2026-01-21", "number": "18-р"},  # cited twice: one key
        {"date": "2010-01-01", "number": "1"},
        {"date": None, "number": None},
    ]
    r = score_pair("x", gold, pred).references
    assert (r.tp, r.predicted, r.gold) == (1, 2, 2)
    assert r.f1 == pytest.approx(0.5)


def test_no_references_anywhere_is_not_scored():
    assert score_pair("x", doc(), doc()).references.f1 is None
    pred = doc()
    pred["references"] = [{"date": "2010-01-01", "number": "1"}]
    assert score_pair("x", doc(), pred).references.f1 == 0.0


def test_matching_is_one_to_one_and_greedy():
    gold = [ob("обеспечить размещение приказа на сайте", "2"), ob("направить копию приказа в прокуратуру", "3")]
    pred = [
        ob("обеспечить размещение приказа на сайте министерства", "2"),
        ob("обеспечить размещение приказа на сайте", "5"),  # duplicate: a false positive
        ob("направить копию приказа в прокуратуру", "3"),
    ]
    matches = match_obligations(gold, pred)
    assert [(i, j) for i, j, _ in matches] == [(0, 0), (1, 2)]


def test_clause_bonus_decides_between_equal_actions():
    gold = [ob("обеспечить исполнение настоящего приказа", "1.2")]
    pred = [ob("обеспечить исполнение настоящего приказа", "1.1"), ob("обеспечить исполнение настоящего приказа", "1.2.")]
    assert [(i, j) for i, j, _ in match_obligations(gold, pred)] == [(0, 1)]


@pytest.mark.parametrize(
    "gold_action, pred_action, g_clause, p_clause, matched",
    [
        ("организовать работу комиссии", "организовать работу", None, None, True),  # overlap 1.0
        ("организовать работу комиссии по закупкам", "направить отчёт в министерство", None, None, False),
        # overlap 2/4 = 0.5: exactly the threshold
        ("организовать работу комиссии отдела", "организовать работу группы сотрудников", None, None, True),
        # overlap 1/3 < 0.5, the same clause adds 0.15: still under
        ("организовать работу комиссии", "организовать проверку отдела", "1", "1", False),
        # overlap 2/5 = 0.4; + 0.15 for the same clause reaches 0.5
        ("организовать работу комиссии отдела образования", "организовать работу группы учета детей", "2", "2", True),
        ("организовать работу комиссии отдела образования", "организовать работу группы учета детей", "2", "3", False),
    ],
)
def test_match_threshold(gold_action, pred_action, g_clause, p_clause, matched):
    assert bool(match_obligations([ob(gold_action, g_clause)], [ob(pred_action, p_clause)])) is matched


@pytest.mark.parametrize(
    "gold, pred, ok",
    [
        (["Отдел образования администрации района"], ["Отделу образования администрации района"], True),
        (["Руководители ОО", "Заместители главы"], ["Руководители ОО"], False),
        (["Руководители ОО"], ["Заместители главы", "Руководители ОО"], True),  # extra ones are allowed
        ([], ["Кто-нибудь"], True),
        (["Ответственное лицо — директор Ануфриева Ю.В."], ["Директор"], True),
        (["Отдел кадров"], [], False),
    ],
)
def test_executors(gold, pred, ok):
    assert executors_right(gold, pred) is ok


@pytest.mark.parametrize(
    "gold, pred, ok",
    [
        ({"kind": "none"}, None, True),
        ({"kind": "none"}, {"kind": "date", "date": "2025-12-12"}, False),
        ({"kind": "date", "date": "2025-12-12"}, {"kind": "date", "date": "2025-12-12", "text": "до 12.12.2025"}, True),
        ({"kind": "date", "date": "2025-12-12"}, {"kind": "date", "date": "2025-12-15"}, False),
        ({"kind": "relative", "amount": 7, "unit": "day"}, {"kind": "relative", "amount": 7, "unit": "day", "anchor": "x"}, True),
        ({"kind": "relative", "amount": 7, "unit": "day"}, {"kind": "relative", "amount": 7, "unit": "working_day"}, False),
        ({"kind": "permanent"}, {"kind": "permanent", "text": "постоянно"}, True),
        ({"kind": "periodic", "frequency": "monthly"}, {"kind": "periodic", "frequency": "weekly"}, True),  # same kind
    ],
)
def test_deadline(gold, pred, ok):
    assert deadline_right(gold, pred) is ok


def test_fields_of_matched_obligations():
    gold = doc()
    gold["obligations"] = [
        ob("обеспечить размещение приказа", "2", ["Отдел информационного обеспечения"],
           {"kind": "relative", "amount": 7, "unit": "day"}),
        ob("представить отчёт о проделанной работе", "3", ["Руководители учреждений"], modality="recommended"),
        ob("провести инвентаризацию имущества", "4"),
    ]
    pred = doc()
    pred["obligations"] = [
        ob("обеспечить размещение приказа на сайте", "2", ["Отдел информационного обеспечения"],
           {"kind": "relative", "amount": 10, "unit": "day"}),
        ob("представить отчет о проделанной работе", "3", ["Директор школы"], modality="recommended"),
        ob("утвердить положение о комиссии", "5"),
    ]
    s = score_pair("x", gold, pred)
    assert (s.obligations.tp, s.obligations.predicted, s.obligations.gold) == (2, 3, 3)
    assert (s.executors.right, s.executors.total) == (1, 2)
    assert (s.deadlines.right, s.deadlines.total) == (1, 2)
    assert (s.modality.right, s.modality.total) == (2, 2)
    kinds = [m["kind"] for m in s.misses]
    assert kinds.count("obligation_missed") == 1 and kinds.count("obligation_false") == 1
    assert "executors" in kinds and "deadline" in kinds


@pytest.mark.parametrize(
    "gold, pred, ok",
    [
        ({"name": "Богомолов Д.И.", "position": "начальник отдела"}, {"name": "Д.И. Богомолов", "position": None}, True),
        ({"name": "Богомолов Д.И.", "position": "начальник отдела"}, {"name": "Богомолова Д.И.", "position": "начальник отдела"}, False),
        ({"name": None, "position": "заместитель главы администрации по социальным вопросам"},
         {"name": None, "position": "заместителя главы администрации по социальным вопросам"}, True),
        ({"name": None, "position": "заместитель главы администрации по социальным вопросам"},
         {"name": None, "position": "начальник отдела"}, False),
        ({"name": "Штриков С.А.", "position": "Министр"}, None, False),
    ],
)
def test_control(gold, pred, ok):
    g, p = doc(), doc()
    g["control"], p["control"] = gold, pred
    s = score_pair("x", g, p)
    assert (s.control.right, s.control.total) == (int(ok), 1)


def test_null_control_is_not_scored():
    p = doc()
    p["control"] = {"name": "Иванов И.И.", "position": None}
    assert score_pair("x", doc(), p).control.total == 0


def test_chain_edges_resolve_node_ids_to_files():
    chain = {
        "nodes": [{"id": "a", "file": "doc1"}, {"id": "b", "file": "doc2"}, {"id": "c", "file": None}],
        "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}],
    }
    assert chain_edges(chain) == {("doc1", "doc2")}  # an act known only by reference is no batch edge
    assert chain_edges({"edges": [{"from": "doc1", "to": "doc2"}]}) == {("doc1", "doc2")}


def test_evaluate_dirs_end_to_end(tmp_path):
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    g = doc(type="приказ", number="5", date="2025-01-01")
    g["obligations"] = [ob("обеспечить размещение приказа", "2")]
    g["control"] = {"name": "Иванов И.И.", "position": None}
    p = doc(type="приказ", number="5", date="2025-01-02")
    p["obligations"] = [ob("обеспечить размещение приказа", "2")]
    p["control"] = {"name": "И.И. Иванов", "position": "директор"}
    (gold_dir / "a.json").write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    (gold_dir / "b.json").write_text(json.dumps(doc(type="письмо"), ensure_ascii=False), encoding="utf-8")
    (pred_dir / "a.json").write_text(json.dumps(p, ensure_ascii=False), encoding="utf-8")
    (gold_dir / "chain.json").write_text(json.dumps({"edges": [{"from": "a", "to": "b"}]}), encoding="utf-8")
    (pred_dir / "chain.json").write_text(
        json.dumps({"nodes": [{"id": "1", "file": "a"}, {"id": "2", "file": "b"}], "edges": [{"from": "1", "to": "2"}]}),
        encoding="utf-8",
    )
    ev = evaluate_dirs(gold_dir, pred_dir)
    fig = ev.figures()
    assert fig["fields"] == pytest.approx(2 / 4)  # a: type+number right, date wrong; b: no output
    assert fig["obligations_f1"] == 1.0
    assert fig["control"] == 1.0
    assert fig["chain_f1"] == 1.0
    assert fig["references_f1"] is None
    # executors: gold names none, so right; deadlines: none = none; references: not scored
    headline = [fig[k] for k in ("fields", "obligations_f1", "executors", "deadlines", "control")]
    assert headline == [0.5, 1.0, 1.0, 1.0, 1.0]
    assert fig["overall"] == pytest.approx(sum(headline) / 5)
    assert "ИТОГО" in render_table(ev) and "b (нет вывода)" in render_table(ev)
    assert '"2025-01-01"' in render_details(ev)
    assert ev.to_json()["documents"]["b"]["missing_prediction"] is True


def test_predicted_only_scores_the_documents_of_one_format(tmp_path):
    """The scans of a set: gold covers every act, predictions only the scanned ones."""
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "scan"
    gold_dir.mkdir()
    pred_dir.mkdir()
    for stem in ("a", "b", "c"):
        (gold_dir / f"{stem}.json").write_text(json.dumps(doc(type="приказ")), encoding="utf-8")
    (pred_dir / "a.json").write_text(json.dumps(doc(type="приказ")), encoding="utf-8")
    chain = tmp_path / "chain.json"  # the gold chain lies beside the gold folder, not in it
    chain.write_text(json.dumps({"edges": [{"from": "a", "to": "b"}, {"from": "c", "to": "b"}]}), encoding="utf-8")
    (pred_dir / "chain.json").write_text(json.dumps({"edges": []}), encoding="utf-8")

    every = evaluate_dirs(gold_dir, pred_dir, gold_chain=chain)
    assert every.figures()["fields"] == pytest.approx(1 / 3)
    assert every.chain.gold == 2
    scanned = evaluate_dirs(gold_dir, pred_dir, predicted_only=True, gold_chain=chain)
    assert [d.stem for d in scanned.documents] == ["a"]
    assert scanned.figures()["fields"] == 1.0
    assert scanned.chain.gold == 0  # edges to acts not scanned are not asked of the scans


def test_totals_line_of_a_set():
    ev = evaluate_pairs([("a", doc(type="приказ"), doc(type="приказ"))])
    head, line = render_totals(ev, "real txt", header=True).splitlines()
    assert head.startswith("набор") and "итог" in head
    assert line.startswith("real txt") and line.split()[2] == "100.0"
    assert len(line) == len(head) - len("цепочки F1") - 2  # no chain measured: no last column


def test_obligation_fields_are_zero_when_no_gold_obligation_was_found():
    gold = doc()
    gold["obligations"] = [ob("обеспечить размещение приказа", "2", ["Отдел кадров"])]
    fig = score_pair("x", gold, doc()).figures()
    assert (fig["obligations_f1"], fig["executors"], fig["deadlines"]) == (0.0, 0.0, 0.0)
    assert score_pair("x", doc(), doc()).figures()["executors"] is None
