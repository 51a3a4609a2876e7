from __future__ import annotations

import argparse
import sys

NAME = "extract"
ORDER = 10
HELP = "извлечь данные из документов (файлы или папки) в JSON, по файлу на документ, и chain.json"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="ПУТЬ", help="файлы или папки с документами")
    p.add_argument("--out", "-o", required=True, metavar="ПАПКА", help="куда писать <имя>.json и chain.json")
    p.add_argument("--store", metavar="ФАЙЛ",
                   help="хранилище актов SQLite для связей между пакетами (или $ORDEX_STORE); без него не ведётся")
    p.add_argument("--no-progress", action="store_true", help="без индикатора хода работы")
    p.add_argument("--workers", "-j", type=int, default=None, metavar="N",
                   help="процессов извлечения (по умолчанию — по числу ядер; 1 — в этом процессе)")
    p.add_argument("--cluster", metavar="АДРЕС", default=None,
                   help="извлекать на кластере Dask (tcp://планировщик:8786, или $ORDEX_CLUSTER)")
    p.add_argument("--no-cache", action="store_true",
                   help="извлечь заново и неизменные файлы (кэш по SHA-256 в $ORDEX_CACHE, по умолчанию ~/.cache/ordex)")


def run(args) -> int:
    from pathlib import Path

    from pipeline.batch import run_batch

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        for p in missing:
            print(f"ordex: нет такого файла или папки: {p}", file=sys.stderr)
        return 2
    import os

    from pipeline.batch import default_workers
    from pipeline.cache import ExtractionCache
    from pipeline.errors import OrdexError
    from pipeline.store import ActStore, store_path

    path = store_path(args.store, use_default=False)
    store = ActStore(path) if path is not None else None
    cache = None if args.no_cache else ExtractionCache()
    workers = args.workers if args.workers is not None else default_workers()
    try:
        outcomes = run_batch(args.paths, args.out, progress=False if args.no_progress else None, store=store,
                             workers=max(1, workers), cluster=args.cluster or os.environ.get("ORDEX_CLUSTER"),
                             cache=cache)
    except OrdexError as exc:
        print(f"ordex extract: {exc}", file=sys.stderr)
        return 2
    finally:
        if store is not None:
            store.close()
        if cache is not None:
            cache.close()
    if not outcomes:
        print("ordex: во входных путях нет документов", file=sys.stderr)
        return 1
    return 1 if any(o.error for o in outcomes) else 0
