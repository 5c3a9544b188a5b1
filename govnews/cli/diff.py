"""``govnews diff``: what was posted, changed or taken down between two runs, per site and column."""

from __future__ import annotations

import json
import sys

from .common import add_store_options, check_sites_known, open_existing_store, split_sites
from .errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_USAGE, CliError


def register(sub) -> None:
    p = sub.add_parser("diff", help="changes between two runs (default: the last two finished runs)")
    p.add_argument("--from", dest="from_run", metavar="RUN", help="the earlier run id (its changes are not included)")
    p.add_argument("--to", dest="to_run", metavar="RUN", help="the later run id (default: the newest finished run)")
    p.add_argument("--site", action="append", metavar="ID", help="only these sites (repeat or separate with commas)")
    p.add_argument("--format", choices=("md", "html", "jsonl"), default="md")
    add_store_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from ..monitor.changes import changes_between, previous_run
    from ..monitor.model import RunReport

    store = open_existing_store(args)
    try:
        runs = {r.run_id: r for r in store.runs()}
        to_run = args.to_run or max((r for r in runs if runs[r].finished_at), default=None)
        for option, run_id in (("--to", to_run), ("--from", args.from_run)):
            if run_id is not None and run_id not in runs:
                raise CliError(f"{option} {run_id}: no such run in the store", EXIT_USAGE)
        if to_run is None:
            raise CliError("no finished run in the store yet", EXIT_CANNOT_RUN)
        from_run = args.from_run or previous_run(store, to_run)
        if from_run is not None and from_run >= to_run:
            raise CliError(f"--from {from_run} is not earlier than --to {to_run}", EXIT_USAGE)
        sites = split_sites(args.site)
        check_sites_known(sites, (site for run in runs.values() for site in run.sites))
        changes = changes_between(store, from_run, to_run, sites)
    finally:
        store.close()
    _print(args.format, changes, RunReport(to_run, runs[to_run].started_at, runs[to_run].finished_at, from_run,
                                           tuple(changes), (), {}, ()))
    return EXIT_OK


def _print(fmt: str, changes, report) -> None:
    if fmt == "jsonl":
        for change in changes:
            sys.stdout.write(json.dumps(change.to_json(), ensure_ascii=False) + "\n")
        return
    from ..monitor.report import render_html, render_md

    sys.stdout.write(render_html(report) if fmt == "html" else render_md(report))
