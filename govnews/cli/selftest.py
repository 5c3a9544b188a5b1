"""``govnews selftest SITE [--url URL]``: check a profile against the live site, field by field.

Fetches one listing page and one article through the crawl's own Scrapy stack (robots.txt first,
the User-Agent, cookies, challenge pages recognised: govnews/crawler/fetch.py) and prints what each
rule produced, and for every empty field which rules were tried.
"""

from __future__ import annotations

from ..record.ids import http_url_problem
from ..runs import clock
from .common import pick_profiles
from .errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, CliError

_SHOWN = ("title", "subtitle", "published", "source", "author", "column", "paragraphs", "images", "attachments",
          "page_tags", "tags")
_CANNOT_CONNECT = ("connection problem", "download failed")


def register(sub) -> None:
    p = sub.add_parser("selftest", help="fetch one listing page and one article of a site; show every field and its rule")
    p.add_argument("site", help="the site profile id")
    p.add_argument("--url", help="this article instead of the listing's first entry")
    p.add_argument("--column", help="this column (by name) instead of the profile's first")
    p.add_argument("--no-delay", action="store_true", help="no pause between the two requests (local test servers only)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..crawler.fetch import is_loopback, run_jobs

    if args.url and (problem := http_url_problem(args.url)):
        raise CliError(f"--url: {problem}; expected an article's http(s) address")
    profile = pick_profiles([args.site])[0]
    column = next((c for c in profile.columns if c.name == args.column), None) if args.column else profile.columns[0]
    if column is None:
        raise CliError(f"--column {args.column}: {profile.id} has no such column ({', '.join(c.name for c in profile.columns)})")
    if args.no_delay and not all(is_loopback(u) for u in (column.url, args.url or column.url)):
        raise CliError("--no-delay: only for local test servers (127.0.0.1, localhost)")
    status, error = run_jobs([selftest_job(profile, column, args.url)], delay=profile.delay, no_delay=args.no_delay)[0]
    if error:
        raise CliError(error, status)
    return status


def selftest_job(profile, column, article_url: str | None):
    """Fetch the column's first listing page, then one article; print as it goes. Returns (exit status, error)."""
    from ..listing import ListingPage, ListingRequest, paginator_for

    paginator = paginator_for(column.pagination.kind, column.pagination.params, profile.listing_selectors, profile.family,
                              clock.now())
    first = paginator.first(column.url)
    print(f"{profile.id} · {profile.name} · column {column.name} ({column.pagination.kind} pagination)")
    [listing] = yield [first]
    entries = []
    if listing.problem:
        print(f"listing  {first.method} {first.url} → {listing.problem}")
        if listing.problem.startswith(_CANNOT_CONNECT):
            return EXIT_CANNOT_RUN, f"{first.url}: cannot fetch ({listing.problem})"
    else:
        print(f"listing  {first.method} {first.url} → HTTP {listing.status}, {len(listing.body)} bytes")
        entries = _entries(paginator, ListingPage(listing.final_url, listing.body, listing.headers, first))
    url = article_url or (entries[0].url if entries else None)
    if url is None:
        print("no article to test: the listing showed no entries (give one with --url)")
        return EXIT_PROBLEMS, None
    hints = next((_hints(e, column.name) for e in entries if e.url == url), None)
    [article] = yield [ListingRequest(url)]
    return _article(article, profile.for_column(column.name), hints)


def _entries(paginator, page):
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


def _article(article, profile, hints) -> tuple[int, str | None]:
    from ..extraction import Page, extract_with_trace

    if problem := article.html_problem():
        print(f"article  GET {article.url} → {problem}")
        if problem.startswith(_CANNOT_CONNECT):
            return EXIT_CANNOT_RUN, f"{article.url}: cannot fetch ({problem})"
        return EXIT_PROBLEMS, None
    print(f"article  GET {article.url} → HTTP {article.status}, {len(article.body)} bytes")
    page = Page(article.body, article.final_url, clock.now(), article.headers, article.status or 200)
    record, trace = extract_with_trace(page, profile, hints)
    for name in _SHOWN:
        print(_field_line(name, record, trace))
    if record["warnings"]:
        print(f"  {'warnings':<12} {', '.join(record['warnings'])}")
    return (EXIT_OK if record["title"] and record["paragraphs"] else EXIT_PROBLEMS), None


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
