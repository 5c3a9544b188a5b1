"""A column page filled by a script from a JSON list API that the page itself names: which part of the answer is
the list, which fields are link, title and date, and how the API pages (a cursor in the answer, or a page number).

Pure: the API's URL and answer in, a pagination table (or None) out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..listing.detect import PaginationGuess

_CURSOR_KEYS = ("next", "cursor", "nextCursor", "next_cursor", "nextToken", "next_token")
_PAGE_KEYS = ("page", "pageNo", "page_no", "pageIndex", "pageNum", "p")
_ISO_DAY = re.compile(r"\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}")
_CJK = re.compile("[\u4e00-\u9fff]")


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None


def _lists(value: Any, path: str = "", depth: int = 0) -> Iterator[tuple[str, list]]:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        yield path, value
    if isinstance(value, dict) and depth < 3:
        for key, inner in value.items():
            yield from _lists(inner, f"{path}.{key}" if path else key, depth + 1)


def _field(items: list[dict], test) -> str | None:
    scores: dict[str, int] = {}
    for item in items:
        for key, value in item.items():
            if test(value):
                scores[key] = scores.get(key, 0) + 1
    best = max(scores.items(), key=lambda kv: kv[1], default=None)
    return best[0] if best and best[1] >= max(1, len(items) // 2) else None


def _is_link(value: Any) -> bool:
    return isinstance(value, str) and ("/" in value) and bool(re.search(r"\.s?html?\b|^https?://|/\w+[-_]?\d+", value))


def _is_title(value: Any) -> bool:
    return isinstance(value, str) and len(_CJK.findall(value)) >= 4 and "/" not in value


def _is_date(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return 1e9 <= value < 2e9 or 1e12 <= value < 2e12
    return isinstance(value, str) and bool(_ISO_DAY.search(value) or (value.isdigit() and 9 <= len(value) <= 13))


def _cursor(answer: Any, items_path: str) -> str | None:
    """The path of a non-empty cursor value beside the list (``data.next``)."""
    containers = [("", answer)]
    if "." in items_path:
        parent = items_path.rsplit(".", 1)[0]
        node = answer
        for key in parent.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        containers.insert(0, (parent, node))
    for path, node in containers:
        if isinstance(node, dict):
            for key in _CURSOR_KEYS:
                if isinstance(node.get(key), str | int) and node.get(key) not in ("", 0):
                    return f"{path}.{key}" if path else key
    return None


def guess_list_api(api_url: str, body: bytes) -> PaginationGuess | None:
    """The pagination of a JSON list API from one answer; None when the answer is no list of articles."""
    answer = parse_json(body)
    if answer is None:
        return None
    for items_path, items in sorted(_lists(answer), key=lambda pl: -len(pl[1])):
        link, title = _field(items, _is_link), _field(items, _is_title)
        if link is None or title is None:
            continue
        params: dict[str, Any] = {"items": items_path, "link": link, "title": title}
        if date := _field(items, _is_date):
            params["date"] = date
        if cursor := _cursor(answer, items_path):
            api = _with_query(api_url, {"cursor": "{cursor}"})
            evidence = f"a JSON list API named by the page's script ({items_path}: {len(items)} items, cursor {cursor})"
            return PaginationGuess("json_cursor", {"api": api, "cursor": cursor, **params}, evidence)
        api, start = _paged(api_url)
        evidence = f"a JSON list API named by the page's script ({items_path}: {len(items)} items, paged by number)"
        return PaginationGuess("json_page", {"api": api, "start": start, "page_size": len(items), **params}, evidence)
    return None


def _with_query(url: str, extra: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in extra] + list(extra.items())
    text = urlencode(query, safe="{}/")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, text, ""))


def _paged(url: str) -> tuple[str, int]:
    """The API URL with ``{page}`` where its page number goes (``page=`` added when it has none)."""
    pairs = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    for key, value in pairs:
        if key in _PAGE_KEYS and value.isdigit():
            return _with_query(url, {key: "{page}"}), int(value)
    return _with_query(url, {"page": "{page}"}), 1
