"""The tests' network guard covers this process and every Python process a test starts, crawls included."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

OUTSIDE = ("192.0.2.1", 80)  # TEST-NET-1: never a real host


def test_this_process_cannot_connect_outside():
    for connect in (socket.socket.connect, socket.socket.connect_ex):
        with socket.socket() as sock, pytest.raises(OSError, match="tests must not touch the network"):
            connect(sock, OUTSIDE)


def test_a_python_subprocess_cannot_connect_outside():
    code = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=5)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0 and "tests must not touch the network (tried to connect to 192.0.2.1)" in done.stderr


@pytest.mark.e2e
def test_a_crawl_started_by_a_test_cannot_fetch_outside(tmp_path: Path):
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "outside.toml").write_text(
        'id = "outside"\nname = "outside"\nfamily = "trs"\n[status]\nstate = "unverified"\n'
        '[[columns]]\nname = "新闻"\nurl = "http://192.0.2.1/news/index.html"\n', "utf-8")
    env = dict(os.environ, GOVNEWS_PROFILES_DIR=str(profiles))
    done = subprocess.run([sys.executable, "-m", "govnews", "crawl", "--site", "outside", "--out", str(tmp_path / "out"),
                           "--no-delay", "--progress", "off"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # finished with problems: the column could not be fetched
    assert "tests must not touch the network (tried to connect to 192.0.2.1)" in done.stderr
    assert "outside: 1 error(s): " in done.stdout
