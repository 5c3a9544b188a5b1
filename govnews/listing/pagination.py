"""Pagination kinds: how a column's listing pages are found, one page after another.

Each kind turns a column into its first request and a fetched page into its entries and the next
request (or None). Pages are walked one at a time so that ``--since`` and the incremental
stop rules can end a column early.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

from ..extraction.dates import parse_timestamp
from ..extraction.document import parse_html
from ..profiles.families import load_family
from ..record.ids import join_url
from .entries import Selectors, html_entries, json_entries, json_value, read_entry, select
from .page import Entry, ListingPage, ListingRequest

_CREATE_PAGE_4 = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']\s*\)")
_CREATE_PAGE_6 = re.compile(
    r"createPageHTML\(\s*[\"'][^\"']*[\"']\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']\s*,\s*\d+\s*\)"
)
_COUNT_PAGE = re.compile(r"(?:countPage|totalPage|pageCount)\s*=\s*(\d+)")


class Paginator:
    """Base: one HTML page, no further pages (kind ``none``)."""

    def __init__(self, params: Mapping[str, Any], selectors: Selectors, fetched_at) -> None:
        self.params, self.selectors, self.fetched_at = params, selectors, fetched_at

    def first(self, url: str) -> ListingRequest:
        return ListingRequest(url)

    def entries(self, page: ListingPage) -> list[Entry]:
        return html_entries(page.root, page.url, self.selectors, self.fetched_at)

    def next(self, page: ListingPage, request: ListingRequest, entries: list[Entry]) -> ListingRequest | None:
        return None

    def _date_text(self, value: object) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, (int, float)):
            stamp = int(value)
        elif str(value).isdigit():
            stamp = int(str(value))
        else:
            return str(value)
        parsed = parse_timestamp(stamp, self.fetched_at)
        return parsed.when.strftime("%Y-%m-%d %H:%M:%S") if parsed else None


class TrsPaginator(Paginator):
    """``createPageHTML(total, current, "index", "html")``: index.html, index_1.html … index_{total-1}.html.

    The 6-argument variant ``createPageHTML(div, count, current, name, ext, records)`` counts from 1.
    """

    def next(self, page, request, entries):
        state = dict(request.state) or self._read_pager(page)
        if not state:
            return None
        index = state["index"] + 1
        if index >= state["total"]:
            return None
        name = state["name"] if index == 0 else f"{state['name']}_{index}"
        url = urljoin(state["folder"], f"{name}.{state['ext']}")
        return ListingRequest(url, page=request.page + 1, state={**state, "index": index})

    def _read_pager(self, page: ListingPage) -> dict[str, Any]:
        folder = page.url if page.url.endswith("/") else page.url.rsplit("/", 1)[0] + "/"
        if m := _CREATE_PAGE_6.search(page.text):
            total, current, name, ext = int(m[1]), int(m[2]) - 1, m[3], m[4]
        elif m := _CREATE_PAGE_4.search(page.text):
            total, current, name, ext = int(m[1]), int(m[2]), m[3], m[4]
        elif m := _COUNT_PAGE.search(page.text):
            path = urlsplit(page.url).path
            stem, ext = posixpath.splitext(posixpath.basename(path) or "index.html")
            total, current, name, ext = int(m[1]), 0, stem.split("_")[0] or "index", ext.lstrip(".") or "html"
        else:
            return {}
        return {"total": total, "index": current, "name": name, "ext": ext, "folder": folder}


class NextLinkPaginator(Paginator):
    """A plain next-page link (``下一页``), also VSB's ``下页`` counting down to ``1.htm``."""

    def next(self, page, request, entries):
        selectors = ([self.params["next"]] if "next" in self.params else []) + list(self.selectors.get("next", ()))
        seen = set(request.state.get("seen", ())) | {request.url}
        for selector in selectors:
            for found in select(page.root, selector):
                href = found.get("href") if hasattr(found, "get") else str(found)
                if not href or href.startswith(("javascript:", "#")):
                    continue
                url = join_url(page.url, href)
                if url is not None and url not in seen:
                    return ListingRequest(url, page=request.page + 1, state={"seen": sorted(seen)})
        return None


class HanwebPaginator(Paginator):
    """Records in ``<script type="text/xml"><datastore>``; more through ``dataproxy.jsp``.

    ``mode = "post"`` asks for record windows (startrecord/endrecord/perpage, form fields),
    ``mode = "get"`` for ``page=N``. Both send the column page as Referer.
    """

    _RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
    _PARAM = re.compile(r"var\s+param_\d+\s*=\s*\{(.*?)\}", re.S)
    _PAIR = re.compile(r"(\w+)\s*:\s*'?([^,'}]*)'?")
    _NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[.*?href=[\"']([^\"']+)[\"']", re.S)
    _TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")

    def entries(self, page):
        found = []
        for fragment in self._RECORD.findall(page.text):
            root = parse_html(f"<html><body><ul>{fragment}</ul></body></html>")
            items = root.findall(".//li") or [root.find(".//body")]
            found += [e for el in items if el is not None and (e := read_entry(el, page.url, self.selectors, self.fetched_at))]
        return found

    def next(self, page, request, entries):
        state = dict(request.state) or self._read_column(page)
        if not state or not entries:
            return None
        seen = state["seen"] + len(entries) if request.state else len(entries)
        total = int(m[1]) if (m := self._TOTAL.search(page.text)) else state.get("total")
        if total is not None and seen >= total:
            return None
        perpage = int(self.params.get("perpage", 15))
        state.update(seen=seen, total=total)
        keys = ("appid", "webid", "path", "columnid", "unitid", "webname", "permissiontype")
        query = {k: state["form"][k] for k in keys if k in state["form"]}
        headers = {"Referer": state["referer"]}
        if self.params.get("mode", "post") == "get":
            url = f"{state['proxy']}?{urlencode({'page': seen // perpage + 1, **query}, safe='/')}"
            return ListingRequest(url, headers=headers, page=request.page + 1, state=state)
        window = f"startrecord={seen + 1}&endrecord={seen + 3 * perpage}&perpage={perpage}"
        return ListingRequest(f"{state['proxy']}?{window}", "POST", dict(state["form"]), headers, request.page + 1, state)

    def _read_column(self, page: ListingPage) -> dict[str, Any]:
        form: dict[str, str] = {}
        if m := self._PARAM.search(page.text):
            form = {k: v.strip() for k, v in self._PAIR.findall(m[1])}
        nextgroup = self._NEXTGROUP.search(page.text)
        default_proxy = self.params.get("proxy", "/module/web/jpage/dataproxy.jsp")
        proxy_path = urlsplit(nextgroup[1].replace("&amp;", "&")).path if nextgroup else default_proxy
        if not form and nextgroup:
            form = dict(parse_qsl(urlsplit(nextgroup[1].replace("&amp;", "&")).query))
            form.pop("page", None)
        if not form.get("columnid"):
            return {}
        return {"form": form, "proxy": urljoin(page.url, proxy_path), "referer": page.url, "seen": 0, "total": None}


class JsonPagePaginator(Paginator):
    """A JSON list API paged by number: ``api`` has ``{page}``; stop on an empty or short page."""

    def first(self, url):
        start = self.params.get("start", 1)
        return ListingRequest(self.params["api"].format(page=start), state={"number": start})

    def entries(self, page):
        return json_entries(json_value(page.json(), self.params.get("items", "items")), page.url, self.params, self._date_text)

    def next(self, page, request, entries):
        if len(entries) < int(self.params.get("page_size", 1)) or not entries:
            return None
        number = request.state.get("number", 1) + 1
        return ListingRequest(self.params["api"].format(page=number), page=request.page + 1, state={"number": number})


class JsonCursorPaginator(Paginator):
    """A JSON list API paged by an opaque cursor: ``api`` has ``{cursor}``, ``cursor`` is its path in the answer."""

    def first(self, url):
        return ListingRequest(self.params["api"].format(cursor=""))

    def entries(self, page):
        return json_entries(json_value(page.json(), self.params.get("items", "items")), page.url, self.params, self._date_text)

    def next(self, page, request, entries):
        cursor = json_value(page.json(), self.params.get("cursor", "next"))
        if not entries or not cursor:
            return None
        return ListingRequest(self.params["api"].format(cursor=quote(str(cursor), safe="")), page=request.page + 1)


class PlatformPaginator(Paginator):
    """The article platform's account list: POST ``maxid`` cursor, at most ``page_size`` per call."""

    DEFAULT_API = "/static/action/load_columns_article.php?userid={user_id}"

    def first(self, url):
        api = urljoin(url, self.params.get("api", self.DEFAULT_API).format(user_id=self.params["user_id"]))
        return ListingRequest(api, "POST", {"containerid": "0", "maxid": "", "stickmaskid": ""}, {"Referer": url})

    def entries(self, page):
        items = page.json()
        template = self.params.get("link", "/{mask_id}")
        links = [dict(item, url=template.format(**item)) for item in items if isinstance(item, dict) and "mask_id" in item]
        return json_entries(links, page.url, {"link": "url", "title": "title", "date": "create_time"}, self._date_text)

    def next(self, page, request, entries):
        items = [i for i in page.json() if isinstance(i, dict)] if isinstance(page.json(), list) else []
        if not items or len(items) < int(self.params.get("page_size", 10)):
            return None
        form = dict(request.formdata or {}, maxid=str(items[-1].get("id", "")))
        return ListingRequest(request.url, "POST", form, request.headers, request.page + 1)


KINDS: dict[str, type[Paginator]] = {
    "none": Paginator,
    "trs": TrsPaginator,
    "vsb": NextLinkPaginator,
    "next_link": NextLinkPaginator,
    "hanweb": HanwebPaginator,
    "json_page": JsonPagePaginator,
    "json_cursor": JsonCursorPaginator,
    "platform": PlatformPaginator,
}


def listing_selectors(profile_selectors: Mapping[str, Sequence], family: str) -> dict[str, tuple[str, ...]]:
    """Profile listing selectors first, then the family's preset, then the generic one."""
    merged: dict[str, tuple[str, ...]] = {}
    presets = [load_family(family)] + ([load_family("generic")] if family != "generic" else [])
    for name in ("entry", "link", "title", "date", "pinned", "next"):
        merged[name] = tuple(profile_selectors.get(name, ())) + tuple(s for p in presets for s in p.listing_selectors(name))
    return merged


def paginator_for(kind: str, params: Mapping[str, Any], profile_selectors: Mapping, family: str, fetched_at) -> Paginator:
    return KINDS[kind](params, listing_selectors(profile_selectors, family), fetched_at)

