"""The WARC archive's cost and re-extraction's speed, in one run.

    python benchmarks/bench_archive.py [--rounds 7] [--articles 3000] [--only crawl|bytes|reparse]

1. Crawl speed with and without the archive: the demo portal crawled with delays off, rounds alternating
   archive on and off (each a fresh output folder, in a child process); pages per second are responses over
   Scrapy's ``elapsed_time_seconds``. Target: the archive costs at most 10%.
2. Archive bytes per article page: a first run of the demo portal and a second, incremental run on the same
   store (unchanged pages become revisit records); and the first capture of the real article pages of the
   shared corpus (~40 KB pages, as government sites serve them; ``GOVNEWS_CORPUS`` names a copy of its
   ``pages/`` folder, else the golden cases' copies), written through the same writer.
3. Re-extraction speed: a generated portal of ``--articles`` articles is crawled with the archive (its article
   pages per second noted), then ``govnews reparse`` with 1 job and with every core; pages per second of the
   extraction (the manifest's ``reparse.seconds.extract``) and of the whole command. Target: near-linear in
   cores, and faster than the crawl fetched the pages.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEED = {"CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 32, "DOWNLOAD_DELAY": 0,
         "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False}
# The shared corpus's pages when a copy is named, else the same pages as the golden cases keep them.
CORPUS = os.environ.get("GOVNEWS_CORPUS")
GOLDEN = HERE.parent / "tests" / "fixtures" / "golden"


def real_article_pages() -> list[Path]:
    if CORPUS:
        return sorted(Path(CORPUS).glob("*-article-*.html"))
    return sorted(GOLDEN.glob("corpus-*-article-*/page.html"))


# --- 1. crawl speed -----------------------------------------------------------------------------------
def crawl_once(archive: str, out: str) -> dict:
    """One crawl of every demo site in this process; Scrapy's final stats."""
    os.environ["SCRAPY_SETTINGS_MODULE"] = "govnews.settings"
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict({**SPEED, "GOVNEWS_OUT": out, "GOVNEWS_NO_DELAY": True, "GOVNEWS_PROGRESS": "off",
                      "GOVNEWS_ARCHIVE": archive == "on", "LOG_INSTALL_ROOT_HANDLER": False}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("govnews")
    process.crawl(crawler, site="demo-*")
    process.start()
    return {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, (int, float))}


def run_child(archive: str, out: str, env: dict) -> dict:
    done = subprocess.run([sys.executable, __file__, "--one", archive, out], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def rate(stats: dict) -> float:
    return stats.get("response_received_count", 0) / max(stats.get("elapsed_time_seconds", 0.0), 1e-9)


def crawl_speed(rounds: int, env: dict, tmp: Path) -> None:
    rows = []
    for n in range(rounds):
        on = run_child("on", str(tmp / f"on{n}"), env)
        off = run_child("off", str(tmp / f"off{n}"), env)
        rows.append((rate(on), rate(off), on.get("response_received_count", 0), on.get("govnews/archive/responses", 0)))
    print("1. crawl speed on the demo portal, delays off (responses per second)")
    print(f"{'round':<7}{'archive on':>12}{'archive off':>13}{'on/off':>8}   responses (archived)")
    for i, (on, off, n, archived) in enumerate(rows, 1):
        print(f"{i:<7}{on:>12.1f}{off:>13.1f}{on / off:>8.0%}   {n} ({archived})")
    ratio = statistics.median(r[0] / r[1] for r in rows)
    print(f"{'median':<7}{statistics.median(r[0] for r in rows):>12.1f}{statistics.median(r[1] for r in rows):>13.1f}"
          f"{ratio:>8.0%}   archive cost {1 - ratio:.0%} (target: at most 10%)\n")


# --- 2. bytes ----------------------------------------------------------------------------------------------
def archive_bytes(env: dict, tmp: Path) -> None:
    out = tmp / "bytes"
    print("2. archive bytes per article page")
    print(f"{'run':<27}{'article pages':>14}{'responses':>10}{'revisits':>9}{'WARC bytes':>12}{'per article page':>17}"
          f"{'per response':>13}")
    for name in ("first run (empty store)", "second run (incremental)"):
        stats = run_child("on", str(out), env)
        run = max((out / "runs").iterdir())
        size = sum(p.stat().st_size for p in run.glob("pages-*.warc.gz"))
        pages = sum(v for k, v in stats.items() if k.endswith("/article_pages"))
        revisits = stats.get("govnews/archive/revisits", 0)
        responses = stats.get("govnews/archive/responses", 0) + revisits
        print(f"{name:<27}{pages:>14}{responses:>10}{revisits:>9}{size:>12,}{size / max(pages, 1):>17,.0f}"
              f"{size / max(responses, 1):>13,.0f}")
    first = min((out / "runs").iterdir())
    new = json.loads((first / "manifest.json").read_text("utf-8"))["totals"]["new"]
    first_size = sum(p.stat().st_size for p in first.glob("pages-*.warc.gz"))
    print(f"demo portal, first run, everything archived (listings, robots.txt, challenges) per 1,000 new articles: "
          f"{first_size / new * 1000 / 1e6:.1f} MB")
    real = corpus_bytes(tmp)
    if real:
        print(f"real article pages of the corpus ({real[0]} pages, {real[1] / 1000:.0f} KB each on average): "
              f"{real[2]:,.0f} bytes per first capture, {real[2] * 1000 / 1e6:.1f} MB per 1,000 articles")
    print()


def corpus_bytes(tmp: Path) -> tuple[int, float, float] | None:
    """(pages, mean page bytes, mean WARC bytes per exchange) for the corpus's real article pages."""
    from govnews.archive.writer import Exchange, WarcArchive

    pages = real_article_pages()
    if not pages:
        return None

    class NoIndex:
        def capture_of_payload(self, digest):
            return None

        def add_capture(self, capture) -> None:
            pass

        def forget_captures_after(self, warc, offset) -> int:
            return 0

    archive = WarcArchive(tmp / "corpus", "corpus", NoIndex())
    headers = [("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), ("Accept-Language", "en"),
               ("User-Agent", "govnews/0.1.0 (+https://github.com/govnews/govnews)"),
               ("Accept-Encoding", "gzip, deflate, br, zstd")]
    for n, page in enumerate(pages):
        body = page.read_bytes()
        archive.write(Exchange(f"http://www.example.gov.cn/art/2026/11/27/art_{n}.html", "GET", headers, 200,
                               [("Content-Length", str(len(body))), ("Server", "nginx"),
                                ("Date", "Fri, 27 Nov 2026 08:00:00 GMT"), ("Content-Type", "text/html; charset=utf-8")], body,
                               meta={"site": "example", "column": "街道动态", "kind": "article", "reason": "new",
                                     "hints": {"date": "2026-11-27", "title": "标题", "pinned": False, "column": "街道动态"}}))
    archive.close()
    (warc,) = (tmp / "corpus" / "runs" / "corpus").glob("*.warc.gz")
    info = len(next(iter(_members(warc))))
    return len(pages), sum(p.stat().st_size for p in pages) / len(pages), (warc.stat().st_size - info) / len(pages)


def _members(path: Path):
    """The gzip members of a file (one WARC record each), as raw bytes."""
    import zlib

    data, start = path.read_bytes(), 0
    while start < len(data):
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        decompressor.decompress(data[start:])
        end = len(data) - len(decompressor.unused_data)
        yield data[start:end]
        start = end


# --- 3. reparse speed ------------------------------------------------------------------------------------
def reparse_speed(articles: int, tmp: Path) -> None:
    sys.path.insert(0, str(HERE))
    from generated_world import GeneratedWorld

    columns = max(1, articles // 100)
    world = GeneratedWorld(articles, columns)
    portal = subprocess.Popen([sys.executable, str(HERE / "generated_world.py"), "--articles", str(articles), "--columns",
                               str(columns), "--today", world.today.isoformat()], stdout=subprocess.PIPE, text=True)
    try:
        base_url = portal.stdout.readline().strip()
        profiles = tmp / "profiles"
        profiles.mkdir()
        for column in range(columns):
            (profiles / f"{world.site_ids()[column]}.toml").write_text(world.profile_toml(column, base_url), "utf-8")
        env = dict(os.environ, GOVNEWS_PROFILES_DIR=str(profiles))
        out = tmp / "generated"
        subprocess.run([sys.executable, "-m", "govnews", "crawl", "--site", "gen-*", "--out", str(out), "--no-delay",
                        "--progress", "off"], env=env, check=True, capture_output=True)
    finally:
        portal.terminate()
        portal.wait(timeout=10)
    (crawl_run,) = (out / "runs").iterdir()
    log = (crawl_run / "crawl.log").read_text("utf-8")
    elapsed = float(re.search(r"'elapsed_time_seconds': ([\d.]+)", log)[1])
    pages = json.loads((crawl_run / "manifest.json").read_text("utf-8"))["totals"]["article_pages"]
    cores = os.cpu_count() or 1
    print(f"3. re-extraction of a generated portal's archive: {pages} article pages "
          f"({sum(p.stat().st_size for p in crawl_run.glob('*.warc.gz')) / 1e6:.1f} MB of WARC)")
    print(f"{'':<34}{'pages/s (extraction)':>22}{'pages/s (command)':>19}{'seconds':>9}")
    print(f"{'the crawl that fetched them':<34}{pages / elapsed:>22.1f}{'':>19}{elapsed:>9.1f}")
    results = {}
    for jobs in (1, cores):
        start = time.monotonic()
        subprocess.run([sys.executable, "-m", "govnews", "reparse", "--dir", str(out), "--run", crawl_run.name, "--jobs",
                        str(jobs), "--quiet"], env=env, check=True, capture_output=True)
        wall = time.monotonic() - start
        manifest = json.loads((max((out / "runs").iterdir()) / "manifest.json").read_text("utf-8"))
        seconds = manifest["reparse"]["seconds"]
        results[jobs] = manifest["reparse"]["pages"] / seconds["extract"]
        print(f"{f'reparse --jobs {jobs}':<34}{results[jobs]:>22.1f}{manifest['reparse']['pages'] / wall:>19.1f}{wall:>9.1f}")
    if cores > 1:
        print(f"speed-up with {cores} jobs: {results[cores] / results[1]:.2f}× (near-linear: {cores}×)")
    print(f"reparse with every core vs the crawl: {results[cores] / (pages / elapsed):.1f}× (target: faster)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--articles", type=int, default=3000, help="articles of the generated portal reparsed")
    parser.add_argument("--only", choices=("crawl", "bytes", "reparse"), help="measure one part only")
    parser.add_argument("--one", nargs=2, metavar=("ARCHIVE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(crawl_once(*args.one)))
        return 0

    from govnews.demo.server import DemoPortal
    from govnews.demo.world import DemoWorld
    from govnews.runs import clock

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    tmp = Path(tempfile.mkdtemp(prefix="govnews-bench-archive-"))
    try:
        with DemoPortal(DemoWorld(clock.china_today(), 2)) as portal:
            env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url)
            if args.only in (None, "crawl"):
                crawl_speed(args.rounds, env, tmp)
            if args.only in (None, "bytes"):
                archive_bytes(env, tmp)
        if args.only in (None, "reparse"):
            reparse_speed(args.articles, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
