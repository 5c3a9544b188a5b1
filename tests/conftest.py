"""Shared test setup: the clock is pinned, no test may reach the internet, and a real PostgreSQL server for the
tests that ask for one (``pg_server``, ``pg_url``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from govnews.runs import clock

from support.network import guard_sockets
from support.pgserver import PgServer, start_server

FIXTURES = Path(__file__).parent / "fixtures"
# Every test sees this instant as "now" when the session starts (16:00 in China: eight hours before China
# midnight, so no test step crosses it), and so does every crawl a test starts as a subprocess: pinning
# exports GOVNEWS_NOW with the session's timeline, so the crawls' run ids sort in the order they began.
PINNED_NOW = "2026-11-27T08:00:00Z"
clock.pin(PINNED_NOW)
# No test reaches the internet: this process's sockets, and those of every Python process a test starts (crawls,
# CLI commands, Scrapyd jobs), which load support/netguard/sitecustomize.py from PYTHONPATH. Non-Python
# programs the tests start (PostgreSQL, redis-server, Chromium with its background networking off) are not covered.
guard_sockets()
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parent / "support" / "netguard"),
                                                         os.environ.get("PYTHONPATH")]))


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the whole session; the tests that use it FAIL when it cannot start."""
    server, problem = start_server()
    if server is None:
        pytest.fail(problem, pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty database on the session's server."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)
