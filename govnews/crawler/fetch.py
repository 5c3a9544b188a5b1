"""One-off polite fetches through the crawl's own Scrapy stack, for commands that look at a few pages.

Every request goes through what a crawl's requests go through: robots.txt first (govnews's robots
middleware), the User-Agent and cookies, retries with backoff, and the challenge-page recognition of
:mod:`govnews.crawler.blocking`. One request at a time per host, with a delay between them. Each page
comes back as a :class:`Fetched`: its status, headers and body, or a one-line reason it is not content.

Work that needs several rounds (a listing page, then its articles) is written as *jobs*: generators
that yield a list of requests and receive the list of :class:`Fetched` answers, in order, until they
return their result. All jobs run in one Scrapy process, so politeness holds across all of them.

    def job():
        [listing] = yield [ListingRequest(url)]
        articles = yield [ListingRequest(u) for u in links(listing)]
        return summary(listing, articles)

    results = run_jobs([job()], delay=2.0)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, field
from ipaddress import ip_address
from typing import Any, TypeVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from ..extraction.sniff import not_html_reason
from ..listing import ListingRequest
from .failures import failure_reason

T = TypeVar("T")
Job = Generator[list[ListingRequest], list["Fetched"], T]
_CONNECTION = frozenset({"timeout", "connection_lost", "connection_refused", "dns", "tls", "dataloss", "download_failed"})


@dataclass(frozen=True)
class Fetched:
    """One answer: the page as served, or ``reason`` (a stable word) and ``problem`` (one line for people)."""

    url: str  # as asked
    method: str = "GET"
    final_url: str = ""  # after redirects
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # repeated headers joined with ", "
    set_cookies: tuple[str, ...] = ()  # every Set-Cookie, each whole
    body: bytes = b""
    reason: str | None = None  # None: content; else blocked, robots, http_404, timeout, connection_refused …
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None

    def html_problem(self) -> str | None:
        """Why this is no HTML page to read, in one line, or None."""
        if self.problem:
            return self.problem
        if reason := not_html_reason(self.body):
            return f"not HTML: {reason}"
        return None


def problem_text(reason: str, detail: str = "") -> str:
    """The one-line reason people read: ``blocked: jsl (HTTP 521)``, ``robots.txt disallows it``, ``HTTP error 404`` …"""
    if reason == "blocked":
        return detail or "blocked"
    if reason == "robots":
        return "robots.txt disallows it"
    if reason.startswith("http_"):
        return f"HTTP error {reason[5:]}"
    if reason in _CONNECTION:
        return f"connection problem: {reason}"
    return f"download failed: {reason}"


class FetchError(Exception):
    """The fetch could not run at all (a bug in a job is re-raised as itself)."""


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def fetch_pages(requests: Sequence[ListingRequest], delay: float = 1.0, no_delay: bool = False) -> list[Fetched]:
    """Fetch a handful of pages, politely, in one go."""

    def job() -> Job[list[Fetched]]:
        return (yield list(requests))

    return run_jobs([job()], delay=delay, no_delay=no_delay)[0]


def run_jobs(jobs: Sequence[Job[T]], delay: float = 1.0, no_delay: bool = False,
             on_done: Callable[[int, T], None] | None = None, log_file: str | None = None) -> list[T]:
    """Run every job to its end in one Scrapy process; their results, in order.

    ``delay`` is the pause between two requests to one host (``no_delay`` drops it for local test servers).
    ``on_done(index, result)`` is called as each job finishes (progress lines). Scrapy runs once per process.
    """
    from scrapy.crawler import CrawlerProcess

    driver = _Driver(list(jobs), on_done)
    process = CrawlerProcess(_settings(delay, no_delay, log_file))
    process.crawl(_FetchSpider, driver=driver)
    process.start()
    if driver.error is not None:
        raise driver.error
    missing = [i for i, done in enumerate(driver.finished) if not done]
    if missing:
        raise FetchError(f"the fetch stopped before {len(missing)} of {len(jobs)} jobs finished")
    return driver.results  # every slot is filled once all jobs finished


def _settings(delay: float, no_delay: bool, log_file: str | None):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "govnews.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    overrides: dict[str, Any] = {
        # The crawl's downloader stack (robots.txt, User-Agent, cookies, retries, blocked pages), none of its output.
        "ITEM_PIPELINES": {}, "EXTENSIONS": {}, "FEEDS": {}, "JOBDIR": None,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "DOWNLOAD_DELAY": delay, "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
        # One retry: a look at a few pages should say "connection problem" soon, not after a crawl's patience.
        "RETRY_TIMES": 1,
        "LOG_LEVEL": "INFO" if log_file else "ERROR", "LOG_FILE": log_file, "LOG_ENABLED": bool(log_file),
        "LOG_INSTALL_ROOT_HANDLER": bool(log_file),
    }
    if no_delay:
        overrides.update(DOWNLOAD_DELAY=0, AUTOTHROTTLE_ENABLED=False, GOVNEWS_NO_DELAY=True)
    settings.setdict(overrides, priority="cmdline")
    return settings


class _Driver:
    """Advances each job when the whole batch it asked for has been answered."""

    def __init__(self, jobs: list[Job[Any]], on_done: Callable[[int, Any], None] | None) -> None:
        self.jobs, self.on_done = jobs, on_done
        self.results: list[Any] = [None] * len(jobs)
        self.finished = [False] * len(jobs)
        self.answers: list[list[Fetched | None]] = [[] for _ in jobs]
        self.error: BaseException | None = None

    def start(self) -> list[scrapy.Request]:
        return [r for i in range(len(self.jobs)) for r in self._advance(i, None)]

    def answer(self, job: int, slot: int, fetched: Fetched) -> list[scrapy.Request]:
        batch = self.answers[job]
        batch[slot] = fetched
        if any(a is None for a in batch):
            return []
        return self._advance(job, [a for a in batch if a is not None])

    def _advance(self, job: int, answers: list[Fetched] | None) -> list[scrapy.Request]:
        generator = self.jobs[job]
        try:
            requests = next(generator) if answers is None else generator.send(answers)
            while not requests:  # an empty batch is answered at once
                requests = generator.send([])
        except StopIteration as stop:
            self._finish(job, stop.value)
            return []
        except Exception as exc:  # a bug in a job: stop it, and re-raise once Scrapy has stopped
            self.error = self.error or exc
            self._finish(job, None)
            return []
        self.answers[job] = [None] * len(requests)
        return [_request(r, job, slot) for slot, r in enumerate(requests)]

    def _finish(self, job: int, result: Any) -> None:
        self.results[job], self.finished[job] = result, True
        if self.on_done is not None and self.error is None:
            self.on_done(job, result)


def _request(request: ListingRequest, job: int, slot: int) -> scrapy.Request:
    meta = {"govnews_fetch": (job, slot, request)}
    headers = dict(request.headers) or None
    if request.method == "POST":
        return scrapy.FormRequest(request.url, formdata=dict(request.formdata or {}), headers=headers, meta=meta,
                                  dont_filter=True)
    return scrapy.Request(request.url, method=request.method, headers=headers, meta=meta, dont_filter=True)


class _FetchSpider(scrapy.Spider):
    name = "govnews-fetch"

    def __init__(self, driver: _Driver, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.driver = driver

    async def start(self):
        for request in self.driver.start():
            yield self._routed(request)

    def _routed(self, request: scrapy.Request) -> scrapy.Request:
        return request.replace(callback=self.on_response, errback=self.on_failure)

    def on_response(self, response: Response):
        job, slot, asked = response.meta["govnews_fetch"]
        self._schedule(self.driver.answer(job, slot, _fetched(asked, response)))
        return []

    def on_failure(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]  # Scrapy attaches it to errbacks' failures
        job, slot, asked = request.meta["govnews_fetch"]
        reason = failure_reason(failure)
        detail = str(failure.value) if reason == "blocked" else ""
        status = failure.value.response.status if reason.startswith("http_") else None
        fetched = Fetched(asked.url, asked.method, request.url, status, reason=reason, problem=problem_text(reason, detail))
        self._schedule(self.driver.answer(job, slot, fetched))

    def _schedule(self, requests: Iterable[scrapy.Request]) -> None:
        for request in requests:
            self.crawler.engine.crawl(self._routed(request))


def _fetched(asked: ListingRequest, response: Response) -> Fetched:
    headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
    cookies = tuple(v.decode("latin-1") for v in response.headers.getlist("Set-Cookie"))
    return Fetched(asked.url, asked.method, response.url, response.status, headers, cookies, response.body)

