"""Accuracy on the development corpus, side by side in one run: govnews vs GNE vs trafilatura.

    pip install -e '.[bench]'
    python benchmarks/bench_accuracy.py [--corpus ../shared/corpus] [--rounds 3] [--misses govnews]

Speed, in the same run (see benchmarks/extraction_timing.py): median ms per page of govnews, govnews without its
keyword step, that step alone, the same keywords by jieba alone, GNE and trafilatura, the tools taking turns
page by page.

Pages: every page of both manifests of the real corpus (the government pages and the cwced pages),
read from ``--corpus`` (a copy of the shared corpus folder) or, without it, from the copies in
tests/fixtures. Listing pages are left out. Every page counts once per field. These are the pages
govnews's rules were developed against: the figures are development-set accuracy, not a promise
for pages nobody has looked at.

Each tool gets the page text decoded by govnews (so charset handling never counts against a peer)
and the page URL; govnews's time includes decoding. No tool gets a site profile.

Grading, the same function for all three (``grade`` below); ``expected`` is the manifest's value:
- title: equal after collapsing whitespace runs to one space. Expected null: the tool gives none.
- published: expected null (the page shows no full date): the tool gives none. Otherwise the tool's
  value must read as a date (Y-M-D, Y/M/D, Y.M.D or Y年M月D日, optionally followed by H:M[:S]) on the
  same day, and where the page shows a time of day, the same hour and minute.
- source (the visible 来源): equal after collapsing whitespace; expected null: the tool gives none.
  GNE and trafilatura have no such field, so they are right exactly where a page shows no 来源.
- author: the same set of names (split on whitespace, 、 ， , ; ；). Expected null: the tool gives none.
- body: the tool's text blocks (govnews paragraphs; GNE and trafilatura text split at line breaks,
  empty lines dropped), whitespace collapsed: the first block's first 30 characters equal the
  manifest's ``first_paragraph``, the last block's last 30 equal ``last_paragraph``, and the number of
  blocks equals ``paragraph_count`` — within 25 % (at least 2 blocks) either way where the manifest
  marks the count approximate. A page without an article (paragraph_count 0) needs an empty body.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govnews.extraction import extract_article
from govnews.extraction.encoding import decode_html
from govnews.extraction.tags import keyword_tags, warm_up

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test support package
from extraction_timing import SPEED_ROWS, interleaved_medians, print_speed, untagged

from support.corpus import RealPage, load_real_pages

FIELDS = ("title", "published", "source", "author", "body")
TOLERANCE_SHARE, TOLERANCE_MIN = 0.25, 2
SNIPPET = 30
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*T?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2}))?"
)
_NAME_SEPARATORS = re.compile(r"[\s、，,;；]+")


# What every tool returns, reduced to the five fields: title, published, source, author (str | None), blocks.
Fields = dict[str, Any]


def collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def _date_parts(value: str | None) -> tuple[tuple[int, int, int], tuple[int, int] | None] | None:
    m = _DATE.search(value or "")
    if not m:
        return None
    day = (int(m["y"]), int(m["m"]), int(m["d"]))
    return day, ((int(m["H"]), int(m["M"])) if m["H"] else None)


def _names(value: str | None) -> set[str]:
    return {n for n in _NAME_SEPARATORS.split(value or "") if n}


def count_ok(count: int, expected: int, approx: bool) -> bool:
    if not approx:
        return count == expected
    return abs(count - expected) <= max(TOLERANCE_MIN, TOLERANCE_SHARE * expected)


def grade(expected: dict[str, Any], got: Fields) -> dict[str, bool]:
    """Which of the five fields ``got`` has right, by the rules in this module's docstring."""
    result = {}
    result["title"] = collapse(got["title"]) == collapse(expected["title"])
    want = _date_parts(expected["published"]) if expected["published"] else None
    have = _date_parts(got["published"])
    if want is None:
        result["published"] = not got["published"]
    else:
        result["published"] = have is not None and have[0] == want[0] and (want[1] is None or have[1] == want[1])
    result["source"] = collapse(got["source"]) == collapse(expected["source"])
    result["author"] = _names(got["author"]) == _names(expected["author"])
    blocks = [b for b in map(collapse, got["blocks"]) if b]
    if not expected["paragraph_count"]:
        result["body"] = not blocks
    else:
        result["body"] = (
            bool(blocks)
            and blocks[0][:SNIPPET] == expected["first_paragraph"]
            and blocks[-1][-SNIPPET:] == expected["last_paragraph"]
            and count_ok(len(blocks), expected["paragraph_count"], expected["paragraph_count_approx"])
        )
    return result


def run_govnews(page: RealPage, text: str) -> Fields:
    record = extract_article(page.page)
    return {
        "title": record["title"], "published": record["published"], "source": record["source"],
        "author": record["author"], "blocks": record["paragraphs"],
    }


def gne_runner() -> Callable[[RealPage, str], Fields] | None:
    try:
        from gne import GeneralNewsExtractor
    except ImportError:
        return None
    extractor = GeneralNewsExtractor()

    def run(page: RealPage, text: str) -> Fields:
        try:
            result = extractor.extract(text)
        except Exception:  # GNE raises on some pages: count it as an empty result
            result = {}
        return {
            "title": result.get("title") or None, "published": result.get("publish_time") or None, "source": None,
            "author": result.get("author") or None, "blocks": (result.get("content") or "").split("\n"),
        }

    return run


def trafilatura_runner() -> Callable[[RealPage, str], Fields] | None:
    try:
        import trafilatura
    except ImportError:
        return None
    # Ask htmldate for the time of day too, so that trafilatura can match pages that show one.
    date_params = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%d %H:%M:%S"}

    def run(page: RealPage, text: str) -> Fields:
        doc = trafilatura.bare_extraction(
            text, url=page.url, with_metadata=True, include_comments=False, date_extraction_params=date_params
        )
        if doc is None:
            return {"title": None, "published": None, "source": None, "author": None, "blocks": []}
        published = doc.date
        if published and published.endswith(" 00:00:00"):  # htmldate found the day only
            published = published[:10]
        return {
            "title": doc.title or None, "published": published or None, "source": None,
            "author": (doc.author or "").replace(";", " ") or None, "blocks": (doc.text or "").split("\n"),
        }

    return run


def tag_runner(records: dict[str, Fields]) -> Callable[[RealPage, str], Any]:
    """The keyword step alone (the record's tags), on the title and paragraphs govnews extracted from each page."""
    def run(page: RealPage, text: str) -> Any:
        fields = records[page.name]
        return keyword_tags(fields["title"], fields["blocks"])

    return run


def jieba_tag_runner(records: dict[str, Fields]) -> Callable[[RealPage, str], Any]:
    """The same keywords by jieba alone (its own segmentation, in Python): the definition ``tags`` are checked
    against, and what the keyword step cost before its words came from jieba-rs."""
    import jieba.analyse

    def run(page: RealPage, text: str) -> Any:
        fields = records[page.name]
        return jieba.analyse.extract_tags("\n".join(([fields["title"]] if fields["title"] else []) + fields["blocks"]))

    return run


def _on_text(run: Callable[[RealPage, str], Any], texts: dict[str, str]) -> Callable[[RealPage], Any]:
    """A tool as the timing loop calls it: with the page alone (its decoded text looked up)."""
    return lambda page: run(page, texts[page.name])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a copy of the shared corpus folder (default: tests/fixtures)")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds over every page (default 3)")
    parser.add_argument("--misses", choices=("govnews", "GNE", "trafilatura"), help="list the pages this tool gets wrong")
    args = parser.parse_args()

    pages = [p for p in load_real_pages(args.corpus) if p.graded]
    texts = {p.name: decode_html(p.body).text for p in pages}
    warm_up()
    tools: dict[str, Callable[[RealPage, str], Fields]] = {"govnews": run_govnews}
    for name, factory in (("GNE", gne_runner), ("trafilatura", trafilatura_runner)):
        runner = factory()
        if runner is None:
            print(f"{name} is not installed: pip install -e '.[bench]'", file=sys.stderr)
        else:
            tools[name] = runner

    results = {name: {p.name: run(p, texts[p.name]) for p in pages} for name, run in tools.items()}
    grades = {name: {p.name: grade(p.expected, results[name][p.name]) for p in pages} for name in tools}
    timed = {name: _on_text(run, texts) for name, run in tools.items()}
    timed["govnews without tags"] = untagged(timed["govnews"])
    timed["tags alone"] = _on_text(tag_runner(results["govnews"]), texts)
    timed["tags by jieba alone"] = _on_text(jieba_tag_runner(results["govnews"]), texts)
    medians = interleaved_medians({n: timed[n] for n in SPEED_ROWS if n in timed}, pages, args.rounds)
    source = args.corpus or "tests/fixtures"
    print(f"development corpus: {len(pages)} real pages from {source} (both manifests); pages right per field")
    _table(grades, medians, len(pages))
    print_speed(medians, f"{len(pages)} real pages, {args.rounds} rounds, tools taking turns page by page")
    if args.misses and args.misses in grades:
        print(f"\n{args.misses} misses:")
        for page_name, fields in grades[args.misses].items():
            if missed := [f for f, ok in fields.items() if not ok]:
                print(f"  {page_name}: {', '.join(missed)}")
    return 0


def _table(grades: dict[str, dict[str, dict[str, bool]]], medians: dict[str, float], n: int) -> None:
    names = list(grades)
    print(f"{'field':<34}" + "".join(f"{name:>14}" for name in names))
    core = ("title", "published", "source", "body")
    for field in FIELDS:
        print(f"{field:<34}" + "".join(f"{sum(g[field] for g in grades[t].values()):>11}/{n:<2}" for t in names))
    for label, fields in (("title+published+source+body", core), ("all five fields", FIELDS)):
        cells = []
        for t in names:
            right = sum(g[f] for g in grades[t].values() for f in fields)
            total = n * len(fields)
            cells.append(f"{right}/{total} {100 * right / total:.0f}%")
        print(f"{label:<34}" + "".join(f"{c:>14}" for c in cells))
    print(f"{'median ms per page':<34}" + "".join(f"{medians[t]:>14.2f}" for t in names))


if __name__ == "__main__":
    sys.exit(main())
