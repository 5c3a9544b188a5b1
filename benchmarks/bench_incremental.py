"""The second, incremental run of the demo portal next to the first, in one run of this script.

    python benchmarks/bench_incremental.py [--delay SECONDS]

Both runs use one fresh store. The first records everything; the second fetches only the first
listing page of each column and the articles inside the revisit window. Printed: requests sent,
wall time of the whole command, and the crawl's own time (manifest started_at → finished_at).
With ``--delay`` the portal answers that much slower, like a remote server, which is where the
saving shows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.runs import clock


def run(portal: DemoPortal, out: Path) -> tuple[int, float, float]:
    before = len(portal.requests)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "govnews", "crawl", "--site", "demo-*", "--out", str(out), "--no-delay", "--quiet"],
                   env=dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url), check=False, capture_output=True)
    wall = time.perf_counter() - start
    manifest = json.loads((max((out / "runs").iterdir()) / "manifest.json").read_text("utf-8"))
    crawl = (datetime.fromisoformat(manifest["finished_at"]) - datetime.fromisoformat(manifest["started_at"])).total_seconds()
    return len(portal.requests) - before, wall, crawl


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.0, help="seconds the portal takes per answer")
    args = parser.parse_args()
    with DemoPortal(DemoWorld(clock.china_today(), 2)) as portal, tempfile.TemporaryDirectory() as tmp:
        portal.latency = args.delay
        first = run(portal, Path(tmp))
        second = run(portal, Path(tmp))
    print(f"portal latency {args.delay:.2f} s per answer")
    print(f"{'run':<22}{'requests':>10}{'wall s':>10}{'crawl s':>10}")
    for name, (requests, wall, crawl) in (("first (empty store)", first), ("second (incremental)", second)):
        print(f"{name:<22}{requests:>10}{wall:>10.1f}{crawl:>10.0f}")
    print(f"the second run sends {second[0] / first[0]:.0%} of the first's requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
