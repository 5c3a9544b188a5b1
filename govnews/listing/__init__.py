"""Listing pages: their entries (article links with date, title, pinned) and how to reach the next page."""

from .page import Entry, ListingPage, ListingRequest
from .pagination import KINDS, Paginator, listing_selectors, paginator_for

__all__ = ["KINDS", "Entry", "ListingPage", "ListingRequest", "Paginator", "listing_selectors", "paginator_for"]
