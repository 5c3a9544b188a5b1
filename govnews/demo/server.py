"""Serve a :class:`DemoWorld` on 127.0.0.1 with the standard library's threading HTTP server."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, TextIO

from ..runs import clock
from .chrome import respond
from .world import DemoWorld

_DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


@dataclass(frozen=True)
class LoggedRequest:
    time: float  # time.monotonic() when the request arrived
    method: str
    path: str  # path and query, as sent
    headers: dict[str, str] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a client holding a keep-alive connection must not block stop()

    def __init__(self, address, portal: DemoPortal) -> None:
        self.portal = portal
        super().__init__(address, _Handler)

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, _DISCONNECTS):  # a client that hangs up early is normal, not an error
            self.portal._note(f"error serving {client_address[0]}: {type(exc).__name__}: {exc}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections end after this

    def version_string(self) -> str:
        return "nginx"

    def _portal(self) -> DemoPortal:
        return self.server.portal  # type: ignore[attr-defined]  # DemoPortal.start sets it on its server

    def _serve(self) -> None:
        portal = self._portal()
        headers = {k: v for k, v in self.headers.items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        portal._record(self.command, self.path, headers, self.headers.get("User-Agent"))
        if portal.latency:  # a slow server, for tests that must catch a crawl half-way
            time.sleep(portal.latency)
        try:
            status, response_headers, payload = portal.world.handle(self.command, self.path, headers, body)
        except Exception as exc:  # a bug in a page must not take the portal down
            portal._note(f"{self.command} {self.path}: {type(exc).__name__}: {exc}")
            status, response_headers, payload = respond(500, b"500 Internal Server Error\n", "text/plain; charset=utf-8")
        try:
            self.send_response(status)
            for name, value in response_headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except _DISCONNECTS:
            self.close_connection = True

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = _serve

    def log_request(self, code="-", size="-") -> None:
        self._portal()._note(f'{self.command} {self.path} {code} "{self.headers.get("User-Agent", "-")}"')

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # only log_request's one line per request; protocol chatter stays quiet


class DemoPortal:
    """The demo portal serving ``world`` in a background thread (``world`` may be swapped while running)."""

    def __init__(self, world: DemoWorld, port: int = 0, request_log: str | os.PathLike | None = None,
                 log_stream: TextIO | None = None) -> None:
        self.world = world
        self.port = port
        self.latency = 0.0  # seconds added to every answer
        self.requests: list[LoggedRequest] = []
        self._request_log = request_log
        self._log_stream = log_stream
        self._log_file: IO[str] | None = None
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> DemoPortal:
        """Bind and serve; raises OSError when the port is taken."""
        self._server = _Server(("127.0.0.1", self.port), self)
        self.port = self._server.server_address[1]
        if self._request_log is not None:
            self._log_file = open(self._request_log, "a", encoding="utf-8")
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"demo-portal-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        with self._lock:
            if self._log_file is not None:
                self._log_file.close()
                self._log_file = None

    def __enter__(self) -> DemoPortal:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _record(self, method: str, path: str, headers: dict[str, str], ua: str | None) -> None:
        entry = LoggedRequest(time.monotonic(), method, path, headers)
        line = json.dumps({"t": clock.now().timestamp(), "method": method, "path": path, "ua": ua}, ensure_ascii=False)
        with self._lock:
            self.requests.append(entry)
            if self._log_file is not None:
                self._log_file.write(line + "\n")
                self._log_file.flush()

    def _note(self, line: str) -> None:
        if self._log_stream is not None:
            with self._lock:
                print(line, file=self._log_stream, flush=True)


def start_portal(today: date | None = None, day: int = 2, port: int = 0) -> DemoPortal:
    """A started portal serving the demo world of ``today`` (default: today in China)."""
    return DemoPortal(DemoWorld(today or clock.china_today(), day), port=port).start()
