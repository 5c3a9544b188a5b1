"""Whitespace normalisation and block-aware text collection from lxml trees.

One walk reads a tree the way a browser lays it out (blocks split text, inline runs join, ``<br>`` ends a
line) and records, in the same pass, where each element's lines are and how much plain text, link text
and punctuation each block holds: the page is walked once, and the layout, the body finder and the body
reader all work from that walk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lxml import etree

from ..record.cleaning import normalize_space as normalize_space  # re-exported: the one whitespace rule

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
_TEXT_ALIGN = re.compile(r"text-align\s*:\s*(\w+)", re.I)
_ALIGN_REACH = 4


def within(el: etree._Element, ancestor: etree._Element) -> bool:
    """Whether ``el`` is ``ancestor`` or sits anywhere below it."""
    return el is ancestor or any(a is ancestor for a in el.iterancestors())


def is_hidden(el: etree._Element) -> bool:
    """Hidden by its own markup: ``display:none``/``visibility:hidden`` styles, a class that says hidden, or
    the ``hidden`` attribute.

    Pages keep hidden copies of the article (elder-friendly or accessible versions), hidden 原标题
    lines, newsletter and app promotions and script-filled widgets there; a reader never sees them.
    """
    return _hidden(el.get("style"), el.get("class"), el.get("hidden") is not None)


def _hidden(style: str | None, cls: str | None, hidden_attribute: bool) -> bool:
    if style is not None and _HIDDEN_STYLE.search(style):
        return True
    if cls is not None and ("hidden" in cls or "none" in cls or "sr-only" in cls) and _HIDDEN_CLASS.search(cls):
        return True
    return hidden_attribute


# What an open element is, for the walk's end events (cheaper than reading the tag again).
_BLOCK, _BLOCK_TABLE, _CELL, _CELL_LIKE, _LINK, _INLINE = 0, 1, 2, 3, 4, 5
_COUNTED = 8  # a block or cell the density counts credit (not inside an uncounted subtree)
# An element's mark: [first segment, plain and link characters before it, whether its lines are its own] while
# it is open, then [..., end segment, plain and link characters after it].
_OPEN_MARK = 4


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


class TextStats:
    """What the density finder scores, counted in the same walk.

    ``lines``: every line of plain text as ``[block or cell holding it, characters, its text pieces]``
    (``<br>`` ends a line); per element, the plain and link characters of its whole subtree come from
    running totals taken where the element starts and ends (text in uncounted subtrees does not count).
    """

    def __init__(self, lines: list[list] | None = None, marks: dict | None = None) -> None:
        self.lines: list[list] = lines or []
        self._marks: dict[etree._Element, list[int]] = marks or {}

    def plain(self, el: etree._Element) -> int:
        m = self._marks.get(el)
        return m[5] - m[1] if m and len(m) > _OPEN_MARK else 0

    def linked(self, el: etree._Element) -> int:
        m = self._marks.get(el)
        return m[6] - m[2] if m and len(m) > _OPEN_MARK else 0


def line_text(line: list) -> str:
    return "".join(line[2])


@dataclass
class Walk:
    """The segments of a tree in reading order, and where each visible element's segments are."""

    segments: list[Segment]
    marks: dict[etree._Element, list[int]]
    stats: TextStats

    def span(self, el: etree._Element) -> tuple[int, int] | None:
        """``(first, end)``: the segments from ``first`` up to ``end`` hold the element's text; for an inline
        element or a table cell the first and last of them may hold text of its neighbours too."""
        m = self.marks.get(el)
        return (m[0], m[4]) if m and len(m) > _OPEN_MARK else None

    def own_span(self, el: etree._Element) -> tuple[int, int] | None:
        """``span``, when those segments hold the element's text and nothing else: always for a block; for a
        table cell or an inline element when no text of its neighbours shares its first or last line."""
        m = self.marks.get(el)
        return (m[0], m[4]) if m and len(m) > _OPEN_MARK and m[3] else None

    @property
    def blocks(self) -> list[TextBlock]:
        return [s for s in self.segments if isinstance(s, TextBlock)]


def walk(
    root: etree._Element,
    skip: Iterable[etree._Element] = (),
    uncounted: Callable[[str | None, str | None], bool] | None = None,
) -> Walk:
    """Read ``root`` the way a browser lays it out: blocks split text, inline runs join.

    ``skip`` holds elements whose whole subtree is left out (e.g. chrome removed from a body); hidden
    elements below ``root`` are left out too. Text inside elements whose class and id ``uncounted`` names
    is read but left out of the statistics (the density finder's comment threads and sidebars).
    """
    skipped = set(skip) if skip else None
    segments: list[Segment] = []
    # element -> [first segment, plain and link characters before it, own lines?, end segment, plain and link after]
    marks: dict[etree._Element, list[int]] = {}
    opened: list[list[int]] = []
    buf: list[str] = []
    owners: list[etree._Element] = []  # open block elements
    cells: list[etree._Element] = []  # open counted blocks and cells
    lines: list[list] = []
    line: list | None = None  # the line of plain text being counted
    link_depth = linked = 0  # depth inside <a>; characters inside <a> in the current line
    plain_total = linked_total = 0  # running totals of counted text
    quiet: etree._Element | None = None  # the uncounted element the walk is inside
    after_table = False
    visible = False  # whether the line being collected holds more than whitespace

    def flush() -> None:
        nonlocal linked, after_table, visible
        if visible:
            text = normalize_space("".join(buf))
            if text:
                segments.append(TextBlock(text, owners[-1] if owners else root, min(linked, len(text)), after_table))
        buf.clear()
        linked = 0
        after_table = visible = False

    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    kinds: list[int] = []  # what each open element is: _BLOCK, _CELL, _LINK or _INLINE, plus _COUNTED
    skipping = None
    for event, el in walker:
        if event == "start":
            tag = el.tag
            if tag.__class__ is not str or tag in SKIP_TAGS or (skipped is not None and el in skipped):
                walker.skip_subtree()
                skipping = el
                continue
            style = cls = el_id = None
            hidden = False
            for name, value in el.items():  # one call for every attribute: cheaper than four lookups
                if name == "class":
                    cls = value
                elif name == "style":
                    style = value
                elif name == "id":
                    el_id = value
                elif name == "hidden":
                    hidden = True
            if el is not root and (style is not None or cls is not None or hidden) and _hidden(style, cls, hidden):
                walker.skip_subtree()
                skipping = el
                continue
            if quiet is None and uncounted is not None and (cls is not None or el_id is not None) and uncounted(cls, el_id):
                quiet = el
            if tag in BLOCK_TAGS:
                if buf:
                    flush()
                line = None
                after_table = False
                owners.append(el)
                kind = _BLOCK_TABLE if tag == "table" else _BLOCK
            elif tag in CELL_TAGS:
                line = None
                if visible:
                    buf.append(" ")
                kind = _CELL
            elif tag == "a":
                link_depth += 1
                kind = _LINK
            else:
                if tag == "img":
                    if buf:
                        flush()
                    segments.append(ImageRef(el))
                # Text written straight into <body> (bare old pages) is counted as the body element's lines.
                kind = _CELL_LIKE if tag == "body" else _INLINE
            if quiet is None and kind <= _CELL_LIKE:
                cells.append(el)
                kind |= _COUNTED
            kinds.append(kind)
            # a block flushes where it starts and ends; another element's first line is its own if nothing
            # visible waits in the line (nor a table's end, which marks the line that follows it)
            own_lines = kind & 7 <= _BLOCK_TABLE or not (visible or after_table)
            opened.append(mark := [len(segments), plain_total, linked_total, own_lines])
            marks[el] = mark
            text = el.text
        elif event == "end":
            if el is skipping:
                skipping = None
            else:
                kind = kinds.pop()
                if kind & _COUNTED:
                    cells.pop()
                    kind ^= _COUNTED
                if kind <= _BLOCK_TABLE:
                    if buf:
                        flush()
                    line = None
                    after_table = kind == _BLOCK_TABLE  # the text right after a table may continue the paragraph before it
                    owners.pop()
                    end = len(segments)
                else:
                    if kind == _CELL:
                        line = None
                        if visible:
                            buf.append(" ")
                    elif kind == _LINK:
                        link_depth -= 1
                    # the line this element ends in is flushed later: it belongs to the element too
                    end = len(segments) + (1 if visible else 0)
                    if visible:
                        opened[-1][3] = False
                opened.pop().extend((end, plain_total, linked_total))
                if el is quiet:
                    quiet = None
            text = el.tail if el is not root else None
        else:  # comments and processing instructions: only their tails are text
            text = el.tail
        if not text:
            continue
        # the text (or tail) joins the line being collected, and the counts
        size = len(text.strip())
        if not size:
            if visible:
                buf.append(text)  # a space between inline runs; leading whitespace is dropped anyway
            continue
        buf.append(text)
        visible = True
        if link_depth:
            linked += size
            if quiet is None:
                linked_total += size
        elif quiet is None:
            plain_total += size
            if cells:
                if line is None or line[0] is not cells[-1]:
                    line = [cells[-1], 0, []]
                    lines.append(line)
                line[1] += size
                line[2].append(text)
    if buf:
        flush()
    return Walk(segments, marks, TextStats(lines, marks))


def walk_segments(root: etree._Element, skip: Iterable[etree._Element] = ()) -> list[Segment]:
    return walk(root, skip).segments


def block_texts(root: etree._Element, skip: Iterable[etree._Element] = ()) -> list[str]:
    return [s.text for s in walk_segments(root, skip) if isinstance(s, TextBlock)]
