"""The webhook: bodies per chat tool, retries with backoff, giving up quietly; the plain-text summary."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from govnews.monitor import notify as notify_module
from govnews.monitor.model import Change
from govnews.monitor.notify import notify, payload, summary_text

from support.monitor import XSS_TITLE, sample_report

SUMMARY = {"run_id": "20261127T081500Z", "sites": {"demo-xingfu": {"new": 3, "name": "幸福街道办事处"}}}
TEXT = "govnews run 20261127T081500Z: 幸福街道办事处 3 new"
SECRET = "/hooks/T000/B000/s3cr3t-token"


class Receiver:
    """A webhook on 127.0.0.1 that answers the scripted statuses in turn (then the last one forever)."""

    def __init__(self, statuses=(200,), answer=b"ok", delay=0.0):
        self.statuses, self.answer, self.delay = list(statuses), answer, delay
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                try:
                    self.send_response(status)
                    kind = "application/json" if receiver.answer[:1] == b"{" else "text/plain"
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(receiver.answer)))
                    self.end_headers()
                    self.wfile.write(receiver.answer)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{SECRET}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory():
    made = []

    def make(*args, **kwargs):
        made.append(Receiver(*args, **kwargs))
        return made[-1]

    yield make
    for receiver in made:
        receiver.close()


@pytest.fixture
def sleeps(monkeypatch):
    """Backoff waits, recorded instead of slept."""
    waits: list[float] = []
    monkeypatch.setattr(notify_module, "_sleep", waits.append)
    return waits


@pytest.mark.parametrize("style, expected", [
    ("slack", {"text": TEXT, "govnews": SUMMARY}),
    ("mattermost", {"text": TEXT, "govnews": SUMMARY}),
    ("dingtalk", {"msgtype": "text", "text": {"content": TEXT}, "govnews": SUMMARY}),
    ("wecom", {"msgtype": "text", "text": {"content": TEXT}, "govnews": SUMMARY}),
    ("feishu", {"msg_type": "text", "content": {"text": TEXT}, "govnews": SUMMARY}),
    ("json", {"govnews": SUMMARY, "text": TEXT}),
])
def test_body_per_style(receiver_factory, style, expected):
    receiver = receiver_factory(answer=b'{"errcode": 0, "code": 0, "msg": "success"}')
    assert notify(receiver.url, SUMMARY, TEXT, style=style, backoff=0.001) is True
    [request] = receiver.requests
    assert request["path"] == SECRET
    assert request["headers"]["Content-Type"].split(";")[0] == "application/json"
    assert json.loads(request["body"].decode("utf-8")) == expected
    assert "幸福街道办事处".encode() in request["body"] and b"\\u" not in request["body"]


def test_retries_on_503_then_succeeds(receiver_factory, sleeps):
    receiver = receiver_factory(statuses=(503, 503, 200))
    assert notify(receiver.url, SUMMARY, TEXT, attempts=4, backoff=0.01) is True
    assert len(receiver.requests) == 3
    assert sleeps == [0.01, 0.02]  # exponential
    assert receiver.requests[0]["body"] == receiver.requests[2]["body"]


def test_retries_on_429(receiver_factory, sleeps):
    receiver = receiver_factory(statuses=(429, 200))
    assert notify(receiver.url, SUMMARY, TEXT, backoff=0.01) is True
    assert len(receiver.requests) == 2


def test_gives_up_after_the_last_attempt(receiver_factory, sleeps, caplog):
    receiver = receiver_factory(statuses=(500,))
    with caplog.at_level(logging.DEBUG, logger="govnews.monitor.notify"):
        assert notify(receiver.url, SUMMARY, TEXT, attempts=3, backoff=0.01) is False
    assert len(receiver.requests) == 3 and sleeps == [0.01, 0.02]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "3 attempt(s)" in warnings[0].getMessage() and "HTTP 500" in warnings[0].getMessage()
    assert "s3cr3t" not in caplog.text  # the webhook's secret never reaches the log


def test_gives_up_when_nothing_listens(caplog):
    with socket.socket() as probe:  # a port that was free a moment ago: connections are refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="govnews.monitor.notify"):
        assert notify(f"http://127.0.0.1:{port}/hook", SUMMARY, TEXT, attempts=3, backoff=0.001, timeout=2) is False
    assert time.monotonic() - started < 5
    [warning] = caplog.records
    assert "3 attempt(s)" in warning.getMessage()


def test_timeouts_are_retried(receiver_factory, sleeps):
    receiver = receiver_factory(delay=0.5)
    assert notify(receiver.url, SUMMARY, TEXT, attempts=2, backoff=0.001, timeout=0.1) is False
    assert len(receiver.requests) == 2


def test_no_retry_on_400(receiver_factory, sleeps, caplog):
    receiver = receiver_factory(statuses=(400, 200))
    with caplog.at_level(logging.WARNING, logger="govnews.monitor.notify"):
        assert notify(receiver.url, SUMMARY, TEXT, attempts=4, backoff=0.001) is False
    assert len(receiver.requests) == 1 and sleeps == []
    assert "HTTP 400" in caplog.text and "1 attempt(s)" in caplog.text


def test_chat_tool_refusal_in_a_200_answer(receiver_factory, sleeps):
    receiver = receiver_factory(answer=b'{"errcode": 310000, "errmsg": "keywords not in content"}')
    assert notify(receiver.url, SUMMARY, TEXT, style="dingtalk", backoff=0.001) is False
    assert len(receiver.requests) == 1
    assert notify(receiver.url, SUMMARY, TEXT, style="slack", backoff=0.001) is True  # slack has no such codes


def test_never_raises(receiver_factory):
    receiver = receiver_factory()
    assert notify(receiver.url, SUMMARY, TEXT, style="carrier-pigeon") is False
    assert notify("not a url", SUMMARY, TEXT, attempts=2, backoff=0.001) is False
    assert notify("http://[::1", SUMMARY, TEXT, attempts=2, backoff=0.001) is False
    assert notify(None, SUMMARY, TEXT, attempts=2, backoff=0.001) is False
    assert notify(receiver.url, {"odd": {1, 2}, "when": time}, TEXT) is True  # unserialisable values as text
    assert len(receiver.requests) == 1
    with pytest.raises(ValueError):
        payload(SUMMARY, TEXT, "carrier-pigeon")


def test_summary_text():
    text = summary_text(sample_report())
    lines = text.splitlines()
    assert lines[0] == ("govnews run 20261127T081500Z (compared with 20261127T041500Z): "
                        "4 new, 1 updated, 2 removed")
    assert "DEGRADED 汉维街道 (demo-hanweb): title coverage 0.20, was 1.00; articles 2, was 6" in lines
    assert "BLOCKED 瑞数街道 (demo-ruishu): 街道动态: ruishu ×1" in lines
    assert "- 幸福街道办事处: 3 new / 1 updated / 1 removed" in lines
    assert "- 瑞数街道: 0 new / 0 updated / 0 removed" in lines
    assert f"+ [幸福街道办事处] {XSS_TITLE}" in lines  # plain text: nothing escaped
    assert "- [汉维街道] 下架的文章" in lines


def test_summary_text_lists_at_most_twenty_titles():
    report = sample_report()
    many = tuple(Change("new", f"{n:016x}", f"https://x.example/{n}", f"标题{n}", "demo-xingfu", "街道动态", None)
                 for n in range(30))
    text = summary_text(replace(report, changes=many))
    titles = [line for line in text.splitlines() if line.startswith("+ [")]
    assert len(titles) == 20 and titles[0].endswith("标题0")
    assert text.splitlines()[-1] == "… and 10 more"
    assert len(text) < 2000
