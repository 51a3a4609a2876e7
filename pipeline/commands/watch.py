from __future__ import annotations

import argparse
import sys

NAME = "watch"
ORDER = 40
HELP = "следить за входящей папкой: извлекать каждый новый файл ровно один раз"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inbox", metavar="ВХОДЯЩИЕ", help="папка, куда кладут документы")
    p.add_argument("--out", "-o", required=True, metavar="ПАПКА", help="куда писать <имя>.json")
    p.add_argument("--workers", type=int, default=1, help="процессов извлечения (по умолчанию 1)")
    p.add_argument("--once", action="store_true", help="обработать то, что есть, и выйти (для cron)")
    p.add_argument("--poll", action="store_true", help="опрашивать папку вместо уведомлений (сетевые диски)")
    p.add_argument("--interval", type=float, default=2.0, help="период опроса, с")
    p.add_argument("--settle", type=float, default=5.0,
                   help="сколько секунд файл не должен меняться, чтобы считаться дописанным "
                        "(округляется вверх до целого числа периодов опроса, не меньше двух)")
    p.add_argument("--store", metavar="ФАЙЛ", help="хранилище актов и реестра (по умолчанию data/ordex.sqlite или $ORDEX_STORE)")
    p.add_argument("--no-register", action="store_true", help="не заносить поручения в реестр")


def run(args) -> int:
    from pipeline.chain.records import record_from_json
    from pipeline.inbox import Inbox, InboxBusy
    from pipeline.register import Register
    from pipeline.store import ActStore, store_path

    register = None if args.no_register else Register(args.store)
    acts = ActStore(store_path(args.store))

    def on_result(entry, result):
        acts.upsert(record_from_json(entry.output, result))  # links it into the chain of acts
        if register is not None:
            register.add_document(entry.output, result)

    inbox = Inbox(args.inbox, args.out, settle=args.settle, workers=max(1, args.workers), on_result=on_result)
    try:
        inbox.lock()
    except InboxBusy as exc:
        print(f"ordex watch: {exc}", file=sys.stderr)
        inbox.close()
        acts.close()
        return 3
    try:
        inbox.run(once=args.once, poll=args.poll, interval=args.interval)
    except KeyboardInterrupt:
        pass
    finally:
        inbox.close()
        acts.close()
        if register is not None:
            register.close()
    if args.once and inbox.output_failed:  # cron must see it: the files wait in the inbox
        print(f"ordex watch: результаты не удалось записать в {args.out} (нет места или прав); "
              "необработанные файлы оставлены во входящей папке", file=sys.stderr)
        return 4
    return 0
