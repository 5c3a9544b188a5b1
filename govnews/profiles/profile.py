"""A site profile as govnews holds it once validated: the site, its columns and pagination, its selectors.

The TOML files are read by :mod:`govnews.profiles.loading` and checked field by field by
:mod:`govnews.profiles.checks`; this module is what both build on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
REGION_CODE = re.compile(r"^\d{12}$")
LISTING_FIELDS = ("entry", "link", "title", "date", "pinned", "next")
PAGINATION_PARAMS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "none": {},
    "trs": {},
    "vsb": {},
    "next_link": {"next": str},
    "hanweb": {"perpage": int, "mode": str, "proxy": str},
    "json_page": {"api": str, "start": int, "items": str, "link": str, "title": str, "date": str, "pinned": str,
                  "page_size": int},
    "json_cursor": {"api": str, "items": str, "cursor": str, "link": str, "title": str, "date": str, "pinned": str,
                    "page_size": int},
    "platform": {"user_id": int, "api": str, "page_size": int, "link": str},
}
TOP_LEVEL_FIELDS = {"id", "name", "family", "region", "status", "allowed_domains", "encoding", "politeness", "columns",
              "pagination", "listing", "article"}
_TRANSLATOR = HTMLTranslator()


class ProfileError(ValueError):
    """A profile that cannot be used, in one line: which file, which field (or line), what is wrong, what would be right."""

    def __init__(self, path: str, field_name: str, problem: str, expected: str | None = None) -> None:
        self.path, self.field, self.problem, self.expected = path, field_name, problem, expected
        super().__init__(f"{path}: {field_name}: {problem}" + (f"; expected {expected}" if expected else ""))


@dataclass(frozen=True)
class Pagination:
    kind: str = "none"
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Column:
    name: str
    url: str
    pagination: Pagination
    max_pages: int | None = None
    region: dict[str, Any] | None = None  # the column's own place (one column per 街道 of a district portal)


@dataclass(frozen=True)
class Status:
    state: str
    date: str | None = None
    how: str | None = None

    def __str__(self) -> str:
        return f"{self.state} {self.date} ({self.how})" if self.state == "verified" else self.state


@dataclass(frozen=True)
class SiteProfile:
    id: str
    name: str
    family: str
    region: dict[str, Any]
    columns: tuple[Column, ...]
    allowed_domains: tuple[str, ...]
    status: Status
    path: str
    delay: float = 1.0
    concurrency: int = 2
    encoding: str | None = None
    listing_selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    article_selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source_digest: str = ""  # sha256 of the profile file, for the run manifest's profiles hash

    def for_column(self, name: str | None) -> SiteProfile:
        """The profile as extraction sees it for an article of column ``name``: with the column's own region."""
        column = next((c for c in self.columns if c.name == name), None)
        if column is None or column.region is None or column.region == self.region:
            return self
        return replace(self, region=column.region)


def check_selector(selector: Any, where: str, field_name: str) -> str:
    if not isinstance(selector, str) or not selector.strip():
        raise ProfileError(where, field_name, f"{selector!r} is no selector", "a non-empty CSS or XPath selector string")
    try:
        if selector.startswith(("/", "(", "./", "..")):
            etree.XPath(selector)
        else:
            _TRANSLATOR.css_to_xpath(selector)
    except (SelectorError, etree.XPathSyntaxError) as exc:
        raise ProfileError(where, field_name, f"{selector!r} is not a valid selector ({exc})",
                           "a CSS selector or an XPath starting with / or (") from None
    return selector


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
