"""Whitespace normalisation and block-aware text collection from lxml trees.

One walk reads a tree the way a browser lays it out (blocks split text, inline runs join, ``<br>`` ends a
line) and records, in the same pass, where each element's lines are and how much plain text, link text
and punctuation each block holds: the page is walked once, and the layout, the body finder and the body
reader all work from that walk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
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
# Class names that say the element is hidden: ``hidden``, ``is-hidden``, BEM modifiers (``o-promo--hidden``),
# utility classes (``d-none``, ``u-hidden``) and screen-reader-only text (``sr-only``, ``visually-hidden``).
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:[\w-]*--hidden|(?:is-|u-|visually-)?hidden|d-none|sr-only)(?:\s|$)")
_LIST_ITEMS = frozenset({"li", "dd", "dt"})
# A list entry with a time of day or a month-day: a reply, a latest post, another article ("【网友】05-08 16:58").
_LISTING_STAMP = re.compile(r"\d{1,2}:\d{2}|(?<!\d)\d{1,2}-\d{1,2}(?!\d)|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}")
_TEXT_ALIGN = re.compile(r"text-align\s*:\s*(\w+)", re.I)
_ALIGN_REACH = 4
_PUNCT = re.compile("[，。！？；：、,.!?;]")
_COMMENT_EVENTS = ("comment", "pi")


def is_hidden(el: etree._Element) -> bool:
    """Hidden by its own markup: ``display:none``/``visibility:hidden`` styles, a class that says hidden, or
    the ``hidden`` attribute.

    Pages keep hidden copies of the article (elder-friendly or accessible versions), hidden 原标题
    lines, newsletter and app promotions and script-filled widgets there; a reader never sees them.
    """
    style = el.get("style")
    if style is not None and _HIDDEN_STYLE.search(style):
        return True
    cls = el.get("class")
    if cls is not None and ("hidden" in cls or "none" in cls or "sr-only" in cls) and _HIDDEN_CLASS.search(cls):
        return True
    return el.get("hidden") is not None


def is_centered(el: etree._Element | None) -> bool:
    """Whether the line's block is centred: by its own alignment, or by the nearest enclosing row or cell that
    states one (old layouts centre a headline with ``<tr align="center">``); a table's alignment does not
    reach into the tables nested in it."""
    for _ in range(_ALIGN_REACH):
        if el is None or el.tag == "table":
            return False
        alignment = _alignment(el)
        if alignment is not None:
            return alignment == "center"
        el = el.getparent()
    return False


def _alignment(el: etree._Element) -> str | None:
    if el.tag == "center" or "ql-align-center" in (el.get("class") or ""):
        return "center"
    align = el.get("align")
    if align:
        return align.lower()
    style = el.get("style")
    if style and (m := _TEXT_ALIGN.search(style)):
        return m.group(1).lower()
    return None


class TextBlock:
    """One visual line or paragraph of text, in reading order, with how much of it is link text."""

    __slots__ = ("text", "element", "linked", "after_table", "_centered")

    def __init__(self, text: str, element: etree._Element | None = None, linked: int = 0,
                 after_table: bool = False) -> None:
        self.text = text
        self.element = element  # the nearest block element holding the line
        self.linked = linked  # characters of ``text`` that sit inside <a> elements
        self.after_table = after_table  # the line begins with the text that follows a table (an ad slot?)
        self._centered: bool | None = None

    @property
    def centered(self) -> bool:
        if self._centered is None:
            self._centered = is_centered(self.element)
        return self._centered

    @property
    def link_share(self) -> float:
        return self.linked / len(self.text) if self.text else 0.0

    def __repr__(self) -> str:
        return f"TextBlock({self.text!r})"


@dataclass
class ImageRef:
    """An <img> met while walking, kept in reading order with the text blocks."""

    element: etree._Element = field(repr=False)


Segment = TextBlock | ImageRef


@dataclass
class TextStats:
    """What the density finder scores, counted in the same walk: every line of plain text (``[block or cell
    holding it, characters, punctuation marks, whether it is a list entry stamped with a time or date]``;
    ``<br>`` ends a line); per element the plain and link characters of its whole subtree."""

    lines: list[list] = field(default_factory=list)
    plain: dict[etree._Element, int] = field(default_factory=dict)
    linked: dict[etree._Element, int] = field(default_factory=dict)


@dataclass
class Walk:
    """The segments of a tree in reading order, and where each visible element's segments are."""

    segments: list[Segment]
    # element -> (first, end): the segments from ``first`` up to ``end`` hold the element's text; for an
    # inline element or a table cell the first and last of them may hold text of its neighbours too.
    spans: dict[etree._Element, tuple[int, int]]
    stats: TextStats

    @property
    def blocks(self) -> list[TextBlock]:
        return [s for s in self.segments if isinstance(s, TextBlock)]


def walk(
    root: etree._Element,
    skip: Iterable[etree._Element] = (),
    uncounted: Callable[[etree._Element], bool] | None = None,
) -> Walk:
    """Read ``root`` the way a browser lays it out: blocks split text, inline runs join.

    ``skip`` holds elements whose whole subtree is left out (e.g. chrome removed from a body); hidden
    elements below ``root`` are left out too. Text inside elements that ``uncounted`` names is read but
    left out of the statistics (the density finder's comment threads and sidebars).
    """
    skipped = set(skip)
    segments: list[Segment] = []
    spans: dict[etree._Element, tuple[int, int]] = {}
    starts: dict[etree._Element, int] = {}
    buf: list[str] = []
    owners: list[etree._Element] = []  # open block elements
    link_depth = 0
    linked = 0  # characters collected inside <a> for the current line
    stats = TextStats()
    lines, plain, linked_total = stats.lines, stats.plain, stats.linked
    line: list | None = None  # the line of plain text being counted
    after_table = False
    stack: list[etree._Element] = []  # open counted elements
    cells: list[etree._Element] = []  # open counted blocks and cells
    quiet: etree._Element | None = None  # the uncounted element the walk is inside
    punct = _PUNCT.findall

    def add(text: str) -> None:
        nonlocal linked, line
        buf.append(text)
        size = len(text.strip())
        if not size:
            return
        if link_depth:
            linked += size
        if quiet is not None or not stack:
            return
        top = stack[-1]
        if link_depth:
            linked_total[top] = linked_total.get(top, 0) + size
        else:
            plain[top] = plain.get(top, 0) + size
            if cells:
                cell = cells[-1]
                if line is None or line[0] is not cell:
                    line = [cell, 0, 0, False]
                    lines.append(line)
                line[1] += size
                line[2] += len(punct(text))
                if cell.tag in _LIST_ITEMS and _LISTING_STAMP.search(text):
                    line[3] = True

    def flush() -> None:
        nonlocal linked, after_table
        if buf:
            text = normalize_space("".join(buf))
            buf.clear()
            if text:
                owner = owners[-1] if owners else root
                segments.append(TextBlock(text, owner, min(linked, len(text)), after_table))
        linked = 0
        after_table = False

    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    skipping = None
    for event, el in walker:
        if event in _COMMENT_EVENTS:  # only their tails are text
            if el.tail:
                add(el.tail)
            continue
        tag = el.tag
        if event == "start":
            if tag.__class__ is not str or tag in SKIP_TAGS or el in skipped or (el is not root and is_hidden(el)):
                walker.skip_subtree()
                skipping = el
                continue
            if tag in BLOCK_TAGS:
                flush()
                line = None
                owners.append(el)
                starts[el] = len(segments)
            else:
                starts[el] = len(segments)
                if tag in CELL_TAGS:
                    line = None
                    add(" ")
                elif tag == "img":
                    flush()
                    segments.append(ImageRef(el))
                elif tag == "a":
                    link_depth += 1
            if quiet is None and uncounted is not None and uncounted(el):
                quiet = el
            if quiet is None:
                stack.append(el)
                if tag in BLOCK_TAGS or tag in CELL_TAGS:
                    cells.append(el)
            if el.text:
                add(el.text)
            continue
        # end
        if el is skipping:
            skipping = None
        else:
            if tag in BLOCK_TAGS:
                flush()
                line = None
                if owners and owners[-1] is el:
                    owners.pop()
                spans[el] = (starts[el], len(segments))
            else:
                if tag in CELL_TAGS:
                    line = None
                    add(" ")
                elif tag == "a":
                    link_depth -= 1
                # the line this element ends in is flushed later: it belongs to the element too
                spans[el] = (starts[el], len(segments) + (1 if buf else 0))
            if el is quiet:
                quiet = None
            elif quiet is None and stack and stack[-1] is el:
                stack.pop()
                if cells and cells[-1] is el:
                    cells.pop()
                if stack:  # totals flow up once per element: linear even for deep nesting
                    parent = stack[-1]
                    for totals in (plain, linked_total):
                        if el in totals:
                            totals[parent] = totals.get(parent, 0) + totals[el]
        if el is not root and el.tail:
            after_table = tag == "table" and not buf
            add(el.tail)
    flush()
    return Walk(segments, spans, stats)


def walk_segments(root: etree._Element, skip: Iterable[etree._Element] = ()) -> list[Segment]:
    return walk(root, skip).segments


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
