"""Chain of acts: identity, levels, matching rules, duplicates and conflicts on composed acts."""

import pytest

from pipeline.chain import build_chain, normaliser
from pipeline.chain.identity import ActKey, issuers_same, number_key
from pipeline.chain.levels import RULES, first_rule, infer_level
from pipeline.chain.linking import MATCH_RULES
from tests.test_chain_helpers import Cite, Clause, edges_by_file, make_doc

GOV_TITLE = "О внедрении и использовании национального мессенджера"
LAW_TITLE = "О создании многофункционального сервиса обмена информацией"


# ---- identity ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "a, b",
    [
        ("№ 18-р", "N 18-р"),
        ("№ 18-р", "18-p"),  # Latin p
        ("18-р", "18р"),
        ("№18-Р", "18-р"),
        ("149-ФЗ", "149-фз"),
        ("N 149-ФЗ", "149-Ф3".replace("3", "З")),
        ("01-08/276-осн.", "01-08/276-осн"),
        ("06-15872/10-18/23", "06 - 15872/10-18/23".replace(" ", "")),
        ("ММ-П10-40556", "MM-П10-40556"),  # Latin MM
        ("No. 5", "5"),
        ("5 ", "5"),
        ("12–р", "12-р"),  # en dash
    ],
)
def test_number_variants_are_one_number(a, b):
    assert number_key(a) == number_key(b)


@pytest.mark.parametrize("a, b", [("18", "180"), ("1-14", "114"), ("7-р", "7-п")])
def test_different_numbers_stay_different(a, b):
    assert number_key(a) != number_key(b)


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Губернатора Херсонской области", "Губернатор Херсонской области", True),
        ("ГУБЕРНАТОРА ХЕРСОНСКОЙ ОБЛАСТИ", "Губернатор Херсонской области", True),
        ("АМС Пригородного района",
         "Администрация местного самоуправления Пригородного муниципального района Республики Северная Осетия – Алания", True),
        ("Минобрнауки России", "Министерство образования и науки Российской Федерации", True),
        ("Министерства образования и науки РФ", "Министерство образования и науки Российской Федерации", True),
        ("Минпросвещения России", "Министерство просвещения Российской Федерации", True),
        ("МОН ДНР", "Министерство образования и науки Донецкой Народной Республики", True),
        ("Правительства РФ", "Правительство Российской Федерации", True),
        ("Главы Республики Северная Осетия-Алания", "Глава Республики Северная Осетия – Алания", True),
        ("администрации МР «Сергокалинский район»", "Администрация муниципального района «Сергокалинский район»", True),
        ("МЧС России", ("Министерство Российской Федерации по делам гражданской обороны, чрезвычайным ситуациям и "
                       "ликвидации последствий стихийных бедствий"), True),
        ("Администрация Аксайского района", "Администрация Аксайского городского поселения", False),
        ("Губернатор Херсонской области", "Губернатор Ростовской области", False),
        ("Минобрнауки России", "Министерство просвещения Российской Федерации", False),
        ("Министерство образования и науки Херсонской области", "Министерство образования и науки Российской Федерации", False),
    ],
)
def test_issuer_in_any_case_or_abbreviation(res, a, b, same):
    norm = normaliser(res)
    assert issuers_same(norm.lemmas(a), norm.lemmas(b)) is same


# ---- levels -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "type_, issuer, number, level",
    [
        ("федеральный закон", None, "149-ФЗ", "federal"),
        ("закон", None, "273-ФЗ", "federal"),
        ("федеральный конституционный закон", None, "1-ФКЗ", "federal"),
        ("указ", "Президент Российской Федерации", "323", "federal"),
        ("постановление", "Правительство Российской Федерации", "1545", "federal"),
        ("приказ", "Минобрнауки России", "462", "federal"),
        ("перечень поручений", "Председатель Правительства Российской Федерации", "ММ-П10-40556", "federal"),
        ("приказ", "Управление Федеральной службы по надзору в сфере образования по Херсонской области", "5", "federal"),
        ("закон", "Херсонская область", "12-ОЗ", "regional"),
        ("закон", None, "45-кз", "regional"),
        ("распоряжение", "Губернатор Херсонской области", "18-р", "regional"),
        ("распоряжение", "Глава Республики Северная Осетия-Алания", "171-р", "regional"),
        ("постановление", "Правительство Ростовской области", "10", "regional"),
        ("приказ", "Министерство образования и науки Херсонской области", "89", "regional"),
        ("постановление", "Совет Министров ДНР", "7-14", "regional"),
        ("постановление", "Правительство Москвы", "100-ПП", "regional"),
        ("распоряжение", "Администрация Аксайского городского поселения", "454", "municipal"),
        ("распоряжение", "АМС Пригородного района", "558", "municipal"),
        ("решение", "Совет депутатов Краснопольского сельского поселения", "2", "municipal"),
        ("приказ", "МКУ «Управление образования»", "47", "municipal"),
        ("приказ", "Отдел образования администрации Буденновского района города Донецка", "7", "municipal"),
        ("постановление", "Администрация города Барнаула", "1", "municipal"),
        ("приказ", "МБОУ «СОШ № 64» г. Барнаула", "276", "institution"),
        ("приказ", "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 2»", "3", "institution"),
        ("приказ", "ООО Учебно-производственный центр «Призвание»", "19", "institution"),
        ("приказ", "Детский сад № 5 «Солнышко»", "1", "institution"),
        ("приказ", "ГБПОУ «Херсонский политехнический колледж»", "4", "institution"),
        ("письмо", None, "5", None),
    ],
)
def test_level_from_issuer_and_type(res, type_, issuer, number, level):
    assert infer_level(normaliser(res).key(type_, issuer, None, number, None)) == level


def test_every_level_rule_is_reachable(res):
    """No rule is shadowed by an earlier one: its own markers fire it."""
    for rule in RULES:
        marker = " ".join(sorted(rule.markers))
        key = ActKey(
            type=rule.markers if rule.where == "type" else frozenset(),
            issuer=rule.markers if rule.where == "issuer" else frozenset(),
            date=None,
            number=number_key(f"1-{marker}") if rule.where == "number" else None,
            title=frozenset(),
        )
        assert first_rule(key).level == rule.level, rule.text


# ---- a chain of five levels, every citation variant --------------------------------------

LAW = Cite("Федерального закона от 24.06.2025 № 156-ФЗ", "федеральный закон", None, "2025-06-24", "156-ФЗ", LAW_TITLE, "basis")


def governor():
    return make_doc("gov_18r", "распоряжение", "Губернатор Херсонской области", "2026-01-21", "18-р", GOV_TITLE,
                    cites=(LAW,),
                    clauses=(Clause("1", ("Министерство образования и науки Херсонской области",),
                                    "обеспечить переход подведомственных организаций на национальный мессенджер"),
                             Clause("2", ("Органы местного самоуправления",),
                                    "рекомендуется организовать информирование населения о национальном мессенджере")))


def ministry(cite: Cite):
    return make_doc("min_89", "приказ", "Министерство образования и науки Херсонской области", "2026-03-25", "89",
                    "О переходе на национальный мессенджер", cites=(cite,),
                    clauses=(Clause("1", ("Руководители образовательных организаций",),
                                    "обеспечить переход организаций на национальный мессенджер до 1 мая"),))


MIN_CITE = Cite("приказа Министерства образования и науки Херсонской области от 25.03.2026 № 89",
                "приказ", "Министерство образования и науки Херсонской области", "2026-03-25", "89")


def municipal():
    return make_doc("uo_12", "приказ", "МКУ «Управление образования» Пригородного района", "2026-04-02", "12",
                    "О переходе школ района на национальный мессенджер", cites=(MIN_CITE,))


def school():
    return make_doc("school_7", "приказ", "МБОУ «СОШ № 3» с. Октябрьское", "2026-04-07", "7-осн",
                    "О национальном мессенджере",
                    cites=(Cite("приказа МКУ «Управление образования» Пригородного района от 02.04.2026 № 12",
                                "приказ", "МКУ «Управление образования» Пригородного района", "2026-04-02", "12"),
                           Cite(f"Федерального закона «{LAW_TITLE}»", "федеральный закон", None, None, None,
                                LAW_TITLE, "mentions")))


GOV_VARIANTS = [
    ("exact", Cite("распоряжения Губернатора Херсонской области от 21.01.2026 № 18-р", "распоряжение",
                   "Губернатор Херсонской области", "2026-01-21", "18-р", GOV_TITLE)),
    ("latin_n_and_p", Cite("распоряжения Губернатора Херсонской области от 21.01.2026 N 18-p", "распоряжение",
                           "Губернатора Херсонской области", "2026-01-21", "N 18-p")),
    ("upper_case", Cite("РАСПОРЯЖЕНИЯ ГУБЕРНАТОРА ХЕРСОНСКОЙ ОБЛАСТИ ОТ 21.01.2026 № 18-Р", "распоряжение",
                        "ГУБЕРНАТОРА ХЕРСОНСКОЙ ОБЛАСТИ", "2026-01-21", "18-Р")),
    ("no_hyphen_no_issuer", Cite("распоряжения от 21 января 2026 г. №18р", "распоряжение", None, "2026-01-21", "18р")),
    ("no_date", Cite("распоряжения Губернатора Херсонской области № 18-р", "распоряжение",
                     "Губернатор Херсонской области", None, "18-р")),
    ("no_number", Cite("распоряжения Губернатора Херсонской области от 21.01.2026", "распоряжение",
                       "Губернатор Херсонской области", "2026-01-21", None)),
    ("type_misread", Cite("постановления Губернатора Херсонской области от 21.01.2026 № 18-р", "постановление",
                          "Губернатор Херсонской области", "2026-01-21", "18-р")),
    ("title_only", Cite(f"распоряжения Губернатора Херсонской области «{GOV_TITLE}»", "распоряжение",
                        "Губернатор Херсонской области", None, None, GOV_TITLE)),
    ("title_in_other_case", Cite("распоряжения Губернатора «О внедрении и использовании национальных мессенджеров»",
                                 "распоряжение", "Губернатор", None, None,
                                 "О внедрении и использовании национальных мессенджеров")),
]


@pytest.mark.parametrize("name, cite", GOV_VARIANTS, ids=[v[0] for v in GOV_VARIANTS])
def test_every_citation_variant_links_to_the_document(res, name, cite):
    chain = build_chain([governor(), ministry(cite), municipal(), school()], res=res)
    edges = edges_by_file(chain)
    assert ("min_89", "gov_18r") in edges
    assert {("uo_12", "min_89"), ("school_7", "uo_12")} <= edges
    assert not chain["unresolved"] and not chain["conflicts"]


def test_five_levels_and_one_external_law(res):
    chain = build_chain([school(), municipal(), ministry(GOV_VARIANTS[0][1]), governor()], res=res)
    by_file = {n["file"]: n for n in chain["nodes"]}
    assert {f: n["level"] for f, n in by_file.items() if f} == {
        "gov_18r": "regional", "min_89": "regional", "uo_12": "municipal", "school_7": "institution"}
    laws = [n for n in chain["nodes"] if n["type"] == "федеральный закон"]
    assert len(laws) == 1 and laws[0]["level"] == "federal" and laws[0]["file"] is None
    # the law cited by number (governor) and by title (school) is one node
    assert {("gov_18r", "федеральный закон 156-ФЗ"), ("school_7", "федеральный закон 156-ФЗ")} <= edges_by_file(chain)
    assert all(e["evidence"] for e in chain["edges"])


def test_every_match_rule_fires(res):
    fired: set[str] = set()
    for _, cite in GOV_VARIANTS:
        fired |= {e["rule"] for e in build_chain([governor(), ministry(cite)], res=res)["edges"]}
    assert {r.__name__ for r in MATCH_RULES} <= fired


# ---- what must not link ------------------------------------------------------------------

def test_similar_issuer_of_another_body_is_another_act(res):
    district = Cite("распоряжения Администрации Аксайского района от 05.12.2025 № 94", "распоряжение",
                    "Администрация Аксайского района", "2025-12-05", "94", relation="basis")
    settlement = make_doc("pos_94", "распоряжение", "Администрация Аксайского городского поселения", "2025-12-05", "94")
    citing = make_doc("pos_454", "распоряжение", "Администрация Аксайского городского поселения", "2025-12-11", "454",
                      cites=(district,))
    edges = edges_by_file(build_chain([settlement, citing], res=res))
    assert ("pos_454", "pos_94") not in edges and ("pos_454", "распоряжение 94") in edges


def test_ambiguous_citation_is_unresolved_not_guessed(res):
    a = make_doc("school_a", "приказ", "МБОУ «СОШ № 1»", "2025-09-01", "5")
    b = make_doc("school_b", "приказ", "МБОУ «Гимназия № 2»", "2025-09-01", "5")
    c = make_doc("uo", "письмо", "МКУ «Управление образования»", "2025-09-10", "100",
                 cites=(Cite("приказом от 01.09.2025 № 5", "приказ", None, "2025-09-01", "5", relation="mentions"),))
    chain = build_chain([a, b, c], res=res)
    assert not [e for e in chain["edges"]]
    assert [u["kind"] for u in chain["unresolved"]] == ["ambiguous"]
    assert chain["unresolved"][0]["evidence"] == "приказом от 01.09.2025 № 5"


def test_undated_citation_never_links_to_a_later_act(res):
    later = make_doc("min_2027", "приказ", "Министерство образования и науки Херсонской области", "2027-01-10", "89")
    citing = make_doc("uo", "приказ", "МКУ «Управление образования»", "2026-05-01", "3",
                      cites=(Cite("приказа Министерства образования и науки Херсонской области № 89", "приказ",
                                  "Министерство образования и науки Херсонской области", None, "89"),))
    assert ("uo", "min_2027") not in edges_by_file(build_chain([later, citing], res=res))


def test_same_number_in_another_year_is_another_act_without_conflict(res):
    old = make_doc("min_2025", "приказ", "Министерство образования и науки Херсонской области", "2025-03-25", "89")
    chain = build_chain([old, ministry(GOV_VARIANTS[0][1]), municipal()], res=res)
    assert ("uo_12", "min_89") in edges_by_file(chain)
    assert not chain["conflicts"]


# ---- duplicates ----------------------------------------------------------------------------

def test_same_file_twice_is_one_node(res):
    stem, ex = governor()
    chain = build_chain([(stem, ex), ("gov_18r_copy", ex), ministry(GOV_VARIANTS[0][1])], res=res)
    gov = [n for n in chain["nodes"] if n["number"] == "18-р"]
    assert len(gov) == 1 and gov[0]["files"] == ["gov_18r", "gov_18r_copy"]
    assert ("min_89", "gov_18r") in edges_by_file(chain)


def test_same_act_in_two_formats_is_one_node(res):
    pdf = make_doc("gov_18r.pdf", "распоряжение", "Губернатор Херсонской области", "2026-01-21", "18-р", GOV_TITLE, sha="a" * 64)
    docx = make_doc("gov_18r.docx", "распоряжение", "Губернатора Херсонской области", "2026-01-21", "N 18-р",
                    GOV_TITLE.upper(), sha="b" * 64)
    chain = build_chain([pdf, docx, ministry(GOV_VARIANTS[1][1])], res=res)
    assert len([n for n in chain["nodes"] if n["type"] == "распоряжение"]) == 1
    assert edges_by_file(chain) == {("min_89", "gov_18r.pdf")}


# ---- conflicts --------------------------------------------------------------------------------

def _kinds(chain: dict) -> list[str]:
    return sorted(c["kind"] for c in chain["conflicts"])


def test_same_identity_different_titles_are_not_merged(res):
    a = make_doc("a", "приказ", "Министерство образования и науки Херсонской области", "2026-03-25", "89",
                 "О национальном мессенджере", sha="1" * 64)
    b = make_doc("b", "приказ", "Министерство образования и науки Херсонской области", "2026-03-25", "89",
                 "Об утверждении штатного расписания аппарата", sha="2" * 64)
    chain = build_chain([a, b], res=res)
    assert len(chain["nodes"]) == 2 and _kinds(chain) == ["same_act_different_title"]


def test_same_number_different_dates_in_one_year(res):
    a = make_doc("a", "приказ", "Министерство образования и науки Херсонской области", "2026-03-25", "89")
    b = make_doc("b", "приказ", "Минобрнауки Херсонской области", "2026-04-25", "89")
    chain = build_chain([a, b], res=res)
    assert len(chain["nodes"]) == 2 and _kinds(chain) == ["same_number_different_date"]


def test_citation_with_another_date_of_the_same_year(res):
    cite = Cite("распоряжения Губернатора Херсонской области от 12.01.2026 № 18-р", "распоряжение",
                "Губернатор Херсонской области", "2026-01-12", "18-р")
    chain = build_chain([governor(), ministry(cite)], res=res)
    assert ("min_89", "gov_18r") not in edges_by_file(chain)
    assert _kinds(chain) == ["cited_date_differs"]


def test_document_citing_itself(res):
    cite = Cite("настоящего распоряжения от 21.01.2026 № 18-р", "распоряжение", None, "2026-01-21", "18-р")
    chain = build_chain([make_doc("gov", "распоряжение", "Губернатор Херсонской области", "2026-01-21", "18-р", cites=(cite,))],
                        res=res)
    assert not chain["edges"] and _kinds(chain) == ["self_citation"]


def test_cited_act_dated_after_the_citing_one(res):
    early = make_doc("early", "приказ", "МКУ «Управление образования»", "2026-01-10", "1",
                     cites=(Cite("приказа Министерства образования и науки Херсонской области от 25.03.2026 № 89",
                                 "приказ", "Министерство образования и науки Херсонской области", "2026-03-25", "89"),))
    chain = build_chain([ministry(GOV_VARIANTS[0][1]), early], res=res)
    assert ("early", "min_89") in edges_by_file(chain)  # written so; linked and reported
    assert _kinds(chain) == ["cites_later_act"]


def test_cycle_is_reported(res):
    a = make_doc("a", "приказ", "МКУ «Управление образования»", "2026-02-01", "10",
                 cites=(Cite("приказа от 01.02.2026 № 11", "приказ", None, "2026-02-01", "11"),))
    b = make_doc("b", "приказ", "МКУ «Управление образования»", "2026-02-01", "11",
                 cites=(Cite("приказа от 01.02.2026 № 10", "приказ", None, "2026-02-01", "10"),))
    chain = build_chain([a, b], res=res)
    assert edges_by_file(chain) == {("a", "b"), ("b", "a")}
    assert _kinds(chain) == ["cycle"]
