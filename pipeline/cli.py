"""The `ordex` command.  Each sub-command is a module in :mod:`pipeline.commands` with
``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import pipeline.commands as commands_pkg


def _commands():
    mods = [importlib.import_module(f"{commands_pkg.__name__}.{m.name}") for m in pkgutil.iter_modules(commands_pkg.__path__)]
    return sorted(mods, key=lambda m: getattr(m, "ORDER", 100))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ordex",
        description="ordex читает приказы, распоряжения, постановления и письма и извлекает из них "
        "реквизиты, ссылки на акты, поручения с исполнителями и сроками, контроль исполнения.",
    )
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА")
    for mod in _commands():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return args._run(args)
    except KeyboardInterrupt:
        print("прервано", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
