"""``govnews listing (FILE | URL)``: what govnews finds on one listing page.

The family it recognised, each entry (absolute URL, title, date, pinned), the next listing request, and
which rule found the entries (the profile's selector, the family preset's, or the list shape). A FILE is
parsed offline (``--url`` says where it came from); a URL is fetched politely through the crawl's own
Scrapy stack. ``--json`` prints one object: ``family``, ``rule``, ``entries``, ``next``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ..record.ids import http_url_problem
from ..runs import clock
from .common import pick_profiles
from .errors import EXIT_OK, EXIT_PROBLEMS, CliError

_SHOWN = 20
_HOST_PORT = re.compile(r"^[\w.-]+:\d")  # 127.0.0.1:8765/list.html: an address without its http://
_HOST_PATH = re.compile(r"^[\w-]+(\.[\w-]+)+/")  # www.x.gov.cn/list.html: a file by that name is possible, so only a hint


def register(sub) -> None:
    p = sub.add_parser("listing", help="show what govnews finds on one listing page: family, entries, next page, rule")
    p.add_argument("source", metavar="FILE|URL", help="a saved listing page (- reads standard input) or its http(s) URL")
    p.add_argument("--url", help="where a saved page came from (resolves its links)")
    p.add_argument("--site", help="read the page with this profile (its selectors, family and pagination)")
    p.add_argument("--column", help="with --site: this column (by name) instead of the one whose URL matches")
    p.add_argument("--json", action="store_true", help="one JSON object: family, rule, entries (url, title, date, pinned), next")
    p.add_argument("--all", action="store_true", help=f"print every entry (default: the first {_SHOWN})")
    p.add_argument("--no-delay", action="store_true", help="no pause before the request (local test servers only)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..listing import ListingPage
    from ..listing.detect import inspect_listing

    is_url = _looks_like_url(args.source)
    if is_url and (problem := http_url_problem(args.source)):
        raise CliError(f"URL: {problem}; expected an http(s) address or a saved FILE")
    if is_url and args.url:
        raise CliError("--url: only for a saved FILE; a URL says where it came from itself")
    if args.url and (problem := http_url_problem(args.url)):
        raise CliError(f"--url: {problem}; expected the http(s) address the page was saved from")
    profile = pick_profiles([args.site])[0] if args.site else None
    column = _column(profile, args.column, args.url or (args.source if is_url else None))
    now = clock.now()
    if is_url:
        page = _fetch(args.source, profile, column, args.no_delay, now)
    else:
        url = args.url or ("file:///dev/stdin" if args.source == "-" else Path(args.source).resolve().as_uri())
        page = ListingPage(url, _read(args.source), {})
    _check_html(page, profile, column, args.source)
    try:
        view = inspect_listing(page, now, profile, column)
    except ValueError as exc:  # an API answer that is not the JSON the profile says
        raise CliError(f"{args.source}: the listing could not be read ({exc})", EXIT_PROBLEMS) from None
    if args.json:
        print(json.dumps(_as_json(view, now), ensure_ascii=False, indent=2))
    else:
        _print(view, now, args.all)
    return EXIT_OK if view.entries else EXIT_PROBLEMS


def _looks_like_url(source: str) -> bool:
    """An address rather than a saved file's name: it is URL-checked instead of read."""
    return "://" in source or bool(_HOST_PORT.match(source))


def _column(profile, name: str | None, url: str | None):
    if profile is None:
        if name:
            raise CliError("--column: only with --site")
        return None
    if name:
        column = next((c for c in profile.columns if c.name == name), None)
        if column is None:
            raise CliError(f"--column {name}: {profile.id} has no such column ({', '.join(c.name for c in profile.columns)})")
        return column
    return next((c for c in profile.columns if c.url == url), profile.columns[0])


def _read(source: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        hint = "; a web address needs its http:// or https://" if _HOST_PATH.match(source) else ""
        raise CliError(f"{source}: cannot read ({exc.strerror or exc}){hint}", EXIT_PROBLEMS) from None


def _fetch(url: str, profile, column, no_delay: bool, now):
    from ..crawler.fetch import fetch_pages, is_loopback
    from ..listing import ListingPage, ListingRequest, paginator_for

    if no_delay and not is_loopback(url):
        raise CliError("--no-delay: only for local test servers (127.0.0.1, localhost)")
    request = ListingRequest(url)
    if profile is not None:
        p = column.pagination
        request = paginator_for(p.kind, p.params, profile.listing_selectors, profile.family, now).first(url)
    [fetched] = fetch_pages([request], delay=profile.delay if profile else 1.0, no_delay=no_delay)
    if fetched.problem:
        raise CliError(f"{request.url}: {fetched.problem}", EXIT_PROBLEMS)
    return ListingPage(fetched.final_url, fetched.body, fetched.headers, request)


def _check_html(page, profile, column, source: str) -> None:
    from ..extraction.sniff import not_html_reason

    json_kind = column is not None and column.pagination.kind in ("json_page", "json_cursor", "platform")
    if not json_kind and (reason := not_html_reason(page.body)):
        raise CliError(f"{source}: not an HTML page ({reason})", EXIT_PROBLEMS)


def _day(entry, now) -> str | None:
    from ..listing import entry_day

    day = entry_day(entry, now)
    return day.isoformat() if day else None


def _as_json(view, now) -> dict:
    return {
        "family": view.family,
        "rule": view.rule.origin,
        "entries": [{"url": e.url, "title": e.title, "date": _day(e, now), "pinned": e.pinned} for e in view.entries],
        "next": view.next.url if view.next else None,
    }


def _print(view, now, everything: bool) -> None:
    print(view.url)
    print(f"family      {view.family} ({view.family_evidence})")
    print(f"pagination  {view.pagination.kind}" + (f" ({view.pagination.evidence})" if view.pagination.evidence else ""))
    print(f"rule        {view.rule}")
    print(f"entries     {len(view.entries)}")
    shown = view.entries if everything else view.entries[:_SHOWN]
    for entry in shown:
        flag = "[pinned] " if entry.pinned else ""
        print(f"  {_day(entry, now) or '(no date)':<11} {flag}{entry.title or '(no title)'}\n              {entry.url}")
    if len(shown) < len(view.entries):
        print(f"  … {len(view.entries) - len(shown)} more (--all shows them)")
    nxt = view.next
    print(f"next        {nxt.method} {nxt.url}" if nxt else "next        none")
    if nxt is not None and nxt.formdata:
        print("            form " + "&".join(f"{k}={v}" for k, v in nxt.formdata.items()))
    for note in view.notes:
        print(f"note        {note}")
