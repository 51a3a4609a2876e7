from __future__ import annotations

import argparse
import json
import sys

NAME = "chain"
ORDER = 40
HELP = "цепочка актов: что акт исполняет (вверх до закона), что исполняет его (вниз) и параллельные акты"


def add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="ФАЙЛ", help="хранилище актов SQLite (по умолчанию $ORDEX_STORE или data/ordex.sqlite)")
    p.add_argument("--from", dest="outputs", action="append", default=[], metavar="ПАПКА",
                   help="папка с результатами `ordex extract` (можно несколько раз)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("act", nargs="?", metavar="ФАЙЛ_ИЛИ_АКТ",
                   help='файл документа, имя файла без расширения или акт: "распоряжение Губернатора ... от 21.01.2026 № 18-р"')
    add_common(p)
    p.add_argument("--graph", metavar="ФАЙЛ.svg|ФАЙЛ.html", help="нарисовать граф (цепочку акта или все акты)")
    p.add_argument("--json", action="store_true", help="вывести граф в JSON (как chain.json)")


def run(args) -> int:
    import networkx as nx

    from pipeline.chain.render import write_graph
    from pipeline.chain.sources import ActNotFound, open_chain
    from pipeline.chain.views import chain_report
    from pipeline.errors import OrdexError

    try:
        graph, node = open_chain(args.store, args.outputs, args.act)
    except OrdexError as exc:
        print(f"ordex: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, ActNotFound) else 2
    ids = None
    if node is not None:
        g = graph.digraph()
        ids = {node.id} | nx.descendants(g, node.id) | nx.ancestors(g, node.id)
        ids |= {s for sup in g.successors(node.id) for s in g.predecessors(sup)}
    if args.graph:
        write_graph(args.graph, graph, ids, node.id if node else None)
        print(f"граф записан: {args.graph}")
    if args.json:
        print(json.dumps(graph.to_json(ids), ensure_ascii=False, indent=2, sort_keys=True))
    elif node is not None:
        print(chain_report(graph, node))
    elif not args.graph:
        print(f"актов: {len(graph.nodes)}, связей: {len(graph.edges)}, конфликтов: {len(graph.conflicts)}, "
              f"неразрешённых ссылок: {len(graph.unresolved)}; укажите акт или --graph")
    return 0
