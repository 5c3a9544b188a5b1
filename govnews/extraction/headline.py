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
from .edges import is_byline
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
# The page number forums and paginated articles add to <title>: "标题(页 1)", "标题(第2页)", "标题 (1/3)".
_PAGE_NUMBER = re.compile(r"\s*[（(]\s*(?:页\s*\d+|第\s*\d+\s*页|\d+\s*/\s*\d+)\s*[）)]")
_DATE_IN_LINE = re.compile(r"\s(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_HEADLINE_LABEL = re.compile(r"^(?:帖子主题|文章标题|主题|标题|题目|subject|title)\s*[:：]\s*", re.I)
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_DECK = re.compile(r"^(?:——|—|--|－－)")
_LATIN_WORD = re.compile(r"^[A-Za-z0-9_.\-]+$")
_PROSE = re.compile("[，。；]")
_MONTH_ONLY = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")
_TOP_REACH = 8
_NAME_LIST = re.compile(r"^[\u4e00-\u9fff·]{2,3}(?:、[\u4e00-\u9fff·]{2,3}){1,5}$")
_BRACKET_TAG = re.compile(r"^\s*(?:\[[^\]]{1,10}\]|【[^】]{1,10}】)\s*$")


def references(doc) -> list[str]:
    """What the page says its headline is, outside the body: <title>, og:title, twitter:title."""
    refs = [doc.title_tag, doc.meta_value("og:title"), doc.meta_value("twitter:title")]
    return [r for r in dict.fromkeys(_PAGE_NUMBER.sub("", clean_title(r)) for r in refs if r) if r]


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
    first = layout.body_first
    texts: dict[int, str] = {}
    matches = []
    for i, b in enumerate(layout.blocks):
        t = clean_title(b.text) if _PRIVATE_USE.search(b.text) else b.text
        # Whatever matches is a substring of a reference: that cheap test goes first.
        text = t if any(t in r for r in refs) else _before_date(t) if "19" in t or "20" in t else None
        if not text or not any(text in r for r in refs) or not _usable(b, site_names):
            continue
        if any(text == r or _partial_match(text, r, b, i, first) for r in refs):
            texts[i] = text
            matches.append(i)
    if not matches:
        return None
    if first is not None:
        above = [i for i in matches if i < first + 2]  # the body container may start with the headline
        if above:
            # A heading element wins over a nearer plain line (the site's or column's name under it).
            best = max(above, key=lambda i: (_heading_like(layout.blocks[i]), i))
            return _heading_below(layout, best, site_names) or texts[best]
    return max((texts[i] for i in matches), key=len)


def _before_date(text: str) -> str | None:
    """Class served: forum and blog post headers that print the title, the time and the floor on one line
    ("从原子弹爆炸原理想开去 2005-09-11 18:04:42 楼主"): the part before the date."""
    m = _DATE_IN_LINE.search(text)
    return text[: m.start()].strip(" -—_|") if m and m.start() >= 4 else None


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
    """Without a usable <title>: the headline-like line nearest above the text, past the info line, bylines,
    widgets and names (old portals, blogs and forums, whose <title> is empty or only the site).

    Class served: a heading element or a centred line in reach wins over plain lines nearer the text (a
    section heading, a kicker, the poster's name); and where the text repeats the headline shortened (without
    the author's name in front), the longer line above it is the headline.
    """
    candidates: list[tuple[TextBlock, str]] = []
    for block in _container_top(layout) + layout.before_body(_POSITIONAL_REACH):
        text = headline_text(block.text)
        if _not_a_headline(block, text, site_names):
            continue
        if len(text) > _POSITIONAL_MAX or _SENTENCE_END.search(text):
            break  # the text itself: the headline, if any, is not in reach
        candidates.append((block, text))
    if not candidates:
        return None
    for prominent in (_heading_like, _centred_text):
        found = [text for block, text in candidates if prominent(block) and block.link_share < 0.5]
        if found:
            return found[0]
    nearest = candidates[0][1]
    longer = [
        text for _, text in candidates[1:]
        if nearest in text and len(text) > len(nearest) and not _BRACKET_TAG.match(text.replace(nearest, "", 1))
    ]
    return longer[0] if longer else nearest


def _centred_text(block: TextBlock) -> bool:
    return block.centered


def headline_text(line: str) -> str:
    """A headline line without what pages print around it: a 主题：/标题： label, a trailing date, trailing
    decoration (BlogDriver's "- -")."""
    text = _HEADLINE_LABEL.sub("", line)
    return _TRAILING_DATE.sub("", text).rstrip(" -—_|")


def _not_a_headline(block: TextBlock, text: str, site_names: set[str]) -> bool:
    line = block.text
    if is_info_line(line) and text == line or is_chrome(text) or is_breadcrumb(text) or is_byline(text):
        return True
    if len(text) < _HEADLINE_MIN or text in site_names or text.endswith(("：", ":")):
        return True
    if "|" in text and block.link_share >= 0.3:
        return True  # a row of links (previous | index | next)
    # a URL, a deck ("——副题"), a user name (a single Latin word: forums show the poster above the post)
    if _NAME_LIST.match(text):
        return True  # the authors of a paper, listed under its title ("赵延东、风笑天")
    return bool(_URL.match(text) or _DECK.match(text) or _LATIN_WORD.match(text) or _MONTH_ONLY.match(text))


def _container_top(layout: Layout) -> list[TextBlock]:
    """The body container's own lines above its first sentence, nearest to the text first (blogs and old
    portals put the headline inside the same cell or div as the text)."""
    top: list[TextBlock] = []
    for block in layout.body_head(_TOP_REACH):
        if _is_prose(block.text):
            return top[::-1]
        top.append(block)
    return []  # no sentence follows: these short lines are the text itself


def _is_prose(text: str) -> bool:
    """A line of the text: a long line, a sentence, or a hard-wrapped line of one (commas and stops inside)."""
    return len(text) > _POSITIONAL_MAX or bool(_SENTENCE_END.search(text)) or len(text) >= 25 and bool(_PROSE.search(text))


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
