"""CMS family presets: the selectors a family's sites share, declared in TOML, plus optional quirk hooks.

A preset file ``<family>.toml`` holds ``markers`` (page features that suggest the family, see
:func:`detect_family`) and an ``[article]`` table of selector lists per field. A site profile states only what
differs. Quirks no selector can express live in ``govnews/profiles/families/<family>.py`` hooks
(see :mod:`govnews.profiles.families.hooks`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

FAMILIES = ("trs", "hanweb", "ucap", "vsb", "platform", "generic")
# When a page shows no family marker, try families in this order (most common first).
_FALLBACK_ORDER = ("trs", "hanweb", "ucap", "vsb", "platform")
# When detecting, check the most distinctive markers first.
_DETECT_ORDER = ("platform", "hanweb", "vsb", "ucap", "trs")

ARTICLE_FIELDS = ("title", "subtitle", "published", "source", "author", "body", "info", "tags", "attachments", "remove")


@dataclass(frozen=True)
class FamilyPreset:
    id: str
    name: str
    markers: tuple[str, ...] = ()
    article: dict[str, tuple[str, ...]] = field(default_factory=dict)
    listing: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def selectors(self, field_name: str) -> tuple[str, ...]:
        return self.article.get(field_name, ())

    def listing_selectors(self, field_name: str) -> tuple[str, ...]:
        return self.listing.get(field_name, ())


@cache
def load_family(family_id: str) -> FamilyPreset:
    if family_id not in FAMILIES:
        raise KeyError(f"unknown CMS family {family_id!r}; expected one of {', '.join(FAMILIES)}")
    raw = tomllib.loads(resources.files(__package__).joinpath(f"{family_id}.toml").read_text("utf-8"))
    article = {k: tuple(v) for k, v in raw.get("article", {}).items()}
    listing = {k: tuple(v) for k, v in raw.get("listing", {}).items()}
    return FamilyPreset(raw["id"], raw["name"], tuple(raw.get("markers", ())), article, listing)


def detect_family(has_marker: Callable[[str], bool]) -> str | None:
    """The family one of whose markers the page has (most distinctive family first).

    Markers are ``class:NAME``, ``id:NAME``, ``meta:NAME``, ``tag:NAME``, ``script:TEXT`` or
    ``comment:TEXT``; ``has_marker`` answers them from the parsed page.
    """
    for family_id in _DETECT_ORDER:
        if any(has_marker(m) for m in load_family(family_id).markers):
            return family_id
    return None


def family_order(primary: str | None) -> list[FamilyPreset]:
    """The presets to try, the page's own family first, generic last."""
    order = [primary] if primary and primary != "generic" else []
    order += [f for f in _FALLBACK_ORDER if f not in order]
    return [load_family(f) for f in order] + [load_family("generic")]
