"""The inputs of extraction (a fetched page) and the parsed document built from them once."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

import parsel
from lxml import etree

from ..record.ids import join_url
from .encoding import decode_html
from .selectors import ElementIndex, parse_simple
from .text import within

_XPATH_START = ("/", "(", "./", "..")


@dataclass(frozen=True)
class Page:
    """A fetched page exactly as served: what extraction needs, and nothing from the clock or network."""

    body: bytes
    url: str
    fetched_at: datetime
    headers: Mapping[str, str] = field(default_factory=dict)
    status: int = 200

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers.items():
            if key.lower() == name:
                return value
        return None


_TOO_DEEP = "Excessive depth"
_LAYOUT_TABLE_TAG = re.compile(r"</?(?:table|tbody|thead|tfoot|tr|td|th)\b[^>]*>", re.IGNORECASE)


def parse_html(text: str, utf8: bytes | None = None) -> etree._Element:
    """Parse with plain lxml elements (no lxml.html class lookup: it costs ~1 ms a page).

    ``utf8`` is ``text`` in UTF-8 when the caller has it already (a UTF-8 page's own bytes).
    """
    parser = etree.HTMLParser(encoding="utf-8", recover=True, huge_tree=True)
    root = etree.fromstring(utf8 if utf8 is not None else text.encode("utf-8"), parser) if text.strip() else None
    if any(_TOO_DEEP in error.message for error in parser.error_log):
        # libxml2 gives up below depth 2,048 even with huge_tree and drops the rest of the page;
        # pages that deep are nested layout tables, and flattening them keeps every word.
        parser = etree.HTMLParser(encoding="utf-8", recover=True, huge_tree=True)
        root = etree.fromstring(_LAYOUT_TABLE_TAG.sub(" ", text).encode("utf-8"), parser)
    return root if root is not None else etree.fromstring(b"<html><body></body></html>", parser)


def is_xpath(selector: str) -> bool:
    return selector.startswith(_XPATH_START)


class Document:
    """A decoded, parsed page with the lookups every extraction rule shares."""

    def __init__(self, page: Page, encoding_hint: str | None = None) -> None:
        self.page = page
        decoded = decode_html(page.body, page.header("content-type"), encoding_hint)
        self.text = decoded.text
        self.encoding = decoded.encoding
        self.warnings: list[str] = list(decoded.warnings)
        self.root: etree._Element = parse_html(self.text, page.body if decoded.utf8 else None)
        self.selector = parsel.Selector(root=self.root, type="html", base_url=page.url)

    @cached_property
    def base_url(self) -> str:
        base = self.root.xpath("//base/@href") if self._is_tree else []
        return (join_url(self.page.url, base[0]) if base else None) or self.page.url

    @property
    def _is_tree(self) -> bool:
        return isinstance(self.root, etree._Element)

    @cached_property
    def meta(self) -> dict[str, str]:
        """``<meta name|property|itemprop>`` values by lower-cased name; the first non-empty one wins."""
        values: dict[str, str] = {}
        if not self._is_tree:
            return values
        for el in self.root.iter("meta"):
            name = el.get("name") or el.get("property") or el.get("itemprop")
            content = el.get("content")
            if not name or content is None:
                continue
            key = name.strip().lower()
            content = content.strip()
            if content and not values.get(key):
                values[key] = content
        return values

    def meta_value(self, *names: str) -> str | None:
        for name in names:
            value = self.meta.get(name.lower())
            if value and not _is_placeholder(value):
                return value
        return None

    @cached_property
    def index(self) -> ElementIndex:
        return ElementIndex(self.root)

    def query(self, selector: str) -> list[etree._Element | str]:
        """Elements (or strings, for ``@attr``/``::text`` selections) matching a CSS or XPath selector."""
        if not self._is_tree:
            return []
        chain = None if is_xpath(selector) else parse_simple(selector)
        if chain:
            return self.index.select(chain)
        try:
            found = self.selector.xpath(selector) if is_xpath(selector) else self.selector.css(selector)
        except (ValueError, etree.XPathError):
            return []
        return [s.root for s in found]

    def query_within(self, selector: str, scope: etree._Element) -> list[etree._Element]:
        return [
            el for el in self.query(selector)
            if isinstance(el, etree._Element) and el is not scope and within(el, scope)
        ]

    def first_element(self, selectors: list[str]) -> tuple[str, etree._Element] | None:
        for selector in selectors:
            for found in self.query(selector):
                if isinstance(found, etree._Element):
                    return selector, found
        return None

    def absolute(self, href: str) -> str | None:
        """The link's URL, or None for a link no URL parser can split (such links are left out of the record)."""
        return join_url(self.base_url, href)

    @cached_property
    def script_text(self) -> str:
        return "\n".join(el.text or "" for el in self.root.iter("script")) if self._is_tree else ""

    @cached_property
    def comment_text(self) -> str:
        return "\n".join(el.text or "" for el in self.root.iter(etree.Comment)) if self._is_tree else ""

    def has_marker(self, marker: str) -> bool:
        """Whether the page has a family marker such as ``class:TRS_Editor`` or ``script:createPageHTML``."""
        kind, _, value = marker.partition(":")
        if kind == "class":
            return value in self.index.by_class
        if kind == "id":
            return value in self.index.by_id
        if kind == "meta":
            return value.lower() in self.meta
        if kind == "tag":
            return self._is_tree and next(self.root.iter(value), None) is not None
        if kind == "script":
            return value in self.script_text
        if kind == "comment":
            return value in self.comment_text
        raise ValueError(f"unknown marker kind in {marker!r}")

    @cached_property
    def title_tag(self) -> str:
        if not self._is_tree:
            return ""
        title = next(self.root.iter("title"), None)  # the first <title>, found without scanning the rest
        return " ".join("".join(title.itertext()).split()) if title is not None else ""


_PLACEHOLDER = re.compile(r"^(?:\$\{.*\}|<\$\[.*\]>|\{\{.*\}\}|#\w+#|null|none|undefined)$", re.I)


def _is_placeholder(value: str) -> bool:
    """Templates sometimes print their tags unrendered (``${PubDate}``, ``<$[标题]>``)."""
    return bool(_PLACEHOLDER.match(value.strip()))
