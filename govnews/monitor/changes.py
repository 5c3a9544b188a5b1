"""What changed between two runs, per article: new, updated (with a paragraph diff), removed.

Everything comes from the store, so a diff works for any two runs, however long ago, and for
runs whose folders were deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from ..store import Store
from .model import Change

_KIND_ORDER = {"new": 0, "updated": 1, "removed": 2}
_SUMMARY_FIELDS = ("id", "url", "title", "site", "column", "published")


def runs_between(store: Store, from_run: str | None, to_run: str) -> list[str]:
    """Run ids after ``from_run`` up to and including ``to_run``, oldest first."""
    ids = sorted(r.run_id for r in store.runs())
    return [r for r in ids if (from_run is None or r > from_run) and r <= to_run]


def previous_run(store: Store, run_id: str) -> str | None:
    """The newest finished run before ``run_id``."""
    earlier = [r.run_id for r in store.runs() if r.run_id < run_id and r.finished_at]
    return max(earlier, default=None)


def paragraph_diff(old: Sequence[str], new: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Paragraphs taken out of ``old`` and put into ``new``, in reading order."""
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, list(old), list(new), autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed += old[i1:i2]
        if tag in ("replace", "insert"):
            added += new[j1:j2]
    return tuple(removed), tuple(added)


def changes_between(store: Store, from_run: str | None, to_run: str, sites: Iterable[str] | None = None) -> list[Change]:
    """Every article that changed in the runs after ``from_run`` up to ``to_run``, one change each."""
    wanted = set(sites) if sites else None
    runs = runs_between(store, from_run, to_run)
    touched: dict[str, tuple[str, dict]] = {}  # article id -> (kind, summary of the latest record)
    removed: dict[str, tuple[dict, str]] = {}  # article id -> (record, reason)
    for run in runs:
        for kind, record in store.records_changed_in_run(run):
            first = touched.get(record["id"], (kind,))[0]
            touched[record["id"]] = ("new" if "new" in (first, kind) else "updated", _summary(record))
        for record in store.gone_in_run(run):
            info = store.url_info(record["url"])
            removed[record["id"]] = (record, f"http_{info.last_status}" if info and info.last_status.isdigit() else "gone")
        for _site, _column, url in store.delisted_in_run(run):
            info = store.url_info(url)
            if info and info.article_id and info.article_id not in removed and (current := store.article(info.article_id)):
                removed[info.article_id] = (current, "delisted")
    changes = [_removal(record, reason) for record, reason in removed.values()]
    for article_id, (kind, record) in touched.items():
        if article_id in removed:
            continue
        if kind == "updated":
            changes.append(_update(store, record, from_run, to_run))
        else:
            changes.append(_change("new", record))
    changes = [c for c in changes if wanted is None or c.site in wanted]
    return sorted(changes, key=lambda c: (c.site, c.column or "", _KIND_ORDER[c.kind], _desc(c.published), c.id))


def _desc(published: str | None) -> str:
    """Newest first inside a group: sort on the complement of the date string."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in (published or ""))


def _change(kind: str, record: dict, **extra) -> Change:
    return Change(kind=kind, id=record["id"], url=record["url"], title=record.get("title"), site=record.get("site") or "",
                  column=record.get("column"), published=record.get("published"), **extra)


def _removal(record: dict, reason: str) -> Change:
    return _change("removed", record, reason=reason)


def _summary(record: dict) -> dict:
    """What a change says about an article: a whole record per article would not fit a backfill in memory."""
    return {key: record.get(key) for key in _SUMMARY_FIELDS}


def _update(store: Store, summary: dict, from_run: str | None, to_run: str) -> Change:
    versions = store.article_versions(summary["id"])
    upto = [v for v in versions if v.first_run <= to_run] or versions
    before = [v for v in upto if from_run is not None and v.first_run <= from_run] or upto[:-1]
    old = before[-1].record.get("paragraphs", []) if before else []
    removed, added = paragraph_diff(old, upto[-1].record.get("paragraphs", []))
    return _change("updated", summary, paragraphs_removed=removed, paragraphs_added=added)
