"""The demo world: every demo site on one day, what its pages look like, and what a crawl must find.

``DemoWorld(today, day)`` is deterministic: the same ``today`` and ``day`` always give the same
articles and byte-identical pages. Day 1 is the portal as of yesterday; day 2 (the default) is
today, with a few new articles, one edited and one removed (see README.md beside this file).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from urllib.parse import parse_qs, urlsplit

from . import assets, gbk, hanweb, paths, platform, stubs, trs, vsb
from . import jsonapi as feeds
from .catalog import site_items
from .chrome import Request, Response, date_text, json_page, respond
from .sites import PLATFORM_USER_ID, SEED_MASK_ID, SITES, Item, SiteSpec, site

Route = Callable[[Request], Response]


@dataclass(frozen=True)
class DemoArticle:
    site: str
    path: str
    title: str
    published: str | None
    source: str | None
    author: str | None
    paragraphs: tuple[str, ...]
    images: tuple[tuple[str, str | None], ...] = ()
    attachments: tuple[tuple[str, str], ...] = ()
    listing_date: str | None = None
    pinned: bool = False
    status: int = 200
    expected: bool = True


def _published(spec: SiteSpec, item: Item) -> str:
    if spec.family == "platform":  # unix seconds in the page data: to the second
        return f"{item.when:%Y-%m-%dT%H:%M:%S}+08:00"
    if not item.timed:
        return f"{item.when:%Y-%m-%d}"
    return f"{item.when:%Y-%m-%dT%H:%M}+08:00"


def _listing_date(spec: SiteSpec, item: Item) -> str | None:
    if not item.listed:
        return None
    if spec.family == "trs":
        return trs.listing_date(spec, item)
    if spec.family == "gkmlpt":
        return str(feeds.unix(item.when))
    if spec.family == "platform":
        return str(platform.create_time(item))
    if spec.family == "sqapi":
        return date_text(item.when, item.timed)
    return f"{item.when:%Y-%m-%d}"


def _truth(spec: SiteSpec, item: Item) -> DemoArticle:
    """What a careful reader sees on the item's page, read off the blocks the page is rendered from."""
    family, story = spec.family, item.story
    is_seed = item.mask == SEED_MASK_ID
    return DemoArticle(
        site=spec.id, path=item.path, title=story.title, published=_published(spec, item),
        source=None if family == "platform" else story.source,
        author=platform.author() if family == "platform" else story.author,
        paragraphs=platform.seed_paragraphs() if is_seed else story.paragraphs(family in paths.INLINE_ATTACHMENTS),
        images=paths.images(family, item), attachments=paths.attachments(family, item),
        listing_date=_listing_date(spec, item), pinned=item.pinned, status=item.status, expected=item.expected,
    )


def _always(render: Callable[[], Response]) -> Route:
    """A route that answers every request with the same page."""
    return lambda request: render()


class _Catalog:
    """Everything of one (today, day): the items of every site and the routes that serve them."""

    def __init__(self, today: datetime.date, day: int) -> None:
        self.today, self.day = today, day
        self.items = {s.id: site_items(s.id, today, day) for s in SITES}
        self.routes: dict[str, Route] = {
            "/": lambda r: stubs.home(today, day), "/robots.txt": lambda r: stubs.robots(),
            hanweb.DATAPROXY: lambda r: hanweb.handle_dataproxy(r, self.listed),
            "/hanweb/module/download/downfile.jsp": self._download,
        }
        self.routes |= {path: _always(partial(assets.script, path)) for path in assets.SCRIPTS}
        self.downloads: set[str] = set()
        for spec in SITES:
            self._add_site(spec, self.listed(spec.id))

    def listed(self, site_id: str) -> list[Item]:
        return [i for i in self.items[site_id] if i.listed]

    def _add_site(self, spec: SiteSpec, listed: list[Item]) -> None:
        add, family = self.routes.__setitem__, spec.family
        if family == "trs":
            for n in range(trs.page_count(spec, listed)):
                add(trs.listing_path(spec, n), _always(partial(trs.render_listing, spec, listed, n)))
            self.routes[spec.folder] = self.routes[spec.folder + "index.html"]
        elif family == "hanweb":
            add(spec.listing, lambda r: hanweb.render_column(spec, listed))
            add(spec.listing.removesuffix("index.html"), lambda r: hanweb.render_column(spec, listed))
        elif family == "vsb":
            total = vsb.page_count(spec, listed)
            for n in range(1, total + 1):
                add(vsb.listing_path(total, n), _always(partial(vsb.render_listing, spec, listed, n)))
        elif family == "gbk":
            for n in range(1, gbk.page_count(spec, listed) + 1):
                add(gbk.listing_path(n), _always(partial(gbk.render_listing, spec, listed, n)))
        elif family == "gkmlpt":
            add(feeds.GKMLPT_API, lambda r: feeds.gkmlpt_api(spec, listed, r))
            add(feeds.GKMLPT_HOME, lambda r: feeds.app_shell("gkmlpt"))
        elif family == "sqapi":
            add(feeds.CURSOR_API, lambda r: feeds.cursor_api(spec, listed, r))
            add(feeds.CURSOR_HOME, lambda r: feeds.app_shell("sqapi"))
        elif family == "platform":
            add(spec.listing, lambda r: platform.render_account(listed))
            add(f"/c/{PLATFORM_USER_ID}", lambda r: respond(301, b"", "text/html", [("Location", spec.listing)]))
            add(platform.LIST_API, lambda r: platform.list_api(listed, r))
        for item in self.items[spec.id]:
            if item.status != 404:
                add(item.path, self._article_route(spec, listed, item))
                self._add_files(spec, item)

    def _article_route(self, spec: SiteSpec, listed: list[Item], item: Item) -> Route:
        family = spec.family
        if item.status == 412:
            return stubs.ruishu
        if family == "trs":
            return lambda r: trs.render_article(spec, self.items[spec.id], item, r)
        if family == "hanweb":
            return lambda r: hanweb.render_article(spec, listed, item)
        if family == "vsb":
            return lambda r: vsb.render_article(listed, item)
        if family == "gbk":
            return lambda r: gbk.render_article(listed, item)
        if family == "gkmlpt":
            return lambda r: feeds.gkmlpt_article(listed, item, r)
        if family == "sqapi":
            return lambda r: feeds.cursor_article(listed, item)
        return lambda r: platform.render_article(listed, item)

    def _add_files(self, spec: SiteSpec, item: Item) -> None:
        for path, _ in paths.images(spec.family, item):
            self.routes[path] = lambda r: assets.image()
        for path, _ in paths.attachments(spec.family, item):
            if "?" in path:  # a download script: one route, the file named in the query
                self.downloads.add(parse_qs(path.partition("?")[2])["filename"][0])
            else:
                self.routes[path] = _always(partial(assets.document, path.rsplit("/", 1)[-1]))
        if spec.family == "platform":
            self.routes[f"/mp/img/cover/{item.mask}.jpg"] = lambda r: assets.image()
            self.routes[f"/mp/img/avatar/{PLATFORM_USER_ID}.jpg"] = lambda r: assets.image()

    def _download(self, request: Request) -> Response:
        name = request.query.get("filename", "")
        if name not in self.downloads:
            return stubs.not_found(request)
        return assets.document(name, download=True)

    def handle(self, request: Request) -> Response:
        route = self.routes.get(request.path)
        if route is not None:
            return route(request)
        kind = request.path.split("/")[2] if request.path.startswith("/blocked/") else ""
        if kind in stubs.STUBS:
            return stubs.STUBS[kind](request)
        return stubs.not_found(request)


@lru_cache(maxsize=8)
def _catalog(today: datetime.date, day: int) -> _Catalog:
    return _Catalog(today, day)


class DemoWorld:
    """The demo portal's content on ``today`` (China time) as of ``day`` 1 (yesterday) or 2 (today)."""

    def __init__(self, today: datetime.date, day: int = 2) -> None:
        if day not in (1, 2):
            raise ValueError(f"day must be 1 or 2, not {day!r}")
        self.today = today
        self.day = day
        self._catalog = _catalog(today, day)

    def site_ids(self) -> list[str]:
        return [s.id for s in SITES]

    def articles(self, site_id: str) -> list[DemoArticle]:
        spec = site(site_id)
        return [_truth(spec, item) for item in self._catalog.items[site_id]]

    def expected_urls(self, site_id: str, base_url: str) -> set[str]:
        base = base_url.rstrip("/")
        return {base + a.path for a in self.articles(site_id) if a.expected}

    def listed_paths(self, site_id: str) -> list[str]:
        """Paths of the articles the site's listings show, in listing order (first page first)."""
        return [item.path for item in self._catalog.listed(site_id)]

    def listing_urls(self, site_id: str, base_url: str) -> list[str]:
        spec, base = site(site_id), base_url.rstrip("/")
        listed = self._catalog.listed(site_id)
        return [base + path for path in _listing_paths(spec, listed)]

    def handle(self, method: str, path_and_query: str, headers: Mapping[str, str], body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        parts = urlsplit(path_and_query)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        request = Request(method.upper(), parts.path or "/", query, {k.lower(): v for k, v in headers.items()}, body)
        if request.method not in ("GET", "HEAD", "POST"):
            status, head, payload = json_page({"error": "method not allowed"}, 405)
            return status, head + [("Allow", "GET, HEAD, POST")], payload
        status, head, payload = self._catalog.handle(request)
        return status, head, b"" if request.method == "HEAD" else payload


def _listing_paths(spec: SiteSpec, listed: list[Item]) -> list[str]:
    family = spec.family
    if family == "trs":
        return [trs.listing_path(spec, n) for n in range(trs.page_count(spec, listed))]
    if family == "hanweb":
        return [spec.listing] + hanweb.api_urls(spec, listed)
    if family == "vsb":
        total = vsb.page_count(spec, listed)
        return [vsb.listing_path(total, n) for n in range(1, total + 1)]
    if family == "gbk":
        return [gbk.listing_path(n) for n in range(1, gbk.page_count(spec, listed) + 1)]
    if family == "gkmlpt":
        return feeds.gkmlpt_urls(spec, listed)
    if family == "sqapi":
        return feeds.cursor_urls(spec, listed)
    if family == "platform":
        return [f"{platform.LIST_API}?userid={PLATFORM_USER_ID}"] * platform.api_calls(listed)
    return [spec.listing]
