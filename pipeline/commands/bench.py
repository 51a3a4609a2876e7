"""`ordex bench`: pages per second of each reader, documents per second of the whole
extraction, peak memory — on documents the bench writes itself."""

from __future__ import annotations

import argparse

NAME = "bench"
ORDER = 90
HELP = "замерить скорость чтения каждого формата и полного извлечения (стр./с, док./с, память)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--runs", type=int, default=5, help="прогонов на замер (берётся медиана), по умолчанию 5")
    p.add_argument("--batch-only", action="store_true",
                   help="только пакет: 1 процесс и все ядра, повторный прогон из кэша, холодный старт, память")
    p.add_argument("--docs", type=int, default=120, help="документов в пакете (по умолчанию 120)")
    p.add_argument("--warm-docs", type=int, default=1000, help="документов повторного прогона (по умолчанию 1000)")


def run(args) -> int:
    from pipeline.bench import run_batch_bench, run_bench

    if args.batch_only:
        run_batch_bench(docs=max(2, args.docs), warm_docs=max(1, args.warm_docs))
    else:
        run_bench(runs=max(1, args.runs), docs=max(2, args.docs), warm_docs=max(1, args.warm_docs))
    return 0
