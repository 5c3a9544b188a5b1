"""Loaded by every Python process the tests start (conftest puts this folder on PYTHONPATH): no connection
leaves the machine. Crawls, CLI commands, Scrapyd's jobs and webhook posts all connect through
socket.connect or socket.connect_ex (Twisted, asyncio and urllib do), and both refuse every address that is
not loopback."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1].parent))  # tests/, for support.network
from support.network import guard_sockets  # noqa: E402

guard_sockets()
