"""Stats keys (``govnews/...``) and the per-site summary built from them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

COUNTS = ("listing_pages", "article_pages", "articles", "new", "updated", "unchanged", "duplicate_urls", "gone", "blocked",
          "errors")
# Kept per run and site too (the store's site counts), for the health comparison with earlier runs.
HEALTH_COUNTS = ("entries", "field_title", "field_published", "field_source", "field_paragraphs")
COVERAGE_FIELDS = ("title", "published", "source", "paragraphs")


def site_key(site: str, name: str) -> str:
    return f"govnews/site/{site}/{name}"


def column_key(site: str, column: str, name: str) -> str:
    return f"govnews/site/{site}/column/{column}/{name}"


def site_summary(stats: Mapping[str, Any], site: str) -> dict[str, Any]:
    """Counts of one site, its blocked columns by kind, and its error reasons."""
    prefix = f"govnews/site/{site}/"
    summary: dict[str, Any] = {name: int(stats.get(prefix + name, 0)) for name in COUNTS + HEALTH_COUNTS}
    columns: dict[str, dict[str, int]] = {}
    errors: dict[str, int] = {}
    for key, value in stats.items():
        if not key.startswith(prefix):
            continue
        rest = key[len(prefix):]
        if rest.startswith("column/") and "/blocked/" in rest:
            column, _, kind = rest[len("column/"):].rpartition("/blocked/")
            columns.setdefault(column, {})[kind] = int(value)
        elif rest.startswith("error/"):
            errors[rest[len("error/"):]] = int(value)
    summary["blocked_columns"] = columns
    summary["error_reasons"] = errors
    return summary


def totals(sites: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
    return {name: sum(int(s.get(name, 0)) for s in sites.values()) for name in COUNTS}
