"""pytest fixtures for a real PostgreSQL server (support/pgserver.py starts it).

Import them into a test module: ``from pgserver import pg_server, pg_url``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.pgserver import NOT_INSTALLED, PgServer, find_binaries, start_server  # noqa: F401 (re-exported)


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
