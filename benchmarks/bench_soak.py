"""Soak: crawl a generated portal of N articles in one run and watch the crawler's memory as it grows.

    python benchmarks/bench_soak.py [--articles 50000] [--columns 50] [--every 5000] [--keep]

The portal (benchmarks/generated_world.py) runs in its own process, so its memory is not counted. The
crawl is the real ``python -m govnews crawl --site 'gen-*' --no-delay`` into a temporary folder.
Every ``--every`` articles in the growing ``articles.jsonl.part`` a line is printed: articles,
elapsed seconds, the crawl process's resident memory and its peak (VmRSS and VmHWM of
/proc/<pid>/status). At the end the run is checked against the portal: every generated article in
the feed exactly once, a sample equal field by field to the generated truth, no errors.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generated_world import GeneratedWorld

HERE = Path(__file__).resolve().parent


def start_portal(world: GeneratedWorld) -> tuple[subprocess.Popen, str]:
    portal = subprocess.Popen([sys.executable, str(HERE / "generated_world.py"), "--articles", str(world.articles),
                               "--columns", str(world.columns), "--today", world.today.isoformat()],
                              stdout=subprocess.PIPE, text=True)
    base_url = portal.stdout.readline().strip()
    if not base_url.startswith("http://"):
        portal.kill()
        raise SystemExit(f"the generated portal did not start: {base_url!r}")
    return portal, base_url


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a live process in MB; zeros once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0, 0.0
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
    return int(values.get("VmRSS", 0)) / 1024, int(values.get("VmHWM", 0)) / 1024


class FeedCounter:
    """Counts the lines of the run's growing feed without reading it twice."""

    def __init__(self, out: Path) -> None:
        self.out, self.lines, self.offset, self.path = out, 0, 0, None

    def poll(self) -> int:
        if self.path is None:
            found = list(self.out.glob("runs/*/articles.jsonl.part"))
            if not found:
                return self.lines
            self.path = found[0]
        try:
            with open(self.path, "rb") as feed:
                feed.seek(self.offset)
                chunk = feed.read()
        except FileNotFoundError:  # moved into place at the end of the run
            return self.lines
        complete = chunk.rfind(b"\n") + 1
        self.lines += chunk[:complete].count(b"\n")
        self.offset += complete
        return self.lines


def crawl(world: GeneratedWorld, base_url: str, tmp: Path, every: int) -> tuple[int, list[tuple], float]:
    profiles = tmp / "profiles"
    profiles.mkdir()
    for column in range(world.columns):
        (profiles / f"{world.site_ids()[column]}.toml").write_text(world.profile_toml(column, base_url), "utf-8")
    env = dict(os.environ, GOVNEWS_PROFILES_DIR=str(profiles))
    start = time.monotonic()
    with open(tmp / "crawl.stdout", "w") as stdout, open(tmp / "crawl.stderr", "w") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "govnews", "crawl", "--site", "gen-*", "--out", str(tmp / "out"),
                                    "--no-delay", "--progress", "off"], env=env, stdout=stdout, stderr=stderr)
        rows, counter, mark, last = [], FeedCounter(tmp / "out"), every, (0.0, 0.0)
        print(f"{'articles':>9} {'elapsed s':>10} {'RSS MB':>8} {'peak RSS MB':>12}", flush=True)
        while process.poll() is None:
            time.sleep(0.25)
            lines, sample = counter.poll(), memory_mb(process.pid)
            last = sample if sample[0] else last
            while lines >= mark and sample[0]:
                mark = _row(rows, mark, every, start, *sample)
    seconds = time.monotonic() - start
    done = next((tmp / "out").glob("runs/*/articles.jsonl")).read_bytes().count(b"\n")
    while done >= mark:  # the last lines and the move into place can land between two samples
        mark = _row(rows, mark, every, start, *last, note="  (last sample before the end)")
    return process.returncode, rows, seconds


def _row(rows: list[tuple], mark: int, every: int, start: float, rss: float, hwm: float, note: str = "") -> int:
    rows.append((mark, time.monotonic() - start, rss, hwm))
    print(f"{mark:>9} {rows[-1][1]:>10.0f} {rss:>8.0f} {hwm:>12.0f}{note}", flush=True)
    return mark + every


def check(world: GeneratedWorld, base_url: str, out: Path, returncode: int) -> list[str]:
    """What does not match the portal (empty when the run is right)."""
    (run,) = (out / "runs").iterdir()
    records = [json.loads(line) for line in (run / "articles.jsonl").read_text("utf-8").splitlines()]
    totals = json.loads((run / "manifest.json").read_text("utf-8"))["totals"]
    urls = [r["url"] for r in records]
    expected = {u for c in range(world.columns) for u in world.expected_urls(c, base_url)}
    problems = [] if returncode == 0 else [f"exit status {returncode}"]
    if len(records) != world.articles or len(set(urls)) != len(urls) or len({r["id"] for r in records}) != len(records):
        problems.append(f"{len(records)} records, {len(set(urls))} distinct URLs, for {world.articles} articles")
    if set(urls) != expected:
        problems.append(f"{len(expected - set(urls))} articles missing, {len(set(urls) - expected)} unexpected")
    wanted = {"new": world.articles, "errors": 0, "blocked": 0, "listing_pages": world.listing_count()}
    if any(totals[k] != v for k, v in wanted.items()):
        problems.append(f"manifest totals {totals}")
    return problems + sample_differences(world, base_url, dict(zip(urls, records, strict=True)))


def sample_differences(world: GeneratedWorld, base_url: str, by_url: dict[str, dict], size: int = 200) -> list[str]:
    """200 random articles compared field by field with the generated truth."""
    every = [(c, k) for c in range(world.columns) for k in range(world.column_size(c))]
    problems = []
    for column, k in random.Random(7).sample(every, min(size, len(every))):
        truth, record = world.article(column, k), by_url.get(base_url + world.article_path(column, k), {})
        shown = (record.get("title"), record.get("published"), record.get("source"), record.get("paragraphs"))
        if shown != (truth.title, truth.published, truth.source, list(truth.paragraphs)):
            problems.append(f"{truth.path}: the record differs from the page")
    return problems


def scrapy_memusage(out: Path) -> str:
    log = next((out / "runs").iterdir()) / "crawl.log"
    found = dict(re.findall(r"'memusage/(max|startup)': (\d+)", log.read_text("utf-8")))
    return ", ".join(f"{k} {int(v) / 2**20:.0f} MB" for k, v in sorted(found.items())) or "not in the log"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--columns", type=int, default=50)
    parser.add_argument("--every", type=int, default=5_000, help="print a line every this many articles")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed) for a look")
    args = parser.parse_args()
    world = GeneratedWorld(args.articles, args.columns)
    tmp = Path(tempfile.mkdtemp(prefix="govnews-soak-"))
    portal, base_url = start_portal(world)
    try:
        print(f"soak: {args.articles} articles in {args.columns} columns ({world.listing_count()} listing pages) "
              f"at {base_url}, {os.cpu_count()} cores", flush=True)
        returncode, rows, seconds = crawl(world, base_url, tmp, args.every)
        problems = check(world, base_url, tmp / "out", returncode)
        print(f"done in {seconds:.0f} s ({args.articles / seconds:.0f} articles/s); "
              f"Scrapy memusage: {scrapy_memusage(tmp / 'out')}")
        if len(rows) >= 2:
            growth = rows[-1][3] - rows[0][3]
            print(f"peak RSS {rows[0][3]:.0f} MB at {rows[0][0]} articles, {rows[-1][3]:.0f} MB at {rows[-1][0]}: "
                  f"{growth / (rows[-1][0] - rows[0][0]) * 1000:+.2f} MB per 1,000 articles")
        print("\n".join(["run matches the portal"] if not problems else [f"MISMATCH: {p}" for p in problems]))
        return 1 if problems else 0
    finally:
        portal.terminate()
        portal.wait(timeout=10)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
