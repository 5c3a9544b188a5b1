"""Recognise bodies that are not HTML pages (a PDF at an article URL, an image, a binary blob)."""

from __future__ import annotations

import re

# Page-level tags, and the body tags of fragments that saving tools cut out of a page (a <table> layout).
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|title|meta|div|table|td|p|span|a|font|br|center)[\s>/]", re.I)
_DOCUMENT_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>/]", re.I)
# Servers print warnings or stray bytes before the page now and then; a document tag this early is still a page.
_PREAMBLE = 1024

_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
)


def not_html_reason(body: bytes) -> str | None:
    """Why ``body`` is not an HTML page, or None if it may be one."""
    if not body.strip():
        return "an empty body"
    head = body[:4096]
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image"
    if b"\x00" in head[:1024] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "JSON, not HTML"
    if not _HTML_TAG.search(head):
        return "no HTML tag in its first 4 KB"
    if not stripped.startswith(b"<") and not _DOCUMENT_TAG.search(head[:_PREAMBLE]):
        # Markdown or plain text that merely mentions a tag (a README quoting `<title>`) is no page.
        return f"text, not HTML: it begins {_opening(stripped)!r}"
    return None


def _opening(data: bytes) -> str:
    return data[:40].decode("utf-8", "replace").splitlines()[0] if data else ""
