from __future__ import annotations

import argparse
import sys

NAME = "coverage"
ORDER = 41
HELP = "исполнение акта: поручения нижестоящим органам и документы, которые их исполняют (пробелы)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from pipeline.commands.chain import add_common

    p.add_argument("act", metavar="АКТ", help="файл документа, имя файла без расширения или описание акта")
    add_common(p)


def run(args) -> int:
    from pipeline.chain import normaliser
    from pipeline.chain.sources import ActNotFound, open_chain
    from pipeline.chain.views import coverage_report
    from pipeline.errors import OrdexError

    try:
        graph, node = open_chain(args.store, args.outputs, args.act)
    except OrdexError as exc:
        print(f"ordex: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, ActNotFound) else 2
    print(coverage_report(graph, node, normaliser()))
    return 0
