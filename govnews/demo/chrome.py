"""Requests and responses of the demo portal, and helpers every page renderer shares."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

Response = tuple[int, list[tuple[str, str]], bytes]
HTML_UTF8 = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: Mapping[str, str]  # the first value of each parameter
    headers: Mapping[str, str]  # lower-case names
    body: bytes = b""

    @property
    def host(self) -> str:
        return self.headers.get("host") or "127.0.0.1"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}"

    def form(self) -> dict[str, str]:
        parsed = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] for k, v in parsed.items()}


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def respond(status: int, body: bytes, content_type: str, extra: list[tuple[str, str]] | None = None) -> Response:
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    return status, headers + (extra or []), body


def html_page(text: str, status: int = 200, extra: list[tuple[str, str]] | None = None) -> Response:
    return respond(status, text.encode("utf-8"), HTML_UTF8, extra)


def json_page(value: Any, status: int = 200) -> Response:
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return respond(status, body, "application/json; charset=utf-8")


def date_text(when, timed: bool) -> str:
    """``2026-11-20 09:30``, or the date alone when the page shows no time."""
    return when.strftime("%Y-%m-%d %H:%M" if timed else "%Y-%m-%d")


def neighbours(items: Sequence, item) -> tuple[Any, Any, list]:
    """(previous, next, three related) entries around ``item`` in a listing, for the page chrome."""
    pos = next((n for n, i in enumerate(items) if i.path == item.path), 0)
    prev = items[pos - 1] if pos > 0 else None
    nxt = items[pos + 1] if pos + 1 < len(items) else None
    others = [i for i in items if i.story.title != item.story.title]
    return prev, nxt, [others[(pos + k) % len(others)] for k in (2, 5, 9)] if others else []


def link(other, href: str | None = None, none: str = "没有了") -> str:
    if other is None:
        return none
    return f'<a href="{esc(href or other.path)}">{esc(other.story.title)}</a>'


def truncate(title: str, size: int = 24) -> str:
    return title if len(title) <= size else title[:size] + "…"
