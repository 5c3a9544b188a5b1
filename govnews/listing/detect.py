"""What govnews sees on one listing page: the CMS family, how the column pages, its entries and the rule that
found them (a profile's selector, a family preset's, or the list-shape heuristic), and the next request.

Pure: page bytes, URL and the fetch time in. ``govnews listing`` prints it; ``govnews profile new`` starts from it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from ..extraction.document import Document, Page
from ..extraction.text import normalize_space
from ..profiles.families import detect_family, load_family
from ..record.ids import join_url
from .entries import entry_elements, read_entries
from .page import Entry, ListingPage, ListingRequest
from .pagination import _COUNT_PAGE, _CREATE_PAGE_4, _CREATE_PAGE_6, HanwebPaginator, Paginator, listing_selectors, paginator_for

# Link texts of a next-page link on Chinese government templates (下一页, VSB's 下页, 后页) and arrows.
NEXT_TEXTS = ("下一页", "下页", "后页", "下一頁", "下一页>", "下一页 >", "下一页»", "下一页 »", "下一页>>", ">", "›", "»", ">>")
_NOT_NEXT = ("尾页", "末页", "最后一页", "上一页", "上页", "前页", "首页")
_HANWEB_PERPAGE = re.compile(r"perpage\s*:\s*['\"]?(\d+)")
_VSB_PAGE = re.compile(r"/(\d+)\.htm$")
# Where a script-rendered column names its list API: a quoted path or URL with api/json/list/query/search in it.
_SCRIPT_URL = re.compile(r"""["'](?P<url>(?:https?://|/)[^"'\s<>]*(?:api|json|list|query|search)[^"'\s<>]*)["']""", re.I)
_NOT_API = re.compile(r"\.(?:js|css|png|jpe?g|gif|svg|ico|woff2?|html?|shtml)(?:\?|$)", re.I)


@dataclass(frozen=True)
class PaginationGuess:
    """A pagination kind and its parameters, with what on the page showed it."""

    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)
    evidence: str = ""


@dataclass(frozen=True)
class EntryRule:
    """Which rule found a page's entries: ``profile``, ``family_preset`` or ``list_shape`` (the JSON field)."""

    origin: str
    selector: str | None = None
    family: str | None = None

    def __str__(self) -> str:
        if self.origin == "profile":
            return f"profile ({self.selector})"
        if self.origin == "family_preset":
            return f"family preset {self.family} ({self.selector})"
        return "list shape (the largest group of alike list items with dated or article-like links)"


@dataclass
class ListingView:
    url: str
    family: str
    family_evidence: str
    pagination: PaginationGuess
    rule: EntryRule
    entries: list[Entry]
    next: ListingRequest | None
    elements: list[etree._Element] = field(default_factory=list)  # the entry elements (HTML listings)
    notes: list[str] = field(default_factory=list)


def page_family(page: ListingPage, fetched_at) -> tuple[str, str]:
    """The family the page's markers show, and the marker that showed it."""
    doc = Document(Page(page.body, page.url, fetched_at, page.headers))
    family = detect_family(doc.has_marker)
    if family is None:
        return "generic", "no family marker on the page"
    marker = next(m for m in load_family(family).markers if doc.has_marker(m))
    return family, f"marker {marker}"


def inspect_listing(page: ListingPage, fetched_at, profile: Any = None, column: Any = None) -> ListingView:
    """Read one listing page as a crawl with ``profile`` would, or, without one, as detected from the page."""
    if profile is not None:
        column = column or profile.columns[0]
        family, evidence = profile.family, f"profile {profile.id}"
        pagination = PaginationGuess(column.pagination.kind, dict(column.pagination.params), f"profile {profile.id}")
        own = profile.listing_selectors
    else:
        family, evidence = page_family(page, fetched_at)
        pagination = guess_pagination(page, family, fetched_at)
        own = {}
    paginator = paginator_for(pagination.kind, pagination.params, own, family, fetched_at)
    view = ListingView(page.url, family, evidence, pagination, EntryRule("list_shape"), [], None)
    read_entries_into(view, paginator, page, own)
    if profile is None and pagination.kind == "none" and (apis := script_apis(page)):
        view.notes.append(f"the page's script names {', '.join(apis)}: perhaps a JSON list API (not called here)")
    return view


def read_entries_into(view: ListingView, paginator: Paginator, page: ListingPage, own: Mapping[str, Sequence[str]]) -> None:
    """Fill ``view`` with the page's entries, the rule that found them and the next request."""
    request = page.request or ListingRequest(page.url)
    kind = view.pagination.kind
    if kind in ("json_page", "json_cursor", "platform"):
        view.rule = EntryRule("profile", f"pagination.{kind}")
        view.entries = paginator.entries(page)
    elif kind == "hanweb":
        view.rule = EntryRule("family_preset", "datastore records", "hanweb")
        view.entries = paginator.entries(page)
    else:
        selectors = listing_selectors(own, view.family)
        view.elements, selector = entry_elements(page.root, selectors["entry"])
        view.entries = read_entries(view.elements, page.url, selectors, paginator.fetched_at)
        view.rule = _rule(selector, own, view.family)
    view.next = paginator.next(page, request, view.entries)


def _rule(selector: str | None, own: Mapping[str, Sequence[str]], family: str) -> EntryRule:
    if selector is None:
        return EntryRule("list_shape")
    if selector in own.get("entry", ()):
        return EntryRule("profile", f"listing.entry = {selector!r}")
    preset = family if selector in load_family(family).listing_selectors("entry") else "generic"
    return EntryRule("family_preset", selector, preset)


def guess_pagination(page: ListingPage, family: str, fetched_at) -> PaginationGuess:
    """How the column pages, from the page alone: Hanweb datastore, TRS pager script, a next link, or none."""
    text = page.text
    if "<datastore>" in text or HanwebPaginator._PARAM.search(text):
        state = HanwebPaginator({}, {}, fetched_at)._read_column(page)
        if state:
            perpage = int(m[1]) if (m := _HANWEB_PERPAGE.search(text)) else 15
            return PaginationGuess("hanweb", {"perpage": perpage, "mode": "post"},
                                   f"Hanweb datastore of column {state['form']['columnid']}, {perpage} records a page")
    for pattern in (_CREATE_PAGE_6, _CREATE_PAGE_4, _COUNT_PAGE):
        if m := pattern.search(text):
            return PaginationGuess("trs", {}, f"TRS pager script {m[0]}")
    link = find_next_link(page.root, page.url)
    if link is None:
        return PaginationGuess("none", {}, "no pager script and no next-page link")
    url, label = link
    if _is_vsb_step(page.url, url):
        return PaginationGuess("vsb", {}, f"a {label!r} link to {posixpath.basename(urlsplit(url).path)}, counting down (VSB)")
    params = {} if _default_next(page, family, fetched_at) == url else {"next": _next_selector(label)}
    return PaginationGuess("next_link", params, f"a {label!r} link")


def find_next_link(root: etree._Element, page_url: str) -> tuple[str, str] | None:
    """The next-page link's URL and text: by its text (下一页, 下页 …), else by a ``next`` class."""
    by_class = None
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        url = join_url(page_url, href) if href and not href.startswith(("javascript:", "#")) else None
        if url is None or url == page_url:
            continue
        label = normalize_space("".join(a.itertext())) or normalize_space(a.get("title"))
        if label in NEXT_TEXTS:
            return url, label
        classes = f"{a.get('class') or ''} {(a.getparent().get('class') or '') if a.getparent() is not None else ''}"
        if by_class is None and re.search(r"\bnext\b|p_next|nextpage|next_page", classes, re.I) and label not in _NOT_NEXT:
            by_class = (url, label or "next")
    return by_class


def _is_vsb_step(page_url: str, next_url: str) -> bool:
    """VSB numbers pages backwards: xwdt.htm, then xwdt/N.htm, N-1 … down to 1.htm."""
    here, there = urlsplit(page_url).path, urlsplit(next_url).path
    if not (m := _VSB_PAGE.search(there)):
        return False
    if here.endswith(".htm") and there.startswith(here[: -len(".htm")] + "/"):
        return True
    mine = _VSB_PAGE.search(here)
    return bool(mine and posixpath.dirname(here) == posixpath.dirname(there) and int(m[1]) < int(mine[1]))


def _default_next(page: ListingPage, family: str, fetched_at) -> str | None:
    request = paginator_for("next_link", {}, {}, family, fetched_at).next(page, ListingRequest(page.url), [])
    return request.url if request else None


def _next_selector(label: str) -> str:
    if "'" not in label and label not in ("next",):
        return f"//a[normalize-space(.)='{label}']"
    return "//a[contains(concat(' ', @class, ' '), ' next ')]"


def script_apis(page: ListingPage) -> list[str]:
    """URLs the page's own inline scripts (or ``data-api`` attributes) name that look like list APIs."""
    root = page.root
    texts = [el.text or "" for el in root.iter("script") if not el.get("src")]
    texts += [f'"{v}"' for el in root.iter() if isinstance(el.tag, str) for k, v in el.attrib.items()
              if k.startswith("data-") and ("api" in k or "url" in k)]
    found = []
    for text in texts:
        for m in _SCRIPT_URL.finditer(text):
            if not _NOT_API.search(m["url"]) and (url := join_url(page.url, m["url"])) is not None:
                found.append(url)
    return list(dict.fromkeys(found))

