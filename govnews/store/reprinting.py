"""Linking a stored record to the article of another site it reprints (the same 通稿): for every run that
stores records, a crawl's pipeline and a reparse alike."""

from __future__ import annotations

from typing import Any

from ..record import reprints
from .base import Store
from .types import Outcome

CHANGED = ("new", "updated")  # outcomes whose content is new to the store: their reprint link is looked for again


def reprint_link(store: Store, outcome: Outcome, record: dict[str, Any],
                 threshold: float = reprints.REPRINT_THRESHOLD) -> tuple[str | None, bool]:
    """The record's ``duplicate_of`` after storing it, and whether a link was found just now."""
    if outcome.kind in CHANGED:
        found = _reprint_of(store, outcome.article_id, record, threshold)
        return found, found is not None
    return (store.article(outcome.article_id) or {}).get("duplicate_of"), False


def _reprint_of(store: Store, article_id: str, record: dict[str, Any], threshold: float) -> str | None:
    """The most similar article of another site, when similar enough to be the same 通稿."""
    signature = reprints.signature(record.get("title"), record.get("paragraphs") or [])
    if signature is None:
        return None
    bands = reprints.bands(signature)
    best, best_score = None, threshold
    for candidate, _site, packed in store.signature_candidates(bands, record["site"]):
        score = reprints.similarity(signature, reprints.unpack(packed))
        if candidate != article_id and score >= best_score:
            best, best_score = candidate, score
    store.add_signature(article_id, record["site"], bands, reprints.pack(signature))
    store.set_duplicate_of(article_id, best)
    return best
