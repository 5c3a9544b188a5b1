"""Extraction: a fetched page (plus profile and listing hints) in, one article record out."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import UTC
from typing import Any

from ..record.cleaning import nfkc
from ..record.ids import article_id, canonicalize
from ..record.item import empty_region
from ..record.loader import ArticleLoader
from .bodyrules import NO_ARTICLE
from .context import ExtractionContext, ListingHints, SiteContext
from .credits import AUTHOR_RULES, SOURCE_RULES
from .document import Document, Page
from .encoding import looks_garbled
from .fields import SUBTITLE_RULES, TITLE_RULES, selected_texts
from .media import collect_attachments
from .published import resolve_published
from .tags import keyword_tags


@dataclass
class FieldTrace:
    """Which rule produced a field, and every rule tried on the way (for ``govnews selftest``)."""

    rule: str | None
    tried: list[str] = field(default_factory=list)


def extract_article(page: Page, profile: Any = None, hints: ListingHints | None = None) -> dict[str, Any]:
    """The article record of one page. Pure: the same inputs always give the same record."""
    return extract_with_trace(page, profile, hints)[0]


def extract_with_trace(
    page: Page, profile: Any = None, hints: ListingHints | None = None
) -> tuple[dict[str, Any], dict[str, FieldTrace]]:
    site = SiteContext.of(profile)
    ctx = ExtractionContext(Document(page, site.encoding), site, hints)
    ctx.warnings = list(ctx.doc.warnings)
    loader = ArticleLoader()
    trace: dict[str, FieldTrace] = {}
    if ctx.body is None and ctx.body_rule == NO_ARTICLE:
        return _no_article(loader, ctx, trace)

    ctx.title = _resolve(loader, "title", TITLE_RULES, ctx, trace)
    ctx.title_rule = trace["title"].rule
    subtitle = _resolve(loader, "subtitle", SUBTITLE_RULES, ctx, trace)
    if subtitle and subtitle == ctx.title:
        loader.replace_value("subtitle", None)
    _resolve(loader, "source", SOURCE_RULES, ctx, trace)
    _resolve(loader, "author", AUTHOR_RULES, ctx, trace)

    paragraphs = ctx.paragraphs
    loader.add_value("paragraphs", paragraphs)
    trace["paragraphs"] = FieldTrace(ctx.body_rule, ["profile", "family", "data", "generic:container", "generic:density"])
    loader.add_value("images", [{"url": i.url, "caption": i.caption} for i in ctx.content.images])
    loader.add_value("attachments", collect_attachments(ctx))

    published = resolve_published(ctx)
    trace["published"] = FieldTrace(published.rule, published.tried)
    if published.date:
        loader.add_value("published", published.date.iso())
        loader.add_value("published_raw", published.raw)
        loader.add_value("published_source", published.source)
    ctx.warnings += published.warnings

    loader.add_value("tags", keyword_tags(ctx.title, paragraphs))
    loader.add_value("page_tags", _page_tags(ctx))
    loader.add_value("content_hash", content_hash(ctx.title, paragraphs))
    _add_identity(loader, ctx)
    loader.add_value("warnings", _warnings(ctx, paragraphs))
    return asdict(loader.load_item()), trace


def _no_article(loader: ArticleLoader, ctx, trace: dict[str, FieldTrace]) -> tuple[dict[str, Any], dict[str, FieldTrace]]:
    """An error or no-permission page: no title, text, date or credits, only the page's identity."""
    for name in ("title", "subtitle", "source", "author", "paragraphs", "published"):
        trace[name] = FieldTrace(NO_ARTICLE, [NO_ARTICLE])
    loader.add_value("content_hash", content_hash(None, []))
    _add_identity(loader, ctx)
    loader.add_value("warnings", ctx.warnings + ["no_article", "empty_body", "title_missing"])
    return asdict(loader.load_item()), trace


def _resolve(loader: ArticleLoader, name: str, rules, ctx, trace) -> Any:
    tried: list[str] = []
    for rule_name, rule in rules:
        tried.append(rule_name)
        candidates = rule(ctx)
        if not candidates:
            continue
        loader.add_value(name, candidates)
        if loader.get_collected_values(name):
            if rule_name == "family":
                rule_name = tried[-1] = f"family:{ctx.family_id}"
            trace[name] = FieldTrace(rule_name, tried)
            return loader.get_output_value(name)
    trace[name] = FieldTrace(None, tried)
    return None


def _page_tags(ctx) -> list[str]:
    tags = []
    if keywords := ctx.doc.meta_value("Keywords"):
        tags.append(keywords)
    tags += selected_texts(ctx, ctx.site.selectors.get("tags", ()) + ctx.own_selectors("tags"))
    return tags


def _add_identity(loader: ArticleLoader, ctx) -> None:
    page, site, doc = ctx.doc.page, ctx.site, ctx.doc
    loader.add_value("id", article_id(page.url))
    loader.add_value("url", page.url)
    loader.add_value("canonical_url", canonicalize(page.url))
    loader.add_value("site", site.id)
    loader.add_value("site_name", site.name or doc.meta_value("SiteName"))
    loader.add_value("column", ctx.hints.column or doc.meta_value("ColumnName"))
    region = empty_region()
    region.update({k: v for k, v in site.region.items() if k in region})
    loader.replace_value("region", region)  # replaces the item's default (itemloaders < 1.4 collects it first)
    fetched = page.fetched_at if page.fetched_at.tzinfo else page.fetched_at.replace(tzinfo=UTC)
    loader.add_value("fetched_at", fetched.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _warnings(ctx, paragraphs: list[str]) -> list[str]:
    warnings = list(ctx.warnings)
    if not paragraphs:
        warnings.append("empty_body")
    if not ctx.title:
        warnings.append("title_missing")
    elif ctx.title_rule == "title_tag":
        warnings.append("title_from_title_tag")
    if not any(w.startswith("garbled_text") for w in warnings):
        warnings += looks_garbled("\n".join([ctx.title or ""] + paragraphs))
    return warnings


def content_hash(title: str | None, paragraphs: list[str]) -> str:
    """sha256 of the normalised title and paragraphs only: counters and chrome never change it."""
    parts = [title or ""] + paragraphs
    normalised = "\n".join(" ".join(nfkc(p).split()) for p in parts)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
