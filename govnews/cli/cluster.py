"""Shared by ``govnews seed``, ``govnews worker`` and ``govnews finish``: the Redis connection and the run."""

from __future__ import annotations

import os

from .common import demo_url, profiles_dir
from .errors import EXIT_CANNOT_RUN, CliError


def add_cluster_options(p) -> None:
    p.add_argument("--distributed", metavar="REDIS_URL", default=os.environ.get("GOVNEWS_DISTRIBUTED"),
                   help="the shared frontier, e.g. redis://host:6379/0 (or GOVNEWS_DISTRIBUTED)")
    p.add_argument("--db", help="the shared store, a postgresql:// URL (or GOVNEWS_DB)")
    p.add_argument("--out", default=None, help="output folder (default: the one the run was seeded with, else output/)")


def redis_for(args):
    from ..distributed.keys import connect

    if not args.distributed:
        raise CliError("--distributed: give the Redis URL of the shared frontier (or set GOVNEWS_DISTRIBUTED)")
    try:
        return connect(args.distributed)
    except RuntimeError as exc:
        raise CliError(str(exc), EXIT_CANNOT_RUN) from None


def store_url(args) -> str | None:
    return args.db or os.environ.get("GOVNEWS_DB") or None


def joined_run(args, redis):
    from ..distributed.seed import join
    from ..runs.session import SessionError

    try:
        joined = join(redis, store_url(args), args.out, profiles_dir(), demo_url())
    except SessionError as exc:
        raise CliError(str(exc), EXIT_CANNOT_RUN) from None
    if joined is None:
        raise CliError("no distributed run is open: start one with `govnews seed`", EXIT_CANNOT_RUN)
    return joined
