"""Timing helpers shared by the extraction benchmarks: tools timed side by side, page by page.

Every round runs every tool on one page before moving to the next page, so that a burst of load from
another process on the machine falls on all tools alike; the figure reported is the median over every
(page, round) of each tool.

"govnews without tags" is ``extract_article`` with its one keyword step (jieba's TF-IDF over the title
and paragraphs, the record's ``tags``) replaced by a no-op for the duration of the timing, so it is
exactly extraction's own work; "tags alone" is that step on each page's own title and paragraphs, and
"tags by jieba alone" the same keywords by ``jieba.analyse.extract_tags`` itself (bench_accuracy.py).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import govnews.extraction.article as article


@contextmanager
def without_tags() -> Iterator[None]:
    """``extract_article`` with the keyword step skipped (the record's ``tags`` come out empty)."""
    real = article.keyword_tags
    article.keyword_tags = lambda title, paragraphs: []
    try:
        yield
    finally:
        article.keyword_tags = real


def interleaved_medians(tools: dict[str, Callable[[Any], Any]], items: list[Any], rounds: int) -> dict[str, float]:
    """Median milliseconds per item of each tool, the tools taking turns on every item of every round."""
    times: dict[str, list[float]] = {name: [] for name in tools}
    for _ in range(rounds):
        for item in items:
            for name, run in tools.items():
                start = time.perf_counter()
                run(item)
                times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def untagged(run: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``run`` (a govnews extraction) timed without its keyword step."""
    def timed(item: Any) -> Any:
        with without_tags():
            return run(item)

    return timed


SPEED_ROWS = ("govnews", "govnews without tags", "tags alone", "tags by jieba alone", "GNE", "trafilatura")


def print_speed(medians: dict[str, float], label: str) -> None:
    """The speed rows side by side, and how the targets (<= 5 ms, >= 2x faster than GNE) stand."""
    print(f"\nmedian ms per page ({label})")
    for name in SPEED_ROWS:
        if name in medians:
            print(f"  {name:<24}{medians[name]:>9.2f}")
    if "GNE" in medians:
        for name in ("govnews", "govnews without tags"):
            print(f"  GNE time / {name + ' time':<28}{medians['GNE'] / medians[name]:>6.1f}x")
