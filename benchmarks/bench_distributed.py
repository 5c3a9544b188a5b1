"""Pages per second on the demo portal with 1, 2 and 3 workers sharing one Redis frontier and one PostgreSQL store;
and how long the cluster politeness middleware keeps a worker's reactor waiting on Redis.

    python benchmarks/bench_distributed.py [--workers 1 2 3] [--rounds 2] [--latency 0.0] [--redis-rtt 2.0]
    python benchmarks/bench_distributed.py --politeness-only

Starts its own redis-server and PostgreSQL (as the tests do), the demo portal, seeds a run of every
demo site and starts the workers with delays off. The rate is the portal's: requests it answered
over the time from the first to the last one (worker start-up and the idle wait at the end excluded).
``--latency`` makes the portal answer slower, like a remote server: then more workers help.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

from scrapy import Request

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.distributed.keys import connect
from govnews.distributed.politeness import _ACQUIRE, ClusterPolitenessMiddleware
from govnews.runs import clock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test support package
from support.pgserver import start_server
from support.redisserver import RedisServer


def one_round(workers: int, redis_url: str, pg, latency: float) -> float:
    db = pg.create_database()
    try:
        with DemoPortal(DemoWorld(clock.china_today(), 2)) as portal, tempfile.TemporaryDirectory() as out:
            portal.latency = latency
            env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url, GOVNEWS_DISTRIBUTED=redis_url, GOVNEWS_DB=db)
            subprocess.run([sys.executable, "-m", "govnews", "seed", "--site", "demo-*", "--out", out], env=env,
                           check=True, capture_output=True)
            procs = [subprocess.Popen([sys.executable, "-m", "govnews", "worker", "--no-delay", "--idle-timeout", "2",
                                       "--progress", "off"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                     for _ in range(workers)]
            for proc in procs:
                proc.wait(timeout=600)
            times = sorted(r.time for r in portal.requests)
    finally:
        pg.drop_database(db)
    return (len(times) - 1) / (times[-1] - times[0])


class _LatencyProxy:
    """A TCP proxy to Redis that holds every chunk ``delay`` seconds each way: a Redis on another machine.
    It runs on its own thread and loop, so that a blocking client in the benchmark's loop cannot stall it."""

    def __init__(self, target_port: int, delay: float) -> None:
        self.target_port, self.delay, self.port = target_port, delay, 0
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait()

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        self.loop.run_forever()

    async def _client(self, reader, writer) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader, writer) -> None:
        while data := await reader.read(65536):
            await asyncio.sleep(self.delay)
            writer.write(data)
            await writer.drain()
        writer.close()


def _middleware(redis_url: str, blocking: bool) -> ClusterPolitenessMiddleware:
    crawler = SimpleNamespace(settings={"GOVNEWS_WORKER_ID": "bench"}, stats=SimpleNamespace(inc_value=lambda *a, **k: None))
    middleware = ClusterPolitenessMiddleware(crawler, redis_url, {}, {"delay": 0.0, "concurrency": 10_000}, 60_000)
    if blocking:  # the middleware as it was: the same script and release through the blocking client
        sync = connect(redis_url)
        script = sync.register_script(_ACQUIRE)

        async def acquire(keys, args):
            return script(keys=keys, args=args)

        middleware.acquire = acquire
        middleware.redis = SimpleNamespace(zrem=lambda *a: _done(sync.zrem(*a)))
    return middleware


async def _done(value):
    return value


async def _stalls(middleware: ClusterPolitenessMiddleware, requests: int) -> tuple[float, float]:
    """Seconds for ``requests`` concurrent slot acquisitions and releases, and the longest the loop stood still."""
    longest, stop = 0.0, False

    async def ticker() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not stop:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            longest, last = max(longest, now - last - 0.001), now

    async def one(n: int) -> None:
        request = Request(f"http://bench-{n % 20}.example.cn/a{n}.html")
        await middleware.process_request(request)
        await middleware.process_response(request, None)

    tick = asyncio.ensure_future(ticker())
    started = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(requests)))
    elapsed = time.perf_counter() - started
    stop = True
    await tick
    return elapsed, longest


def politeness_rows(redis: RedisServer, rtt_ms: float, requests: int = 200) -> None:
    proxy = _LatencyProxy(int(redis.url.rsplit(":", 1)[1].split("/")[0]), rtt_ms / 2000)
    url = f"redis://127.0.0.1:{proxy.port}/0"
    print(f"cluster politeness: {requests} requests at once, Redis {rtt_ms:.1f} ms round trip away")
    print(f"{'client':<28}{'seconds':>9}{'longest reactor stall (ms)':>30}")
    for name, blocking in (("blocking (before)", True), ("asyncio (govnews)", False)):
        elapsed, stall = asyncio.run(_stalls(_middleware(url, blocking), requests))
        print(f"{name:<28}{elapsed:>9.2f}{stall * 1000:>30.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the portal takes per answer")
    parser.add_argument("--redis-rtt", type=float, default=2.0, help="milliseconds of Redis round trip for the politeness rows")
    parser.add_argument("--politeness-only", action="store_true", help="only the politeness middleware's rows (no PostgreSQL)")
    args = parser.parse_args()
    if args.politeness_only:
        redis = RedisServer()
        try:
            politeness_rows(redis, args.redis_rtt)
        finally:
            redis.stop()
        return 0
    pg, problem = start_server()
    if pg is None:
        print(f"bench_distributed: {problem}", file=sys.stderr)
        return 3
    redis = RedisServer()
    try:
        print(f"demo portal, delays off, portal latency {args.latency:.2f} s; {os.cpu_count()} cores")
        print(f"{'workers':<9}{'pages/s per round':<30}{'median':>8}")
        for n in args.workers:
            rates = [one_round(n, redis.url, pg, args.latency) for _ in range(args.rounds)]
            print(f"{n:<9}{'  '.join(f'{r:.1f}' for r in rates):<30}{statistics.median(rates):>8.1f}")
        politeness_rows(redis, args.redis_rtt)
    finally:
        redis.stop()
        pg.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
