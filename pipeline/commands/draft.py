from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

NAME = "draft"
ORDER = 30
HELP = "черновик исполнительного приказа (распоряжения, письма-отчёта) по вышестоящему акту, в .docx"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from pipeline.commands.chain import add_common

    p.add_argument("act", nargs="?", metavar="АКТ", help="вышестоящий акт: документ любого формата или его JSON от ordex extract")
    p.add_argument("--org", metavar="ORG.toml", help="описание своей организации (см. ordex draft --org-init)")
    p.add_argument("--out", "-o", metavar="ФАЙЛ.docx", help="куда записать черновик; рядом ляжет предпросмотр .md")
    p.add_argument("--type", dest="act_type", choices=["приказ", "распоряжение"], help="вид своего акта")
    p.add_argument("--reply", action="store_true", help="письмо-отчёт вместо приказа (на письмо, запрашивающее сведения)")
    p.add_argument("--today", type=date.fromisoformat, help="дата, от которой считать сроки (ГГГГ-ММ-ДД)")
    p.add_argument("--org-init", nargs="?", const="ORG.toml", metavar="ФАЙЛ", help="создать образец ORG.toml для заполнения")
    add_common(p)  # the chain completes the superior act's requisites and names what it rests on


def run(args) -> int:
    from pipeline.draft import SAMPLE_ORG, OrgProfile, plan_draft, render_markup, template_for
    from pipeline.errors import OrdexError
    from pipeline.io import write_atomic
    from pipeline.layout import to_docx, to_markdown

    if args.org_init:
        target = Path(args.org_init)
        if target.exists():
            print(f"ordex draft: {target} уже существует — не перезаписываю", file=sys.stderr)
            return 1
        write_atomic(target, SAMPLE_ORG.read_text(encoding="utf-8"))
        print(f"записан образец {target}: заполните его и запустите ordex draft АКТ --org {target} --out черновик.docx")
        return 0
    if not (args.act and args.org and args.out):
        print("ordex draft: нужны АКТ, --org ORG.toml и --out ФАЙЛ.docx (или --org-init)", file=sys.stderr)
        return 2
    try:
        superior = _load_act(Path(args.act))
        org = OrgProfile.load(args.org)
        known = _known_in_chain(superior, Path(args.act).stem, args.store, args.outputs)
        plan = plan_draft(superior, org, args.act_type, today=args.today, known=known)
        markup = render_markup(plan, template_for(plan.act_type, reply=args.reply))
    except OrdexError as exc:
        print(f"ordex draft: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out)
    write_atomic(out, to_docx(markup))
    write_atomic(out.with_suffix(".md"), to_markdown(markup))
    print(f"черновик: {out} (предпросмотр: {out.with_suffix('.md')}), пунктов: {len(plan.clauses)}")
    for problem in plan.problems:
        print(f"  проверить: {problem}")
    return 0


def _load_act(path: Path) -> dict:
    from pipeline.errors import DraftError

    if not path.exists():
        raise DraftError(f"нет такого файла: {path}")
    if path.suffix.lower() == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    from pipeline.batch import process_file
    from pipeline.resources import shared
    from pipeline.settings import Settings

    return process_file(path, shared(), Settings.from_env()).to_json(with_layout=False)


def _known_in_chain(superior: dict, stem: str, store: str | None, outputs: list[str]):
    """The superior act linked with every act the store and earlier outputs know."""
    from pipeline.chain.records import record_from_json
    from pipeline.chain.sources import place_in_chain
    from pipeline.chain.views import known_act

    graph, node = place_in_chain(record_from_json(stem, superior), store, outputs)
    return known_act(graph, node)
