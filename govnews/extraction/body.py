"""Find the article body container and read paragraphs and images out of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .edges import trim
from .media import attachment_extension
from .text import ImageRef, Segment, TextBlock, TextStats

_CONTAINER_TAGS = frozenset({"div", "td", "article", "section", "main", "center"})
_MIN_BLOCK_CHARS = 10
_MIN_DENSITY_CHARS = 40
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

    Text is attributed to its nearest block element; every block with enough plain text
    scores its container (and, halved, the container's parent). The best container,
    discounted by its share of link text, is the body. The counts come from the page walk
    (``text.walk`` with ``uncounted=unlikely``).
    """
    return _best_container(stats.own, stats.plain, stats.linked)


_UNLIKELY = re.compile(
    r"comment|reply|replies|related|footer|sidebar|\bnav|menu|recommend|share|banner|advert|copyright|friendlink|"
    r"breadcrumb|pinglun|xgxw|xgwz", re.I)
_LIKELY = re.compile(r"article|content|post|entry|main|text|body|detail|zoom", re.I)


def unlikely(el: etree._Element) -> bool:
    """Class served: blogs, forums and portals whose comment threads, related lists and sidebars hold
    more punctuation than the article; their class or id says what they are (readability's rule)."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return len(names) > 1 and bool(_UNLIKELY.search(names)) and not _LIKELY.search(names)


def _best_container(own, total_plain, total_linked) -> etree._Element | None:
    scores: dict[etree._Element, float] = {}
    for block, (chars, marks) in own.items():
        if chars < _MIN_BLOCK_CHARS:
            continue
        score = 1 + marks + min(chars / 100, 3)
        if block.tag in _CONTAINER_TAGS:  # text written straight into a div or cell
            scores[block] = scores.get(block, 0) + score
        parent = block.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + score
            grandparent = parent.getparent()
            if grandparent is not None:
                scores[grandparent] = scores.get(grandparent, 0) + score / 2
    best, best_score = None, 0.0
    for el, score in scores.items():
        plain, linked = total_plain.get(el, 0), total_linked.get(el, 0)
        if plain < _MIN_DENSITY_CHARS:
            continue
        score *= 1 - linked / (plain + linked)
        if score > best_score:
            best, best_score = el, score
    return best


def read_body(segments: list[Segment], absolute, title: str | None = None) -> BodyContent:
    """Paragraphs (chrome, edge lines and empty blocks dropped) and images with captions, in reading order."""
    content = BodyContent()
    blocks = [s for s in segments if isinstance(s, TextBlock)]
    trimmed = trim(blocks, title, lambda block: _holds_attachment(block, absolute))
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
    return any(attachment_extension(absolute(a.get("href") or "")) for a in block.element.iter("a"))


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
