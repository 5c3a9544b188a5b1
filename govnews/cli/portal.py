"""``govnews portal``: serve the bundled demo world (fictional sub-district sites) on 127.0.0.1."""

from __future__ import annotations

import signal
import sys
import threading

from ..demo.server import DemoPortal
from ..demo.world import DemoWorld
from ..runs import clock
from .common import parse_date_arg
from .errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_USAGE, CliError

DEFAULT_PORT = 8765


def register(sub) -> None:
    p = sub.add_parser(
        "portal", help="serve the demo portal: fictional sub-district news sites for crawling without a network",
        description="Serve the bundled demo world on 127.0.0.1 until Ctrl-C. Every request is logged on stderr.",
    )
    p.add_argument("--port", default=str(DEFAULT_PORT), help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--day", default="2",
                   help="1: the portal as of yesterday; 2: as of today, with new, edited and removed articles (default)")
    p.add_argument("--today", metavar="DATE", help="the world's today as YYYY-MM-DD (default: today in China time)")
    p.add_argument("--request-log", metavar="FILE", help="also append one JSON line per request to FILE")
    p.set_defaults(run=run)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise CliError(f"--port: expected a port number from 0 to 65535, not {value!r}", EXIT_USAGE)
    return port


def _day(value: str) -> int:
    if value not in ("1", "2"):
        raise CliError(f"--day: expected 1 (yesterday) or 2 (today), not {value!r}", EXIT_USAGE)
    return int(value)


def _stop_on_sigterm() -> None:
    def handler(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


def _check_appendable(path: str) -> None:
    """``--request-log``'s problem is named as its own, not taken for a busy port."""
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise CliError(f"--request-log {path}: cannot write there ({exc.strerror or exc})", EXIT_CANNOT_RUN) from None


def run(args) -> int:
    port, day = _port(args.port), _day(args.day)
    today = parse_date_arg(args.today, "--today") if args.today else clock.china_today()
    if args.request_log:
        _check_appendable(args.request_log)
    portal = DemoPortal(DemoWorld(today, day), port=port, request_log=args.request_log, log_stream=sys.stderr)
    try:
        portal.start()
    except OSError as exc:
        raise CliError(f"cannot listen on 127.0.0.1 port {port}: {exc.strerror or exc} (is another portal running?)",
                       EXIT_CANNOT_RUN) from None
    print(f"govnews portal: serving the demo world of {today} (day {day}) at {portal.base_url}", flush=True)
    print(f"hint: GOVNEWS_DEMO_URL={portal.base_url} points the demo-* site profiles here; Ctrl-C stops", flush=True)
    _stop_on_sigterm()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        portal.stop()
    return EXIT_OK
