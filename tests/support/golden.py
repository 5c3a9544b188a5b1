"""Golden extraction cases: one folder per case with the page bytes as served, ``meta.json`` and ``expected.json``.

``meta.json`` holds ``url``, ``headers``, ``fetched_at`` (ISO 8601), ``site`` (a profile id or
null) and optional ``hints`` (the listing entry: ``date``, ``title``, ``pinned``, ``column``).
Rewrite the expected records after a deliberate change with ``python scripts/rebless.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from govnews.extraction import ListingHints, Page, extract_article
from govnews.profiles import select_profiles

PAGE_FILE, META_FILE, EXPECTED_FILE = "page.html", "meta.json", "expected.json"


@dataclass
class GoldenCase:
    name: str
    folder: Path
    meta: dict[str, Any]

    @property
    def page(self) -> Page:
        return Page(
            body=(self.folder / PAGE_FILE).read_bytes(),
            url=self.meta["url"],
            fetched_at=datetime.fromisoformat(self.meta["fetched_at"].replace("Z", "+00:00")),
            headers=self.meta.get("headers", {}),
            status=self.meta.get("status", 200),
        )

    @property
    def profile(self):
        site = self.meta.get("site")
        return select_profiles([site], demo_url="http://127.0.0.1:8765")[0] if site else None

    @property
    def hints(self) -> ListingHints | None:
        hints = self.meta.get("hints")
        return ListingHints(**hints) if hints else None

    def extract(self) -> dict[str, Any]:
        return extract_article(self.page, self.profile, self.hints)

    def expected(self) -> dict[str, Any]:
        expected = json.loads((self.folder / EXPECTED_FILE).read_text("utf-8"))
        # Where a crawl archived the page: extraction never fills it in, and cases blessed before the field existed lack it.
        expected.setdefault("capture", None)
        return expected

    def rebless(self) -> dict[str, Any]:
        record = self.extract()
        (self.folder / EXPECTED_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", "utf-8")
        return record


def load_cases(root: Path) -> list[GoldenCase]:
    cases = []
    for folder in sorted(p for p in root.iterdir() if (p / META_FILE).exists()):
        cases.append(GoldenCase(folder.name, folder, json.loads((folder / META_FILE).read_text("utf-8"))))
    return cases
