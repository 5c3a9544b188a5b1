"""``govnews selftest SITE [--url URL]``: check a profile against the live site, field by field.

Fetches one listing page and one article (politely: robots.txt is asked first, the User-Agent
names govnews) and prints what each rule produced, and for every empty field which rules were tried.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from ..runs import clock
from .common import pick_profiles
from .errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, CliError

_SHOWN = ("title", "subtitle", "published", "source", "author", "column", "paragraphs", "images", "attachments",
          "page_tags", "tags")


def register(sub) -> None:
    p = sub.add_parser("selftest", help="fetch one listing page and one article of a site; show every field and its rule")
    p.add_argument("site", help="the site profile id")
    p.add_argument("--url", help="this article instead of the listing's first entry")
    p.add_argument("--column", help="this column (by name) instead of the profile's first")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..listing import ListingPage, paginator_for

    profile = pick_profiles([args.site])[0]
    column = next((c for c in profile.columns if c.name == args.column), None) if args.column else profile.columns[0]
    if column is None:
        raise CliError(f"--column {args.column}: {profile.id} has no such column ({', '.join(c.name for c in profile.columns)})")
    now = clock.now()
    paginator = paginator_for(column.pagination.kind, column.pagination.params, profile.listing_selectors, profile.family, now)
    first = paginator.first(column.url)
    print(f"{profile.id} · {profile.name} · column {column.name} ({column.pagination.kind} pagination)")
    status, headers, body = fetch(first.url, first.method, first.formdata, first.headers)
    print(f"listing  {first.method} {first.url} → HTTP {status}, {len(body)} bytes")
    entries = _entries(paginator, ListingPage(first.url, body, headers, first), status, body, headers)
    url = args.url or (entries[0].url if entries else None)
    if url is None:
        print("no article to test: the listing showed no entries (give one with --url)")
        return EXIT_PROBLEMS
    hints = next((_hints(e, column.name) for e in entries if e.url == url), None)
    return _article(url, profile, hints)


def fetch(url: str, method: str = "GET", formdata=None, headers=None) -> tuple[int, dict[str, str], bytes]:
    from .. import settings as defaults

    if not _robots_allow(url, defaults.USER_AGENT):
        raise CliError(f"{url}: robots.txt does not allow govnews to fetch it", EXIT_PROBLEMS)
    data = urllib.parse.urlencode(formdata).encode() if formdata else None
    headers = {"User-Agent": defaults.USER_AGENT, **(headers or {})}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=defaults.DOWNLOAD_TIMEOUT) as response:
            return response.status, dict(response.headers.items()), response.read(defaults.DOWNLOAD_MAXSIZE)
    except urllib.error.HTTPError as exc:  # a challenge or error page: still worth classifying
        return exc.code, dict(exc.headers.items()), exc.read(defaults.DOWNLOAD_MAXSIZE)
    except (urllib.error.URLError, OSError) as exc:
        raise CliError(f"{url}: cannot fetch ({getattr(exc, 'reason', exc)})", EXIT_CANNOT_RUN) from None


def _robots_allow(url: str, agent: str) -> bool:
    from protego import Protego

    parts = urllib.parse.urlsplit(url)
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    try:
        with urllib.request.urlopen(urllib.request.Request(robots_url, headers={"User-Agent": agent}), timeout=10) as r:
            return Protego.parse(r.read().decode("utf-8", "replace")).can_fetch(url, agent)
    except (urllib.error.URLError, OSError):
        return True  # no robots.txt: allowed, as Scrapy treats it


def _blocked(status: int, body: bytes, headers: dict[str, str]) -> str | None:
    from ..crawler.blocking import classify

    cookies = [v.encode("latin-1") for k, v in headers.items() if k.lower() == "set-cookie"]
    block = classify(status, body, cookies)
    return str(block) if block else None


def _entries(paginator, page, status, body, headers):
    if block := _blocked(status, body, headers):
        print(f"  blocked: {block} — the listing is a challenge page, not content")
        return []
    try:
        entries = paginator.entries(page)
    except ValueError as exc:
        print(f"  the listing could not be read: {exc}")
        return []
    print(f"  {len(entries)} entries" + (":" if entries else " — check listing.entry (or the family preset)"))
    for entry in entries[:5]:
        flags = " [pinned]" if entry.pinned else ""
        print(f"    {entry.date or '(no date)':<12} {entry.title or '(no title)'}{flags}\n                 {entry.url}")
    nxt = paginator.next(page, page.request, entries)
    print(f"  next page: {nxt.method + ' ' + nxt.url if nxt else 'none'}")
    return entries


def _hints(entry, column: str):
    from ..extraction import ListingHints

    return ListingHints(date=entry.date, title=entry.title, pinned=entry.pinned, column=column)


def _article(url: str, profile, hints) -> int:
    from ..extraction import Page, extract_with_trace

    status, headers, body = fetch(url)
    print(f"article  GET {url} → HTTP {status}, {len(body)} bytes")
    if block := _blocked(status, body, headers):
        print(f"  blocked: {block}")
        return EXIT_PROBLEMS
    record, trace = extract_with_trace(Page(body, url, clock.now(), headers, status), profile, hints)
    for name in _SHOWN:
        print(_field_line(name, record, trace))
    if record["warnings"]:
        print(f"  {'warnings':<12} {', '.join(record['warnings'])}")
    return EXIT_OK if record["title"] and record["paragraphs"] else EXIT_PROBLEMS


def _field_line(name: str, record: dict, trace: dict) -> str:
    value = record.get(name)
    rule = trace.get(name)
    if name == "published" and value:
        value = f"{value}  (from {record['published_source']}: {record['published_raw']!r})"
    if isinstance(value, list):
        value = f"{len(value)}: " + " | ".join(str(v)[:40] for v in value[:3]) if value else None
    shown = (str(value)[:100] if value else "—")
    if rule is None:
        how = ""
    elif rule.rule:
        how = f"   ← {rule.rule}"
    else:
        how = f"   ✗ tried {', '.join(rule.tried)}"
    return f"  {name:<12} {shown}{how}"

