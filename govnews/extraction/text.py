"""Whitespace normalisation and block-aware text collection from lxml trees."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..record.cleaning import normalize_space

BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol table tr tbody thead tfoot section article "
    "blockquote pre dl dt dd header footer nav aside figure figcaption form center "
    "address hr br caption main details summary".split()
)
CELL_TAGS = frozenset({"td", "th"})
SKIP_TAGS = frozenset(
    "script style noscript template iframe select option button textarea input head "
    "object embed svg canvas audio video map title meta link".split()
)
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def is_hidden(el: etree._Element) -> bool:
    """Hidden by its own markup: ``display:none``/``visibility:hidden`` styles or the ``hidden`` attribute.

    Pages keep hidden copies of the article (elder-friendly or accessible versions), hidden 原标题
    lines and script-filled widgets there; a reader never sees them.
    """
    style = el.get("style")
    return (style is not None and bool(_HIDDEN_STYLE.search(style))) or el.get("hidden") is not None


@dataclass
class TextBlock:
    """One visual line or paragraph of text, in reading order, with how much of it is link text."""

    text: str
    centered: bool = False
    element: etree._Element | None = field(default=None, repr=False)
    linked: int = 0  # characters of ``text`` that sit inside <a> elements

    @property
    def link_share(self) -> float:
        return self.linked / len(self.text) if self.text else 0.0


@dataclass
class ImageRef:
    """An <img> met while walking, kept in reading order with the text blocks."""

    element: etree._Element = field(repr=False)


Segment = TextBlock | ImageRef


def is_centered(el: etree._Element | None) -> bool:
    if el is None:
        return False
    style = (el.get("style") or "").replace(" ", "").lower()
    cls = el.get("class") or ""
    return (
        "text-align:center" in style
        or "ql-align-center" in cls
        or (el.get("align") or "").lower() == "center"
        or el.tag == "center"
    )


def walk_segments(root: etree._Element, skip: Iterable[etree._Element] = ()) -> list[Segment]:
    """Read ``root`` the way a browser lays it out: blocks split text, inline runs join.

    ``skip`` holds elements whose whole subtree is left out (e.g. the article body
    when reading the page chrome around it); hidden elements below ``root`` are left out too.
    """
    skipped = set(skip)
    segments: list[Segment] = []
    buf: list[str] = []
    blocks: list[etree._Element] = []
    linked = [0, 0]  # [depth inside <a>, characters collected inside <a> for the current block]

    def add(text: str) -> None:
        buf.append(text)
        if linked[0]:
            linked[1] += len(text.strip())

    def flush() -> None:
        text = normalize_space("".join(buf))
        buf.clear()
        if text:
            owner = blocks[-1] if blocks else root
            segments.append(TextBlock(text, is_centered(owner), owner, min(linked[1], len(text))))
        linked[1] = 0

    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else None
        if event in ("comment", "pi"):  # only their tails are text
            if el.tail:
                add(el.tail)
            continue
        if event == "start":
            if tag is None or tag in SKIP_TAGS or el in skipped or (el is not root and is_hidden(el)):
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS:
                flush()
                blocks.append(el)
            elif tag in CELL_TAGS:
                add(" ")
            elif tag == "img":
                flush()
                segments.append(ImageRef(el))
            elif tag == "a":
                linked[0] += 1
            if el.text:
                add(el.text)
        else:
            if tag is not None and tag not in SKIP_TAGS and el not in skipped and (el is root or not is_hidden(el)):
                if tag in BLOCK_TAGS:
                    flush()
                    if blocks and blocks[-1] is el:
                        blocks.pop()
                elif tag in CELL_TAGS:
                    add(" ")
                elif tag == "a":
                    linked[0] -= 1
            if el is not root and el.tail:
                add(el.tail)
    flush()
    return segments


def block_texts(root: etree._Element, skip: Iterable[etree._Element] = ()) -> list[str]:
    return [s.text for s in walk_segments(root, skip) if isinstance(s, TextBlock)]


def element_text(el: etree._Element) -> str:
    """The normalised text of one element, scripts and styles left out."""
    return normalize_space(" ".join(block_texts(el)))


def iter_text_nodes_with(root: etree._Element, needles: Iterable[str]) -> Iterator[etree._Element]:
    """Elements whose own text or tail contains one of ``needles`` (XPath does the scan in C)."""
    cond = " or ".join(f"contains(., '{n}')" for n in needles)
    for node in root.xpath(f"//body//text()[{cond}]"):
        owner = node.getparent()
        if owner is not None and node.is_tail:
            owner = owner.getparent()
        if owner is not None:
            yield owner
