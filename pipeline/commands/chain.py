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


def resolve(graph, query: str, norm):
    """The one node the query names, or an error message."""
    from pipeline.chain.views import describe, find_act

    found = find_act(graph, query, norm)
    if not found.nodes:
        return None, f"ordex: акт не найден: {query}"
    if len(found.nodes) > 1:
        names = "\n".join(f"  {describe(n)}" for n in found.nodes)
        return None, f"ordex: под описание подходят несколько актов, уточните:\n{names}"
    return found.nodes[0], None


def run(args) -> int:
    import networkx as nx

    from pipeline.chain import link_records, normaliser
    from pipeline.chain.render import write_graph
    from pipeline.chain.sources import gather
    from pipeline.chain.views import chain_report
    from pipeline.errors import OrdexError

    try:
        graph = link_records(gather(args.store, args.outputs, args.act))
    except OrdexError as exc:
        print(f"ordex: {exc}", file=sys.stderr)
        return 2
    node, ids = None, None
    if args.act:
        node, error = resolve(graph, args.act, normaliser())
        if error:
            print(error, file=sys.stderr)
            return 1
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
