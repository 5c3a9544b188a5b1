"""``govnews seed``: open a distributed run and put the chosen sites' start requests into Redis."""

from __future__ import annotations

from .cluster import add_cluster_options, redis_for, store_url
from .common import pick_profiles, split_sites
from .errors import EXIT_CANNOT_RUN, EXIT_OK, CliError
from .output import ensure_writable


def register(sub) -> None:
    p = sub.add_parser("seed", help="open a distributed run: its start requests go into the shared Redis frontier")
    p.add_argument("--site", action="append", required=True, metavar="ID", help="site id or glob; repeat or separate with commas")
    add_cluster_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from ..distributed.seed import seed
    from ..runs.session import SessionError

    profiles = pick_profiles(split_sites(args.site) or [], check_all=True)
    redis = redis_for(args)
    out = args.out or "output"
    ensure_writable(out)
    try:
        run_id = seed(redis, store_url(args), out, profiles)
    except SessionError as exc:
        raise CliError(str(exc), EXIT_CANNOT_RUN) from None
    print(run_id)
    return EXIT_OK
