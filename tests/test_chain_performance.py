"""Linking 10,000 composed acts (a realistic mix of levels and citation forms) under 10 s."""

import random
import time

from pipeline.chain import link_records, normaliser
from pipeline.chain.records import ActFields, DocumentRecord, ReferenceRecord

REGIONS = ["Херсонской", "Ростовской", "Курской", "Тверской", "Омской", "Томской", "Рязанской", "Псковской"]
DISTRICTS = ["Аксайского", "Пригородного", "Торбеевского", "Сергокалинского", "Буденновского", "Кировского",
             "Ленинского", "Советского", "Октябрьского", "Заречного"]


def composed_acts(n: int, seed: int = 7) -> list[DocumentRecord]:
    """Regional orders cite federal laws; municipal orders cite regional ones; schools cite municipal ones."""
    rnd = random.Random(seed)
    acts: list[DocumentRecord] = []
    for i in range(n):
        year = 2020 + i % 6
        when = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        region = REGIONS[i % len(REGIONS)]
        if i % 10 < 2:
            fields = ActFields("приказ", f"Министерство образования {region} области", when, f"{i}-од", f"О мерах № {i}")
            cites = [ActFields("федеральный закон", None, "2012-12-29", "273-ФЗ", "Об образовании в Российской Федерации")]
        elif i % 10 < 5:
            district = DISTRICTS[i % len(DISTRICTS)]
            fields = ActFields("распоряжение", f"Администрация {district} района {region} области", when, f"{i}-р", None)
            sup = acts[rnd.randrange(len(acts))].act if acts else None
            cites = [ActFields(sup.type, sup.issuer.replace("Министерство", "Министерства"), None, sup.number.upper(), None)] if sup else []
        else:
            fields = ActFields("приказ", f"МБОУ «СОШ № {i % 97}» {DISTRICTS[i % 10]} района", when, f"N {i}", None)
            sup = acts[rnd.randrange(len(acts))].act if acts else None
            cites = [ActFields(sup.type, None, sup.date, sup.number, None)] if sup else []
            cites.append(ActFields("федеральный закон", None, None, None, "Об образовании в Российской Федерации"))
        refs = tuple(ReferenceRecord(c, "implements", f"ссылка {k}") for k, c in enumerate(cites))
        acts.append(DocumentRecord(f"doc{i}", f"sha{i}", fields, references=refs))
    return acts


def test_linking_ten_thousand_acts_under_ten_seconds(res):
    records = composed_acts(10_000)
    normaliser(res)  # the analyser itself loads once per process, not per batch
    started = time.perf_counter()
    graph = link_records(records, res)
    seconds = time.perf_counter() - started
    print(f"\nlinked {len(records)} acts, {len(graph.edges)} edges in {seconds:.2f} s")
    assert seconds < 10
    assert len([n for n in graph.nodes.values() if n.act.number == "273-ФЗ"]) == 1
    assert len(graph.edges) >= len(records)
