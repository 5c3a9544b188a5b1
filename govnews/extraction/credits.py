"""Who wrote an article and where it came from: the 来源 and author rules, most specific evidence first.

Both are read from the lines next to the body first (the info line above it, the container's head and
tail lines, the blog or forum footer below it), then from labels anywhere on the page, then from
metadata: navigation, related lists and comment threads carry the same labels far from the article.
"""

from __future__ import annotations

import re

from .edges import same_headline
from .fields import Rule, _data, _family, _profile
from .layout import is_info_line

_NEAR_ABOVE, _NEAR_BELOW = 8, 4
# A value ends where the next label, a widget word, a counter, a bracket or a date begins: portals put
# 打印, 【字体：大 中 小】, 分享到 and 网友评论 on the same line as 来源.
_STOP = (
    r"(?=\s*(?:(?:信息)?来源|作者|撰稿人?|通讯员|摄影|发布时间|发布日期|发稿时间|发表时间|更新时间|时间|日期|浏览次数|浏览量|"
    r"阅读|点击|访问量|字号|字体|责任编辑|编辑|审核|校对|出自|来自)\s*[:：]|\s*(?:【|\||｜|打印|分享|收藏|浏览|点击|"
    r"网友评论|发表评论|我来说两句|评论|纠错|推荐|关闭|编辑\s|发表于|出自|转载|等级|积分|能力值|阅读\s*[(（\d]|访问|"
    r"[\]】]|(?:19|20)\d{2}\s*[-/.年])|\s{2,}|$)"
)
_VALUE = r"[\[【]?\s*(?P<v>[^\s\[\]【】|｜].*?)\s*[\]】]?\s*"
# 来源：X, 来源 X, 来源：[ X ]; 来自/转自/出自/出处 X (with or without a colon).
# A label starts a word: "单一来源采购" and "素材来源" are not 来源 labels.
_SOURCE_LABEL = r"(?<![\u4e00-\u9fff])(?:信息)?来源\s*[:：]?|来\s*自\s*[:：]|转载?自\s*[:：]?|出\s*[自处]\s*[:：]?"
_SOURCE = re.compile(rf"(?:{_SOURCE_LABEL})\s*" + _VALUE + _STOP)
# An author value also ends before "上海报道"-style dateline credits, and at a colon (an affiliation follows:
# "作者: 赵 培：北京物资学院，北京").
_AUTHOR_STOP = _STOP.replace("(?=", r"(?=\s*[\u4e00-\u9fff]{2}报道|\s*[:：]|", 1)
# 执笔/执笔人: the writers of a report ("执笔人：闵乐夫 赵兰波").
_AUTHOR = re.compile(r"(?:(?:作\s*者|撰稿人?|撰文|执笔人?)\s*[:：]|文\s*/)\s*" + _VALUE + _AUTHOR_STOP)
# The end-of-text line "（来源：新闻晨报）", "转自《北京科技报》".
_BODY_SOURCE = re.compile(
    r"^[（(【\[]?\s*(?:(?:信息|素材)?来源\s*[:：]|转载?自|出处\s*[:：])\s*(?P<v>[^）)】\]]{2,40}?)[）)】\]]?$"
)
# After the date in the info line, with no label: "2022-02-13 09:57 光明网" (news portals).
_AFTER_DATE = re.compile(
    r"(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)\s*(?:\d{1,2}[:：]\d{2}(?::\d{2})?)?\s*"
    r"(?P<v>[^\s:：|｜\d][^:：|｜]{1,20}?)\s*$"
)
# The name of a publication: 《…》, or a name ending as papers, sites, broadcasters and offices do.
_PUBLICATION = re.compile(
    r"^《.+》$|(?:报|网|社|台|刊|版|杂志|新闻|在线|频道|客户端|公众号|中心|政府|办公室|办|局|委|部|院|会|厅|站|处|街道)$"
)
_JUNK = re.compile(r"[=\"'<>{}]|https?:|www\.|\.com|\.cn\b", re.I)
# Widget words, counters and a forum's floor labels (楼主, 沙发, 3楼) printed where a value could be.
_WIDGET_VALUE = re.compile(
    r"^(?:更新|发表评论|评论|打印|分享|关闭|收藏|推荐|字体|字号|大\s*中\s*小)|阅读|浏览|点击|\d+\s*次|时间$|"
    r"^(?:楼主|沙发|板凳|地板|\d+\s*楼)$"
)
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_CJK = re.compile("[\u4e00-\u9fff]")

# Bylines: "记者 张三 李四", "文/张三", "采写：本报记者 张三 李四", "（融媒体记者 张三）", "（袁源）".
_ROLE = re.compile(
    r"(?:[\u4e00-\u9fff·]{0,10}?(?:本报|本台|本网|融媒体|全媒体|总台|特约|首席|实习)?"
    r"(?:记者|通讯员|实习生|撰稿人?|撰文|执笔人?|采写|作者|摄影|编译|整理|整合))\s*[:：/]?\s*|^文\s*[/:：｜|]\s*|\s*[/／]\s*文\b"
)
_NAMES = re.compile(r"^[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4}){0,5}$")
_BRACKETED_BYLINE = re.compile(r"[（(]\s*(?P<v>[^（）()]{2,40}?)\s*[）)]\s*$")
_LEADING_BYLINE = re.compile(r"^[^（(]{0,12}[（(]\s*(?P<v>[^（）()]{2,30}?)\s*[）)]")
_NOT_AUTHOR = re.compile(r"编辑|责编|审核|校对|摄$|供图|来源|图片|资料")
# Blog and forum footers: "ggjjzhzz 发表于 2005-9-15 11:46:00", "由海姑娘张贴 @ 2005-06-14 03:25:55".
# "本贴由大卫于2005年8月12日16:12:21在〖…〗发表", "〓 … 发布时间 2005/05/17 22:11:42 by 眉间尺 〓".
_POSTED = re.compile(
    r"^(?P<v>[\w\u4e00-\u9fff&·.\-]{2,20})\s+(?:发表于|发表在|发布于|posted)|^由\s*(?P<by>[^\s@]{2,20}?)\s*(?:张贴|发表|发布)"
    r"|由\s*(?P<on>[^\s@于]{2,20}?)\s*于\s*(?:19|20)\d{2}.{0,60}?(?:发表|发布|张贴)"
    r"|(?:19|20)\d{2}\S*\s+[\d:]+\s+by\s+(?P<latin>[^\s〓]{2,20})",
    re.I,
)
_CARD_LINE = re.compile(r"^(?:级别|等级|积分|头衔|经验|威望|帖子|发帖|粉丝|关注)\s*[:：]")
# "河南商报记者马俊峰/文": the name in front of "/文".
_WRITTEN_BY = re.compile(r"(?:记者|通讯员)\s*(?P<v>[\u4e00-\u9fff·]{2,4})\s*[/／]\s*文")
_DATELINE = re.compile(r"\s*(?:[\u4e00-\u9fff]{2,6}报道|发自[\u4e00-\u9fff]{2,4})\s*[）)]?\s*$")
_SPACED_NAME = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])\s([\u4e00-\u9fff])(?![\u4e00-\u9fff])")
_BARE_NAMES = re.compile(r"^[\u4e00-\u9fff·]{2,3}(?:、[\u4e00-\u9fff·]{2,3}){0,5}$")


def near_lines(ctx) -> list[str]:
    """Above the body (nearest first), the container's head and tail lines, then the footer below it."""
    layout, content = ctx.layout, ctx.content
    return ([b.text for b in layout.before_body(_NEAR_ABOVE)] + content.head + content.tail
            + [b.text for b in layout.after_body(_NEAR_BELOW)])


def _usable(value: str | None) -> str | None:
    value = _unbracketed(_PRIVATE_USE.sub("", value or "").strip(" ：:，,。[]【】"))
    if not value or _JUNK.search(value) or _WIDGET_VALUE.search(value):
        return None  # template text ("size=\"20\""), a URL or a widget, not a name
    return value


def _unbracketed(value: str) -> str:
    """A value without brackets that enclose it or are left open: "（京港台时间）" → "京港台时间", but
    "周思博 (Joel Spolsky)" keeps its pair."""
    value = value.strip()
    while value[:1] in "（(" and (value[-1:] in "）)" or not any(c in value for c in "）)")):
        value = value[1:].rstrip("）)").strip()
    if value[-1:] in "）)" and not any(c in value for c in "（("):
        value = value[:-1].strip()
    return value


def _labelled(pattern: re.Pattern[str], lines: list[str]) -> list[str]:
    for line in lines:
        if found := [v for m in pattern.finditer(line) if (v := _usable(m["v"]))]:
            return found[:1]
    return []


def _body_source(ctx) -> list[str]:
    """Class served: the original publication named at the end of the text ("来源：新闻晨报",
    "转自《北京科技报》"), which names the article's own source where the header shows the template's
    default ("来源：转载文章")."""
    content = ctx.content
    for line in content.tail[::-1] + content.paragraphs[-2:][::-1]:
        if (m := _BODY_SOURCE.match(line)) and (value := _usable(m["v"])):
            return [value]
    return []


def _near_source(ctx) -> list[str]:
    return _labelled(_SOURCE, near_lines(ctx))


def _header_source(ctx) -> list[str]:
    """Class served: news portals that print the source after the time in the header line, unlabelled
    ("http://www.sina.net 2005年03月21日 11:21 《理财周刊》", "2022-02-13 09:57 光明网"). Only the name of a
    publication counts: forums print the poster's name at the same place ("2003-5-29 09:07 高山流水")."""
    for block in ctx.layout.before_body(_NEAR_ABOVE):
        if block.link_share >= 0.5 or not is_info_line(block.text):
            continue  # a row of links (date widget, "查看旧版") is no header line
        if (m := _AFTER_DATE.search(block.text)) and (value := _usable(m["v"])) and _PUBLICATION.search(value):
            return [value]
    return []


def _page_source(ctx) -> list[str]:
    """A 来源 label anywhere else on the page: only a Chinese name counts so far from the article."""
    found = _labelled(_SOURCE, [text for text, _ in ctx.info_texts(("来源",))])
    return [v for v in found if _CJK.search(v)]


def _meta_source(ctx) -> str | None:
    """ContentSource, unless it merely repeats the site name (templates fill it in by default)."""
    value = ctx.doc.meta_value("ContentSource", "source")
    return None if value and value == ctx.doc.meta_value("SiteName") else value


def names_in(text: str) -> str | None:
    """The names of a byline with the roles taken off: "光明日报记者 王建宏 张文攀" → "王建宏 张文攀".

    The outlet before the role ("新华网黑龙江频道 记者 伊琳 李清芬"), a dateline after the names
    ("彭冲 山东冠县报道", "发自北京") and the marks in front ("□ 本报记者 葛灵丹") are left out."""
    text = _DATELINE.sub("", text.strip("（）() □■●◆▲"))
    value = " ".join(_ROLE.sub(" ", text).split()).strip(" ：:，,、")
    if _NOT_AUTHOR.search(value):
        return None
    if not _NAMES.match(value) and (roles := list(_ROLE.finditer(text))):
        value = " ".join(text[roles[-1].end() :].split()).strip(" ：:，,、")  # the names after the last role
    return _join_spaced_name(value) if _NAMES.match(value) else None


def _join_spaced_name(value: str) -> str:
    """Two-character names padded with a space to line up with three-character ones: "赵 培" → "赵培"."""
    return _SPACED_NAME.sub(r"\1\2", value)


def _near_author(ctx) -> list[str]:
    return [_join_spaced_name(_ROLE.sub(" ", v).strip()) for v in _labelled(_AUTHOR, near_lines(ctx))]


def _byline(ctx) -> list[str]:
    """A byline line of its own around the text, or one in brackets at the start or end of the text."""
    content = ctx.content
    if name := _name_under_headline(content.head, ctx.title):
        return [name]
    above = [b.text for b in ctx.layout.before_body(3)]
    for line in content.head + above + content.tail[::-1]:
        if m := _WRITTEN_BY.search(line):
            return [m["v"]]
        if _ROLE.search(line) or line.startswith(("（", "(")):
            if value := names_in(line):
                return [value]
    paragraphs = content.paragraphs
    for paragraph in paragraphs[-1:] + paragraphs[:1]:
        for pattern in (_BRACKETED_BYLINE, _LEADING_BYLINE):
            m = pattern.search(paragraph[-60:] if pattern is _BRACKETED_BYLINE else paragraph[:60])
            if m and (value := names_in(m["v"])):
                return [value]
    return []


def _name_under_headline(head: list[str], title: str | None) -> str | None:
    """Class served: essays and reposts that print the author's name alone on the line under the repeated
    headline ("犬儒病(上)" / "胡平" / "——当代中国的精神危机")."""
    for above, line in zip(head, head[1:], strict=False):
        if same_headline(above, title) and _BARE_NAMES.match(line):
            return " ".join(line.split("、"))
    return None


def _poster(ctx) -> list[str]:
    """Blogs and forums: the name in front of "发表于" in the post's footer or header line, or the name on the
    poster's card beside the post."""
    for line in near_lines(ctx):
        if (m := _POSTED.search(line)) and (value := _usable(m["v"] or m["by"] or m["on"] or m["latin"])):
            return [value]
    return _poster_card([b.text for b in ctx.layout.before_body(_NEAR_ABOVE)][::-1])


def _poster_card(lines: list[str]) -> list[str]:
    """Class served: forums and blog platforms that show the poster on a card next to the post, a name over
    lines of level, points or counts ("cjy52191" / "级别：入学了" / "积分：235", "魑皇" / "粉丝：23文章：11")."""
    for name, below in zip(lines, lines[1:], strict=False):
        if _CARD_LINE.match(below) and (value := _usable(name)) and len(value) <= 20 and " " not in value:
            return [value]
    return []


def _page_author(ctx) -> list[str]:
    return _labelled(_AUTHOR, [text for text, _ in ctx.info_texts(("作者", "撰稿", "撰文", "执笔"))])


SOURCE_RULES: list[Rule] = [
    _profile("source"),
    _family("source"),
    ("body", _body_source),
    ("info", _near_source),
    ("header", _header_source),
    ("page", _page_source),
    ("meta", _meta_source),
]
AUTHOR_RULES: list[Rule] = [
    _profile("author"),
    _family("author"),
    ("info", _near_author),
    ("byline", _byline),
    ("poster", _poster),
    ("page", _page_author),
    _data("author"),
]
