from __future__ import annotations

import argparse
import sys

NAME = "extract"
ORDER = 10
HELP = "извлечь данные из документов (файлы или папки) в JSON, по файлу на документ, и chain.json"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="ПУТЬ", help="файлы или папки с документами")
    p.add_argument("--out", "-o", required=True, metavar="ПАПКА", help="куда писать <имя>.json и chain.json")
    p.add_argument("--no-progress", action="store_true", help="без индикатора хода работы")


def run(args) -> int:
    from pathlib import Path

    from pipeline.batch import run_batch

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        for p in missing:
            print(f"ordex: нет такого файла или папки: {p}", file=sys.stderr)
        return 2
    outcomes = run_batch(args.paths, args.out, progress=False if args.no_progress else None)
    if not outcomes:
        print("ordex: во входных путях нет документов", file=sys.stderr)
        return 1
    return 1 if any(o.error for o in outcomes) else 0
