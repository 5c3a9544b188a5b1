"""Ids and names for new profiles: a slug from the host (and the column's folder), names from the page itself."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from ..extraction.document import Document

_TLDS = (".gov.cn", ".com.cn", ".org.cn", ".net.cn", ".edu.cn", ".cn", ".com", ".org", ".net")
_PAGE_STEMS = {"index", "list", "default", "main", "home", "more", "lists", "_lists"}
_SEPARATOR = re.compile(r"\s*(?:[_|–—»>·]|\s-\s|-(?=[\u4e00-\u9fff]))\s*")


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return re.sub(r"-{2,}", "-", slug)[:48].strip("-")


def host_slug(url: str) -> str:
    """``www.lunan.gov.cn`` → ``lunan``; ``127.0.0.1`` → ``127-0-0-1``."""
    host = (urlsplit(url).hostname or "site").lower().removeprefix("www.")
    for tld in _TLDS:
        if host.endswith(tld) and len(host) > len(tld):
            host = host[: -len(tld)]
            break
    return slugify(host) or "site"


def column_slug(url: str) -> str:
    """The column's last two folders or page names: ``/lunanqu/wenbeijiedao/`` → ``lunanqu-wenbeijiedao``,
    ``/vsb/xwdt.htm`` → ``vsb-xwdt`` (page names such as index.html and list.htm left out)."""
    stems = [posixpath.splitext(p)[0] for p in urlsplit(url).path.split("/") if p]
    kept = [s for s in stems if s.lower() not in _PAGE_STEMS and not s.lower().startswith(("index_", "list_"))]
    # col/col1234 keeps col1234; strict=False: no folder kept (a page at the site's root) is no pair
    kept = [s for s, after in zip(kept, kept[1:] + [""], strict=False) if not (after and after.startswith(s))]
    return slugify("-".join(kept[-2:]))


def profile_id(url: str, with_column: bool = True) -> str:
    """A slug for a new profile: the host's, plus the column's when the profile is one column."""
    base = host_slug(url)
    column = column_slug(url) if with_column else ""
    slug = f"{base}-{column}" if column and column != base else base
    slug = slug[:63].strip("-")
    return slug if len(slug) >= 2 else f"site-{slug}"


def _title_parts(doc: Document) -> list[str]:
    return [p for p in _SEPARATOR.split(doc.title_tag) if p.strip()]


def site_name(doc: Document, fallback: str) -> str:
    """The site's name: its ``SiteName`` meta tag, else the last part of the title (``幸福街道_街道动态_示例区人民政府``)."""
    if name := doc.meta_value("SiteName"):
        return name
    parts = _title_parts(doc)
    return parts[-1] if parts else fallback


def column_name(doc: Document, fallback: str) -> str:
    """The column's name: the first part of a title that has several, else the ``ColumnName`` meta tag."""
    parts = _title_parts(doc)
    if len(parts) > 1:
        return parts[0]
    if name := doc.meta_value("ColumnName"):
        return name
    return parts[0] if parts else fallback
