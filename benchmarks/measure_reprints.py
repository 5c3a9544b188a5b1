"""Measure the reprint threshold on the demo portal: similarity of true reprints vs distinct articles.

    python benchmarks/measure_reprints.py [--shingles 3 4 5 6 8]

The demo portal posts three district releases (通稿) on the district site and again, slightly
changed, on two sub-district sites. Every other pair of articles on different sites is distinct,
although many are written from the same event templates with other names and numbers — a hard
case. For each shingle length this prints the lowest estimated similarity of a true reprint pair,
the highest of a distinct pair, and the gap a threshold must fall into.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from datetime import date

from govnews.demo import catalog
from govnews.demo.world import DemoWorld
from govnews.record import reprints as dedupe


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shingles", type=int, nargs="+", default=[3, 4, 5, 6, 8])
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 27))
    args = parser.parse_args()
    world = DemoWorld(args.today, 2)
    articles = [a for s in world.site_ids() for a in world.articles(s) if a.expected]
    releases = [[b.text for b in story.blocks] for _, story in catalog.tonggao(args.today)]

    def release_of(article) -> int | None:
        return next((i for i, paragraphs in enumerate(releases) if paragraphs[-1] in article.paragraphs), None)

    pairs = [(a, b, release_of(a) is not None and release_of(a) == release_of(b))
             for a, b in itertools.combinations(articles, 2) if a.site != b.site]
    reprints = sum(p[2] for p in pairs)
    print(f"{len(articles)} articles; {reprints} reprint pairs, {len(pairs) - reprints} distinct pairs across sites")
    print(f"{'shingle':>8}{'lowest reprint':>16}{'highest distinct':>18}{'gap':>8}")
    for k in args.shingles:
        dedupe.SHINGLE = k
        sigs = {a.path: dedupe.signature(a.title, a.paragraphs) for a in articles}
        reprint = [dedupe.similarity(sigs[a.path], sigs[b.path]) for a, b, same in pairs if same]
        distinct = [dedupe.similarity(sigs[a.path], sigs[b.path]) for a, b, same in pairs if not same]
        print(f"{k:>8}{min(reprint):>16.3f}{max(distinct):>18.3f}{min(reprint) - max(distinct):>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
