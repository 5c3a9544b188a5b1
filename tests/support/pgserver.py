"""A real, throw-away PostgreSQL server for the store's tests.

``initdb`` creates a cluster in a temporary folder, ``pg_ctl`` starts it on a free port of 127.0.0.1
(with its socket in the same folder), and the session ends by stopping it and removing the folder.
As root (CI) both run as the ``postgres`` system user, since initdb refuses root. When PostgreSQL is
not installed, the tests that need it fail with a message saying so: ``bash scripts/test.sh``
installs it.

The pytest fixtures are in ``tests/pgserver.py``; benchmarks use :func:`start_server` directly.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from support.realclock import real_clock_env

SUPERUSER = "govnews"
NOT_INSTALLED = ("PostgreSQL is not installed (no initdb/pg_ctl on PATH or under /usr/lib/postgresql/*/bin): "
                 "run the tests with `bash scripts/test.sh`, which installs it, or "
                 "`apt-get install postgresql`")


class PgUnavailable(RuntimeError):
    pass


def find_binaries() -> tuple[str, str] | None:
    """``(initdb, pg_ctl)``: from PATH, else the newest /usr/lib/postgresql/VERSION/bin."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda f: _version(Path(f).parent.name), reverse=True)
    for folder in folders:
        initdb, pg_ctl = os.path.join(folder, "initdb"), os.path.join(folder, "pg_ctl")
        if os.access(initdb, os.X_OK) and os.access(pg_ctl, os.X_OK):
            return initdb, pg_ctl
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    def __init__(self) -> None:
        binaries = find_binaries()
        if binaries is None:
            raise PgUnavailable(NOT_INSTALLED)
        self.initdb, self.pg_ctl = binaries
        self.root = Path(tempfile.mkdtemp(prefix="govnews-pg-"))
        self.data, self.socket_dir, self.log = self.root / "data", self.root / "sockets", self.root / "server.log"
        self.port = 0
        self._names = itertools.count(1)
        self._prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(self.root, ignore_errors=True)
                raise PgUnavailable("running as root, and there is no `postgres` system user to run initdb as "
                                    "(Debian's postgresql package creates it)") from None
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        out = self.root / "command.out"
        with open(out, "wb") as handle:
            done = subprocess.run([*self._prefix, *args], stdout=handle, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, cwd=self.root, timeout=120, env=real_clock_env())
        if done.returncode:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PgUnavailable(f"{' '.join(args[:2])} failed ({done.returncode}): "
                                f"{out.read_text(errors='replace')[-2000:]}\n{log}")

    def start(self) -> str:
        self._run(self.initdb, "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        self._run("mkdir", "-p", str(self.socket_dir))
        for attempt in range(3):
            self.port = free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.socket_dir} -F "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
            try:
                self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options,
                          "start")
                break
            except PgUnavailable:
                if attempt == 2:
                    raise
        return self.url("postgres")

    def url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = f"store_test_{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[-1]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> tuple[PgServer | None, str]:
    """A started server, or None and why not."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "psycopg is not installed: pip install -e '.[test]' (scripts/test.sh does)"
    try:
        server = PgServer()
    except PgUnavailable as exc:
        return None, str(exc)
    try:
        server.start()
    except (PgUnavailable, OSError, subprocess.SubprocessError) as exc:
        server.stop()
        return None, f"could not start PostgreSQL for the tests: {exc}"
    return server, ""
