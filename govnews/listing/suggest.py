"""Selectors a new profile may need, proposed from one listing page and checked on it.

- :func:`group_selector`: a CSS selector that finds exactly the entries a list-shape group found, for
  when the family preset picks the wrong list or the list shape needs pinning down.
- :func:`date_selector`: the element inside each entry that holds its date (``span.bt_date``,
  ``span:last-child`` when a pinned badge is another span), when one selector serves every entry.

Pure: elements and the page in, a selector (or None) out. Each proposal is checked by running it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lxml import etree

from ..extraction.dates import find_dates, parse_listing_month_day
from ..extraction.document import parse_html
from ..extraction.text import normalize_space
from .entries import Selectors, read_entries, select
from .page import Entry

_PLAIN_CLASS = re.compile(r"^[A-Za-z_][\w-]*$")
_SKIPPED_ATTRIBUTES = {"class", "id", "style", "href", "title", "target", "onclick", "align", "width", "height"}
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
# A selector must give a date for nearly every entry that shows one.
_DATE_COVERAGE = 0.8


def group_selector(root: etree._Element, elements: Sequence[etree._Element], base_url: str, selectors: Selectors,
                   fetched_at) -> str | None:
    """A CSS selector giving the same entries as ``elements`` on this page (nearest distinctive ancestor first)."""
    if not elements:
        return None
    wanted = _urls(read_entries(elements, base_url, selectors, fetched_at))
    for candidate in _group_candidates(elements[0]):
        found = [el for el in select(root, candidate) if isinstance(el, etree._Element)]
        if found and _urls(read_entries(found, base_url, selectors, fetched_at)) == wanted:
            return candidate
    return None


def _urls(entries: list[Entry]) -> list[str]:
    return [e.url for e in entries]


def _group_candidates(item: etree._Element) -> Iterator[str]:
    tag = item.tag
    ancestors = [a for a in list(item.iterancestors())[:4] if a.tag not in ("html", "body")]
    for depth, ancestor in enumerate(ancestors):
        joiner = " > " if depth == 0 else " "
        for own in _own_selectors(ancestor):
            yield f"{own}{joiner}{tag}"
    parent = item.getparent()
    if parent is not None and len(ancestors) > 1:
        for own in _own_selectors(ancestors[1]):
            yield f"{own} > {parent.tag} > {tag}"


def _own_selectors(el: etree._Element) -> Iterator[str]:
    if (ident := el.get("id")) and _PLAIN_CLASS.match(ident) and not ident[-1:].isdigit():
        yield f"{el.tag}#{ident}"
    for cls in (el.get("class") or "").split():
        if _PLAIN_CLASS.match(cls):
            yield f"{el.tag}.{cls}"
    for name in el.attrib:
        if name not in _SKIPPED_ATTRIBUTES and _PLAIN_CLASS.match(name):
            yield f"{el.tag}[{name}]"


def hanweb_record_elements(text: str) -> list[etree._Element]:
    """The list items of a Hanweb datastore's records (where a date selector is looked for)."""
    items = []
    for fragment in _RECORD.findall(text):
        root = parse_html(f"<html><body><ul>{fragment}</ul></body></html>")
        items += root.findall(".//li")
    return items


def date_selector(elements: Sequence[etree._Element], fetched_at) -> tuple[str | None, int, int]:
    """A selector for the date element of each entry, with (entries it dates, entries showing a date)."""
    holders = [h for el in elements if (h := _date_holder(el, fetched_at)) is not None]
    if not holders:
        return None, 0, 0
    for candidate in dict.fromkeys(c for h in holders[:3] for c in _date_candidates(h)):
        dated = _dated_by(candidate, elements, fetched_at)
        if dated is not None and dated >= max(1, _DATE_COVERAGE * len(holders)):
            return candidate, dated, len(holders)
    return None, 0, len(holders)


def _is_date(text: str, fetched_at) -> bool:
    text = text.strip(" []()（）【】")
    return bool(find_dates(text, fetched_at) or parse_listing_month_day(text))


def _date_holder(item: etree._Element, fetched_at) -> etree._Element | None:
    """The innermost element outside the entry's links whose whole text is a date."""
    for el in item.iter():
        if not isinstance(el.tag, str) or el is item or el.tag == "a" or any(a.tag == "a" for a in el.iterancestors()):
            continue
        if _is_date(normalize_space(" ".join(el.itertext())), fetched_at) and not any(
                isinstance(c.tag, str) and _is_date(normalize_space(" ".join(c.itertext())), fetched_at) for c in el):
            return el
    return None


def _date_candidates(holder: etree._Element) -> Iterator[str]:
    tag = holder.tag
    for cls in (holder.get("class") or "").split():
        if _PLAIN_CLASS.match(cls):
            yield f"{tag}.{cls}"
    yield tag
    yield f"{tag}:last-child"


def _dated_by(selector: str, elements: Sequence[etree._Element], fetched_at) -> int | None:
    """How many entries the selector's first match dates; None if it ever matches something that is no date."""
    dated = 0
    for el in elements:
        found = [f for f in select(el, selector) if isinstance(f, etree._Element)]
        if not found:
            continue
        if not _is_date(normalize_space(" ".join(found[0].itertext())), fetched_at):
            return None
        dated += 1
    return dated
