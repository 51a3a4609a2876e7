"""`ordex bench`: pages per second of each reader, documents per second of the whole
extraction, peak memory — on documents the bench writes itself."""

from __future__ import annotations

import argparse

NAME = "bench"
ORDER = 90
HELP = "замерить скорость чтения каждого формата и полного извлечения (стр./с, док./с, память)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--runs", type=int, default=5, help="прогонов на замер (берётся медиана), по умолчанию 5")


def run(args) -> int:
    from pipeline.bench import run_bench

    run_bench(runs=max(1, args.runs))
    return 0
