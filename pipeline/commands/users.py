from __future__ import annotations

import argparse
import getpass
import sys

NAME = "users"
ORDER = 76
HELP = "пользователи рабочего места: add ИМЯ --role clerk|controller|admin (пароль спрашивается), list"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["add", "list"])
    p.add_argument("name", nargs="?", metavar="ИМЯ")
    p.add_argument("--role", choices=["clerk", "controller", "admin"], default="clerk",
                   help="clerk — проверка и черновики; controller — реестр; admin — всё и пользователи")
    p.add_argument("--password-stdin", action="store_true", help="прочитать пароль из первой строки ввода")
    p.add_argument("--store", metavar="ФАЙЛ", help="хранилище (по умолчанию data/ordex.sqlite или $ORDEX_STORE)")


def run(args) -> int:
    from pipeline.store import store_path
    from pipeline.web.workspace import Workspace

    ws = Workspace(store_path(args.store))
    try:
        if args.action == "list":
            for u in ws.users():
                print(f"{u['name']}\t{u['role']}\t{u['created_at']}")
            return 0
        if not args.name:
            print("ordex users: ожидалось «add ИМЯ --role РОЛЬ»", file=sys.stderr)
            return 2
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("пароль: ")
        try:
            ws.add_user(args.name, args.role, password)
        except ValueError as exc:
            print(f"ordex users: {exc}", file=sys.stderr)
            return 2
        print(f"пользователь {args.name} ({args.role}) записан; теперь рабочее место открывается только после входа")
        return 0
    finally:
        ws.close()
