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
# What an info line holds besides the date and a name: the site's address, the time of day, the weekday,
# counters and widget words ("http://www.sina.net 2005年03月21日 11:21 《理财周刊》",
# "AUTO.SOHU.COM 2003年11月12日16:36 金羊网—新快报", "同人连载 2022-02-14 03:01--阅读 · --喜欢 · --评论").
_INFO_NOISE = re.compile(
    r"(?:https?://)?(?:[\w-]+\.)+(?:com|cn|net|org|gov|edu)(?:\.cn)?(?:/\S*)?|\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|"
    r"日|(?:星期|周)[一二三四五六日天]|(?:-+|\d+)?\s*(?:阅读|喜欢|评论|点赞|收藏|分享|转发)\s*(?:-+|\d+)?|[·|｜()（）]",
    re.I,
)
_COUNTER = re.compile(r"(?:阅读|浏览|点击|评论|访问)(?:次数|量|数)?\s*[:：(（]?\s*\d+|已被阅读\s*\d+\s*次")
_LABELLED = re.compile(
    r"(?:(?:信息|素材|稿件|文章)?来源|出处|作者|作\s*者|撰稿|撰文|执笔人?|发布时间|发布日期|发表时间|发表于|发稿时间|更新时间|"
    r"浏览|阅读|点击|字号|字体)\s*[:：]"
)
_EDITOR = re.compile(
    r"^[（(【\[]?\s*(?:责任编辑|责编|编辑|审核|审校|校对|编审|终审|监制|主编|值班编辑|本版编辑|网络编辑)\s*[:：]"
    r"|^[（(【\[][^，。（）()]{0,12}?(?:责任编辑|责编|编辑)\s*[:：]?\s*[^，。]{0,12}[）)】\]]$"
)
_COLUMN_LABEL = re.compile(r"^【[^【】]{2,12}】$")
_SOURCE_LINE = re.compile(r"^[（(【\[]?\s*(?:(?:信息|素材|稿件|文章)?来源\s*[:：\s]|转载?自|摘自)")
_ORIGINAL_TITLE = re.compile(r"^[（(【\[]?\s*原(?:标)?题\s*[:：]")
_ROLE = re.compile(
    r"记者|通讯员|实习生|特约|作者|撰稿|撰文|执笔|^文\s*[/:：｜|]|[/／]\s*文|摄影|摄\s*$|供图|编译|整理|采写|报道\s*$"
)
_BRACKETED = re.compile(r"^[（(【\[][^（）()【】\[\]]{1,30}[）)】\]]$")
_ATTACHMENT_LINE = re.compile(r"^附件|\.(?:pdf|docx?|xlsx?|wps|et|zip|rar|7z|ofd)\s*$", re.I)
_BOX_LABEL = re.compile(r"^[^，。]{1,10}[:：]$")
_BRACKETED_ANY = re.compile(r"^[（(【\[].*[）)】\]]$")
_NAME_RUN = re.compile(r"^[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4}){0,4}$")
_AUTHOR_PREFIX = re.compile(r"[\u4e00-\u9fff·]{2,4}[:：]")
_DECK = re.compile(r"^(?:——|—|--|－－)")
# Print-edition and issue notes: "《光明日报》（2022年02月13日 02版）", "——《北京之春》1998年3月号", "《X》2000年第2期".
_PRINT_EDITION = re.compile(
    r"^(?:——|—|--)?\s*(?:原载|刊于|载)?\s*《[^》]{2,20}》\s*[（(]?\s*(?:19|20)\d{2}\s*年.{0,20}(?:版|号|期)\s*[）)]?$"
)
# Audio or video length and reading time under the headline: "音频 04:29", "7 分钟", "阅读时间：3分钟".
_DURATION = re.compile(r"^(?:(?:音频|视频|时长|阅读(?:时间)?|约)\s*[:：]?\s*)?(?:\d{1,2}:\d{2}(?::\d{2})?|\d{1,3}\s*分钟)$")
# Editorial notes in square brackets closing a text: "[图片说明1：漫画/冷洁]", "[责任编辑：X]".
_BRACKET_NOTE = re.compile(r"^\[[^\[\]]{1,40}\]$")
# Class served: reprinted papers and articles that close with where the text came from and who wrote it:
# "【作者单位：…】", "(摘自《…》2000年第2期)", "“民主与科学”网站(…)搜集整理于2002-09-25".
_BRACKETED_LABEL = re.compile(r"^【[^【】]{1,8}[:：][^【】]{1,60}】$")
_REPRINT_NOTE = re.compile(r"摘自|选自|原载|转载自|转自|(?:搜集|收集|编辑)整理")
# Several names on the line under the headline: "赵延东、风笑天".
_NAME_LIST = re.compile(r"^[\u4e00-\u9fff·]{2,3}(?:、[\u4e00-\u9fff·]{2,3}){1,5}$")
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
_URL_LINE = re.compile(r"^(?:https?|ftp)://\S+/\S+$", re.I)
_PARAGRAPH_END = re.compile(r"[。！？!?…”」』）)\]】]\s*$")
# Class served: forum and blog posts whose poster's signature sits under a rule line ("--------"), followed
# by the post's footer line (time, poster): the rule ends the text.
_SIGNATURE_RULE = re.compile(r"^[-_=─－~]{8,}$")  # not "——": Chinese prose uses em dashes
_SIGNATURE_LINES = 6


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
        rest = _INFO_NOISE.sub(" ", text[: m.start()] + " " + text[m.end() :]).strip()
        return len(rest) <= 25 and "，" not in rest
    return False


def same_headline(a: str, b: str | None) -> bool:
    """The headline again, perhaps with a tag or a suffix more or less, or without the author's name in
    front ("茉莉：我是怎样卷入八九民运的" over the text, "我是怎样卷入八九民运的" at its top)."""
    if not b:
        return False
    a, b = "".join(a.split()), "".join(b.split())
    short, long = sorted((a, b), key=len)
    if a == b:
        return True
    if len(short) < 5 or short not in long:
        return False
    return len(short) >= 0.8 * len(long) or bool(_AUTHOR_PREFIX.fullmatch(long.removesuffix(short)))


def _sure_head(text: str, title: str | None) -> bool:
    """Lines that are never article text above it: the headline again, the info line, a byline, 原标题."""
    return same_headline(text, title) or bool(_ORIGINAL_TITLE.match(text)) or is_meta_line(text) or is_byline(text)


def _short_line(text: str) -> bool:
    return len(text) <= 30 and not _SENTENCE.search(text)


def _head_line(text: str, title: str | None, after_title: bool, under_title: bool) -> bool:
    """A line above the text: the headline again, the info line, a byline, a deck, a breadcrumb."""
    if same_headline(text, title) or _ORIGINAL_TITLE.match(text) or is_breadcrumb(text):
        return True
    if is_chrome(text) or is_meta_line(text) or is_byline(text) or _EDITOR.match(text) or _COLUMN_LABEL.match(text):
        return True
    if len(text) == 1 or _DURATION.match(text):
        return True  # one character on a line (a vertical label cut into cells), an audio length
    if under_title and (_NAME_LIST.match(text) or _NAME_RUN.match(text) and len(text) <= 3):
        return True  # the author's name (or names) on its own line right under the repeated headline
    if after_title and _DECK.match(text) and len(text) <= 40:
        return True  # a deck ("——副题") under the headline
    return False


def _tail_line(text: str) -> bool:
    """A line below the text: 来源, 责任编辑, a byline on its own, a print-edition note, a pager, a widget."""
    if _EDITOR.match(text) or _PAGER.search(text) and len(text) <= _SHORT or is_chrome(text):
        return True
    if len(text) <= _SHORT and (_SOURCE_LINE.match(text) or _PRINT_EDITION.match(text) or _LABELLED.search(text)):
        return True
    if len(text) <= _SHORT and _COUNTER.search(text) and _BRACKETED_ANY.match(text):
        return True  # "(本文发表于…, 已被阅读178次)"
    if len(text) <= 80 and not _SENTENCE.search(text) and _REPRINT_NOTE.search(text):
        return True  # "(摘自《上海社会科学院学术季刊》2000年第2期…)", "…网站搜集整理于2002-09-25"
    return bool(_BRACKET_NOTE.match(text) or _BRACKETED_LABEL.match(text)) or is_byline(text)


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


def trim(blocks: list[TextBlock], title: str | None, keep_linked, after_image=lambda block: False) -> Trimmed:
    """Split the container's lines into head, paragraphs and tail; drop link lists and threads."""
    kept = _without_link_lists(blocks, keep_linked)
    lines = [b.text for b in kept]
    out = Trimmed()
    start = _header_run(lines, title)
    out.head = lines[:start]
    after_title = any(same_headline(line, title) for line in out.head)
    while start < min(len(lines), EDGE_REACH) and _head_line(
        lines[start], title, after_title, bool(out.head) and same_headline(out.head[-1], title)
    ):
        after_title = after_title or same_headline(lines[start], title)
        out.head.append(lines[start])
        start += 1
    if after_title:
        start = _centred_head(kept, start, out.head, after_image)
    body: list[str] = []
    i = start
    while i < len(kept):
        line = lines[i]
        if body and (ends_body(line) or _THREAD_START.match(line)):
            resume = _after_inline_box(kept, i)
            if resume is None:
                break
            i = resume
            continue
        if body and _SIGNATURE_RULE.match(line) and len(kept) - i <= _SIGNATURE_LINES:
            out.tail += lines[i + 1 :]  # the poster's signature and the post's footer line (time, poster)
            break
        if i - start < 3 and is_byline(line) and not _SENTENCE.search(line):
            out.head.append(line)  # "本报记者罗科苏盈发自北京" under the lead
        elif not is_chrome(line):
            body.append(line)
        i += 1
    # Attachment lines close many notices after the byline: trim above them and keep them.
    files = len(body)
    while files > 1 and _ATTACHMENT_LINE.search(body[files - 1]):
        files -= 1
    end = files
    while end > 1 and files - end < EDGE_REACH and _tail_line(body[end - 1]):
        end -= 1
    out.paragraphs, out.tail = body[:end] + body[files:], body[end:files] + out.tail
    return out


def _without_link_lists(blocks: list[TextBlock], keep_linked) -> list[TextBlock]:
    """The container's lines without link lists (related articles, navigation rows, tag lists) and their box
    labels; a paragraph that an ad slot split in two is joined again."""
    kept: list[TextBlock] = []
    for block in blocks:
        text = block.text
        if block.link_share >= _LINKED_SHARE and len(text) > 3 and not keep_linked(block):
            if not _URL_LINE.match(text):  # a link that shows its own address is text (a post's download link)
                if kept and _BOX_LABEL.match(kept[-1].text):
                    kept.pop()  # the label of the link box ("今日焦点：")
                continue
        if block.after_table and kept and not _PARAGRAPH_END.search(kept[-1].text):
            # Class served: old portals whose ad slot (a <table>) sits inside a paragraph; parsers close the
            # <p> at the table, a browser shows one paragraph, which ends mid-sentence before the slot.
            prev = kept.pop()
            block = TextBlock(prev.text + text, prev.element, prev.linked + block.linked)
        kept.append(block)
    while kept and kept[-1].link_share >= _LINKED_SHARE and not keep_linked(kept[-1]) and not _URL_LINE.match(kept[-1].text):
        kept.pop()  # tag links closing the text ("非洲", "专题")
    return kept


def _centred_head(kept: list[TextBlock], start: int, head: list[str], after_image) -> int:
    """Class served: reports and notices that repeat their title centred at the top of the text, with more
    centred lines under it (the issuing body, the report's date, a deck) above left-aligned text: they are
    a header. A centred line under an image is its caption, and a body that is centred throughout stays text."""
    end = start
    while end < min(len(kept), start + 4) and kept[end].centered and not after_image(kept[end]):
        if len(kept[end].text) > _SHORT:
            return start
        end += 1
    if end == start or end >= len(kept) or kept[end].centered:
        return start
    head += [b.text for b in kept[start:end]]
    return end


def _after_inline_box(kept: list[TextBlock], at: int) -> int | None:
    """Class served: portals that put a 推荐阅读/延伸阅读 link box in the middle of the text: when the text goes
    on after the box's links, in the same kind of block as before the box, the box is left out and reading
    continues; otherwise the heading starts the end of the page. (The box's links are usually gone already:
    link lists are dropped first.)"""
    before = kept[at - 1].element if at else None
    i = at + 1
    while i < len(kept) and kept[i].link_share >= 0.5:
        i += 1
    if i >= len(kept) or before is None:
        return None
    after = kept[i].element
    same_kind = after is not None and after.tag == before.tag and after.getparent() is before.getparent()
    return i if same_kind and _SENTENCE.search(kept[i].text) and len(kept[i].text) >= 20 else None
