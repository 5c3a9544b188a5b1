"""The headline a reader sees: the page's own heading, checked against what <title> and og:title say.

Class served: ``<title>`` is usually ``headline + separator + column/site`` (``标题_某某区人民政府``,
``标题-要闻动态``, ``标题 某某街道办事处``), sometimes only the site (``网易娱乐``), sometimes empty; the
page shows the headline in a heading right above the info line and the body, while section labels,
breadcrumbs and related lists repeat headlines elsewhere.
"""

from __future__ import annotations

import re

from lxml import etree

from .boilerplate import is_chrome
from .layout import Layout, is_breadcrumb, is_info_line
from .text import TextBlock, normalize_space

# Between the parts of a <title>: "_", "|", "-", "—", "»", ">", "::" … (a lone space only when aligning).
_TITLE_SEPARATOR = re.compile(r"\s*(?:_+|\||｜|--+|-|—+|－|–|»|>|<|::|：：|·)\s*")
_ALIGN_SEPARATOR = re.compile(r"\s*(?:_+|\||｜|--+|-|—+|－|–|»|>|<|::|：：|·)\s*|\s+")
_HEADLINE_MIN = 5  # a shorter line above a body is a name, a label or a widget
_HEADLINE_MAX = 100
_POSITIONAL_REACH = 8
_TRAILING_DATE = re.compile(
    r"\s*(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?::\d{2})?)?)\s*$"
)
_MARKUP = re.compile(r"<[^>]*>")


def references(doc) -> list[str]:
    """What the page says its headline is, outside the body: <title>, og:title, twitter:title."""
    refs = [doc.title_tag, doc.meta_value("og:title"), doc.meta_value("twitter:title")]
    return [r for r in dict.fromkeys(normalize_space(r) for r in refs if r) if r]


def _boundaries(ref: str) -> tuple[set[int], set[int]]:
    starts, ends = {0}, {len(ref)}
    for m in _ALIGN_SEPARATOR.finditer(ref):
        ends.add(m.start())
        starts.add(m.end())
    return starts, ends


def aligned_in(text: str, ref: str) -> bool:
    """Whether ``text`` is one or more whole parts of ``ref`` (a <title> like ``标题_栏目_网站``)."""
    if not text or len(text) > len(ref):
        return False
    if text == ref:
        return True
    starts, ends = _boundaries(ref)
    at = ref.find(text)
    while at >= 0:
        if at in starts and at + len(text) in ends:
            return True
        at = ref.find(text, at + 1)
    return False


def title_parts(ref: str) -> list[str]:
    return [p for p in _TITLE_SEPARATOR.split(ref) if p]


def _usable(block: TextBlock, site_names: set[str]) -> bool:
    text = block.text
    return len(text) <= _HEADLINE_MAX and text not in site_names and not is_breadcrumb(text)


def matching_headline(layout: Layout, refs: list[str], site_names: set[str]) -> str | None:
    """The block that is a whole part of <title>/og:title, nearest above the body (the same headline in
    navigation and related lists is farther away); a part that is only the site name never counts."""
    matches = [
        i for i, b in enumerate(layout.blocks)
        if _usable(b, site_names) and any(b.text == r or len(b.text) >= 4 and aligned_in(b.text, r) for r in refs)
    ]
    if not matches:
        return None
    first = layout.body_first
    if first is not None:
        above = [i for i in matches if i < first + 2]  # the body container may start with the headline
        if above:
            return layout.blocks[max(above)].text
    return max((layout.blocks[i].text for i in matches), key=len)


def positional_headline(layout: Layout, site_names: set[str]) -> str | None:
    """Without a usable <title>: the nearest headline-like line above the body, past the info line,
    widgets and names (old portals and blogs, whose <title> is empty or only the site)."""
    for block in layout.before_body(_POSITIONAL_REACH):
        text = _TRAILING_DATE.sub("", block.text).rstrip(" -—_|")
        if is_info_line(block.text) and text == block.text or is_chrome(text) or is_breadcrumb(text):
            continue
        if len(text) > _HEADLINE_MAX:
            return None
        if len(text) >= _HEADLINE_MIN and text not in site_names and not text.endswith(("：", ":")):
            return text
    return None


def clean_meta_title(value: str | None) -> str | None:
    """``ArticleTitle`` meta as text: templates sometimes put literal markup (``<div>``) in it."""
    if not value:
        return None
    if "<" in value:
        try:
            value = etree.HTML(f"<div>{value}</div>").xpath("string()")
        except (etree.ParserError, ValueError):
            value = _MARKUP.sub(" ", value)
    value = normalize_space(value)
    return value or None
