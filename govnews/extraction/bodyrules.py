"""Which element is the article body: profile, family hook, family selectors, page data, generic finders."""

from __future__ import annotations

from lxml import etree

from .body import densest_element

GENERIC_CONTAINER = "generic:container"


_MIN_CONTAINER_CHARS = 20


def _has_content(el: etree._Element) -> bool:
    return bool("".join(el.itertext()).strip()) or el.find(".//img") is not None


def _has_text(el: etree._Element) -> bool:
    """Enough text to be a body: CMS class names also mark empty placeholders and one-line widgets."""
    return len("".join("".join(el.itertext()).split())) >= _MIN_CONTAINER_CHARS or el.find(".//img") is not None


def find_body(ctx) -> tuple[etree._Element | None, str | None]:
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
