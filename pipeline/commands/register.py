from __future__ import annotations

import argparse
import re
import sys
from datetime import timedelta
from pathlib import Path

NAME = "register"
ORDER = 50
HELP = "реестр поручений: кто, что и к какому сроку должен сделать; выгрузка в xlsx/csv/ics"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="*", metavar="done ID", help="«done ID» — отметить поручение исполненным")
    p.add_argument("--executor", metavar="ТЕКСТ", help="только поручения этого исполнителя (часть названия)")
    p.add_argument("--due-within", metavar="СРОК", help="срок наступает в пределах: 7d, 2w, 1m")
    p.add_argument("--overdue", action="store_true", help="только просроченные")
    p.add_argument("--export", metavar="ФАЙЛ", help="записать в register.xlsx, register.csv или deadlines.ics")
    p.add_argument("--store", metavar="ФАЙЛ", help="хранилище (по умолчанию data/ordex.sqlite или $ORDEX_STORE)")
    p.add_argument("--add", nargs="+", metavar="JSON", help="занести результаты ordex extract (файлы <имя>.json)")


_PERIOD = re.compile(r"^(\d+)\s*([dwm])$")


def parse_period(text: str) -> timedelta:
    m = _PERIOD.match(text.strip().lower())
    if not m:
        raise ValueError(f"срок «{text}» не понят: пишите 7d (дни), 2w (недели) или 1m (месяцы)")
    n, unit = int(m.group(1)), m.group(2)
    return timedelta(days=n * {"d": 1, "w": 7, "m": 30}[unit])


def run(args) -> int:
    import json

    from pipeline.register import Register, export

    reg = Register(args.store)
    try:
        if args.add:
            for f in args.add:
                data = json.loads(Path(f).read_text(encoding="utf-8"))
                n = reg.add_document(Path(f).stem, data)
                print(f"{f}: {n} поручений занесено")
            return 0
        if args.action:
            if len(args.action) != 2 or args.action[0] != "done" or not args.action[1].isdigit():
                print("ordex register: ожидалось «done ID», например: ordex register done 12", file=sys.stderr)
                return 2
            if not reg.mark_done(int(args.action[1])):
                print(f"ordex register: поручения с номером {args.action[1]} нет в реестре", file=sys.stderr)
                return 1
            print(f"поручение {args.action[1]} отмечено исполненным")
            return 0
        try:
            within = parse_period(args.due_within) if args.due_within else None
        except ValueError as exc:
            print(f"ordex register: {exc}", file=sys.stderr)
            return 2
        rows = reg.rows(executor=args.executor, due_within=within, overdue=args.overdue)
        if args.export:
            try:
                export(rows, Path(args.export))
            except ValueError as exc:
                print(f"ordex register: {exc}", file=sys.stderr)
                return 2
            print(f"{len(rows)} поручений записано в {args.export}")
            return 0
        from datetime import date

        today = date.today()
        for r in rows:
            print(f"{r.id:>5}  {r.effective_status(today):<8} {r.due or '—':<10}  {r.executors[:60]:<60}  {r.action[:80]}")
        print(f"всего: {len(rows)}")
        return 0
    finally:
        reg.close()
