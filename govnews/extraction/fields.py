"""Rules for the text fields (title, subtitle, source, author), most specific evidence first.

Each rule is ``(name, function(ctx) -> candidate values)``. The loader's input processors
reject unusable candidates (a CMS account as author, an empty string), and the first rule
whose candidates survive wins.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from .headline import clean_meta_title, matching_headline, positional_headline, references, title_parts
from .text import normalize_space

Rule = tuple[str, Callable]

def selected_texts(ctx, selectors) -> list[str]:
    """Texts of the first selector that matches something non-empty."""
    for selector in selectors:
        texts = []
        for found in ctx.doc.query(selector):
            text = ctx.text_of(found) if isinstance(found, etree._Element) else normalize_space(str(found))
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
            if not isinstance(el, etree._Element) or not (text := ctx.text_of(el)):
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


def _data(attr: str) -> Rule:
    return ("data", lambda ctx: getattr(ctx.data, attr, None) if ctx.data else None)


TITLE_RULES: list[Rule] = [
    _profile("title"),
    ("meta", _meta_title),
    _page_family("title"),
    _data("title"),
    ("headline", _headline),
    ("positional", _positional),
    ("generic", _generic_title),
    ("title_tag", _title_tag),
]
SUBTITLE_RULES: list[Rule] = [_profile("subtitle"), _meta("Subtitle"), _family("subtitle")]
