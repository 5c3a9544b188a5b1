"""Pages per second on the demo portal with 1, 2 and 3 workers sharing one Redis frontier and one PostgreSQL store.

    python benchmarks/bench_distributed.py [--workers 1 2 3] [--rounds 2] [--latency 0.0]

Starts its own redis-server and PostgreSQL (as the tests do), the demo portal, seeds a run of every
demo site and starts the workers with delays off. The rate is the portal's: requests it answered
over the time from the first to the last one (worker start-up and the idle wait at the end excluded).
``--latency`` makes the portal answer slower, like a remote server: then more workers help.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the portal takes per answer")
    args = parser.parse_args()
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
    finally:
        redis.stop()
        pg.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
