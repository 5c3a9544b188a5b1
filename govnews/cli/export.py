"""``govnews export``: records straight from the store, for backfills and for whoever wants everything."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from ..runs.atomic import atomic_open
from ..store import is_sqlite_file
from .common import add_store_options, check_sites_known, open_existing_store, parse_date_arg, split_sites
from .errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_USAGE, CliError


def register(sub) -> None:
    p = sub.add_parser("export", help="write records from the store as JSON Lines or CSV")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    p.add_argument("--site", action="append", metavar="ID", help="only these sites (repeat or separate with commas)")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.add_argument("--out", metavar="FILE", help="write here (atomically) instead of standard output")
    add_store_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from ..record.item import RECORD_FIELDS

    since = parse_date_arg(args.since, "--since") if args.since else None
    sites = split_sites(args.site)
    if args.out:
        _check_not_a_store(Path(args.out))
    store = open_existing_store(args)
    try:
        check_sites_known(sites, (site for run in store.runs() for site in run.sites))
        records = store.iter_records(since=since, sites=sites)
        write = _write_csv if args.format == "csv" else _write_jsonl
        if args.out:
            _atomic(Path(args.out), lambda handle: write(records, handle, RECORD_FIELDS))
        else:
            write(records, sys.stdout, RECORD_FIELDS)
    finally:
        store.close()
    return EXIT_OK


def _write_jsonl(records, handle, fields) -> None:
    for record in records:
        handle.write(json.dumps({k: record.get(k) for k in fields}, ensure_ascii=False) + "\n")


def _write_csv(records, handle, fields) -> None:
    """One row per record; lists and objects (paragraphs, images, region …) as JSON text in their cell."""
    writer = csv.writer(handle)
    writer.writerow(fields)
    for record in records:
        writer.writerow([_cell(record.get(k)) for k in fields])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _check_not_a_store(path: Path) -> None:
    """``--out`` never replaces a database: the store holds every version of every article and every run."""
    if is_sqlite_file(path):
        raise CliError(f"--out {path}: that file is a SQLite database (a store?); not overwriting it", EXIT_USAGE)


def _atomic(path: Path, write) -> None:
    try:
        with atomic_open(path, encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8", newline="") as handle:
            write(handle)
    except OSError as exc:
        raise CliError(f"--out {path}: cannot write there ({exc.strerror or exc})", EXIT_CANNOT_RUN) from None
