"""Shared test setup: the clock is pinned, no test may reach the internet, and a real PostgreSQL server for the
tests that ask for one (``pg_server``, ``pg_url``)."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from govnews.runs import clock

from support.pgserver import PgServer, start_server

FIXTURES = Path(__file__).parent / "fixtures"
# Every test sees this instant as "now" (16:00 in China, so no test step crosses China midnight), and so
# does every crawl a test starts as a subprocess: the environment variable reaches them.
PINNED_NOW = "2026-11-27T08:00:00Z"
os.environ[clock.ENV_VAR] = PINNED_NOW
clock.pin(PINNED_NOW)
_real_connect = socket.socket.connect


def _loopback_only(self, address, *args, **kwargs):
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise OSError(f"tests must not touch the network (tried to connect to {host})")
    return _real_connect(self, address, *args, **kwargs)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


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
