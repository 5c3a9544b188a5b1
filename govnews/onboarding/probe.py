"""Probing one column URL: its listing page, the next page, a JSON list API its script names, a few articles.

:func:`probe_column` is a fetch job (see :mod:`govnews.crawler.fetch`): it yields the requests it needs and
receives the answers, so that a whole spreadsheet is probed in one polite Scrapy process. What it finds is
a :class:`ColumnFindings`: everything a profile needs, what was checked, and what could not be decided.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree

from ..extraction import ListingHints, Page, SiteContext, extract_with_trace
from ..extraction.document import Document
from ..extraction.encoding import decode_html
from ..listing import Entry, ListingPage, ListingRequest, paginator_for
from ..listing.detect import EntryRule, PaginationGuess, inspect_listing, script_apis
from ..listing.entries import list_shape, read_entries, select
from ..listing.pagination import HanwebPaginator
from ..listing.suggest import date_selector, group_selector, hanweb_record_elements
from ..profiles.profile import host_of
from ..record.ids import http_url_problem
from .listapi import guess_list_api
from .naming import column_name, site_name

if TYPE_CHECKING:
    from ..crawler.fetch import Fetched

Job = Generator[list[ListingRequest], list["Fetched"], "ColumnFindings"]
ARTICLE_SAMPLE = 2
_MAX_ARTICLE_TRIES = 4
_API_PROBES = 3
_GB = ("gb2312", "gbk", "gb18030", "hz")


@dataclass
class ArticleCheck:
    url: str
    problem: str | None = None
    record: dict[str, Any] | None = None
    trace: dict[str, Any] = field(default_factory=dict)


@dataclass
class ColumnFindings:
    """What probing one column URL found, and what it could not decide."""

    url: str
    final_url: str = ""
    problem: str | None = None  # why no profile can be made from it (blocked, robots.txt disallows, not HTML …)
    family: str = "generic"
    family_evidence: str = ""
    pagination: PaginationGuess = field(default_factory=lambda: PaginationGuess("none"))
    rule: EntryRule = field(default_factory=lambda: EntryRule("list_shape"))
    entries: list[Entry] = field(default_factory=list)
    next_request: ListingRequest | None = None
    next_checked: str = ""
    entry_selector: str | None = None
    date_selector: str | None = None
    dates_found: tuple[int, int] = (0, 0)
    articles: list[ArticleCheck] = field(default_factory=list)
    site_name: str = ""
    column_name: str = ""
    encoding: str | None = None
    hosts: list[str] = field(default_factory=list)  # the hosts of the column and of its entries, for allowed_domains
    undecided: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem is None

    def fail(self, problem: str) -> ColumnFindings:
        self.problem = problem
        return self


def probe_column(url: str, fetched_at) -> Job:
    """Fetch and read one column: the listing, how it pages (checked on the next page), a few articles."""
    found = ColumnFindings(url)
    [listing] = yield [ListingRequest(url)]
    if problem := listing.html_problem():
        return found.fail(problem)
    found.final_url = listing.final_url
    page = ListingPage(listing.final_url, listing.body, listing.headers, ListingRequest(listing.final_url))
    _describe_page(found, page, fetched_at)
    view = inspect_listing(page, fetched_at)  # links no parser can split are left out there (record.ids.join_url)
    found.family, found.family_evidence, found.pagination = view.family, view.family_evidence, view.pagination
    found.rule, found.entries, found.next_request = view.rule, view.entries, view.next
    if not found.entries:
        yield from _try_list_api(found, page, fetched_at)
    if not found.entries:
        if found.family == "platform":
            found.undecided.append("an article-platform account lists through its API: write pagination kind "
                                   "platform with the account's user_id by hand")
        return found.fail("no entries on the listing page" + (f" ({found.undecided[-1]})" if found.undecided else ""))
    if found.pagination.kind not in ("json_page", "json_cursor"):
        _selectors(found, page, view.elements, fetched_at)
        if found.pagination.kind == "hanweb":
            yield from _hanweb_mode(found, page, fetched_at)
        elif found.next_request is not None and (problem := http_url_problem(found.next_request.url)):
            found.next_checked = f"not followed: {problem}"
        elif found.next_request is not None:
            yield from _check_next_page(found, page, fetched_at)
        else:
            found.next_checked = "none on the first page"
    found.hosts = _hosts(found)
    yield from _read_articles(found, fetched_at)
    if not any(a.record for a in found.articles) and found.articles:
        return found.fail(f"no article could be read ({found.articles[0].url}: {found.articles[0].problem})")
    return found


def _describe_page(found: ColumnFindings, page: ListingPage, fetched_at) -> None:
    doc = Document(Page(page.body, page.url, fetched_at, page.headers))
    host = host_of(page.url)
    found.site_name, found.column_name = site_name(doc, host), column_name(doc, host)
    if decode_html(page.body, page.header("content-type")).encoding.lower().replace("-", "") in _GB:
        found.encoding = "gb18030"  # GB18030 reads GB2312 and GBK pages alike, and pages that mislabel one as the other


def _try_list_api(found: ColumnFindings, page: ListingPage, fetched_at):
    """A column filled by a script: call the list APIs the page's script names, once each."""
    apis = script_apis(page)[:_API_PROBES]
    if not apis:
        return
    answers = yield [ListingRequest(api) for api in apis]
    for api, answer in zip(apis, answers, strict=True):
        guess = guess_list_api(answer.final_url or api, answer.body) if answer.ok else None
        if guess is None:
            found.undecided.append(f"its script names {api}, which answered {answer.problem or 'no list of articles'}")
            continue
        paginator = paginator_for(guess.kind, guess.params, {}, found.family, fetched_at)
        first = paginator.first(found.url)
        [api_page] = yield [first]
        listing = ListingPage(api_page.final_url, api_page.body, api_page.headers, first)
        try:
            entries = paginator.entries(listing) if api_page.ok else []
        except ValueError:
            entries = []
        if entries:
            found.pagination, found.entries = guess, entries
            found.rule = EntryRule("profile", f"pagination.{guess.kind}")
            found.next_request = paginator.next(listing, first, entries)
            found.next_checked = "follows the API's own paging" if found.next_request else "none: one page of items"
            return


def _selectors(found: ColumnFindings, page: ListingPage, elements, fetched_at) -> None:
    """The entry selector when the family preset picked an undated list; the date selector when one fits every entry."""
    if found.rule.origin == "family_preset" and found.pagination.kind != "hanweb":
        shape = list_shape(page.root)
        shape_entries = read_entries(shape, page.url, {}, fetched_at)
        undated_preset = _dated(found.entries) < 0.5 and _dated(shape_entries) >= 0.8
        if undated_preset and {e.url for e in shape_entries} != {e.url for e in found.entries}:
            selector = group_selector(page.root, shape, page.url, {}, fetched_at)
            if selector:
                found.entry_selector, found.entries, elements = selector, shape_entries, shape
                found.rule = EntryRule("profile", f"listing.entry = {selector!r}")
            else:
                found.undecided.append(f"the family preset's {found.rule.selector!r} finds an undated list, and no "
                                       "selector for the dated one was found: check listing.entry")
    if found.pagination.kind == "hanweb":
        elements = hanweb_record_elements(page.text)
    selector, dated, shown = date_selector(elements, fetched_at)
    found.dates_found = (dated, shown)
    if selector:
        found.date_selector = selector
    elif shown:
        found.undecided.append(f"no one selector holds the date of every entry ({shown} show one): dates are read "
                               "beside each link")


def _dated(entries: list[Entry]) -> float:
    return sum(1 for e in entries if e.date) / len(entries) if entries else 0.0


def _check_next_page(found: ColumnFindings, page: ListingPage, fetched_at):
    request = found.next_request
    assert request is not None
    [second] = yield [request]
    if problem := second.html_problem():
        found.undecided.append(f"the next page {request.url}: {problem}")
        found.next_checked = f"{request.url}: {problem}"
        return
    p = found.pagination
    own = {"entry": (found.entry_selector,)} if found.entry_selector else {}
    paginator = paginator_for(p.kind, p.params, own, found.family, fetched_at)
    entries = paginator.entries(ListingPage(second.final_url, second.body, second.headers, request))
    seen = {e.url for e in found.entries}
    new = [e for e in entries if e.url not in seen]
    found.next_checked = f"{request.url}: {len(entries)} entries, {len(new)} not on the first page"
    if not new:
        found.undecided.append(f"the next page ({request.url}) shows no new entries: check the pagination kind")
    elif found.rule.origin == "list_shape":
        _pin_list_shape(found, page, ListingPage(second.final_url, second.body, second.headers, request), fetched_at)


def _pin_list_shape(found: ColumnFindings, first: ListingPage, second: ListingPage, fetched_at) -> None:
    """The list shape found the entries; if it would pick another list on the next page, pin the first page's."""
    shape = list_shape(first.root)
    selector = group_selector(first.root, shape, first.url, {}, fetched_at)
    if selector is None:
        return
    by_shape = read_entries(list_shape(second.root), second.url, {}, fetched_at)
    by_selector = read_entries([el for el in select(second.root, selector) if isinstance(el, etree._Element)], second.url, {},
                               fetched_at)
    if [e.url for e in by_shape] != [e.url for e in by_selector] and by_selector:
        found.entry_selector = selector
        found.rule = EntryRule("profile", f"listing.entry = {selector!r}")


def _hanweb_mode(found: ColumnFindings, page: ListingPage, fetched_at):
    """Hanweb's dataproxy.jsp pages by POSTed record windows (jpage's way) or by GET page=N: ask it which."""
    params = dict(found.pagination.params)
    seen = {e.url for e in found.entries}
    tried = []
    for mode in ("post", "get"):
        paginator = HanwebPaginator({**params, "mode": mode}, {}, fetched_at)
        request = paginator.next(page, ListingRequest(page.url), found.entries)
        if request is None:
            found.next_checked = "none: the column page holds every record (paging mode not checked; post assumed)"
            return
        [answer] = yield [request]
        entries = paginator.entries(ListingPage(answer.final_url, answer.body, answer.headers, request)) if answer.ok else []
        new = [e for e in entries if e.url not in seen]
        if new:
            found.pagination = PaginationGuess("hanweb", {**params, "mode": mode}, found.pagination.evidence)
            found.next_request = request
            found.next_checked = f"{request.method} {request.url}: {len(entries)} records, {len(new)} new"
            return
        tried.append(f"{mode.upper()}: {answer.problem or 'no new records'}")
    found.next_checked = "; ".join(tried)
    found.undecided.append(f"Hanweb's dataproxy.jsp gave no further records ({'; '.join(tried)}): only the column "
                           "page's records will be read")


def _hosts(found: ColumnFindings) -> list[str]:
    """The column's host and the hosts of its entries that belong to the same site (www.x.gov.cn and x.gov.cn)."""
    home = host_of(found.final_url or found.url)
    hosts = [home]
    others: list[str] = []
    for entry in found.entries:
        host = host_of(entry.url)
        if host in hosts or host in others:
            continue
        (hosts if _same_site(home, host) else others).append(host)
    if others:
        found.undecided.append(f"entries on other sites are left out ({', '.join(others)}): add them to "
                               "allowed_domains to crawl them")
    return hosts


def _same_site(a: str, b: str) -> bool:
    def base(host: str) -> str:
        labels = host.split(".")
        size = 3 if len(labels) >= 3 and labels[-2] in ("gov", "com", "org", "net", "edu") else 2
        return ".".join(labels[-size:])

    return not a.replace(".", "").isdigit() and base(a) == base(b)


def _read_articles(found: ColumnFindings, fetched_at):
    """Read the first few ordinary entries' articles the way a crawl would (a challenge page is no article)."""
    unusable = [e.url for e in found.entries if http_url_problem(e.url)]
    if unusable:
        found.undecided.append(f"{len(unusable)} entries link addresses no request can use (such as {unusable[0]}): "
                               "no article of theirs was read")
    fetchable = [e for e in found.entries if e.url not in unusable and host_of(e.url) in found.hosts]
    candidates = [e for e in fetchable if not e.pinned] + [e for e in fetchable if e.pinned]
    context = SiteContext(family=found.family, encoding=found.encoding)
    tried = 0
    while tried < min(len(candidates), _MAX_ARTICLE_TRIES) and sum(1 for a in found.articles if a.record) < ARTICLE_SAMPLE:
        wanted = ARTICLE_SAMPLE - sum(1 for a in found.articles if a.record)
        batch = candidates[tried: tried + wanted]
        tried += len(batch)
        answers = yield [ListingRequest(e.url) for e in batch]
        for entry, answer in zip(batch, answers, strict=True):
            found.articles.append(_article(entry, answer, context, found.column_name, fetched_at))
    for check in found.articles:
        if check.problem:
            found.undecided.append(f"article {check.url}: {check.problem}")
        elif check.record is not None and not (check.record["title"] and check.record["paragraphs"]):
            found.undecided.append(f"article {check.url}: no {'title' if not check.record['title'] else 'body'} "
                                   "found; check [article] selectors with `govnews selftest`")


def _article(entry: Entry, answer: Fetched, context: SiteContext, column: str, fetched_at) -> ArticleCheck:
    if problem := answer.html_problem():
        return ArticleCheck(entry.url, problem)
    hints = ListingHints(date=entry.date, title=entry.title, pinned=entry.pinned, column=column)
    page = Page(answer.body, answer.final_url, fetched_at, answer.headers, answer.status or 200)
    record, trace = extract_with_trace(page, context, hints)
    return ArticleCheck(entry.url, None, record, trace)
