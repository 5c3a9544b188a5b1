"""Redis keys of a distributed run, and the connection."""

from __future__ import annotations

from dataclasses import dataclass

CURRENT = "govnews:current"  # the run id workers join


@dataclass(frozen=True)
class RunKeys:
    run_id: str

    def _key(self, name: str) -> str:
        return f"govnews:{self.run_id}:{name}"

    @property
    def meta(self) -> str:  # hash: sites, out, db, started_at
        return self._key("meta")

    @property
    def requests(self) -> str:  # scrapy-redis's priority queue
        return self._key("requests")

    @property
    def dupefilter(self) -> str:  # scrapy-redis's fingerprint set
        return self._key("dupefilter")

    @property
    def workers(self) -> str:  # set of worker ids that joined
        return self._key("workers")

    def alive(self, worker: str) -> str:  # heartbeat, expires when the worker stops beating
        return self._key(f"alive:{worker}")

    def inflight(self, worker: str) -> str:  # hash fingerprint -> encoded request, until acknowledged
        return self._key(f"inflight:{worker}")

    @property
    def revisits(self) -> str:  # set once: revisit requests scheduled
        return self._key("revisits")

    @property
    def finalizer(self) -> str:  # set once: who finishes the run
        return self._key("finalizer")

    def host_holders(self, host: str) -> str:  # politeness: requests in flight to the host, cluster-wide
        return f"govnews:host:{host}:holders"

    def host_next(self, host: str) -> str:  # politeness: earliest time the next request may start
        return f"govnews:host:{host}:next"


def connect(url: str):
    """A Redis client for ``url``; a one-line error (RuntimeError) when it cannot be reached."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise RuntimeError(f"redis {url}: cannot connect ({exc})") from None
    return client


def async_client(url: str, connections: int = 32):
    """An asyncio Redis client for ``url`` (for code that runs inside the reactor); it connects on first use, and
    when ``connections`` commands are under way the next one waits for a free connection instead of failing."""
    import redis.asyncio

    pool: redis.asyncio.BlockingConnectionPool = redis.asyncio.BlockingConnectionPool.from_url(
        url, max_connections=connections, timeout=30, socket_connect_timeout=5, socket_timeout=30)
    return redis.asyncio.Redis(connection_pool=pool)
