from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "corrections"
ORDER = 75
HELP = "исправления рабочего места: export ПАПКА — исправленные документы как эталон для ordex eval"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["export"], help="export: записать <имя>.json исправленных документов")
    p.add_argument("folder", metavar="ПАПКА")
    p.add_argument("--store", metavar="ФАЙЛ", help="хранилище (по умолчанию data/ordex.sqlite или $ORDEX_STORE)")


def run(args) -> int:
    from pipeline.store import store_path
    from pipeline.web.app import export_gold

    store = store_path(args.store)
    if not store.exists():
        print(f"ordex corrections: хранилище не найдено: {store}", file=sys.stderr)
        return 1
    written = export_gold(store, Path(args.folder))
    print(f"исправленных документов записано: {len(written)} в {args.folder}")
    return 0
