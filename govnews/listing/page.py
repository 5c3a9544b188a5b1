"""The inputs and outputs of listing parsing: a fetched listing page, its entries, the next request."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lxml import etree

from ..extraction.document import parse_html
from ..extraction.encoding import decode_html


@dataclass(frozen=True)
class Entry:
    """One article link on a listing page, with what the listing says about it."""

    url: str
    title: str | None = None
    date: str | None = None
    pinned: bool = False


@dataclass(frozen=True)
class ListingRequest:
    """A listing page (or list API call) to fetch; ``state`` carries the paginator's position."""

    url: str
    method: str = "GET"
    formdata: Mapping[str, str] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    page: int = 1
    state: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class ListingPage:
    """A fetched listing page or API answer. Pure data: built from bytes, never from the network."""

    url: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    request: ListingRequest | None = None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)

    @cached_property
    def text(self) -> str:
        return decode_html(self.body, self.header("content-type")).text

    @cached_property
    def root(self) -> etree._Element:
        return parse_html(self.text)

    def json(self) -> Any:
        return json.loads(self.text)
