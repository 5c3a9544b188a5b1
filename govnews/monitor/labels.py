"""Display text shared by the report page, its Markdown twin and the webhook summary."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from govnews.monitor.model import COVERAGE_FIELDS, Change, SiteHealth

COUNT_LABELS = {
    "listing_pages": "listing pages",
    "article_pages": "article pages",
    "articles": "articles",
    "new": "new",
    "updated": "updated",
    "unchanged": "unchanged",
    "gone": "gone",
    "blocked": "blocked",
    "errors": "errors",
}
COVERAGE_LABELS = {field: field for field in COVERAGE_FIELDS}
KIND_LABELS = {"new": "New", "updated": "Updated", "removed": "Removed"}
REASON_LABELS = {
    "http_404": "HTTP 404 (not found)",
    "http_410": "HTTP 410 (gone)",
    "delisted": "no longer listed",
}
NO_COLUMN = "(no column)"
UNTITLED = "(untitled)"

# C0 controls other than tab/newline/CR are invalid in XML and parse errors in HTML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


def clean(text: object) -> str:
    """Page text for display: control characters dropped, whitespace runs folded."""
    return _SPACE.sub(" ", _CONTROL.sub("", str(text))).strip()


def title_of(change: Change) -> str:
    return clean(change.title) if change.title and clean(change.title) else UNTITLED


def reason_text(reason: str | None) -> str:
    if not reason:
        return "removed"
    return REASON_LABELS.get(reason, clean(reason))


def short_date(value: str | None) -> str:
    """`2026-11-27T10:30:00+08:00` -> `2026-11-27 10:30`; a day stays a day; None -> ``."""
    if not value:
        return ""
    match = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?", value)
    if not match:
        return clean(value)
    return f"{match[1]} {match[2]}" if match[2] else match[1]


def share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def count(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def blocked_lines(health: SiteHealth) -> list[str]:
    """One line per blocked column: `街道动态: ruishu ×2`."""
    lines = []
    for column, kinds in health.blocked_columns.items():
        parts = ", ".join(f"{clean(kind)} ×{n}" for kind, n in kinds.items())
        lines.append(f"{clean(column) or NO_COLUMN}: {parts}")
    return lines


def is_blocked(health: SiteHealth) -> bool:
    return bool(health.blocked_columns) or bool(health.counts.get("blocked"))


def has_history(health: SiteHealth) -> bool:
    return any(value is not None for value in health.baseline.values())


def group_changes(changes: Iterable[Change], sites: list[str]) -> dict[str, dict[str | None, dict[str, list[Change]]]]:
    """site -> column -> kind -> changes, sites in the given order, columns in first-seen order."""
    grouped: dict[str, dict[str | None, dict[str, list[Change]]]] = {}
    by_site: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_site[change.site].append(change)
    for site in sites + [s for s in by_site if s not in sites]:
        if site not in by_site:
            continue
        columns: dict[str | None, dict[str, list[Change]]] = {}
        for change in by_site[site]:
            kinds = columns.setdefault(change.column, {"new": [], "updated": [], "removed": []})
            kinds.setdefault(change.kind, []).append(change)
        grouped[site] = columns
    return grouped


def totals(changes: Iterable[Change]) -> dict[str, int]:
    result = {"new": 0, "updated": 0, "removed": 0}
    for change in changes:
        result[change.kind] = result.get(change.kind, 0) + 1
    return result


def site_totals(changes: Iterable[Change]) -> Mapping[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = defaultdict(lambda: {"new": 0, "updated": 0, "removed": 0})
    for change in changes:
        result[change.site][change.kind] = result[change.site].get(change.kind, 0) + 1
    return result
