"""``govnews parse``: extract records from saved pages, one JSON line per file."""

from __future__ import annotations

import sys
from pathlib import Path

from ..record.ids import http_url_problem
from ..runs import clock
from .common import parse_instant_arg, pick_profiles, write_jsonl
from .errors import EXIT_OK, EXIT_PROBLEMS, CliError


def register(sub) -> None:
    p = sub.add_parser("parse", help="extract article records from saved pages (JSON Lines on stdout)")
    p.add_argument("files", nargs="+", metavar="FILE", help="saved HTML pages; - reads standard input")
    p.add_argument("--url", help="the URL the page was fetched from: resolves links and dates in URLs, and makes the record's "
                   "url and id those a crawl gives (without it, url is the file's file:// URI and id a hash of that)")
    p.add_argument("--site", help="the site profile to apply (its selectors, family and region)")
    p.add_argument("--content-type", help="the Content-Type header the page was served with (charset)")
    p.add_argument("--fetched-at", help="the fetch time, ISO 8601 (default: now); pins results for reproducibility")
    p.add_argument("--warc", action="store_true", help="the FILEs are WARC files (any crawler's): extract every HTML response")
    p.set_defaults(run=run)


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    return Path(path).read_bytes()


def run(args) -> int:
    from ..extraction import Page, extract_article
    from ..extraction.sniff import not_html_reason
    from ..extraction.tags import warm_up

    if args.url and len(args.files) > 1:
        raise CliError("--url names one page; give exactly one FILE with it")
    if args.url and (problem := http_url_problem(args.url)):
        raise CliError(f"--url: {problem}; expected the page's http(s) address")
    profile = pick_profiles([args.site])[0] if args.site else None
    if args.warc:
        from .parse_warc import parse_warcs

        warm_up()
        return parse_warcs(args, profile)
    fetched_at = parse_instant_arg(args.fetched_at, "--fetched-at") if args.fetched_at else clock.now()
    headers = {"Content-Type": args.content_type} if args.content_type else {}
    warm_up()
    status = EXIT_OK
    for path in args.files:
        name = "standard input" if path == "-" else path
        try:
            body = _read(path)
        except OSError as exc:
            print(f"govnews parse: {name}: cannot read ({exc.strerror or exc})", file=sys.stderr)
            status = EXIT_PROBLEMS
            continue
        if reason := not_html_reason(body):  # the crawl's reason word for the same bodies
            print(f"govnews parse: {name}: not_html ({reason})", file=sys.stderr)
            status = EXIT_PROBLEMS
            continue
        url = args.url or ("file:///dev/stdin" if path == "-" else Path(path).resolve().as_uri())
        write_jsonl(extract_article(Page(body, url, fetched_at, headers), profile))
        sys.stdout.flush()
    return status
