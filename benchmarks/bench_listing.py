"""Listing entries found against the entries a reader sees, per listing page and in total, side by side:
govnews's detection (``govnews listing``: family preset, then the list shape; Hanweb datastore records) and
the list-shape heuristic alone.

    python benchmarks/bench_listing.py

Pages:
- real: every saved real listing page (tests/fixtures/listings, the Pingtan column pages; expected entries
  read off the pages, see the README there). The list-shape rule was written before them and checked
  against them since: development-set accuracy.
- demo: every HTML listing page of the demo portal (TRS, Hanweb column page, VSB, GBK; expected entries
  from the demo world). The demo portal is what govnews is developed against: development-set accuracy.
"""

from __future__ import annotations

import sys
from pathlib import Path

from govnews.demo.world import DemoWorld
from govnews.listing import ListingPage
from govnews.listing.detect import inspect_listing
from govnews.listing.entries import list_shape, read_entries
from govnews.runs import clock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test support package
from support.listings import ListingCase, demo_listings, precision_recall, real_listings

DEMO_BASE = "http://demo.example"


def page_of(case: ListingCase, world: DemoWorld) -> ListingPage:
    if case.path is not None:
        return ListingPage(case.url, case.path.read_bytes(), {})
    _, headers, body = world.handle("GET", case.url.removeprefix(DEMO_BASE), {}, b"")
    return ListingPage(case.url, body, dict(headers))


def measure(case: ListingCase, page: ListingPage, now) -> dict:
    view = inspect_listing(page, now)
    detected = [e.url for e in view.entries]
    shape = [e.url for e in read_entries(list_shape(page.root), page.url, {}, now)]
    nxt = view.next.url if view.next else None
    return {"case": case, "expected": len(case.expected), "detected": detected, "shape": shape,
            "rule": view.rule.origin, "next_ok": nxt == case.next or (case.next is not None and nxt is not None
                                                                     and "dataproxy.jsp" in nxt)}


def _cell(found: list[str], expected: tuple[str, ...]) -> str:
    precision, recall = precision_recall(found, expected)
    hits = len(set(found) & set(expected))
    return f"{len(found):>4} {hits:>4} {precision:>6.1%} {recall:>6.1%}"


def main() -> None:
    now = clock.now()
    world = DemoWorld(clock.china_today(), 2)
    groups = {"real (development set)": real_listings(), "demo (development set)": demo_listings(world, DEMO_BASE)}
    header = f"{'page':<44} {'exp':>4} | {'govnews: found hits  prec  recall':>31} {'rule':<13} {'next':<4} | " \
             f"{'list shape: found hits  prec  recall':>34}"
    for title, cases in groups.items():
        print(f"\n{title}\n{header}\n{'-' * len(header)}")
        rows = [measure(c, page_of(c, world), now) for c in cases]
        for r in rows:
            c = r["case"]
            print(f"{c.name[:44]:<44} {r['expected']:>4} | {_cell(r['detected'], c.expected):>31} {r['rule']:<13} "
                  f"{'ok' if r['next_ok'] else 'NO':<4} | {_cell(r['shape'], c.expected):>34}")
        expected = sum(r["expected"] for r in rows)
        for name, key in (("govnews", "detected"), ("list shape", "shape")):
            found = sum(len(set(r[key])) for r in rows)
            hits = sum(len(set(r[key]) & set(r["case"].expected)) for r in rows)
            print(f"total {name:<11} {found:>5} found, {hits:>5} of {expected} expected: precision "
                  f"{hits / found if found else 0:.1%}, recall {hits / expected if expected else 0:.1%}")
        print(f"next page named correctly (govnews): {sum(r['next_ok'] for r in rows)} of {len(rows)} pages")


if __name__ == "__main__":
    main()
