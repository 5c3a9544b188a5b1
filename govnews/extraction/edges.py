"""Lines at the edges of a body container that a reader does not count as the article text.

Class served: templates put the repeated headline, the info line, bylines and 原标题 lines at the top of
the same container as the text, and 来源, 责任编辑, a parenthesised byline, pagers and share or comment
widgets at its bottom; forums and blogs run the comment thread on inside it. These lines are kept apart
(``head``/``tail``) so that the 来源 and author rules can still read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .boilerplate import ends_body, is_chrome
from .layout import is_breadcrumb
from .text import TextBlock

EDGE_REACH = 8  # lines looked at on each edge
_SHORT = 60
_SENTENCE = re.compile("[。！？；!?]")
_DATE = re.compile(
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}/\d{1,2}/(?:19|20)\d{2}|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\w*,?\s+\d{4}"
    r"(?:\s+(?:at\s+)?\d{1,2}:\d{2}\s*(?:am|pm)?)?",
    re.I,
)
# Reading and comment counters: "阅读(1660)", "已被阅读178次", "浏览次数：12", "评论(5)".
_COUNTER = re.compile(r"(?:阅读|浏览|点击|评论|访问)(?:次数|量|数)?\s*[:：(（]?\s*\d+|已被阅读\s*\d+\s*次")
_LABELLED = re.compile(
    r"(?:(?:信息|素材|稿件|文章)?来源|出处|作者|作\s*者|撰稿|撰文|发布时间|发布日期|发表时间|发表于|发稿时间|更新时间|"
    r"浏览|阅读|点击|字号|字体)\s*[:：]"
)
_EDITOR = re.compile(
    r"^[（(【\[]?\s*(?:责任编辑|责编|编辑|审核|审校|校对|编审|终审|监制|主编|值班编辑|本版编辑|网络编辑)\s*[:：]"
    r"|^[（(【\[][^，。（）()]{0,12}?(?:责任编辑|责编|编辑)\s*[:：]?\s*[^，。]{0,12}[）)】\]]$"
)
_COLUMN_LABEL = re.compile(r"^【[^【】]{2,12}】$")
_SOURCE_LINE = re.compile(r"^[（(【\[]?\s*(?:信息|素材|稿件|文章)?来源\s*[:：\s]")
_ORIGINAL_TITLE = re.compile(r"^[（(【\[]?\s*原(?:标)?题\s*[:：]")
_ROLE = re.compile(r"记者|通讯员|实习生|特约|作者|撰稿|撰文|^文\s*[/:：｜|]|[/／]\s*文|摄影|摄\s*$|供图|编译|整理|采写|报道\s*$")
_BRACKETED = re.compile(r"^[（(【\[][^（）()【】\[\]]{1,30}[）)】\]]$")
_ATTACHMENT_LINE = re.compile(r"^附件|\.(?:pdf|docx?|xlsx?|wps|et|zip|rar|7z|ofd)\s*$", re.I)
_BOX_LABEL = re.compile(r"^[^，。]{1,10}[:：]$")
_BRACKETED_ANY = re.compile(r"^[（(【\[].*[）)】\]]$")
_NAME_RUN = re.compile(r"^[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4}){0,4}$")
_DECK = re.compile(r"^(?:——|—|--|－－)")
_PRINT_EDITION = re.compile(r"^《[^》]{2,20}》\s*[（(]?\s*(?:19|20)\d{2}\s*年.{0,20}版\s*[）)]?$")
_PAGER = re.compile(
    r"^(?:[\[【]?\s*\d{1,3}\s*[\]】]?\s*){2,}$|第\s*\d+\s*页\s*/?\s*共\s*\d+\s*页|^(?:上一页|下一页|首页|尾页|\s|\|)+$"
)
# Where a comment thread, a related list or a post-script of the platform starts: nothing after it is body.
_THREAD_START = re.compile(
    r"^(?:#\s*re\s*[:：]|re\s*[:：]|网友评论|发表评论|我要评论|我来说两句|评论\s*$|最新评论|相关评论|精彩评论|"
    r"已有\s*\d+\s*(?:件|条|位网友)?评论|共\s*\d+\s*条评论|查看评论|本文引用地址|引用通告|"
    r"相关报道|相关新闻|相关文章|相关阅读|热点推荐|热门推荐|更多精彩|延伸阅读|推荐阅读|猜你喜欢|"
    r"posted\s*@)|^.{0,60}(?:已有\s*\d+\s*(?:件|条)评论|Trackback|引用通告)",
    re.I,
)
_LINKED_SHARE = 0.7


@dataclass
class Trimmed:
    paragraphs: list[str] = field(default_factory=list)
    head: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)


def is_byline(text: str) -> bool:
    """A standalone byline: ``记者 张三 李四``, ``文/张三``, ``（融媒体记者 张三）``, ``（袁源）``."""
    if len(text) > 40 or _SENTENCE.search(text):
        return False
    inner = text.strip("（()）【】[] ")
    if _BRACKETED.match(text) and (_NAME_RUN.match(inner) or _ROLE.search(inner)):
        return True
    return bool(_ROLE.search(text)) and len(text) <= 30


def is_meta_line(text: str) -> bool:
    """An info line: labels or a date with little else (not a sentence that mentions a date)."""
    if len(text) > _SHORT * 2 or _SENTENCE.search(text) and not _LABELLED.search(text):
        return False
    if _LABELLED.search(text) or _COUNTER.search(text) and len(text) <= _SHORT:
        return True
    if m := _DATE.search(text):
        rest = (text[: m.start()] + text[m.end() :]).strip()
        return len(rest) <= 25 and "，" not in rest
    return False


def _same(a: str, b: str | None) -> bool:
    """The headline again, perhaps with a tag or a suffix more or less."""
    if not b:
        return False
    a, b = "".join(a.split()), "".join(b.split())
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= 5 and short in long and len(short) >= 0.8 * len(long))


def _sure_head(text: str, title: str | None) -> bool:
    """Lines that are never article text above it: the headline again, the info line, a byline, 原标题."""
    return _same(text, title) or bool(_ORIGINAL_TITLE.match(text)) or is_meta_line(text) or is_byline(text)


def _short_line(text: str) -> bool:
    return len(text) <= 30 and not _SENTENCE.search(text)


def _head_line(text: str, title: str | None, after_title: bool) -> bool:
    """A line above the text: the headline again, the info line, a byline, a deck, a breadcrumb."""
    if _same(text, title) or _ORIGINAL_TITLE.match(text) or is_breadcrumb(text):
        return True
    if is_chrome(text) or is_meta_line(text) or is_byline(text) or _EDITOR.match(text) or _COLUMN_LABEL.match(text):
        return True
    if len(text) == 1:
        return True  # one character on a line: a vertical label ("今日推荐") cut into cells
    if after_title and (_NAME_RUN.match(text) and len(text) <= 4 or _DECK.match(text) and len(text) <= 40):
        return True  # the author's name or a deck on its own line right under the repeated headline
    return False


def _tail_line(text: str) -> bool:
    """A line below the text: 来源, 责任编辑, a byline on its own, a print-edition note, a pager, a widget."""
    if _EDITOR.match(text) or _PAGER.search(text) and len(text) <= _SHORT or is_chrome(text):
        return True
    if len(text) <= _SHORT and (_SOURCE_LINE.match(text) or _PRINT_EDITION.match(text) or _LABELLED.search(text)):
        return True
    if len(text) <= _SHORT and _COUNTER.search(text) and _BRACKETED_ANY.match(text):
        return True  # "(本文发表于…, 已被阅读178次)"
    return is_byline(text)


def _header_run(lines: list[str], title: str | None) -> int:
    """How many lines a header takes when short lines (kicker, audio length, column) sit above a sure
    header line (the repeated headline, the info line, a byline): all of them are header."""
    last = 0
    for i, line in enumerate(lines[:EDGE_REACH]):
        if _sure_head(line, title):
            last = i + 1
        elif not _short_line(line):
            break
    return last


def trim(blocks: list[TextBlock], title: str | None, keep_linked) -> Trimmed:
    """Split the container's lines into head, paragraphs and tail; drop link lists and threads."""
    lines: list[str] = []
    for block in blocks:
        if block.link_share >= _LINKED_SHARE and len(block.text) > 3 and not keep_linked(block):
            if lines and _BOX_LABEL.match(lines[-1]):
                lines.pop()  # the label of the link box ("今日焦点：")
            continue  # a related-article list or a navigation row inside the container
        lines.append(block.text)
    out = Trimmed()
    start, after_title = _header_run(lines, title), False
    out.head = lines[:start]
    after_title = any(_same(line, title) for line in out.head)
    while start < min(len(lines), EDGE_REACH) and _head_line(lines[start], title, after_title):
        after_title = after_title or _same(lines[start], title)
        out.head.append(lines[start])
        start += 1
    body: list[str] = []
    for i, line in enumerate(lines[start:]):
        if body and (ends_body(line) or _THREAD_START.match(line)):
            break
        if i < 3 and is_byline(line) and not _SENTENCE.search(line):
            out.head.append(line)  # "本报记者罗科苏盈发自北京" under the lead
            continue
        if not is_chrome(line):
            body.append(line)
    # Attachment lines close many notices after the byline: trim above them and keep them.
    files = len(body)
    while files > 1 and _ATTACHMENT_LINE.search(body[files - 1]):
        files -= 1
    end = files
    while end > 1 and files - end < EDGE_REACH and _tail_line(body[end - 1]):
        end -= 1
    out.paragraphs, out.tail = body[:end] + body[files:], body[end:files]
    return out
