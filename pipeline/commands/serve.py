from __future__ import annotations

import argparse
import getpass
import sys

NAME = "serve"
ORDER = 70
HELP = "рабочее место в браузере: входящие, проверка и исправление, реестр, цепочка, черновики"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="адрес (по умолчанию только этот компьютер: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="порт (по умолчанию 8000)")
    p.add_argument("--store", metavar="ФАЙЛ", help="хранилище (по умолчанию data/ordex.sqlite или $ORDEX_STORE)")
    p.add_argument("--user", help="под каким именем записывать исправления (по умолчанию — имя входа в систему)")


def run(args) -> int:
    import uvicorn

    from pipeline.store import store_path
    from pipeline.web.app import Config, create_app

    store = store_path(args.store)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"ordex serve: ВНИМАНИЕ — рабочее место открыто по сети на {args.host}:{args.port}", file=sys.stderr)
    app = create_app(Config(store=store, user=args.user or getpass.getuser()))
    print(f"ordex serve: http://{args.host}:{args.port}/  (хранилище {store})", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
