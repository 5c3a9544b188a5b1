"""Per-family quirk hooks: the documented entry points a family module may define.

A family module ``govnews/profiles/families/<family>.py`` may define any of:

``article_body(doc) -> lxml element | None``
    The body container when no selector can name it (e.g. Hanweb's comment markers).
``article_data(doc) -> ArticleData | None``
    Structured article data embedded in the page (e.g. the platform's ARTICLE_DETAIL JSON).

Hooks are pure functions of the parsed document, like the rest of extraction.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any


@dataclass
class ArticleData:
    """What a page's embedded data says about its article; every part optional."""

    title: str | None = None
    author: str | None = None
    published: Any = None  # a timestamp or date string, parsed by extraction
    body_html: str | None = None
    images: list[tuple[str, str | None]] = field(default_factory=list)


@cache
def family_hook(family_id: str | None, name: str) -> Callable | None:
    """The family module's hook ``name``, or None (looked up once per family and name: a family without a
    module would otherwise raise and catch ModuleNotFoundError on every page)."""
    if not family_id:
        return None
    try:
        module = importlib.import_module(f"{__package__}.{family_id}")
    except ModuleNotFoundError:
        return None
    return getattr(module, name, None)
