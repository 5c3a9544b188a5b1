"""Listing pages: their entries (article links with date, title, pinned) and how to reach the next page."""

from .entries import entry_day
from .page import Entry, ListingPage, ListingRequest
from .pagination import KINDS, Paginator, listing_selectors, paginator_for

__all__ = ["KINDS", "Entry", "ListingPage", "ListingRequest", "Paginator", "listing_selectors", "entry_day", "paginator_for"]
