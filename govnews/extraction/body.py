"""Find the article body container and read paragraphs and images out of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from .edges import trim
from .media import attachment_extension
from .text import ImageRef, Segment, TextBlock, TextStats, line_text, within

_CONTAINER_TAGS = frozenset({"div", "td", "article", "section", "main", "center", "body"})
# Class served: forum pages whose reply tree (nested lists of reply titles, authors and times) holds more
# text than the post: a list is never the article's container, though an article may hold lists.
_LIST_TAGS = frozenset({"ul", "ol", "li", "dl", "dd", "dt"})
_MIN_BLOCK_CHARS = 10
_PUNCT = re.compile("[，。！？；：、,.!?;]")
_LIST_ITEMS = frozenset({"li", "dd", "dt"})
# A list entry with a time of day or a month-day: a reply, a latest post, another article ("【网友】05-08 16:58").
_LISTING_STAMP = re.compile(r"\d{1,2}:\d{2}|(?<!\d)\d{1,2}-\d{1,2}(?!\d)|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}")
_MIN_DENSITY_CHARS = 40
_POST_LINE = 50
_IMAGE_SRC_ATTRS = ("data-src", "data-original", "data-actualsrc", "src", "oldsrc", "OLDSRC")
_FILENAME_LIKE = re.compile(r"^[\w\-. ]+\.(?:jpe?g|png|gif|webp|bmp)$|^(?:图片|image|img|pic|photo)\d*$", re.I)
_CAPTION_MAX = 60


@dataclass
class ImageInfo:
    url: str
    caption: str | None = None


@dataclass
class BodyContent:
    paragraphs: list[str] = field(default_factory=list)
    images: list[ImageInfo] = field(default_factory=list)
    head: list[str] = field(default_factory=list)  # lines above the text inside the container (edges.trim)
    tail: list[str] = field(default_factory=list)  # lines below it


def densest_element(stats: TextStats) -> etree._Element | None:
    """A readability-style body finder for templates nobody described.

    Every line of plain text is a paragraph scored by its length and punctuation; it credits the block
    holding it, that block's container and, halved, the container's parent. The best container,
    discounted by its share of link text, is the body. The counts come from the page walk
    (``text.walk`` with ``uncounted=unlikely``).
    """
    scores = _scores(stats.lines)
    best, best_score = None, 0.0
    for el, score in scores.items():
        plain, linked = stats.plain(el), stats.linked(el)
        if plain < _MIN_DENSITY_CHARS or el.tag in _LIST_TAGS:
            continue
        score *= 1 - linked / (plain + linked)
        if score > best_score:
            best, best_score = el, score
    if best is None:
        return None
    return _with_data_tables(_first_post(best, scores, stats), stats)


_UNLIKELY = re.compile(
    r"comment|reply|replies|related|footer|sidebar|\bnav|menu|recommend|share|banner|advert|copyright|friendlink|"
    r"breadcrumb|pinglun|xgxw|xgwz", re.I)
_LIKELY = re.compile(r"article|content|post|entry|main|text|body|detail|zoom", re.I)


def unlikely(cls: str | None, el_id: str | None) -> bool:
    """Class served: blogs, forums and portals whose comment threads, related lists and sidebars hold
    more punctuation than the article; their class or id says what they are (readability's rule)."""
    return _unlikely_names(f"{cls or ''} {el_id or ''}")


@lru_cache(maxsize=4096)
def _unlikely_names(names: str) -> bool:
    return bool(_UNLIKELY.search(names)) and not _LIKELY.search(names)


def _scores(lines: list[list]) -> dict[etree._Element, float]:
    per_block: dict[etree._Element, int] = {}
    for block, *_ in lines:
        per_block[block] = per_block.get(block, 0) + 1
    scores: dict[etree._Element, float] = {}
    for line in lines:
        block, chars = line[0], line[1]
        if chars < _MIN_BLOCK_CHARS:
            continue
        text = line_text(line)
        if block.tag in _LIST_ITEMS and _LISTING_STAMP.search(text):
            continue  # a list entry stamped with a time or date is a reply or another article, not text
        score = 1 + len(_PUNCT.findall(text)) + min(chars / 100, 3)
        parent = block.getparent()
        if block.tag in _CONTAINER_TAGS:  # text written straight into a div or cell
            scores[block] = scores.get(block, 0) + score
            if per_block[block] > 1:
                # Lines split by <br> in one div or cell: they are its paragraphs, and it is their container.
                if parent is not None:
                    scores[parent] = scores.get(parent, 0) + score / 2
                continue
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + score
            grandparent = parent.getparent()
            if grandparent is not None:
                scores[grandparent] = scores.get(grandparent, 0) + score / 2
    return scores


def _first_post(best: etree._Element, scores: dict[etree._Element, float], stats: TextStats) -> etree._Element:
    """Class served: blog archive pages and forum threads that show several posts in one template (the
    same tag and class at the same place): the first post is the page's article, even when a later
    post or reply is longer."""
    signature = _signature(best)
    if not best.get("class"):
        return best
    for el in scores:
        if el is best:
            break
        if _signature(el) == signature and _holds_post(el, stats):
            return el
    return best


def _holds_post(el: etree._Element, stats: TextStats) -> bool:
    """A post, not a box of the same class: few links, and a line of prose (50 characters or more, with
    sentence punctuation) of its own."""
    plain, linked = stats.plain(el), stats.linked(el)
    if plain < _MIN_DENSITY_CHARS or linked > 0.3 * (plain + linked):
        return False
    for line in stats.lines:
        block = line[0]
        if line[1] >= _POST_LINE and within(block, el):
            if _PUNCT.search(line_text(line)):
                return True
    return False


def _with_data_tables(best: etree._Element, stats: TextStats) -> etree._Element:
    """Class served: old pages that lay the text out in a one-cell table and put a data table after it in the
    same cell (the majors and exam subjects of an admissions notice, a schedule, a results list): the data
    table is part of the body, so the cell holding both is the container."""
    el = best
    while el.tag in ("td", "th", "tr", "tbody") and _only_child(el):
        el = el.getparent()
    if el.tag != "table" or (holder := el.getparent()) is None or holder.tag not in ("td", "div"):
        return best
    for sibling in el.itersiblings():
        if sibling.tag == "table" and _data_table(sibling, stats):
            return holder
    return best


def _only_child(el: etree._Element) -> bool:
    parent = el.getparent()
    return parent is not None and len(parent) == 1


def _data_table(table: etree._Element, stats: TextStats) -> bool:
    """Three rows or more of three cells or more, with text and few links: data, not layout or a link list."""
    plain, linked = stats.plain(table), stats.linked(table)
    if plain < _MIN_DENSITY_CHARS or linked > plain / 3:
        return False
    rows = [row for row in table.iter("tr") if sum(1 for cell in row if cell.tag in ("td", "th")) >= 3]
    return len(rows) >= 3


def _signature(el: etree._Element) -> tuple:
    parent = el.getparent()
    return (el.tag, el.get("class"), None if parent is None else parent.tag)


def read_body(segments: list[Segment], absolute, title: str | None = None) -> BodyContent:
    """Paragraphs (chrome, edge lines and empty blocks dropped) and images with captions, in reading order."""
    content = BodyContent()
    blocks = [s for s in segments if isinstance(s, TextBlock)]
    captions = {id(b) for prev, b in zip(segments, segments[1:], strict=False) if isinstance(prev, ImageRef)}
    trimmed = trim(blocks, title, lambda block: _holds_attachment(block, absolute), lambda block: id(block) in captions)
    content.paragraphs, content.head, content.tail = trimmed.paragraphs, trimmed.head, trimmed.tail
    kept = set(content.paragraphs)
    for i, segment in enumerate(segments):
        if isinstance(segment, ImageRef):
            url = image_url(segment.element, absolute)
            if url and all(img.url != url for img in content.images):
                content.images.append(ImageInfo(url, _caption(segment.element, segments[i + 1 :], kept)))
    return content


def _holds_attachment(block: TextBlock, absolute) -> bool:
    """A link line that names a document (附件) is body, unlike a list of article links."""
    if block.element is None:
        return False
    return any(
        attachment_extension(href) and (url := absolute(href)) is not None and attachment_extension(url)
        for a in block.element.iter("a") if (href := (a.get("href") or "").strip())
    )


def image_url(img: etree._Element, absolute) -> str | None:
    for attr in _IMAGE_SRC_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not value.startswith(("data:", "javascript:")):
            return absolute(value)
    return None


def _caption(img: etree._Element, following: list, kept: set[str]) -> str | None:
    """figcaption, else a short centred line right after the image, else a meaningful alt/title."""
    figure = next((a for a in img.iterancestors("figure")), None)
    if figure is not None:
        caption = figure.find(".//figcaption")
        if caption is not None and (text := " ".join("".join(caption.itertext()).split())):
            return text
    nxt = following[0] if following else None
    if isinstance(nxt, TextBlock) and nxt.centered and len(nxt.text) <= _CAPTION_MAX and nxt.text in kept:
        return nxt.text
    for attr in ("title", "alt"):
        value = " ".join((img.get(attr) or "").split())
        if value and not _FILENAME_LIKE.match(value):
            return value
    return None
