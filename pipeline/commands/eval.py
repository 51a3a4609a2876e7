"""`ordex eval GOLD_DIR PRED_DIR`: score extraction outputs against gold files."""
from __future__ import annotations

import argparse
import json
import sys

NAME = "eval"
ORDER = 30
HELP = "оценить выводы extract по эталонной разметке (поля, ссылки, поручения, сроки, контроль)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("gold", metavar="ЭТАЛОН", help="папка с эталонными <имя>.json (и, если есть, chain.json)")
    p.add_argument("pred", metavar="ВЫВОД", help="папка с выводами ordex extract")
    p.add_argument("--predicted-only", action="store_true",
                   help="оценить только документы, для которых есть вывод (например, сканы набора)")
    p.add_argument("--chain", metavar="ФАЙЛ", help="эталонный chain.json, если он не в папке эталона")
    p.add_argument("--totals", metavar="НАЗВАНИЕ",
                   help="только строка итогов под этим названием (для сводки нескольких наборов)")
    p.add_argument("--header", action="store_true", help="с --totals: сначала строка заголовков")
    p.add_argument("--json", action="store_true", help="результат в JSON для машин")
    p.add_argument("--details", action="store_true", help="показать промахи: пропуски, лишнее, неверные поля")


def run(args) -> int:
    from pathlib import Path

    from pipeline.evaluate import evaluate_dirs, render_details, render_table, render_totals

    for path in (args.gold, args.pred):
        if not Path(path).is_dir():
            print(f"ordex: нет такой папки: {path}", file=sys.stderr)
            return 2
    if args.chain and not Path(args.chain).is_file():
        print(f"ordex: нет такого файла: {args.chain}", file=sys.stderr)
        return 2
    ev = evaluate_dirs(args.gold, args.pred, predicted_only=args.predicted_only, gold_chain=args.chain)
    if not ev.documents:
        where = f"{args.pred} нет выводов для эталонов из {args.gold}" if args.predicted_only else f"{args.gold} нет эталонных <имя>.json"
        print(f"ordex: в {where}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(ev.to_json(details=args.details), ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    if args.totals:
        print(render_totals(ev, args.totals, header=args.header))
        return 0
    if args.details:
        print(render_details(ev))
        print()
    print(render_table(ev))
    return 0
