"""Recognise bodies that are not HTML pages (a PDF at an article URL, an image, a binary blob)."""

from __future__ import annotations

import re

_PAGE_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|title|meta)[\s>/]", re.I)

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
    if not _PAGE_TAG.search(head):
        return "no <html>, <head>, <body>, <title> or <meta> tag"
    return None
