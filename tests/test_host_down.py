"""A host that stopped answering is given up for the rest of the run (crawler/hostdown.py).

The column page is served by a live local server; its 120 articles sit on a second host of the same
machine that accepts every connection and resets it at once, as a server that died behind its load
balancer does. The real ``govnews crawl`` runs against both: with the breaker, the dead host sees a
few connections (no retries once it is down) and the articles end as ``host_down``; without it
(``GOVNEWS_HOST_DOWN_AFTER=0``), every article is tried three times.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # crawls, servers or browsers in other processes

ARTICLES = 120  # more than the downloader takes at once (32 with --no-delay)
SITE = "hostdown-test"
CONNECTING = {"connection_lost", "connect_failed"}  # a reset after or during the handshake


class DeadHost:
    """Accepts connections on 127.0.0.1 and resets each one straight away; counts them."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    def close(self) -> None:
        self.sock.close()


def listing(dead_port: int) -> bytes:
    items = "\n".join(
        f'<li><a href="http://127.0.0.1:{dead_port}/news/202611/t202611{n:02d}_{n}.html">第{n}号街道工作动态</a>'
        f"<span>2026-11-{(n % 27) + 1:02d}</span></li>" for n in range(1, ARTICLES + 1))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>街道动态</title></head><body>'
            f'<div class="list"><ul>\n{items}\n</ul></div></body></html>').encode()


@pytest.fixture
def hosts() -> Iterator[tuple[str, DeadHost]]:
    dead = DeadHost()
    page = listing(dead.port)

    class Live(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body, kind = (page, "text/html; charset=utf-8") if self.path.startswith("/news/") else (b"", "text/plain")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    live = ThreadingHTTPServer(("127.0.0.1", 0), Live)
    threading.Thread(target=live.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{live.server_address[1]}", dead
    live.shutdown()
    live.server_close()
    dead.close()


def crawl(base_url: str, tmp: Path, down_after: int) -> tuple[subprocess.CompletedProcess, dict]:
    (tmp / "profiles").mkdir()
    (tmp / "profiles" / f"{SITE}.toml").write_text(
        f'id = "{SITE}"\nname = "测试区人民政府"\nfamily = "trs"\n\n[region]\nprovince = "浙江省"\n\n'
        f'[status]\nstate = "unverified"\nhow = "a local test server"\n\n[politeness]\ndelay = 0.0\nconcurrency = 4\n\n'
        f'[[columns]]\nname = "街道动态"\nurl = "{base_url}/news/index.html"\n', "utf-8")
    settings = {"DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 2, "GOVNEWS_BACKOFF_MAX_DELAY": 0.1,
                "GOVNEWS_HOST_DOWN_AFTER": down_after}
    (tmp / "hostdown_settings.py").write_text(
        "from govnews.settings import *  # noqa: F401,F403\n" + "".join(f"{k} = {v!r}\n" for k, v in settings.items()), "utf-8")
    env = dict(os.environ, GOVNEWS_PROFILES_DIR=str(tmp / "profiles"), SCRAPY_SETTINGS_MODULE="hostdown_settings",
               PYTHONPATH=os.pathsep.join(filter(None, [str(tmp), os.environ.get("PYTHONPATH")])))
    result = subprocess.run([sys.executable, "-m", "govnews", "crawl", "--site", SITE, "--out", str(tmp / "out"),
                             "--no-delay", "--progress", "off"], env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    (folder,) = (tmp / "out" / "runs").iterdir()
    return result, json.loads((folder / "manifest.json").read_text("utf-8"))["sites"][SITE]


def test_a_dead_host_is_given_up_after_a_few_failures(hosts, tmp_path):
    base_url, dead = hosts
    result, summary = crawl(base_url, tmp_path, down_after=5)
    reasons = summary["error_reasons"]
    assert sum(reasons.values()) == summary["errors"] == ARTICLES, summary  # every article is an error, named
    assert reasons.get("host_down", 0) >= ARTICLES / 2 and set(reasons) <= {"host_down", *CONNECTING}
    # Once it is down, nothing is retried and nothing more is sent: only the requests already waiting in the
    # downloader (up to CONCURRENT_REQUESTS) still go out. Without the breaker: three tries per article.
    assert dead.accepted < ARTICLES / 2
    assert "host_down" in result.stdout and result.returncode == 1


def test_without_the_breaker_every_article_is_tried_three_times(hosts, tmp_path):
    base_url, dead = hosts
    _, summary = crawl(base_url, tmp_path, down_after=0)
    assert sum(summary["error_reasons"].values()) == ARTICLES and set(summary["error_reasons"]) <= CONNECTING
    assert dead.accepted >= ARTICLES * 3


def test_requests_waiting_for_a_host_that_is_down_wait_the_site_delay_not_the_backoff():
    from types import SimpleNamespace

    from scrapy import Request
    from scrapy.settings import Settings
    from scrapy.statscollectors import MemoryStatsCollector
    from twisted.internet.error import ConnectionRefusedError

    from govnews.crawler.hostdown import HostDownMiddleware

    backed_off = SimpleNamespace(delay=60.0)  # the backoff ceiling, after a few retries
    downloader = SimpleNamespace(slots={"dead.example.gov.cn": backed_off}, get_slot_key=lambda r: "dead.example.gov.cn")
    crawler = SimpleNamespace(settings=Settings({"DOWNLOAD_SLOTS": {"dead.example.gov.cn": {"delay": 1.5}}}),
                              engine=SimpleNamespace(downloader=downloader))
    crawler.stats = MemoryStatsCollector(crawler)
    middleware = HostDownMiddleware(crawler, after=3)
    request = Request("http://dead.example.gov.cn/art/1.html")
    for _ in range(2):
        middleware.process_exception(request, ConnectionRefusedError())
    assert backed_off.delay == 60.0  # not down yet: a struggling server keeps its breathing room
    middleware.process_exception(request, ConnectionRefusedError())
    assert backed_off.delay == 1.5 and request.meta["dont_retry"]
