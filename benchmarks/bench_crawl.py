"""Crawl speed on the demo portal, delays off: govnews next to a bare Scrapy spider, in one run.

    python benchmarks/bench_crawl.py [--rounds 3]

Each round crawls every demo site with govnews (listing parsing, extraction, validation, feed),
recording every request it sends; then a bare spider (benchmarks/bare_spider.py) sends exactly
the same requests with the same concurrency and extracts nothing. Pages per second are responses
over the crawl's elapsed time (Scrapy's own ``elapsed_time_seconds``), process start-up excluded.
Target: govnews reaches at least 70% of the bare spider's rate.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEED = {"CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 32, "DOWNLOAD_DELAY": 0,
         "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False}


def crawl_once(kind: str, out: str, requests_log: str) -> dict:
    """Run one crawl in this process and return Scrapy's final stats."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    if kind == "govnews":
        os.environ["SCRAPY_SETTINGS_MODULE"] = "govnews.settings"
        from scrapy.utils.project import get_project_settings

        settings = get_project_settings()
        settings.setdict({**SPEED, "GOVNEWS_OUT": out, "GOVNEWS_REQUEST_LOG": requests_log, "GOVNEWS_NO_DELAY": True,
                          "GOVNEWS_PROGRESS": "off"}, priority="cmdline")
        spider, kwargs = "govnews", {"site": "demo-*"}
    else:
        sys.path.insert(0, str(HERE))
        from bare_spider import BareSpider

        settings = Settings({**SPEED, "ROBOTSTXT_OBEY": True})
        spider, kwargs = BareSpider, {"requests_file": requests_log}
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **kwargs)
    process.start()
    return {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, (int, float))}


def run_child(kind: str, out: str, requests_log: str, env: dict) -> dict:
    result = subprocess.run([sys.executable, __file__, "--one", kind, out, requests_log], env=env,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def rate(stats: dict) -> float:
    return stats.get("response_received_count", 0) / max(stats.get("elapsed_time_seconds", 0.0), 1e-9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--one", nargs=3, metavar=("KIND", "OUT", "LOG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(crawl_once(*args.one)))
        return 0

    from govnews.demo.server import DemoPortal
    from govnews.demo.world import DemoWorld
    from govnews.runs import clock

    rows = []
    with DemoPortal(DemoWorld(clock.china_today(), 2)) as portal, tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url)
        for n in range(args.rounds):
            log = str(Path(tmp) / f"requests-{n}.jsonl")
            ours = run_child("govnews", f"{tmp}/out{n}", log, env)
            bare = run_child("bare", f"{tmp}/bare{n}", log, env)
            rows.append((rate(ours), rate(bare), ours.get("response_received_count", 0), bare.get("response_received_count", 0)))
    print(f"{'round':<7}{'govnews pages/s':>17}{'bare pages/s':>14}{'ratio':>8}   responses (govnews/bare)")
    for i, (ours, bare, n_ours, n_bare) in enumerate(rows, 1):
        print(f"{i:<7}{ours:>17.1f}{bare:>14.1f}{ours / bare:>8.0%}   {n_ours}/{n_bare}")
    ours_m, bare_m = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
    ratio_m = statistics.median(r[0] / r[1] for r in rows)
    print(f"{'median':<7}{ours_m:>17.1f}{bare_m:>14.1f}{ratio_m:>8.0%}   (median of the per-round ratios)")
    print("target: govnews >= 70% of the bare spider's rate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
