"""Fault injection: one article of a six-article site misbehaves; the crawl must say so, or cope.

Each case crawls a local :class:`FaultServer` through the real ``python -m govnews crawl`` in a
subprocess, with small timeouts from a settings module on ``SCRAPY_SETTINGS_MODULE`` (the CLI has no
``-s``). For every case: the crawl finishes with status 0 or 1 and no traceback; the five good
articles are in the feed and the store, exactly as the pages show them; every record is valid. Then
the case's own outcome, decided below with the reason for it: either the bad page is an error with a
specific reason — in the Scrapy stats, the manifest and the printed summary, and no record of it
anywhere — or it is recorded correctly, with the warnings that say what was wrong.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from twisted.internet import error as tx_errors
from twisted.python.failure import Failure

from govnews.crawler.failures import failure_reason
from govnews.record.schema import record_errors

from support.faultserver import BAD, GOOD, FaultServer, profile_toml

pytestmark = pytest.mark.e2e  # crawls, servers or browsers in other processes

SETTINGS = {"DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 2, "REDIRECT_MAX_TIMES": 5, "GOVNEWS_BACKOFF_MAX_DELAY": 0.1}
SMALL_MAXSIZE = {"DOWNLOAD_MAXSIZE": 1024 * 1024, "DOWNLOAD_WARNSIZE": 0}
@dataclass(frozen=True)
class Case:
    fault: str
    why: str  # the decision: what a user should get, and why
    error: str | None = None  # the reason, when the page must end as an error
    warning: str | None = None  # a warning code the record must carry, when it is recorded
    hits: int | None = None  # how often the bad URL must have been asked (retries)
    replaced: int = 0  # how many characters of the record must be U+FFFD (undecodable bytes)
    settings: dict[str, Any] = field(default_factory=dict)


NOT_HTML = "not an article page: counted as not_html, never extracted"
CASES = [
    Case("http_503_burst", "briefly overloaded: the retries get the page on the third try", hits=3),
    Case("http_500_forever", "a broken page: retried twice, then an error", error="http_500", hits=3),
    Case("connection_reset", "reset mid-header: retried, then an error", error="connection_lost", hits=3),
    Case("slow", "slower than DOWNLOAD_TIMEOUT: retried, then an error", error="timeout", hits=3),
    Case("truncated", "a body shorter than its Content-Length is never extracted as if whole", error="dataloss", hits=3),
    Case("connection_refused", "nothing listens on the article's port", error="connection_refused"),
    Case("redirect_loop", "redirects that come back: an error, not a silent drop", error="redirect_loop"),
    Case("redirect_chain", "longer than REDIRECT_MAX_TIMES: an error, not a silent drop", error="too_many_redirects"),
    Case("too_large", "Content-Length above DOWNLOAD_MAXSIZE: cancelled at the headers", error="too_large",
         hits=1, settings=SMALL_MAXSIZE),
    Case("too_large_chunked", "no length, streams past DOWNLOAD_MAXSIZE: cut off", error="too_large",
         hits=1, settings=SMALL_MAXSIZE),
    Case("gzip_bomb", "64 KB that unzip to 64 MB: stopped at DOWNLOAD_MAXSIZE", error="too_large", hits=1,
         settings=SMALL_MAXSIZE),
    Case("pdf_as_html", NOT_HTML, error="not_html", hits=1),
    Case("jpeg_as_html", NOT_HTML, error="not_html", hits=1),
    Case("json_body", NOT_HTML, error="not_html", hits=1),
    Case("plain_text", NOT_HTML, error="not_html", hits=1),
    Case("empty_body", NOT_HTML, error="not_html", hits=1),
    Case("invalid_utf8", "two bad bytes must not cost the article: recorded, the damage flagged",
         warning="garbled_text", replaced=2),
    Case("lying_charset", "GBK bytes under charset=utf-8: read as GB18030 and flagged", warning="charset_wrong"),
    Case("latin1_header", "GBK under Tomcat's default charset=ISO-8859-1: read as GB18030 and flagged",
         warning="charset_wrong"),
    Case("gzip_chunked", "gzip-compressed and sent in chunks, as most servers do: recorded exactly"),
    Case("unclosed_tags", "browsers repair it, so must we: recorded exactly"),
    Case("long_line", "a 10 MB one-line page (inline script) is still a page: recorded exactly"),
    Case("deep_tables", "3,000 nested layout tables: recorded exactly, not as an empty body"),
]


# --- running a crawl against one fault --------------------------------------------------------


@dataclass
class Run:
    site: str
    bad_url: str
    base_url: str
    hits: int
    result: subprocess.CompletedProcess
    folder: Path
    feed: dict[str, dict]  # url -> record
    stored: dict[str, dict]  # url -> record, from `govnews export`
    manifest: dict
    log: str

    def stat(self, name: str) -> int:
        """A govnews counter of the site from the Scrapy stats dumped at the end of crawl.log."""
        found = re.search(rf"'govnews/site/{re.escape(self.site)}/{re.escape(name)}': (\d+)", self.log)
        return int(found.group(1)) if found else 0


def _settings_module(folder: Path, overrides: dict[str, Any]) -> None:
    lines = ["from govnews.settings import *  # noqa: F401,F403"] + [f"{k} = {v!r}" for k, v in overrides.items()]
    (folder / "govnews_fault_settings.py").write_text("\n".join(lines) + "\n", "utf-8")


def crawl_fault(case: Case, tmp: Path) -> Run:
    site = "fault-" + case.fault.replace("_", "-")
    (tmp / "profiles").mkdir()
    _settings_module(tmp, SETTINGS | case.settings)
    out = tmp / "out"
    with FaultServer(case.fault) as server:
        (tmp / "profiles" / f"{site}.toml").write_text(profile_toml(site, server.base_url), "utf-8")
        env = dict(os.environ, GOVNEWS_PROFILES_DIR=str(tmp / "profiles"), SCRAPY_SETTINGS_MODULE="govnews_fault_settings",
                   PYTHONPATH=os.pathsep.join(filter(None, [str(tmp), os.environ.get("PYTHONPATH")])))
        result = subprocess.run([sys.executable, "-m", "govnews", "crawl", "--site", site, "--out", str(out), "--no-delay",
                                 "--progress", "off"], env=env, capture_output=True, text=True, timeout=240)
        hits = server.hits(server.bad_url.removeprefix(server.base_url))
        bad_url, base_url = server.bad_url, server.base_url
    assert "Traceback" not in result.stderr, result.stderr
    (folder,) = (out / "runs").iterdir()
    export = subprocess.run([sys.executable, "-m", "govnews", "export", "--dir", str(out)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert export.returncode == 0, export.stderr
    return Run(site, bad_url, base_url, hits, result, folder,
               _by_url((folder / "articles.jsonl").read_text("utf-8").splitlines()), _by_url(export.stdout.splitlines()),
               json.loads((folder / "manifest.json").read_text("utf-8")), (folder / "crawl.log").read_text("utf-8"))


def _by_url(lines: list[str]) -> dict[str, dict]:
    records = [json.loads(line) for line in lines if line.strip()]
    return {r["url"]: r for r in records}


# --- the checks -------------------------------------------------------------------------------


def _shows(record: dict) -> tuple:
    return record["title"], record["published"], record["source"], record["paragraphs"]


def _truth(article) -> tuple:
    return article.title, article.published, article.source, list(article.paragraphs)


def check_good_articles_unaffected(run: Run) -> None:
    for article in GOOD:
        url = run.base_url + article.path
        for where in (run.feed, run.stored):
            assert url in where, (url, sorted(where))
            record = where[url]
            assert _shows(record) == _truth(article)
            assert record["warnings"] == [] and record["site"] == run.site
    assert all(record_errors(r) == [] for r in run.feed.values())
    assert set(run.feed) == set(run.stored) <= {run.base_url + a.path for a in GOOD} | {run.bad_url}


def check_error(run: Run, case: Case) -> None:
    """No record of the bad page anywhere; its reason in the stats, the manifest and the summary."""
    assert run.bad_url not in run.feed and run.bad_url not in run.stored
    summary = run.manifest["sites"][run.site]
    assert summary["error_reasons"] == {case.error: 1}, summary
    assert summary["errors"] == run.stat("errors") == run.stat(f"error/{case.error}") == 1
    assert summary["articles"] == len(GOOD) and run.manifest["totals"]["new"] == len(GOOD)
    assert f"{run.site}: 1 error(s): {case.error}" in run.result.stdout
    assert run.result.returncode == 1


def check_recorded(run: Run, case: Case) -> None:
    """The bad page is recorded as its page shows it (two damaged characters at most), warned as needed."""
    assert run.bad_url in run.feed and run.feed[run.bad_url] == run.stored[run.bad_url]
    record = run.feed[run.bad_url]
    title, published, source, paragraphs = _shows(record)
    assert (title, published, source) == (BAD.title, BAD.published, BAD.source)
    # undecodable bytes become replacement characters, and nothing else changes
    assert [p.replace("\ufffd", "") for p in paragraphs] == list(BAD.paragraphs)
    assert sum(p.count("\ufffd") for p in paragraphs) == case.replaced
    codes = {w.split(":", 1)[0] for w in record["warnings"]}
    assert codes == ({case.warning} if case.warning else set()), record["warnings"]
    summary = run.manifest["sites"][run.site]
    assert summary["errors"] == 0 and summary["articles"] == len(GOOD) + 1 and run.result.returncode == 0



def check_clean_log(run: Run) -> None:
    assert "Traceback" not in run.log and "Spider error processing" not in run.log


@pytest.mark.parametrize("case", CASES, ids=[c.fault for c in CASES])
def test_fault(case: Case, tmp_path: Path) -> None:
    run = crawl_fault(case, tmp_path)
    assert run.result.returncode in (0, 1), run.result.stderr
    assert "Spider closed (finished)" in run.log
    assert "'DOWNLOAD_TIMEOUT': 2" in run.log  # the test settings reached the crawl (else it only gets slow)
    if case.hits is not None:
        assert run.hits == case.hits
    check_good_articles_unaffected(run)
    (check_error if case.error else check_recorded)(run, case)
    check_clean_log(run)


# --- reasons that no local server can produce -------------------------------------------------


def _failure(exc: Exception, cause: Exception | None = None) -> Failure:
    try:
        raise exc from cause
    except Exception:
        return Failure()


@pytest.mark.parametrize("exc, cause, reason", [
    ("CannotResolveHostError", None, "dns"),
    ("DownloadTimeoutError", None, "timeout"),
    ("DownloadFailedError", "lost", "connection_lost"),
    ("DownloadFailedError", None, "download_failed"),
    ("DownloadCancelledError", None, "too_large"),
    ("UnsupportedURLSchemeError", None, "unsupported_scheme"),
])
def test_failure_reasons_are_specific(exc: str, cause: str | None, reason: str) -> None:
    from scrapy import exceptions
    from twisted.web._newclient import ResponseNeverReceived

    wrapped = ResponseNeverReceived([Failure(tx_errors.ConnectionLost())]) if cause else None
    assert failure_reason(_failure(getattr(exceptions, exc)("x" if exc != "DownloadCancelledError" else ""), wrapped)) == reason


def test_connecting_failures_and_given_up_hosts_are_named() -> None:
    from scrapy.exceptions import IgnoreRequest

    assert failure_reason(_failure(tx_errors.NoRouteError("x"))) == "connect_failed"
    assert failure_reason(_failure(tx_errors.ConnectError("x"))) == "connect_failed"
    assert failure_reason(_failure(tx_errors.ConnectionRefusedError("x"))) == "connection_refused"
    assert failure_reason(_failure(IgnoreRequest("host down: 127.0.0.1:8000 stopped answering"))) == "host_down"


def test_unknown_failures_are_named_in_snake_case() -> None:
    assert failure_reason(_failure(KeyError("x"))) == "key_error"
    assert failure_reason(_failure(tx_errors.DNSLookupError("x"))) == "dns"
