"""Distributed crawling on real servers: redis-server (the shared frontier) and PostgreSQL (the shared store).

Three workers crawl the demo portal together; one is killed mid-crawl; and the cluster as a whole
keeps a site's delay and concurrency, as the portal's request log shows.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from govnews.archive.reader import read_payload
from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.distributed.keys import CURRENT, RunKeys, connect
from govnews.runs import clock

from support.redisserver import redis_server_url

pytestmark = pytest.mark.e2e  # crawls, servers or browsers in other processes

TODAY = clock.china_today()
SITES = "demo-*"


@pytest.fixture
def redis_url() -> Iterator[str]:
    yield from redis_server_url()


def govnews(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews", *args], env=env, capture_output=True, text=True, timeout=600)


def start_workers(n: int, env: dict, *extra: str) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "govnews", "worker", "--idle-timeout", "3", "--progress", "off", *extra]
    return [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(n)]


def the_run(out: Path) -> tuple[Path, dict, list[dict]]:
    runs = list((out / "runs").iterdir())
    assert len(runs) == 1
    manifest = json.loads((runs[0] / "manifest.json").read_text("utf-8"))
    records = [json.loads(line) for line in (runs[0] / "articles.jsonl").read_text("utf-8").splitlines()]
    return runs[0], manifest, records


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    """The same crawl in one process, to compare with."""
    out = tmp_path_factory.mktemp("single")
    with DemoPortal(DemoWorld(TODAY, 2)) as portal:
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url)
        govnews("crawl", "--site", SITES, "--out", str(out), "--no-delay", "--progress", "off", env=env)
    return {(r["site"], r["content_hash"]) for r in the_run(out)[2]}


def article_gets(portal: DemoPortal) -> Counter:
    """GET requests other than robots.txt (the listing API is POSTed with different bodies)."""
    return Counter(r.path for r in portal.requests if r.method == "GET" and r.path != "/robots.txt")


def test_three_workers_equal_one_process(single, redis_url, pg_url, tmp_path):
    out = tmp_path / "out"
    with DemoPortal(DemoWorld(TODAY, 2)) as portal:
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url, GOVNEWS_DISTRIBUTED=redis_url, GOVNEWS_DB=pg_url)
        seeded = govnews("seed", "--site", SITES, "--out", str(out), env=env)
        assert seeded.returncode == 0, seeded.stderr
        again = govnews("seed", "--site", SITES, "--out", str(out), env=env)
        assert again.returncode == 3 and "a distributed run is in progress" in again.stderr
        workers = start_workers(3, env, "--no-delay")
        outcomes = [w.communicate(timeout=300)[1] for w in workers]
        gets = article_gets(portal)
    assert all(w.returncode == 0 for w in workers), outcomes
    assert sum("finished the run" in o for o in outcomes) == 1  # the last one out finished it
    run, manifest, records = the_run(out)
    assert {(r["site"], r["content_hash"]) for r in records} == single
    assert len(records) == len({r["id"] for r in records})  # the feed is written once
    assert [p for p, n in gets.items() if n > 1] == []  # no page fetched twice
    assert manifest["run_id"] == seeded.stdout.strip() and manifest["distributed"] is True
    assert manifest["totals"]["new"] == len(records)
    assert len(list(run.glob("worker-*.log"))) == 3
    # each worker archives into its own WARC files in the shared run folder; every record's page is in one of them
    # (a file is opened at a worker's first response: on a busy machine the workers that start last may find the
    # frontier drained, fetch nothing and write none, so there is one file per worker that fetched)
    warcs = sorted(run.glob("pages-*.warc.gz"))
    named = [re.fullmatch(rf"pages-{socket.gethostname()}-(\d+)-00000\.warc\.gz", p.name) for p in warcs]
    pids = [int(m.group(1)) for m in named if m]
    assert warcs and len(pids) == len(set(pids)) == len(warcs) and set(pids) <= {w.pid for w in workers}
    assert manifest["archive"] == [p.name for p in warcs] and warcio_check(warcs).returncode == 0
    for record in records:
        assert record["capture"]["warc"] in {f"runs/{run.name}/{p.name}" for p in warcs}
        assert read_payload(out / record["capture"]["warc"], record["capture"]["offset"]).status == 200


def test_a_killed_worker_loses_nothing(single, redis_url, pg_url, tmp_path):
    out = tmp_path / "out"
    with DemoPortal(DemoWorld(TODAY, 2)) as portal:
        portal.latency = 0.05
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url, GOVNEWS_DISTRIBUTED=redis_url, GOVNEWS_DB=pg_url)
        assert govnews("seed", "--site", SITES, "--out", str(out), env=env).returncode == 0
        workers = start_workers(3, env, "--no-delay")
        victim = busy_worker(workers, redis_url, portal)
        victim.send_signal(signal.SIGKILL)  # mid-crawl, with requests in flight
        others = [w for w in workers if w is not victim]
        survivors = [w.communicate(timeout=300)[1] for w in others]
        victim.wait()
    assert all(w.returncode == 0 for w in others), survivors
    run, manifest, records = the_run(out)
    assert {(r["site"], r["content_hash"]) for r in records} == single
    assert manifest["finish_reason"] == "finished"
    logs = "".join(p.read_text("utf-8") for p in run.glob("worker-*.log"))
    taken_over = re.search(r"stopped: (\d+) of its requests are back in the queue, (\d+) host slots free again", logs)
    assert taken_over and int(taken_over[1]) > 0  # the dead worker's requests were taken over
    assert int(taken_over[2]) > 0  # and the host is not throttled until its slots expire
    checked = warcio_check(sorted(run.glob("pages-*.warc.gz")))  # the dead worker's file too: its cut-off record is gone
    assert checked.returncode == 0, checked.stdout
    for record in records:
        assert read_payload(out / record["capture"]["warc"], record["capture"]["offset"]).status == 200


def warcio_check(paths) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import sys; from warcio.cli import main; main(sys.argv[1:])", "check",
                           *map(str, paths)], capture_output=True, text=True, timeout=300)


def busy_worker(workers: list[subprocess.Popen], redis_url: str, portal: DemoPortal) -> subprocess.Popen:
    """A worker mid-crawl (80 requests served) that holds requests of its own in flight.

    Workers join as they finish starting up, which on a loaded machine can be seconds apart."""
    client = connect(redis_url)
    keys = RunKeys(client.get(CURRENT).decode())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        holding = {w: client.zcard(keys.inflight(f"{socket.gethostname()}-{w.pid}")) for w in workers}
        if len(portal.requests) >= 80 and max(holding.values()):
            return max(holding, key=holding.get)
        time.sleep(0.005)
    pytest.fail("no worker ever held a request in flight")


def test_politeness_holds_for_the_whole_cluster(redis_url, pg_url, tmp_path):
    """Two sites on one host, delay 0.2 s and concurrency 1: across three workers, starts stay ≥ 0.1 s apart."""
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    sites = Path(__file__).resolve().parent.parent / "govnews" / "profiles" / "sites"
    for site in ("demo-trs-xingfu", "demo-vsb-qingshan"):
        text = (sites / f"{site}.toml").read_text("utf-8").replace("delay = 1.0", "delay = 0.2").replace("concurrency = 2", "concurrency = 1")
        (profiles / f"{site}.toml").write_text(text, "utf-8")
    log = tmp_path / "requests.jsonl"
    with DemoPortal(DemoWorld(TODAY, 2), request_log=log) as portal:
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url, GOVNEWS_DISTRIBUTED=redis_url, GOVNEWS_DB=pg_url,
                   GOVNEWS_PROFILES_DIR=str(profiles))
        assert govnews("seed", "--site", "demo-trs-xingfu,demo-vsb-qingshan", "--out", str(tmp_path / "out"), env=env).returncode == 0
        workers = start_workers(3, env)
        outcomes = [w.communicate(timeout=300)[1] for w in workers]
    assert all(w.returncode == 0 for w in workers), outcomes
    entries = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    starts = sorted(e["t"] for e in entries if e["path"] != "/robots.txt")
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert len(starts) > 40
    assert min(gaps) >= 0.1 - 0.02, sorted(gaps)[:5]  # the delay's lower bound (±50% jitter), cluster-wide
    workers_seen = {e["ua"] for e in entries}
    assert len(workers_seen) == 1 and next(iter(workers_seen)).startswith("govnews/")


def test_finish_by_hand_when_no_worker_could(redis_url, pg_url, tmp_path):
    """A run whose workers all died before the end: `govnews finish` writes its feed and manifest from the store
    and closes it; it refuses while a worker is alive, and when no run is open."""
    out = tmp_path / "out"
    with DemoPortal(DemoWorld(TODAY, 2)) as portal:
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url, GOVNEWS_DISTRIBUTED=redis_url, GOVNEWS_DB=pg_url)
        assert govnews("seed", "--site", "demo-vsb-qingshan", "--out", str(out), env=env).returncode == 0
        run_id = connect(redis_url).get(CURRENT).decode()
        keys = RunKeys(run_id)
        connect(redis_url).sadd(keys.workers, "w-alive")
        connect(redis_url).set(keys.alive("w-alive"), "busy", ex=30)
        busy = govnews("finish", env=env)
        assert busy.returncode == 3 and busy.stderr.strip() == (
            f"govnews finish: run {run_id}: 1 worker(s) still at it; they finish it")
        connect(redis_url).delete(keys.alive("w-alive"))
        (worker,) = start_workers(1, env, "--no-delay")
        deadline = time.monotonic() + 120
        while sum("/vsb/info/" in r.path for r in portal.requests) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)  # it works a while, then dies without finishing the run
        time.sleep(0.5)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        redis = connect(redis_url)
        while any(redis.exists(keys.alive(w.decode())) for w in redis.smembers(keys.workers)):
            time.sleep(0.2)  # its heartbeat lapses (HEARTBEAT_TTL): until then it counts as alive
        done = govnews("finish", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"run {run_id} finished: ")
    run, manifest, records = the_run(out)
    assert manifest["finish_reason"] == "finished" and manifest["distributed"] is True
    assert len(records) == manifest["totals"]["new"] + manifest["totals"]["updated"] > 0
    assert connect(redis_url).get(CURRENT) is None
    again = govnews("finish", env=env)
    assert again.returncode == 3 and again.stderr.strip() == (
        "govnews finish: no distributed run is open: start one with `govnews seed`")
