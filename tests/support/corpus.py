"""The real pages of the development corpus with the values a reader sees on them.

Two manifests in the same form: the government pages (``corpus/manifest.jsonl``) and the cwced pages
(``cwced/manifest.jsonl``). Read either from a copy of the shared corpus folder (``pages/`` beside the
first manifest, ``cwced/pages/`` beside the second) or, without one, from the project's fixtures: the
government pages live in the golden cases (``golden/corpus-*/page.html``), the cwced pages in
``fixtures/cwced/pages``. Every page is given the same URL and fetch time either way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govnews.extraction import Page

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# After every page of the corpus was saved; pages carry no relative dates, so any later instant would do.
FETCHED_AT = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class RealPage:
    name: str  # the manifest's file name without folders or extension, e.g. "pingtan-article-007", "001-cdp1998.org"
    entry: dict[str, Any]
    body: bytes
    government: bool = False  # from the government pages' manifest (``corpus/manifest.jsonl``), not cwced's

    @property
    def expected(self) -> dict[str, Any]:
        return self.entry["expected"]

    @property
    def url(self) -> str:
        """The page's own URL where the manifest states it, else one on the page's site."""
        expected_meta = self.expected.get("meta", {})
        return self.entry.get("url") or expected_meta.get("Url") or f"http://{self.entry.get('site') or 'unknown.invalid'}/"

    @property
    def page(self) -> Page:
        return Page(body=self.body, url=self.url, fetched_at=FETCHED_AT)

    @property
    def graded(self) -> bool:
        """Articles and non-articles are graded; listing pages have their own tests."""
        return self.entry["kind"] != "listing"


def _manifest(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _name(entry: dict[str, Any]) -> str:
    return Path(entry["file"]).stem


def _golden_pages() -> dict[str, bytes]:
    pages = {}
    for meta_file in (FIXTURES / "golden").glob("corpus-*/meta.json"):
        meta = json.loads(meta_file.read_text("utf-8"))
        pages[meta["corpus"]] = (meta_file.parent / "page.html").read_bytes()
    return pages


def load_real_pages(corpus: Path | None = None) -> list[RealPage]:
    """Every page of both manifests, from ``corpus`` (a copy of the shared folder) or from the fixtures."""
    pages: list[RealPage] = []
    if corpus is not None:
        for manifest_dir in (corpus, corpus / "cwced"):
            for entry in _manifest(manifest_dir / "manifest.jsonl"):
                path = manifest_dir / "pages" / entry["file"]
                path = path if path.exists() else manifest_dir / entry["file"]
                pages.append(RealPage(_name(entry), entry, path.read_bytes(), government=manifest_dir == corpus))
        return pages
    golden = _golden_pages()
    for entry in _manifest(FIXTURES / "corpus" / "manifest.jsonl"):
        if entry["file"] in golden:  # the listing pages are kept under fixtures/listings, not graded here
            pages.append(RealPage(_name(entry), entry, golden[entry["file"]], government=True))
    for entry in _manifest(FIXTURES / "cwced" / "manifest.jsonl"):
        pages.append(RealPage(_name(entry), entry, (FIXTURES / "cwced" / entry["file"]).read_bytes()))
    return pages
