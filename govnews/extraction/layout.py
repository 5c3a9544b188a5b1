"""Where things are on a page: every text block in reading order, and which of them the body holds.

The headline, the info line (date, 来源, 作者) and the blog footer line ("作者：… 发表于 …") are found by
their place relative to the body, not by searching the whole page for labels: navigation, related lists
and comment threads carry the same labels far from the article.
"""

from __future__ import annotations

import re

from lxml import etree

from .text import TextBlock, Walk

INFO_LINE_MAX = 200
# Labels of an info line; a block that carries one of them (or a date) is metadata, not a headline.
_INFO_LABEL = re.compile(
    r"(?:(?:信息)?来源|出处|出自|作者|作\s*者|记者|通讯员|撰稿|撰文|发布|发表|发稿|更新|时间|日期|编辑|浏览|阅读|点击|访问|评论)"
    r"\s*(?:[:：]|[（(]?\d|次)"
)
_DATE_LIKE = re.compile(
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}/\d{1,2}/(?:19|20)\d{2}|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}",
    re.I,
)
_BREADCRUMB = re.compile(r"(?:您的位置|您现在的位置|当前位置|所在位置|现在位置)|(?:\S\s*(?:>|>>|->|»|›|→)\s*\S.*){2,}")


def is_info_line(text: str) -> bool:
    """A short line with a date or an info label: the line of date, 来源 and 作者 around a headline."""
    return len(text) <= INFO_LINE_MAX and bool(_DATE_LIKE.search(text) or _INFO_LABEL.search(text))


def is_breadcrumb(text: str) -> bool:
    return len(text) <= INFO_LINE_MAX and bool(_BREADCRUMB.search(text))


class Layout:
    """Every visible text block of the page, and the index range the body container covers."""

    def __init__(self, page: Walk | None = None, body: etree._Element | None = None) -> None:
        self.blocks: list[TextBlock] = []
        self._first_block: list[int] = []  # segment index -> index in ``blocks`` of the first block from it on
        self._page = page
        for segment in page.segments if page is not None else ():
            self._first_block.append(len(self.blocks))
            if isinstance(segment, TextBlock):
                self.blocks.append(segment)
        self._first_block.append(len(self.blocks))
        self.body_first: int | None = None  # index of the body's first block in ``blocks``
        self.body_last: int | None = None
        if body is not None and (found := self.block_range(body)):
            # Class served: old portals, blogs and forums whose text sits straight in a table cell with
            # <br> lines: those lines belong to the row, yet they are the body's.
            self.body_first, self.body_last = found[0], found[1] - 1

    def block_range(self, el: etree._Element) -> tuple[int, int] | None:
        """The blocks holding ``el``'s text, as ``(first, end)``; None for an element without visible text."""
        span = self._page.span(el) if self._page is not None else None
        if span is None:
            return None
        last = len(self._first_block) - 1
        first, end = self._first_block[min(span[0], last)], self._first_block[min(span[1], last)]
        return (first, end) if first < end else None

    def index_of(self, el: etree._Element) -> int | None:
        """The index of the first block that holds ``el``'s text."""
        found = self.block_range(el)
        return found[0] if found else None

    def before_body(self, limit: int) -> list[TextBlock]:
        """Up to ``limit`` blocks right before the body, nearest first."""
        if self.body_first is None:
            return []
        return self.blocks[max(0, self.body_first - limit) : self.body_first][::-1]

    def after_body(self, limit: int) -> list[TextBlock]:
        """Up to ``limit`` blocks right after the body, nearest first."""
        if self.body_last is None:
            return []
        return self.blocks[self.body_last + 1 : self.body_last + 1 + limit]

    def body_head(self, limit: int) -> list[TextBlock]:
        if self.body_first is None or self.body_last is None:
            return []
        return self.blocks[self.body_first : min(self.body_last + 1, self.body_first + limit)]
