"""``govnews profile new URL`` and ``govnews profile import FILE.csv``: working profiles detected from column URLs.

Each column URL is fetched politely through the crawl's own Scrapy stack (robots.txt first, one request
at a time per host, two seconds apart), read as govnews reads listings, checked on its next page and a
few of its articles, and written as a validated TOML profile marked unverified. Blocked, empty, non-HTML
and robots-disallowed URLs get their one-line reason and nothing is written for them.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

from ..runs import clock
from .errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CliError
from .output import ensure_writable

_SHOWN_ENTRIES = 5
_FIELDS = ("title", "published", "source", "author", "paragraphs", "images", "attachments")


def register(sub) -> None:
    p = sub.add_parser("profile", help="write site profiles detected from column URLs (profile new URL, profile import FILE.csv)")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="detect a profile from one column's listing URL and write it")
    new.add_argument("url", metavar="URL", help="the column's first listing page (http or https)")
    new.add_argument("--id", help="the profile's id (default: from the host and the column's folder)")
    new.add_argument("--name", help="the site's name (default: from the page)")
    new.add_argument("--region", metavar="CODE_OR_NAME", help="its place: a 12- or 9-digit code or a name (历下区泉城路街道)")
    _common(new)
    new.set_defaults(run=run_new)
    imp = actions.add_parser("import", help="detect profiles for every row of a spreadsheet (CSV: url, column, region, id)")
    imp.add_argument("file", metavar="FILE.csv", help="a CSV with a url column and, if you like, column, region and id")
    _common(imp)
    imp.set_defaults(run=run_import)


def _common(p) -> None:
    p.add_argument("--out", metavar="DIR", help="where to write the profiles (default: the first folder of "
                   "GOVNEWS_PROFILES_DIR, else ./profiles)")
    p.add_argument("--force", action="store_true", help="replace a profile file that exists")
    p.add_argument("--no-delay", action="store_true", help="no pause between requests (local test servers only)")
    p.add_argument("--quiet", action="store_true", help="print only problems and the total (for cron)")


def out_dir(given: str | None) -> Path:
    if given:
        return ensure_writable(given)
    first = next((d for d in os.environ.get("GOVNEWS_PROFILES_DIR", "").split(os.pathsep) if d), None)
    return ensure_writable(first or "profiles")


def _check_target(path: Path, site_id: str, force: bool) -> str | None:
    from ..profiles import profile_paths

    if path.exists() and not force:
        return f"{path} exists; --force replaces it, or give another id"
    if site_id in {p for p in profile_paths(None)} and not force:
        return f"the package has a profile {site_id!r}; give another id (--force writes one that overrides it)"
    return None


def _no_delay_ok(urls, no_delay: bool) -> None:
    from ..crawler.fetch import is_loopback

    if no_delay and not all(is_loopback(u) for u in urls):
        raise CliError("--no-delay: only for local test servers (127.0.0.1, localhost)")


def _place(query: str, where: str):
    from ..regions import RegionProblem, place_of

    try:
        return place_of(query)
    except RegionProblem as problem:
        raise CliError(f"{where}: {problem}") from None


# --- profile new ---------------------------------------------------------------------------------


def run_new(args) -> int:
    from ..crawler.fetch import run_jobs
    from ..onboarding.draft import DEFAULT_DELAY, ColumnDraft
    from ..onboarding.naming import profile_id
    from ..onboarding.probe import probe_column
    from ..profiles.profile import SLUG
    from ..record.ids import http_url_problem

    args.command = "profile new"  # errors read "govnews profile new: …"
    if problem := http_url_problem(args.url):
        raise CliError(f"URL: {problem}; expected the column's listing page")
    if args.id and not SLUG.match(args.id):
        raise CliError(f"--id: {args.id!r} is not a slug; expected lower-case letters, digits and hyphens")
    place = _place(args.region, "--region") if args.region else None
    _no_delay_ok([args.url], args.no_delay)
    site_id = args.id or profile_id(args.url)
    folder = out_dir(args.out)
    target = folder / f"{site_id}.toml"
    if problem := _check_target(target, site_id, args.force):
        raise CliError(problem, EXIT_USAGE)
    [findings] = run_jobs([probe_column(args.url, clock.now())], delay=DEFAULT_DELAY, no_delay=args.no_delay)
    if not args.quiet:
        _report(findings)
    if findings.problem:
        raise CliError(f"{args.url}: {findings.problem}; nothing written", EXIT_PROBLEMS)
    column = ColumnDraft(findings, findings.column_name, place)
    draft = _draft(site_id, args.name or _site_name(findings), [column], "govnews profile new")
    _write(draft, target)
    if not args.quiet and draft.site_place is None:
        print("  region       not given: add [region] code = \"…\" to the file (`govnews regions NAME` finds it)")
    if not args.quiet:
        print(f"wrote {target} (unverified: check it with `govnews selftest {site_id}`, then crawl it)")
    return EXIT_OK


def _site_name(findings) -> str:
    site, column = findings.site_name, findings.column_name
    return site if not column or column in site or column == site else f"{site} · {column}"


def _draft(site_id: str, name: str, columns, source: str):
    from ..onboarding.draft import ProfileDraft

    draft = ProfileDraft(site_id, name, columns, source, clock.utc_iso(), clock.china_today().isoformat())
    draft.name_columns()
    draft.place_columns()
    return draft


def _write(draft, target: Path) -> None:
    from ..onboarding.draft import check_draft
    from ..runs.atomic import write_text_atomic

    check_draft(draft, str(target))
    try:
        write_text_atomic(target, draft.toml())
    except OSError as exc:
        raise CliError(f"{target}: cannot write ({exc.strerror or exc})", 3) from None


def _report(f) -> None:
    print(f.url)
    if f.problem and not f.entries:
        print(f"  problem      {f.problem}")
        return
    print(f"  family       {f.family} ({f.family_evidence})")
    print(f"  pagination   {f.pagination.kind} ({f.pagination.evidence})")
    print(f"  entries      {len(f.entries)} on the first page, found by {f.rule}")
    for entry in f.entries[:_SHOWN_ENTRIES]:
        flag = "[pinned] " if entry.pinned else ""
        print(f"                 {entry.date or '(no date)':<12} {flag}{entry.title or '(no title)'}  {entry.url}")
    print(f"  next page    {f.next_checked or 'none'}")
    dated, shown = f.dates_found
    if f.date_selector:
        print(f"  dates        listing.date = {f.date_selector!r} ({dated} of {shown} dated entries)")
    if f.entry_selector:
        print(f"  entry        listing.entry = {f.entry_selector!r}")
    for number, check in enumerate(f.articles, start=1):
        print(f"  article {number}    {check.url}")
        if check.problem:
            print(f"    {check.problem}")
        elif check.record is not None:
            for name in _FIELDS:
                print(_field_line(name, check.record, check.trace))
    if f.undecided:
        print("  could not decide:")
        for note in f.undecided:
            print(f"    - {note}")
    if f.problem:
        print(f"  problem      {f.problem}")


def _field_line(name: str, record: dict, trace: dict) -> str:
    value = record.get(name)
    if isinstance(value, list):
        value = f"{len(value)}: " + " | ".join(str(v)[:30] for v in value[:2]) if value else None
    rule = trace.get(name)
    how = f"   ← {rule.rule}" if rule is not None and rule.rule else ("   ✗ not found" if rule is not None else "")
    return f"    {name:<12} {str(value)[:80] if value else '—'}{how}"


# --- profile import ------------------------------------------------------------------------------


def run_import(args) -> int:
    from ..crawler.fetch import run_jobs
    from ..onboarding.draft import DEFAULT_DELAY
    from ..onboarding.probe import probe_column
    from ..onboarding.sheet import SheetError, read_sheet
    from ..regions import RegionProblem, place_of

    args.command = "profile import"  # errors read "govnews profile import: …"
    try:
        rows, sheet_problems = read_sheet(args.file)
    except SheetError as exc:
        raise CliError(str(exc)) from None
    problems: dict[int, str] = dict(sheet_problems)
    places = {}
    for row in rows:
        try:
            places[row.line] = place_of(row.region) if row.region else None
        except RegionProblem as problem:
            problems[row.line] = f"region: {problem}"
    todo = [row for row in rows if row.line not in problems]
    _no_delay_ok([r.url for r in todo], args.no_delay)
    folder = out_dir(args.out)
    progress = _Progress(len(todo), quiet=args.quiet)
    now = clock.now()
    found = run_jobs([probe_column(r.url, now) for r in todo], delay=DEFAULT_DELAY, no_delay=args.no_delay,
                     on_done=progress.done) if todo else []
    progress.finish()
    results = {row.line: f for row, f in zip(todo, found, strict=True)}
    for line, findings in results.items():
        if findings.problem:
            problems[line] = findings.problem
    ids = _write_groups([r for r in todo if r.line not in problems], results, places, problems, folder, args.force)
    return _print_import(rows, sheet_problems, results, problems, ids, folder, args.quiet)


def _write_groups(rows, results, places, problems: dict[int, str], folder: Path, force: bool) -> dict[int, str]:
    """Rows with one id, or on one host and of one CMS family, become one profile; the id each row went into."""
    from ..onboarding.draft import ColumnDraft
    from ..onboarding.naming import host_slug
    from ..profiles import host_of

    groups: dict[tuple[str, str, str], list] = {}  # (given id, host, family): rows
    for row in rows:
        f = results[row.line]
        key = (row.id, "", "") if row.id else ("", host_of(f.final_url or f.url), f.family)
        groups.setdefault(key, []).append(row)
    families_per_host = Counter(host for given, host, _ in groups if not given)
    ids: dict[int, str] = {}
    for (given, host, family), members in groups.items():
        if given:
            site_id, members = given, _one_family(members, results, problems, given)
        else:
            site_id = host_slug(results[members[0].line].url) + (f"-{family}" if families_per_host[host] > 1 else "")
        target = folder / f"{site_id}.toml"
        if problem := _check_target(target, site_id, force):
            problems.update({r.line: problem for r in members})
            continue
        columns = [ColumnDraft(results[r.line], r.column or results[r.line].column_name, places.get(r.line), r.line)
                   for r in members]
        draft = _draft(site_id, results[members[0].line].site_name, columns, "govnews profile import")
        _write(draft, target)
        ids.update({r.line: site_id for r in members})
    return ids


def _one_family(members, results, problems: dict[int, str], site_id: str):
    family = Counter(results[r.line].family for r in members).most_common(1)[0][0]
    for row in members:
        if results[row.line].family != family:
            problems[row.line] = (f"family {results[row.line].family}, but the other rows of id {site_id} are "
                                  f"{family}: give this row an id of its own")
    return [r for r in members if results[r.line].family == family]


_KINDS = (("blocked", "blocked"), ("robots.txt", "robots.txt disallows"), ("not HTML", "not HTML"),
          ("no entries", "no entries"), ("HTTP error", "HTTP error"), ("connection problem", "connection problem"),
          ("region", "region"), ("url:", "bad row"), ("id:", "bad row"), ("exists", "profile exists"),
          ("the package has", "profile exists"))


def _kind(problem: str) -> str:
    return next((name for marker, name in _KINDS if problem.startswith(marker) or marker == "exists" and " exists;" in problem),
                "other")


def _print_import(rows, sheet_problems, results, problems, ids, folder, quiet: bool) -> int:
    lines = sorted({r.line for r in rows} | {line for line, _ in sheet_problems})
    for line in lines:
        f = results.get(line)
        problem = problems.get(line)
        if quiet and not problem:
            continue
        read = f is not None and bool(f.final_url)  # the listing page was read
        family = f.family if read else "-"
        entries = f"{len(f.entries)} entries" if read else "-"
        nxt = "-" if not read or not f.entries else ("next page found" if f.next_request else "no next page")
        state = problem or ("ok" + (f" ({len(f.undecided)} to check, see the file)" if f is not None and f.undecided else ""))
        stream = sys.stderr if problem and quiet else sys.stdout
        print(f"line {line}: {ids.get(line, '-')}  {family}  {entries}  {nxt}  {state}", file=stream)
    failed = Counter(_kind(problems[line]) for line in lines if line in problems)
    written = sorted(set(ids.values()))
    total = f"{len(lines)} rows: {len(lines) - sum(failed.values())} ok in {len(written)} profiles written to {folder}"
    if written and not quiet:
        total += f" ({', '.join(written)})"
    if failed:
        total += f"; {sum(failed.values())} failed (" + ", ".join(f"{n} {kind}" for kind, n in failed.most_common()) + ")"
    print(total, file=sys.stderr if failed and quiet else sys.stdout)
    return EXIT_PROBLEMS if failed else EXIT_OK


class _Progress:
    """``12/40 rows checked`` on a terminal's stderr while the probing runs; nothing under cron."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.total, self.count = total, 0
        self.live = not quiet and sys.stderr.isatty() and total > 1

    def done(self, index: int, result) -> None:
        self.count += 1
        if self.live:
            print(f"\r{self.count}/{self.total} rows checked", end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.live:
            print(file=sys.stderr)
