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
# A hyphen between two Latin letters or digits is part of a name ("China-Pub"), not a separator.
_SEPARATORS = r"_+|\||｜|--+|(?<![A-Za-z0-9])-|-(?![A-Za-z0-9])|—+|－|–|»|>|<|::|：：|·"
_TITLE_SEPARATOR = re.compile(rf"\s*(?:{_SEPARATORS})\s*")
_ALIGN_SEPARATOR = re.compile(rf"\s*(?:{_SEPARATORS})\s*|\s+")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]+")
_HEADING_HINT = re.compile(r"title|tit\b|tit\d|heading|headline|subject|biaoti|bt\b", re.I)
_HEADLINE_MIN = 5  # a shorter line above a body is a name, a label or a widget
_HEADLINE_MAX = 100
_POSITIONAL_REACH = 8
_MATCH_REACH = 20
_POSITIONAL_MAX = 50
_SENTENCE_END = re.compile("[。！]$|，.*。")
_TRAILING_DATE = re.compile(
    r"\s*(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?::\d{2})?)?)\s*$"
)
_MARKUP = re.compile(r"<[^>]*>")


def references(doc) -> list[str]:
    """What the page says its headline is, outside the body: <title>, og:title, twitter:title."""
    refs = [doc.title_tag, doc.meta_value("og:title"), doc.meta_value("twitter:title")]
    return [r for r in dict.fromkeys(clean_title(r) for r in refs if r) if r]


def clean_title(text: str) -> str:
    """Whitespace collapsed; private-use characters (icon fonts, saved-page artefacts) dropped."""
    return normalize_space(_PRIVATE_USE.sub("", text))


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
    texts = [clean_title(b.text) for b in layout.blocks]
    first = layout.body_first
    matches = [
        i for i, (b, t) in enumerate(zip(layout.blocks, texts, strict=True))
        if _usable(b, site_names) and any(t == r or _partial_match(t, r, b, i, first) for r in refs)
    ]
    if not matches:
        return None
    if first is not None:
        above = [i for i in matches if i < first + 2]  # the body container may start with the headline
        if above:
            # A heading element wins over a nearer plain line (the site's or column's name under it).
            best = max(above, key=lambda i: (_heading_like(layout.blocks[i]), i))
            return _heading_below(layout, best, site_names) or texts[best]
    return max((texts[i] for i in matches), key=len)


def _heading_below(layout: Layout, match: int, site_names: set[str]) -> str | None:
    """Class served: <title> holding only the column and site (``街道动态_某某街道办事处``) while the page
    shows the headline in an h1/h2/.title element between that column label and the body."""
    if _heading_like(layout.blocks[match]) or layout.body_first is None:
        return None
    for block in layout.blocks[match + 1 : layout.body_first][::-1]:
        text = block.text
        if _heading_like(block) and _HEADLINE_MIN <= len(text) <= _HEADLINE_MAX and block.link_share < 0.5:
            if not is_info_line(text) and not is_breadcrumb(text) and text not in site_names:
                return text
    return None


def _partial_match(text: str, ref: str, block: TextBlock, index: int, body_first: int | None) -> bool:
    """Part of a <title>: a heading of any length, other lines of four characters or more, and only
    near the body (a logo or site name at the top of the page is a part of <title> too)."""
    heading = _heading_like(block)
    if len(text) < (2 if heading else 4) or not aligned_in(text, ref):
        return False
    return heading or body_first is None or body_first - index <= _MATCH_REACH


def _heading_like(block: TextBlock) -> bool:
    """An h1-h3, or an element whose class or id says title/heading (itself or one of two parents)."""
    el, depth = block.element, 0
    while el is not None and depth < 3:
        if el.tag in ("h1", "h2", "h3") or _HEADING_HINT.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            return True
        el, depth = el.getparent(), depth + 1
    return False


def positional_headline(layout: Layout, site_names: set[str]) -> str | None:
    """Without a usable <title>: the nearest headline-like line above the body, past the info line,
    widgets and names (old portals and blogs, whose <title> is empty or only the site)."""
    for block in _container_top(layout) + layout.before_body(_POSITIONAL_REACH):
        text = _TRAILING_DATE.sub("", block.text).rstrip(" -—_|")
        if is_info_line(block.text) and text == block.text or is_chrome(text) or is_breadcrumb(text):
            continue
        if len(text) > _POSITIONAL_MAX or _SENTENCE_END.search(text):
            return None  # the text itself: the headline, if any, is not in reach
        if len(text) >= _HEADLINE_MIN and text not in site_names and not text.endswith(("：", ":")):
            return text
    return None


def _container_top(layout: Layout) -> list[TextBlock]:
    """The body container's own lines above its first sentence, nearest to the text first (blogs and old
    portals put the headline inside the same cell or div as the text)."""
    top: list[TextBlock] = []
    for block in layout.body_head(4):
        if len(block.text) > _POSITIONAL_MAX or _SENTENCE_END.search(block.text):
            return top[::-1]
        top.append(block)
    return []  # no sentence follows: these short lines are the text itself


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
