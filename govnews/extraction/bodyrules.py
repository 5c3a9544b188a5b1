"""Which element is the article body: profile, family hook, family selectors, page data, generic finders."""

from __future__ import annotations

import re

from lxml import etree

from .body import densest_element
from .text import TextBlock

GENERIC_CONTAINER = "generic:container"
NO_ARTICLE = "no_article"
# Class served: error and no-permission pages served with status 200 (a forum's 错误信息 page, 帖子不存在,
# 没有权限): a short message where the article would be. Such a page has no article.
_ERROR_PAGE = re.compile(
    r"发生错误|出错了|错误信息|错误提示|页面不存在|页面未找到|找不到(?:该|此)?页面|"
    r"(?:帖子|主题|文章|信息|内容)(?:不存在|已被删除|已删除|已被屏蔽)|没有权限|无权(?:访问|查看|浏览)|权限不足|"
    r"404\s*not\s*found|page\s+not\s+found",
    re.I,
)
_ERROR_TEXT_MAX = 300


_MIN_CONTAINER_CHARS = 20


def _has_content(el: etree._Element) -> bool:
    return bool("".join(el.itertext()).strip()) or el.find(".//img") is not None


def _has_text(el: etree._Element) -> bool:
    """Enough text to be a body: CMS class names also mark empty placeholders and one-line widgets."""
    return len("".join("".join(el.itertext()).split())) >= _MIN_CONTAINER_CHARS or el.find(".//img") is not None


def find_body(ctx) -> tuple[etree._Element | None, str | None]:
    element, rule = _container(ctx)
    if element is not None and _error_message(ctx, element):
        return None, NO_ARTICLE
    return element, rule


def _error_message(ctx, element: etree._Element) -> bool:
    span = ctx.page.span(element)
    if span is None:
        return False
    lines: list[str] = []
    size = -1  # the length of the lines joined by spaces
    for segment in ctx.page.segments[span[0] : span[1]]:
        if isinstance(segment, TextBlock):
            lines.append(segment.text)
            size += len(segment.text) + 1
            if size > _ERROR_TEXT_MAX:
                return False  # an article, not a message
    text = " ".join(lines)
    return bool(_ERROR_PAGE.search(text) or _ERROR_PAGE.search(ctx.doc.title_tag))


def _container(ctx) -> tuple[etree._Element | None, str | None]:
    doc = ctx.doc
    if not isinstance(doc.root, etree._Element):
        return None, None
    found = doc.first_element(list(ctx.site.selectors.get("body", ())))
    if found:
        return found[1], "profile"
    hook = ctx.hook("article_body")
    if hook and (el := hook(doc)) is not None:
        return el, f"family:{ctx.family_id}:hook"
    for family in ctx.families[:-1]:
        found = doc.first_element(list(family.selectors("body")))
        if found:
            if not _has_content(found[1]) and (data_body := _data_body(ctx)) is not None:
                return data_body, "data"
            if family.id == ctx.family_id or _has_text(found[1]):
                return found[1], f"family:{family.id}"
    if (data_body := _data_body(ctx)) is not None:
        return data_body, "data"
    found = doc.first_element(list(ctx.families[-1].selectors("body")))
    if found and _has_text(found[1]):
        return found[1], GENERIC_CONTAINER
    el = densest_element(ctx.page.stats)
    return (el, "generic:density") if el is not None else (None, None)


def _data_body(ctx) -> etree._Element | None:
    data = ctx.data
    if data is None or not data.body_html:
        return None
    return ctx.fragment_root(data.body_html)
