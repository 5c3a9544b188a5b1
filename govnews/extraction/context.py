"""Everything one extraction knows: the document, the site, the listing entry, and shared lazy lookups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import lxml.html
from lxml import etree

from ..profiles.families import ARTICLE_FIELDS, FamilyPreset, detect_family, family_order
from ..profiles.families.hooks import ArticleData, family_hook
from .body import BodyContent, read_body, unlikely
from .dates import date_from_url
from .document import Document
from .layout import Layout
from .text import (
    BLOCK_TAGS,
    Segment,
    TextBlock,
    TextStats,
    Walk,
    block_texts,
    normalize_space,
    walk,
    walk_segments,
    within,
)

REGION_KEYS = ("province", "city", "district", "subdistrict", "code")
INFO_LABELS = ("来源", "时间", "日期", "作者", "记者", "撰稿", "发布")
_INFO_CONTEXT_MAX = 300


@dataclass(frozen=True)
class ListingHints:
    """What the listing page said about the entry that led here."""

    date: str | None = None
    title: str | None = None
    pinned: bool = False
    column: str | None = None


@dataclass(frozen=True)
class SiteContext:
    """The parts of a site profile extraction uses. A plain mapping of field to selector(s) also works."""

    id: str | None = None
    name: str | None = None
    family: str | None = None
    encoding: str | None = None
    region: Mapping[str, Any] = field(default_factory=dict)
    selectors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, profile: Any) -> SiteContext:
        if profile is None:
            return cls()
        if isinstance(profile, SiteContext):
            return profile
        if isinstance(profile, Mapping):
            return cls(selectors=_selector_map(profile))
        return cls(
            id=getattr(profile, "id", None),
            name=getattr(profile, "name", None),
            family=getattr(profile, "family", None),
            encoding=getattr(profile, "encoding", None),
            region=dict(getattr(profile, "region", {}) or {}),
            selectors=_selector_map(getattr(profile, "article_selectors", {}) or {}),
        )


def _selector_map(raw: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    unknown = sorted(set(raw) - set(ARTICLE_FIELDS))
    if unknown:
        raise ValueError(f"unknown article field(s) in selectors: {', '.join(unknown)}; expected {', '.join(ARTICLE_FIELDS)}")
    return {k: (v,) if isinstance(v, str) else tuple(v) for k, v in raw.items()}


class ExtractionContext:
    def __init__(self, doc: Document, site: SiteContext, hints: ListingHints | None) -> None:
        self.doc = doc
        self.site = site
        self.hints = hints or ListingHints()
        self.fetched_at = doc.page.fetched_at
        self.family_id = site.family or detect_family(doc.has_marker) or "generic"
        self.families: list[FamilyPreset] = family_order(self.family_id)
        self.body_rule: str | None = None
        self.title: str | None = None
        self.title_rule: str | None = None
        self.warnings: list[str] = []
        self._label_texts: dict[tuple[str, ...], list[str]] = {}
        self._texts: dict[etree._Element, str] = {}

    def own_selectors(self, field_name: str) -> tuple[str, ...]:
        """Selectors of the page's own family, then the generic ones (not every family's)."""
        primary = [f for f in self.families[:1] if f.id != "generic"]
        return tuple(s for f in primary + [self.families[-1]] for s in f.selectors(field_name))

    def hook(self, name: str):
        return family_hook(self.family_id, name)

    @cached_property
    def data(self) -> ArticleData | None:
        hook = self.hook("article_data")
        return hook(self.doc) if hook else None

    @cached_property
    def page(self) -> Walk:
        """The one walk over the whole page: its text blocks, where each element's are, and the density counts."""
        root = self.doc.root
        if not isinstance(root, etree._Element):
            return Walk([], {}, TextStats())
        return walk(root, uncounted=unlikely)

    @cached_property
    def body(self) -> etree._Element | None:
        from .bodyrules import find_body  # late import: body rules use this context

        element, self.body_rule = find_body(self)
        return element

    @cached_property
    def layout(self) -> Layout:
        return Layout(self.page, self.body)

    @cached_property
    def hint_day(self) -> date | None:
        """A day the URL states: it settles which of ``06/02/2022``'s readings the page means."""
        found = date_from_url(self.doc.page.url, self.fetched_at)
        return found.day if found else None

    @cached_property
    def site_names(self) -> set[str]:
        return {n for n in (self.site.name, self.doc.meta_value("SiteName"), self.doc.meta_value("og:site_name")) if n}

    def outside_body(self, el: etree._Element) -> bool:
        body = self.body
        return body is None or not within(el, body)

    @cached_property
    def named_info_texts(self) -> list[str]:
        """Texts of the elements the profile's and family's ``info`` selectors name."""
        texts: list[str] = []
        for selector in self.site.selectors.get("info", ()) + self.own_selectors("info"):
            for el in self.doc.query(selector):
                if isinstance(el, etree._Element) and self.outside_body(el):
                    texts.append(self.text_of(el))
        return [t for t in dict.fromkeys(texts) if t]

    def text_of(self, el: etree._Element) -> str:
        """An element's visible text, lines joined by spaces: a slice of the page walk for a block element,
        else a walk of the element alone (an inline element shares its line with its neighbours)."""
        if el not in self._texts:
            span = self.page.span(el) if el.tag in BLOCK_TAGS else None
            if span is not None:
                blocks = [s.text for s in self.page.segments[span[0] : span[1]] if isinstance(s, TextBlock)]
                self._texts[el] = normalize_space(" ".join(blocks))
            else:
                self._texts[el] = normalize_space(" ".join(block_texts(el)))
        return self._texts[el]

    def label_info_texts(self, labels: tuple[str, ...]) -> list[str]:
        """The lines outside the body that hold any of ``labels``: the info line wherever it is (a table row of
        label and value cells is one line)."""
        if labels not in self._label_texts:
            layout = self.layout
            first, last = layout.body_first, layout.body_last
            inside = range(first, last + 1) if first is not None and last is not None else range(0)
            texts = [
                block.text[:_INFO_CONTEXT_MAX] for i, block in enumerate(layout.blocks)
                if i not in inside and any(label in block.text for label in labels)
            ]
            named = set(self.named_info_texts)
            self._label_texts[labels] = [t for t in dict.fromkeys(texts) if t not in named]
        return self._label_texts[labels]

    def info_texts(self, labels: tuple[str, ...] = INFO_LABELS):
        """``(text, named_by_selector)`` pairs; the page-wide label scan runs only if a rule reads that far."""
        for text in self.named_info_texts:
            yield text, True
        for text in self.label_info_texts(labels):
            yield text, False

    @cached_property
    def content(self) -> BodyContent:
        body = self.body
        if body is None:
            return BodyContent()
        selectors = self.site.selectors.get("remove", ()) + self.own_selectors("remove")
        removed = [el for selector in selectors for el in self.doc.query_within(selector, body)]
        return read_body(self._body_segments(body, removed), self.doc.absolute, self.title)

    def _body_segments(self, body: etree._Element, removed: list[etree._Element]) -> list[Segment]:
        """The body's segments: a slice of the page walk when its lines are the body's own and what is removed
        from it are blocks (a block's lines begin and end with it); else a walk of the body alone."""
        span = self.page.own_span(body)
        if span is None or any(el.tag not in BLOCK_TAGS for el in removed):
            return walk_segments(body, removed)
        cut = {i for el in removed if (gone := self.page.span(el)) for i in range(*gone)}
        segments = [s for i, s in enumerate(self.page.segments[span[0] : span[1]], span[0]) if i not in cut]
        if body.tag not in BLOCK_TAGS and not all(_held_by(s, body) for s in segments):
            # text straight inside a table cell is held by the row in the page walk, by the cell in its own
            return walk_segments(body, removed)
        return segments

    @property
    def paragraphs(self) -> list[str]:
        return self.content.paragraphs

    def fragment_root(self, html: str) -> etree._Element:
        return lxml.html.fragment_fromstring(html, create_parent="div")


def _held_by(segment: Segment, body: etree._Element) -> bool:
    if not isinstance(segment, TextBlock):
        return True
    el = segment.element
    return el is not None and within(el, body)
