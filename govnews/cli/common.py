"""Helpers shared by subcommands: site selection, date arguments, JSON Lines output."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..demo import DEFAULT_URL as DEFAULT_DEMO_URL
from ..profiles import ProfileError, SiteProfile, select_profiles
from .errors import EXIT_CANNOT_RUN, EXIT_USAGE, CliError


def demo_url() -> str:
    return os.environ.get("GOVNEWS_DEMO_URL", DEFAULT_DEMO_URL)


def profiles_dir() -> str | None:
    """``GOVNEWS_PROFILES_DIR``: a folder of extra profiles; a typo there must not read as "unknown site"."""
    folder = os.environ.get("GOVNEWS_PROFILES_DIR") or None
    if folder is not None and not os.path.isdir(folder):
        raise CliError(f"GOVNEWS_PROFILES_DIR={folder}: no such folder", EXIT_USAGE)
    return folder


def pick_profiles(patterns: Iterable[str], demo: str | None = None, check_all: bool = False) -> list[SiteProfile]:
    """The chosen profiles; ``check_all`` (crawls) validates every profile in the folders in use too."""
    try:
        return select_profiles(list(patterns), profiles_dir(), demo or demo_url(), check_all=check_all)
    except (LookupError, ProfileError) as exc:
        raise CliError(str(exc).strip("'\""), EXIT_USAGE) from None


def parse_date_arg(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{option}: expected a date as YYYY-MM-DD, not {value!r}", EXIT_USAGE) from None


def parse_instant_arg(value: str, option: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CliError(f"{option}: expected an ISO 8601 time such as 2026-11-27T08:00:00Z, not {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def write_jsonl(record: dict[str, Any], stream=None) -> None:
    stream = stream or sys.stdout
    stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def add_store_options(p) -> None:
    """``--dir`` and ``--db``: the store a reading command (export, diff) reads."""
    p.add_argument("--dir", default="output", help="the crawl output folder holding the store (default: output/)")
    p.add_argument("--db", help="the store: a postgresql:// URL or a SQLite file (default: DIR/govnews.db, or GOVNEWS_DB)")


def split_sites(values) -> list[str] | None:
    """``--site a --site b,c`` as ``[a, b, c]`` (None when not given).

    A ``--site`` that names nothing (``--site ""`` from an unset shell variable under cron) is an error, never
    "every site": a crawl would otherwise fetch every profile, real sites included.
    """
    if not values:
        return None
    names = [s.strip() for value in values for s in value.split(",") if s.strip()]
    if not names:
        raise CliError(f"--site {','.join(values)!r}: no site named; give site ids or globs such as demo-*", EXIT_USAGE)
    return names


def check_sites_known(sites: list[str] | None, known: Iterable[str]) -> None:
    """Every ``--site`` names a site the store has runs of: a typo must not read as "nothing there"."""
    unknown = sorted(set(sites or ()) - set(known))
    if unknown:
        raise CliError(f"--site {', '.join(unknown)}: no run of this site in the store", EXIT_USAGE)


def open_existing_store(args):
    """The store named by ``--db``/``GOVNEWS_DB`` or found in ``--dir``; never a new empty one by mistake."""
    from ..store import StoreError, is_postgres_url, open_store, sqlite_path

    db = args.db or os.environ.get("GOVNEWS_DB") or None
    if not db and not (Path(args.dir) / "govnews.db").exists():
        raise CliError(f"--dir {args.dir}: no store here (govnews.db); crawl first or give --db", EXIT_CANNOT_RUN)
    try:
        if not is_postgres_url(db):
            check_sqlite_store(sqlite_path(db, args.dir), f"--db {db}" if db else f"--dir {args.dir}")
        return open_store(db, args.dir)
    except StoreError as exc:
        raise CliError(str(exc), EXIT_CANNOT_RUN) from None


def check_sqlite_store(path: Path, named: str) -> None:
    """A reading command opens an existing SQLite store only: it never creates one, nor writes a store's
    tables into some other file (an empty file, a page, an export)."""
    if path.is_dir():
        raise CliError(f"{named}: {path} is a folder, not a store file", EXIT_USAGE)
    from ..store import is_sqlite_file

    if not path.exists():
        raise CliError(f"{named}: no store at {path}; crawl first or give the store's path", EXIT_CANNOT_RUN)
    if not is_sqlite_file(path):
        raise CliError(f"{named}: {path} is not a govnews store (not a SQLite database); left as it is", EXIT_USAGE)
