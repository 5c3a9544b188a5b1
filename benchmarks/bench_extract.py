"""Extraction speed and field quality, side by side in one run: govnews vs a bare lxml parse, GNE and trafilatura.

    pip install -e '.[bench]'
    python benchmarks/bench_extract.py [--rounds 20]

Pages: every golden case in tests/fixtures/golden (the corpus articles among them). Field quality
is measured on the corpus articles against the values a reader sees (tests/fixtures/corpus).

Speed rows (benchmarks/extraction_timing.py): govnews (the whole record), govnews without its jieba
keyword step (extraction's own work), that step alone on each page's title and paragraphs, a bare
lxml parse, GNE and trafilatura; the tools take turns page by page in every round.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import lxml.html

from govnews.extraction import extract_article
from govnews.extraction.tags import keyword_tags, warm_up

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test support package
from extraction_timing import interleaved_medians, untagged

from support.golden import load_cases

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def gne_extractor():
    try:
        from gne import GeneralNewsExtractor
    except ImportError:
        return None
    extractor = GeneralNewsExtractor()

    def run(text: str) -> dict:
        try:
            return extractor.extract(text)
        except Exception as exc:  # GNE raises on some pages; count it as an empty result
            return {"error": str(exc)}

    return run


def trafilatura_extractor():
    try:
        import trafilatura
    except ImportError:
        return None
    return lambda text: trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)


def quality(cases, manifest, extract_fields) -> dict[str, str]:
    """Share of corpus articles whose title / published / source / author / first paragraph match."""
    hits = {"title": 0, "published": 0, "source": 0, "author": 0, "first_paragraph": 0}
    for case in cases:
        exp = manifest[case.meta["corpus"]]["expected"]
        got = extract_fields(case)
        published = exp["published"] or exp.get("meta", {}).get("PubDate", "")
        hits["title"] += got.get("title") == exp["title"]
        shown = (got.get("published") or "").replace(" ", "T")
        hits["published"] += bool(published) and shown.startswith(published.replace(" ", "T"))
        hits["source"] += got.get("source") == exp["source"]
        hits["author"] += got.get("author") == exp["author"]
        first = (got.get("paragraphs") or [""])[0] if got.get("paragraphs") else ""
        hits["first_paragraph"] += (first.startswith(exp["first_paragraph"]) if exp["first_paragraph"] else not first)
    return {k: f"{v}/{len(cases)}" for k, v in hits.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    cases = load_cases(FIXTURES / "golden")
    warm_up()
    records = {case.name: extract_article(case.page) for case in cases}
    gne = gne_extractor()
    traf = trafilatura_extractor()
    tools = {
        "govnews": lambda c: extract_article(c.page),
        "govnews without tags": untagged(lambda c: extract_article(c.page)),
        "tags alone": lambda c: keyword_tags(records[c.name]["title"], records[c.name]["paragraphs"]),
        "bare lxml.html parse": lambda c: lxml.html.fromstring(c.page.body),
    }
    if gne:
        tools["GNE"] = lambda c: gne(_text(c))
    if traf:
        tools["trafilatura"] = lambda c: traf(_text(c))
    sets = {
        "corpus articles (real pages)": [c for c in cases if "corpus" in c.meta],
        "all golden pages": cases,
    }
    results = {label: interleaved_medians(tools, group, args.rounds) for label, group in sets.items()}
    print(f"rounds: {args.rounds}; median milliseconds per page, the tools taking turns page by page")
    print(f"{'extractor':<26}" + "".join(f"{name:>32}" for name in sets))
    for name in tools:
        print(f"{name:<26}" + "".join(f"{results[label][name]:>32.2f}" for label in sets))
    if not gne:
        print("GNE is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 0
    for name in ("govnews", "govnews without tags"):
        label = f"GNE time / {name}"
        print(f"{label:<26}" + "".join(f"{results[s]['GNE'] / results[s][name]:>31.1f}x" for s in sets))
    print("targets: govnews median <= 5 ms per page, and >= 2x faster than GNE")
    print("(GNE computes no keywords; govnews's whole record includes the TF-IDF tags)")

    manifest = {m["file"]: m for m in map(json.loads, (FIXTURES / "corpus" / "manifest.jsonl").read_text("utf-8").splitlines())}
    corpus = sets["corpus articles (real pages)"]
    ours = quality(corpus, manifest, lambda c: extract_article(c.page))
    theirs = quality(corpus, manifest, lambda c: _gne_fields(gne(_text(c))))
    print("\nfield accuracy on the corpus articles (values a reader sees)")
    print(f"{'field':<18}{'govnews':>10}{'GNE':>10}")
    for field in ours:
        print(f"{field:<18}{ours[field]:>10}{theirs[field]:>10}")
    return 0


def _text(case) -> str:
    return case.page.body.decode(_encoding(case), errors="replace")


def _encoding(case) -> str:
    return "gbk" if case.name.startswith("gbk-") else "utf-8"


def _gne_fields(result: dict) -> dict:
    content = result.get("content") or ""
    return {
        "title": result.get("title"),
        "published": result.get("publish_time"),
        "source": None,  # GNE has no source field
        "author": result.get("author") or None,
        "paragraphs": [p.strip() for p in content.split("\n") if p.strip()],
    }


if __name__ == "__main__":
    sys.exit(main())
