"""Rules for the text fields (title, subtitle, source, author), most specific evidence first.

Each rule is ``(name, function(ctx) -> candidate values)``. The loader's input processors
reject unusable candidates (a CMS account as author, an empty string), and the first rule
whose candidates survive wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .headline import clean_meta_title, matching_headline, positional_headline, references, title_parts
from .text import element_text, normalize_space

Rule = tuple[str, Callable]

# A value ends where the next label (with its colon), a bracket, a widget word or a date begins.
_LABEL_STOP = (
    r"(?=\s*(?:(?:信息)?来源|作者|撰稿人?|通讯员|摄影|发布时间|发布日期|发稿时间|更新时间|时间|日期|浏览次数|浏览量|"
    r"阅读|点击|访问量|字号|字体|责任编辑|编辑|审核|校对)\s*[:：]|\s*(?:【|\[|\||｜|打印|分享|浏览次数|点击数|"
    r"(?:19|20)\d{2}\s*[-/.年])|$)"
)
_SOURCE = re.compile(r"(?:信息)?来源\s*[:：]\s*(?P<v>.*?)\s*" + _LABEL_STOP)
_AUTHOR = re.compile(r"(?:作者|撰稿人?|撰文|记者)\s*[:：]\s*(?P<v>.*?)\s*" + _LABEL_STOP)
_BODY_SOURCE = re.compile(r"^[（(【\[]?\s*(?:信息)?来源\s*[:：]\s*(?P<v>[^）)】\]]{2,40})[）)】\]]?$")
_BYLINE = re.compile(
    r"[（(]\s*[^（）()]{0,12}?(?:(?:记者|通讯员|作者|撰稿)\s*[:：/]?|文\s*[:：/])\s*"
    r"(?P<v>[\u4e00-\u9fff·][\u4e00-\u9fff·\s、，,]{1,40}?)\s*[）)]"
)
_LEAD_BYLINE = re.compile(r"^(?:文|撰稿|作者)\s*[/:：]\s*(?P<v>[\u4e00-\u9fff·]{2,4}(?:[\s、][\u4e00-\u9fff·]{2,4})*)")


def selected_texts(ctx, selectors) -> list[str]:
    """Texts of the first selector that matches something non-empty."""
    for selector in selectors:
        texts = []
        for found in ctx.doc.query(selector):
            text = element_text(found) if isinstance(found, etree._Element) else normalize_space(str(found))
            if text:
                texts.append(text)
        if texts:
            return texts
    return []


def _profile(field_name: str) -> Rule:
    return ("profile", lambda ctx: selected_texts(ctx, ctx.site.selectors.get(field_name, ())))


def _family(field_name: str) -> Rule:
    return ("family", lambda ctx: selected_texts(ctx, ctx.own_selectors(field_name))[:1])


def _meta(*names: str) -> Rule:
    return ("meta", lambda ctx: ctx.doc.meta_value(*names))


def _labelled(pattern: re.Pattern[str], labels: tuple[str, ...]) -> Callable:
    def rule(ctx) -> list[str]:
        for text, _ in ctx.info_texts(labels):
            if found := [m["v"] for m in pattern.finditer(text) if m["v"]]:
                return found
        return []

    return rule


def _meta_title(ctx) -> str | None:
    return clean_meta_title(ctx.doc.meta_value("ArticleTitle"))


def _page_family(field_name: str) -> Rule:
    """The page's own CMS family's selectors (the generic ones are checked by place, see ``_generic_title``)."""
    def rule(ctx) -> list[str]:
        primary = [f for f in ctx.families[:1] if f.id != "generic"]
        return selected_texts(ctx, tuple(s for f in primary for s in f.selectors(field_name)))[:1]

    return ("family", rule)


def _headline(ctx) -> str | None:
    return matching_headline(ctx.layout, references(ctx.doc), ctx.site_names)


def _generic_title(ctx) -> str | None:
    """A title-class element of no particular CMS, taken only above the body: related-article lists
    and recommendation boxes use the same class names below it."""
    layout = ctx.layout
    for selector in ctx.families[-1].selectors("title"):
        for el in ctx.doc.query(selector):
            if not isinstance(el, etree._Element) or not (text := element_text(el)):
                continue
            where = layout.index_of(el)
            if where is not None and (layout.body_first is None or where < layout.body_first + 2):
                return text
    return None


def _positional(ctx) -> str | None:
    return positional_headline(ctx.layout, ctx.site_names)


def _title_tag(ctx) -> str | None:
    """<title> is often ``headline_column_site``: keep the longest part that is not the site or column."""
    noise = ctx.site_names | {ctx.doc.meta_value("ColumnName")}
    parts = [p for p in title_parts(ctx.doc.title_tag) if p not in noise]
    return max(parts, key=len) if parts else None


def _body_source(ctx) -> list[str]:
    paragraphs = ctx.paragraphs
    return [m["v"] for p in paragraphs[-2:] if (m := _BODY_SOURCE.match(p))]


def _meta_source(ctx) -> str | None:
    """ContentSource, unless it merely repeats the site name (templates fill it in by default)."""
    value = ctx.doc.meta_value("ContentSource", "source")
    return None if value and value == ctx.doc.meta_value("SiteName") else value


def _byline(ctx) -> list[str]:
    paragraphs = ctx.paragraphs
    found = []
    for p in paragraphs[:2] + paragraphs[-2:]:
        found += [m["v"] for m in _BYLINE.finditer(p[:200])]
        if m := _LEAD_BYLINE.match(p):
            found.append(m["v"])
    return found


def _data(attr: str) -> Rule:
    return ("data", lambda ctx: getattr(ctx.data, attr, None) if ctx.data else None)


TITLE_RULES: list[Rule] = [
    _profile("title"),
    ("meta", _meta_title),
    _page_family("title"),
    _data("title"),
    ("headline", _headline),
    ("generic", _generic_title),
    ("positional", _positional),
    ("title_tag", _title_tag),
]
SUBTITLE_RULES: list[Rule] = [_profile("subtitle"), _meta("Subtitle"), _family("subtitle")]
SOURCE_RULES: list[Rule] = [
    _profile("source"),
    _family("source"),
    ("info", _labelled(_SOURCE, ("来源",))),
    ("meta", _meta_source),
    ("body", _body_source),
]
AUTHOR_RULES: list[Rule] = [
    _profile("author"),
    _family("author"),
    ("info", _labelled(_AUTHOR, ("作者", "撰稿", "撰文", "记者"))),
    ("byline", _byline),
    _data("author"),
]
