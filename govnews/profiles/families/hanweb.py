"""Hanweb JCMS quirks: the body sits between ZJEG_RSS comment markers."""

from __future__ import annotations

from lxml import etree

_BEGIN = "//comment()[contains(., 'ZJEG_RSS.content.begin') or contains(., '<$[信息内容]>begin')]"


def article_body(doc) -> etree._Element | None:
    """The element that holds the content markers: Hanweb's own statement of where the body is."""
    if "ZJEG_RSS" not in doc.comment_text and "<$[信息内容]>" not in doc.comment_text:
        return None
    markers = doc.root.xpath(_BEGIN)
    return markers[0].getparent() if markers else None
