"""``govnews finish``: finish the open distributed run by hand (when its last worker could not)."""

from __future__ import annotations

from .cluster import add_cluster_options, joined_run, redis_for
from .errors import EXIT_CANNOT_RUN, EXIT_OK, CliError


def register(sub) -> None:
    p = sub.add_parser("finish", help="finish the open distributed run: feed, manifest, report")
    add_cluster_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    import os

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "govnews.settings")
    from scrapy.utils.project import get_project_settings

    from ..distributed.finish import finish_run
    from ..distributed.keys import RunKeys

    redis = redis_for(args)
    session, profiles = joined_run(args, redis)
    keys = RunKeys(session.run_id)
    alive = [w for w in redis.smembers(keys.workers) if redis.exists(keys.alive(w.decode()))]
    if alive:
        raise CliError(f"run {session.run_id}: {len(alive)} worker(s) still at it; they finish it", EXIT_CANNOT_RUN)
    if not redis.set(keys.finalizer, "govnews finish", nx=True):
        raise CliError(f"run {session.run_id}: already being finished", EXIT_CANNOT_RUN)
    manifest = finish_run(redis, keys, session, {p.id: p for p in profiles}, get_project_settings())
    session.store.close()
    print(f"run {manifest['run_id']} finished: {manifest['totals']}")
    return EXIT_OK
