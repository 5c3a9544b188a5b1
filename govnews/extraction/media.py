"""Attachments: links to documents (pdf, doc(x), xls(x), wps, zip …) with their link text."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree

from .text import normalize_space

ATTACHMENT_EXTENSIONS = frozenset(
    "pdf doc docx xls xlsx wps et dps ppt pptx zip rar 7z ofd txt csv".split()
)
_NAME_PARAMS = ("filename", "fileName", "name", "file")


_ANY_EXTENSION = re.compile(r"\.(?:" + "|".join(sorted(ATTACHMENT_EXTENSIONS)) + r")(?![a-z0-9])", re.I)


def attachment_extension(url: str) -> str | None:
    """The document type of a link, from its path or from a download script's file-name parameter."""
    if not _ANY_EXTENSION.search(unquote(url)):
        return None  # no document extension anywhere in it: most links, answered without parsing
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed [IPv6] host: no request could fetch it
        return None
    candidates = [parts.path]
    query = parse_qs(parts.query)
    candidates += [v for key in _NAME_PARAMS for v in query.get(key, [])]
    for candidate in candidates:
        ext = posixpath.splitext(unquote(candidate))[1].lower().lstrip(".")
        if ext in ATTACHMENT_EXTENSIONS:
            return ext
    return None


def collect_attachments(ctx) -> list[dict[str, str]]:
    anchors: list[etree._Element] = []
    if ctx.body is not None:
        anchors += list(ctx.body.iter("a"))
    for selector in ctx.site.selectors.get("attachments", ()) + ctx.own_selectors("attachments"):
        for root in ctx.doc.query(selector):
            if isinstance(root, etree._Element):
                anchors += [root] if root.tag == "a" else list(root.iter("a"))
    found: dict[str, dict[str, str]] = {}
    for a in anchors:
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        if not attachment_extension(href):  # the extension is the href's own; joining it to the base keeps it
            continue
        url = ctx.doc.absolute(href)
        if url is None or url in found or not attachment_extension(url):
            continue
        name = normalize_space("".join(a.itertext())) or normalize_space(a.get("title")) or _file_name(url)
        found[url] = {"url": url, "name": name}
    return list(found.values())


def _file_name(url: str) -> str:
    return posixpath.basename(unquote(urlsplit(url).path))
