"""Pure article extraction: page bytes, headers, URL, profile and fetch time in; a record out."""

from .article import FieldTrace, content_hash, extract_article, extract_with_trace
from .context import ListingHints, SiteContext
from .document import Page

__all__ = ["FieldTrace", "ListingHints", "Page", "SiteContext", "content_hash", "extract_article", "extract_with_trace"]
