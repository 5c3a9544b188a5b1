"""Opening a distributed run: the run in the store, its description and start requests in Redis."""

from __future__ import annotations

import json
import os
import socket

from scrapy_redis import picklecompat
from scrapy_redis.queue import PriorityQueue

from .. import __version__
from ..profiles import SiteProfile
from ..runs import clock
from ..runs.session import RunSession, SessionError, profiles_hash, unique_run_id
from ..store import StoreError, open_store
from .keys import CURRENT, RunKeys


def seed(redis, db: str | None, out: str, profiles: list[SiteProfile]) -> str:
    """Begin a run shared by workers; returns its id. Refuses while another distributed run is open."""
    current = redis.get(CURRENT)
    if current:
        raise SessionError(f"a distributed run is in progress ({current.decode()}); let its workers finish it, "
                           "or finish it with `govnews finish`")
    try:
        store = open_store(db, out)
    except StoreError as exc:
        raise SessionError(str(exc)) from None
    try:
        if not store.try_lock(f"{socket.gethostname()}:{os.getpid()} (seeding)"):
            raise SessionError(f"another run holds the store ({store.lock_holder() or 'another process'}); not starting")
        run_id = unique_run_id(out)
        started = clock.utc_iso()
        store.begin_run(run_id, started, __version__, profiles_hash(profiles), [p.id for p in profiles], status="distributed")
        store.release_lock()
    finally:
        store.close()
    keys = RunKeys(run_id)
    redis.hset(keys.meta, mapping={"sites": json.dumps([p.id for p in profiles]), "out": out, "db": db or "",
                                   "started_at": started})
    _push_start_requests(redis, keys, profiles)
    redis.set(CURRENT, run_id)
    return run_id


def _push_start_requests(redis, keys: RunKeys, profiles: list[SiteProfile]) -> int:
    from ..crawler.spider import GovnewsSpider

    spider = GovnewsSpider(site=",".join(p.id for p in profiles))
    queue = PriorityQueue(server=redis, spider=spider, key=keys.requests, serializer=picklecompat)
    count = 0
    for request in spider.first_listing_requests(profiles):
        queue.push(request)
        count += 1
    return count


def join(redis, db: str | None, out: str | None, profiles_dir: str | None, demo_url: str | None):
    """The run a worker joins: its id, sites, output folder and store; None when no run is open."""
    from ..profiles import select_profiles

    run_id = redis.get(CURRENT)
    if not run_id:
        return None
    keys = RunKeys(run_id.decode())
    meta = {k.decode(): v.decode() for k, v in redis.hgetall(keys.meta).items()}
    profiles = select_profiles(json.loads(meta["sites"]), profiles_dir, demo_url)
    session = RunSession.join(db=db or meta.get("db") or None, out=out or meta["out"], run_id=keys.run_id, profiles=profiles)
    return session, profiles
