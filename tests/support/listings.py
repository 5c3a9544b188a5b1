"""Listing pages with what a reader sees on them: the saved real pages (tests/fixtures/listings) and every HTML
listing page of the demo portal (from the demo world's own list of what each page shows)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from govnews.demo.sites import site as demo_site
from govnews.demo.world import DemoWorld

LISTINGS = Path(__file__).resolve().parent.parent / "fixtures" / "listings"
# The demo sites whose column pages are HTML lists (the JSON and platform sites list through APIs).
HTML_DEMO_SITES = ("demo-trs-district", "demo-trs-xingfu", "demo-trs-heping", "demo-trs-guangming",
                   "demo-hanweb-dongfeng", "demo-hanweb-xinhua", "demo-vsb-qingshan", "demo-gbk-changle")
HANWEB_COLUMN_RECORDS = 15


@dataclass(frozen=True)
class ListingCase:
    name: str
    url: str
    expected: tuple[str, ...]  # absolute entry URLs, in page order
    next: str | None
    path: Path | None = None  # a saved page; None: fetched from the demo portal


def real_listings() -> list[ListingCase]:
    cases = []
    for path in sorted(LISTINGS.glob("*.expected.json")):
        truth = json.loads(path.read_text("utf-8"))
        entries = tuple(urljoin(truth["url"], e["href"]) for e in truth["entries"])
        nxt = urljoin(truth["url"], truth["next"]) if truth["next"] else None
        cases.append(ListingCase(truth["file"], truth["url"], entries, nxt, LISTINGS / truth["file"]))
    return cases


def demo_listings(world: DemoWorld, base_url: str, sites: tuple[str, ...] = HTML_DEMO_SITES) -> list[ListingCase]:
    """Every HTML listing page of the demo sites (for Hanweb, the column page, which holds the first records)."""
    base = base_url.rstrip("/")
    cases = []
    for site_id in sites:
        spec, paths = demo_site(site_id), world.listed_paths(site_id)
        urls = world.listing_urls(site_id, base)
        per_page = HANWEB_COLUMN_RECORDS if spec.family == "hanweb" else spec.per_page
        pages = 1 if spec.family == "hanweb" else len(urls)
        for n in range(pages):
            chunk = tuple(base + p for p in paths[n * per_page:(n + 1) * per_page])
            nxt = urls[n + 1] if n + 1 < len(urls) else None
            cases.append(ListingCase(f"{site_id} page {n + 1}", urls[n], chunk, nxt))
    return cases


def precision_recall(found: list[str], expected: tuple[str, ...]) -> tuple[float, float]:
    hits = len(set(found) & set(expected))
    precision = hits / len(set(found)) if found else (1.0 if not expected else 0.0)
    recall = hits / len(set(expected)) if expected else 1.0
    return precision, recall
