"""How fast the store answers "have we seen these URLs?" with a million seen URLs, and how big it gets.

    python benchmarks/bench_store.py [--urls 1000000] [--db postgresql://…]

Inserts the URLs in batches (one transaction each), then times ``known_urls`` lookups of 1,000 URLs
(half known, half unknown) and single ``url_info`` lookups. The baseline, measured in the same run on
the same URLs, is what a crawler without a store would do: a Python ``set`` / ``dict`` in memory
(its size measured with tracemalloc, the URL strings included). SQLite always runs (in a temporary
folder); PostgreSQL too when ``--db`` is given, in a schema of its own that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from govnews.store import Store, open_store

SEEN_AT, RUN_ID = "2026-11-27T08:00:00Z", "20261127T080000Z"
SITES = [f"site{n:02d}" for n in range(40)]


def make_urls(count: int, salt: str = "") -> list[str]:
    """Realistic government-portal article URLs (~70 characters), all different."""
    urls = []
    for n in range(count):
        site = SITES[n % len(SITES)]
        month = 1 + (n // 97) % 12
        urls.append(f"http://www.{site}.gov.cn/jddt/{salt}2025{month:02d}/t2025{month:02d}{1 + n % 28:02d}_{n + 1000000}.html")
    return urls


Result = dict  # one column of the report: label -> value text


def timed(run: Callable[[], object], repeat: int) -> float:
    """Seconds per call, best of three rounds of ``repeat`` calls."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            run()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def lookup_batches(known: list[str], unknown: list[str], count: int, rng: random.Random) -> list[list[str]]:
    return [rng.sample(known, 500) + rng.sample(unknown, 500) for _ in range(count)]


def bench_store(store: Store, urls: list[str], batches: list[list[str]], singles: list[str], batch: int) -> Result:
    result = Result()
    start = time.perf_counter()
    for offset in range(0, len(urls), batch):
        chunk = urls[offset:offset + batch]
        store.mark_urls(chunk, kind="article", status="200", site=SITES[(offset // batch) % len(SITES)],
                        run_id=RUN_ID, seen_at=SEEN_AT)
    insert = time.perf_counter() - start
    found = store.known_urls(batches[0])
    assert len(found) == 500, f"expected 500 known URLs in a batch, got {len(found)}"
    per_batch = timed(lambda: [store.known_urls(b) for b in batches], 1) / len(batches)
    per_single = timed(lambda: [store.url_info(u) for u in singles], 1) / len(singles)
    result["insert (URLs/s)"] = f"{len(urls) / insert:,.0f}"
    result["insert total (s)"] = f"{insert:.1f}"
    result["known_urls batch of 1,000 (ms)"] = f"{per_batch * 1000:.2f}"
    result["known_urls (URLs/s)"] = f"{1000 / per_batch:,.0f}"
    result["url_info (lookups/s)"] = f"{1 / per_single:,.0f}"
    return result


def bench_baseline(urls_factory: Callable[[], list[str]], batches: list[list[str]], singles: list[str]) -> Result:
    result = Result()
    tracemalloc.start()
    urls = urls_factory()
    start = time.perf_counter()
    seen = set(urls)
    insert = time.perf_counter() - start
    set_bytes = tracemalloc.get_traced_memory()[0]
    row = ("article", "200", "site00", None, None, SEEN_AT, SEEN_AT, RUN_ID, RUN_ID)
    info = dict.fromkeys(urls, row)
    dict_bytes = tracemalloc.get_traced_memory()[0] - set_bytes
    tracemalloc.stop()
    assert sum(u in seen for u in batches[0]) == 500
    per_batch = timed(lambda: [{u: info[u] for u in b if u in info} for b in batches], 3) / len(batches)
    per_single = timed(lambda: [info.get(u) for u in singles], 3) / len(singles)
    result["insert (URLs/s)"] = f"{len(urls) / insert:,.0f}"
    result["insert total (s)"] = f"{insert:.2f}"
    result["known_urls batch of 1,000 (ms)"] = f"{per_batch * 1000:.3f}"
    result["known_urls (URLs/s)"] = f"{1000 / per_batch:,.0f}"
    result["url_info (lookups/s)"] = f"{1 / per_single:,.0f}"
    result["size (MB)"] = f"set {set_bytes / 1e6:.0f} in memory (+dict {dict_bytes / 1e6:.0f})"
    return result


def run_sqlite(urls, batches, singles, batch) -> Result:
    with tempfile.TemporaryDirectory(prefix="govnews-bench-") as folder:
        store = open_store(None, folder)
        try:
            result = bench_store(store, urls, batches, singles, batch)
            with store._tx(write=False):
                store._query("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            store.close()
        size = sum(p.stat().st_size for p in Path(folder).iterdir())
        result["size (MB)"] = f"{size / 1e6:.0f} on disk"
    return result


def run_postgres(url, urls, batches, singles, batch) -> Result:
    import psycopg

    schema = f"govnews_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            joiner = "&" if "?" in url else "?"
            store = open_store(f"{url}{joiner}options={quote(f'-csearch_path={schema}')}", ".")
            try:
                result = bench_store(store, urls, batches, singles, batch)
            finally:
                store.close()
            admin.execute(f"VACUUM ANALYZE {schema}.urls")
            size = admin.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                                 "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
                                 (schema,)).fetchone()[0]
            result["size (MB)"] = f"{int(size) / 1e6:.0f} on disk"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
    return result


def print_table(columns: dict[str, Result], count: int) -> None:
    labels = list(next(iter(columns.values())))
    width = max(len(label) for label in labels) + 2
    widths = {name: max(len(name), *(len(col.get(label, "")) for label in labels)) + 2 for name, col in columns.items()}
    print(f"store benchmark: {count:,} seen URLs; lookups are batches of 1,000 (half known, half unknown)")
    print("".ljust(width) + "".join(name.rjust(widths[name]) for name in columns))
    for label in labels:
        print(label.ljust(width) + "".join(col.get(label, "").rjust(widths[name]) for name, col in columns.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=1_000_000, help="how many seen URLs (default 1,000,000)")
    parser.add_argument("--batch", type=int, default=10_000, help="URLs per insert transaction")
    parser.add_argument("--lookups", type=int, default=200, help="known_urls batches to time")
    parser.add_argument("--singles", type=int, default=20_000, help="url_info lookups to time")
    parser.add_argument("--db", help="also run on this PostgreSQL database (postgresql://…)")
    args = parser.parse_args(argv)

    rng = random.Random(42)
    urls = make_urls(args.urls)
    unknown = make_urls(max(args.urls // 10, 1000), salt="new/")
    batches = lookup_batches(urls, unknown, args.lookups, rng)
    singles = [rng.choice(urls) if n % 2 else rng.choice(unknown) for n in range(args.singles)]

    columns = {"python set/dict": bench_baseline(lambda: make_urls(args.urls), batches, singles)}
    columns["sqlite store"] = run_sqlite(urls, batches, singles, args.batch)
    if args.db:
        columns["postgres store"] = run_postgres(args.db, urls, batches, singles, args.batch)
    print_table({name: columns[name] for name in ("sqlite store", "postgres store", "python set/dict") if name in columns},
                args.urls)
    return 0


if __name__ == "__main__":
    sys.exit(main())
