"""Listing entries from HTML: the profile's selectors, the family's, or a list-shape heuristic."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date

import parsel
from lxml import etree

from ..extraction import dates
from ..extraction.dates import find_dates, parse_listing_month_day
from ..extraction.document import is_xpath
from ..extraction.text import normalize_space
from ..record.ids import join_url
from .page import Entry

Selectors = Mapping[str, Sequence[str]]
_PINNED_CLASSES = re.compile(r"(?:^|[\s_-])(?:top|zd|sticky|ding)(?:$|[\s_-])", re.I)
_PINNED_TEXT = ("置顶", "[顶]", "【顶】")
_NOT_ARTICLE = re.compile(r"^(?:javascript:|#|mailto:|tel:)", re.I)
_MIN_TITLE = 4
# Article addresses carry document numbers (t20230214_1234, art_1_2, info/1116/5946, post_9, ?id=88).
_ARTICLE_PATH = re.compile(r"\d{3,}[^/]*$|[?&](?:id|docid|articleid|aid)=\d+", re.I)
_ELLIPSIS = re.compile(r"(?:…|\.\.\.)+$")
_MONTH_DAY_TEXT = re.compile(r"(?<!\d)[\[(（【]?\s*(?:1[0-2]|0?[1-9])[-/.月](?:3[01]|[12]\d|0?[1-9])(?!\d)日?\s*[\])）】]?")


def select(root: etree._Element, selector: str) -> list:
    sel = parsel.Selector(root=root, type="html")
    try:
        found = sel.xpath(selector) if is_xpath(selector) else sel.css(selector)
    except (ValueError, etree.XPathError):
        return []
    return [s.root for s in found]


def html_entries(root: etree._Element, base_url: str, selectors: Selectors, fetched_at) -> list[Entry]:
    """Every entry of an HTML listing, in page order."""
    elements, _ = entry_elements(root, selectors.get("entry", ()))
    return read_entries(elements, base_url, selectors, fetched_at)


def read_entries(elements: Sequence[etree._Element], base_url: str, selectors: Selectors, fetched_at) -> list[Entry]:
    entries = [read_entry(el, base_url, selectors, fetched_at) for el in elements]
    return _unique([e for e in entries if e is not None])


def entry_elements(root: etree._Element, entry_selectors: Sequence[str]) -> tuple[list[etree._Element], str | None]:
    """The entry elements, and the selector that found them (None: the list-shape heuristic did)."""
    for selector in entry_selectors:
        found = [el for el in select(root, selector) if isinstance(el, etree._Element)]
        if found:
            return found, selector
    return list_shape(root), None


def list_shape(root: etree._Element) -> list[etree._Element]:
    """The items of the largest family of alike lists holding title links, preferring dated ones.

    Items are grouped by the shape of their ancestry (tags and classes of parent and grandparent),
    so a list split into several ``<ul>`` groups (as on paged-by-script templates) stays one list.
    """
    groups: dict[tuple, list[etree._Element]] = {}
    for item in root.iter("li", "tr", "dd"):
        if (link := _title_link(item)) is None or not (_has_date(item) or _ARTICLE_PATH.search(link.get("href", ""))):
            continue  # navigation: neither a date beside it nor an article-like address
        groups.setdefault(_shape(item), []).append(item)
    ranked = sorted(groups.values(), key=lambda items: (sum(_has_date(i) for i in items), len(items)), reverse=True)
    return ranked[0] if ranked and len(ranked[0]) >= 2 else []


def _shape(item: etree._Element) -> tuple:
    shape: list = [item.tag]
    for ancestor in list(item.iterancestors())[:2]:
        shape.append((ancestor.tag, ancestor.get("class") or "", ancestor.get("id") or ""))
    return tuple(shape)


def _has_date(item: etree._Element) -> bool:
    return bool(_MONTH_DAY_TEXT.search(" ".join(item.itertext())))


def _title_link(el: etree._Element) -> etree._Element | None:
    best, best_len = None, _MIN_TITLE - 1
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or _NOT_ARTICLE.match(href):
            continue
        size = max(len(normalize_space("".join(a.itertext()))), len(a.get("title") or ""))
        if size > best_len:
            best, best_len = a, size
    return best


def _first_text(el: etree._Element, selectors: Sequence[str]) -> tuple[str | None, etree._Element | None]:
    for selector in selectors:
        for found in select(el, selector):
            if isinstance(found, etree._Element):
                return normalize_space(" ".join(found.itertext())), found
            return normalize_space(str(found)), None
    return None, None


def read_entry(el: etree._Element, base_url: str, selectors: Selectors, fetched_at) -> Entry | None:
    link = None
    for selector in selectors.get("link", ()):
        link = next((a for a in select(el, selector) if isinstance(a, etree._Element)), None)
        if link is not None:
            break
    link = link if link is not None else (el if el.tag == "a" and el.get("href") else _title_link(el))
    if link is None:
        return None
    url = join_url(base_url, link.get("href"))
    if url is None:
        return None
    title, _ = _first_text(el, selectors.get("title", ()))
    title = title or normalize_space(link.get("title")) or _ELLIPSIS.sub("", normalize_space("".join(link.itertext())))
    return Entry(
        url=url,
        title=title or None,
        date=_entry_date(el, link, selectors, fetched_at),
        pinned=_is_pinned(el, selectors.get("pinned", ())),
    )


def _entry_date(el, link, selectors: Selectors, fetched_at) -> str | None:
    text, _ = _first_text(el, selectors.get("date", ()))
    if text:
        return text
    # The date is beside the link, not inside it (titles often name dates too).
    rest = normalize_space("".join(el.itertext()).replace("".join(link.itertext()), " ", 1))
    if found := find_dates(rest, fetched_at):
        return found[0].raw
    for match in _MONTH_DAY_TEXT.finditer(rest):
        if parse_listing_month_day(match.group(0)):
            return match.group(0).strip()
    return None


def _is_pinned(el: etree._Element, selectors: Sequence[str]) -> bool:
    if any(select(el, s) for s in selectors):
        return True
    if _PINNED_CLASSES.search(el.get("class") or ""):
        return True
    return any(marker in "".join(el.itertext()) for marker in _PINNED_TEXT)


def _unique(entries: list[Entry]) -> list[Entry]:
    seen: dict[str, Entry] = {}
    for entry in entries:
        seen.setdefault(entry.url, entry)
    return list(seen.values())


def json_value(item: object, path: str | None) -> object:
    """``a.b.c`` looked up in nested dicts (None when any step is missing)."""
    if not path:
        return None
    for key in path.split("."):
        if not isinstance(item, Mapping) or key not in item:
            return None
        item = item[key]
    return item


def json_entries(items: object, base_url: str, fields: Mapping[str, str],
                 date_text: Callable[[object], str | None]) -> list[Entry]:
    """Entries from a JSON list API's items, by the profile's field paths."""
    entries = []
    for item in items if isinstance(items, list) else []:
        link = json_value(item, fields.get("link", "url"))
        url = join_url(base_url, link) if isinstance(link, str) and link else None
        if url is None:
            continue
        title = json_value(item, fields.get("title", "title"))
        entries.append(Entry(
            url=url,
            title=normalize_space(str(title)) if title else None,
            date=date_text(json_value(item, fields.get("date", "date"))),
            pinned=bool(json_value(item, fields.get("pinned"))),
        ))
    return _unique(entries)


def entry_day(entry: Entry, fetched_at) -> date | None:
    """The day a listing entry says its article was published (for ``--since`` and the stop rules)."""
    if not entry.date:
        return None
    if found := dates.find_date(entry.date, fetched_at):
        return found.day
    if md := dates.parse_listing_month_day(entry.date):
        year = dates.year_hint_from_url(entry.url) or dates.infer_year(md[0], md[1], fetched_at)
        return date(year, md[0], md[1]) if year else None
    return None
