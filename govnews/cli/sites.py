"""``govnews sites``: the site profiles govnews knows."""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Sequence

from ..profiles import ProfileError, load_profile_file, profile_paths
from ..record.ids import http_url_problem
from .common import DEFAULT_DEMO_URL, demo_url, profiles_dir
from .errors import EXIT_OK, EXIT_USAGE, CliError


def register(sub) -> None:
    p = sub.add_parser("sites", help="list the site profiles: id, name, region, family, columns, status")
    p.add_argument("patterns", nargs="*", metavar="PATTERN", help="only ids matching these globs (e.g. demo-*)")
    p.add_argument("--long", action="store_true", help="also say how each profile was verified")
    p.set_defaults(run=run)


def _region(profile) -> str:
    r = profile.region
    parts = [r.get(k) for k in ("province", "city", "district", "subdistrict") if r.get(k)]
    return "".join(parts) + (f" ({r['code']})" if r.get("code") else "")


def run(args) -> int:
    if problem := http_url_problem(demo_url()):  # once, not once for every demo profile
        raise CliError(f"GOVNEWS_DEMO_URL: {problem}; expected the demo portal's address, such as {DEFAULT_DEMO_URL}")
    paths = profile_paths(profiles_dir())
    unmatched = [p for p in args.patterns if not any(fnmatch.fnmatchcase(site_id, p) for site_id in paths)]
    if unmatched:
        raise CliError(f"no site matches {', '.join(map(repr, unmatched))}; `govnews sites` lists them all", EXIT_USAGE)
    rows, status = [], EXIT_OK
    for site_id, path in paths.items():
        if args.patterns and not any(fnmatch.fnmatchcase(site_id, p) for p in args.patterns):
            continue
        try:
            p = load_profile_file(path, demo_url())
        except ProfileError as exc:
            print(f"govnews sites: {exc}", file=sys.stderr)
            status = EXIT_USAGE  # an invalid profile is bad configuration, as for crawl and reparse
            continue
        verified = str(p.status) if args.long else " ".join(filter(None, (p.status.state, p.status.date)))
        rows.append((p.id, p.name, _region(p) or "-", p.family, str(len(p.columns)), verified))
    header = ("id", "name", "region", "family", "columns", "status")
    _print_table([header] + rows)
    return status


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _print_table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip())
