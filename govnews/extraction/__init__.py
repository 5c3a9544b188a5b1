"""Pure article extraction: page bytes, headers, URL, profile and fetch time in; a record out.

The public names are imported lazily so that helper modules (``text``, ``tags``, ``dates``) can
be used by the item loader without importing the whole extractor.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "FieldTrace": "article", "content_hash": "article", "extract_article": "article", "extract_with_trace": "article",
    "ListingHints": "context", "SiteContext": "context", "Page": "document",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
