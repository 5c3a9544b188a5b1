"""Extraction cost in CPU instructions, side by side in one run: govnews vs a bare lxml parse, GNE and trafilatura.

    pip install -e '.[bench]'          # plus valgrind (Debian: apt-get install valgrind)
    python benchmarks/bench_instructions.py [--corpus ../shared/corpus]

Why instructions: on this project's shared machine, wall and CPU time per page move by a factor of two to
three with the neighbours' load (docs/benchmarks.md has runs where GNE took 27 ms and 45 ms on the same pages
within an hour). valgrind's callgrind counts the instructions a page's extraction executes, which is the same
on every run of the same code and input, whatever else the machine is doing; ratios between tools are then
exact, and a change to govnews can be judged to the per cent.

How: the tools run in two Python processes under callgrind with collection off. Each page's extraction by
each tool is the one call of ``functools.reduce`` in the worker, and callgrind counts instructions only
inside that function (``--toggle-collect``) and writes the count when it returns (``--dump-after``). Not
counted: imports, loading jieba's dictionaries, reading the pages, and a first warm-up extraction. Pages: the
73 graded real pages of bench_accuracy.py (the development corpus). Figures are the median over the pages.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# Each worker process runs its tools page by page, in this order; one worker holds the tools that need jieba.
WORKERS = {
    "govnews": ("govnews", "govnews without tags", "bare lxml.html parse"),
    "peers": ("GNE", "trafilatura"),
}
TOOLS = [tool for tools in WORKERS.values() for tool in tools]


def _runners(tools: tuple[str, ...]) -> dict[str, Callable[[Any], Any]]:
    """Each tool as a function of one graded real page (bench_accuracy's runners: the same inputs)."""
    import bench_accuracy as accuracy
    import lxml.html
    from extraction_timing import untagged

    from govnews.extraction.encoding import decode_html

    texts: dict[str, str] = {}

    def text(page: Any) -> str:
        if page.name not in texts:
            texts[page.name] = decode_html(page.body).text
        return texts[page.name]

    made: dict[str, Callable[[Any], Any]] = {}
    if "govnews" in tools or "govnews without tags" in tools:
        accuracy.warm_up()
        made["govnews"] = lambda page: accuracy.run_govnews(page, "")
        made["govnews without tags"] = untagged(made["govnews"])
    made["bare lxml.html parse"] = lambda page: lxml.html.fromstring(page.body)
    for name, factory in (("GNE", accuracy.gne_runner), ("trafilatura", accuracy.trafilatura_runner)):
        if name in tools and (runner := factory()) is not None:
            made[name] = functools.partial(lambda run, page: run(page, text(page)), runner)
    return {tool: made[tool] for tool in tools if tool in made}


def worker(tools: tuple[str, ...], corpus: Path | None) -> None:
    """Under callgrind: every page once per tool, each extraction the one call of functools.reduce."""
    from support.corpus import load_real_pages

    pages = [p for p in load_real_pages(corpus) if p.graded]
    runners = _runners(tools)
    print("|".join(runners), flush=True)  # the tools that exist here, in dump order
    for run in runners.values():
        run(pages[0])  # warm-up: lazily built tables and caches are not a page's cost
    for page in pages:
        for run in runners.values():
            functools.reduce(_calling(run), [page], None)


def _calling(run: Callable[[Any], Any]) -> Callable[[Any, Any], Any]:
    """``run`` as functools.reduce calls it: with the running value (unused) and one page."""
    return lambda _, page: run(page)


def _counts(out: Path, expected: int) -> list[int]:
    """The instruction count of each dump, in order (``out`` itself holds what ran after the last page).

    One dump per extraction, or the figures are wrong: a tool that called functools.reduce itself would add some.
    """
    parts = sorted(out.parent.glob(out.name + ".*"), key=lambda p: int(p.suffix[1:]))
    if len(parts) != expected:
        raise SystemExit(f"bench_instructions: callgrind wrote {len(parts)} counts in {out.parent}, expected {expected}")
    counts = []
    for part in parts:
        totals = [line for line in part.read_text().splitlines() if line.startswith("totals:")]
        counts.append(int(totals[0].split()[1]))
    return counts


def _launch(name: str, corpus: Path | None, folder: Path) -> tuple[subprocess.Popen, Path]:
    out = folder / f"{name}.callgrind"
    command = [
        "valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
        "--dump-after=functools_reduce", f"--callgrind-out-file={out}",
        sys.executable, str(Path(__file__).resolve()), "--worker", name,
    ] + (["--corpus", str(corpus)] if corpus else [])
    log = open(folder / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True), out


def measure(corpus: Path | None) -> tuple[dict[str, list[int]], int]:
    """Instructions per page of every tool, by running the workers under callgrind side by side."""
    from support.corpus import load_real_pages

    pages = len([p for p in load_real_pages(corpus) if p.graded])
    counts: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory(prefix="govnews-instructions-") as tmp:
        started = time.monotonic()
        running = {name: _launch(name, corpus, Path(tmp)) for name in WORKERS}
        for name, (process, out) in running.items():
            stdout, _ = process.communicate()
            if process.returncode != 0:
                raise SystemExit(f"bench_instructions: the {name} worker failed, see its log: "
                                 f"{(Path(tmp) / f'{name}.log').read_text()[-800:]}")
            tools = stdout.split("\n")[0].split("|") if stdout.strip() else []
            found = _counts(out, pages * len(tools))
            for i, tool in enumerate(tools):
                counts[tool] = found[i :: len(tools)]
            if sys.stderr.isatty():
                print(f"  {name} worker done after {time.monotonic() - started:.0f} s", file=sys.stderr)
    return counts, pages


def report(counts: dict[str, list[int]], pages: int) -> None:
    print(f"instructions per page (millions), {pages} real pages, counted by callgrind")
    print(f"  {'tool':<24}{'median':>10}{'mean':>10}")
    for tool in TOOLS:
        if tool in counts:
            values = counts[tool]
            print(f"  {tool:<24}{statistics.median(values) / 1e6:>10.1f}{statistics.mean(values) / 1e6:>10.1f}")
    medians = {tool: statistics.median(values) for tool, values in counts.items()}
    for slower, faster in (("GNE", "govnews"), ("trafilatura", "govnews"), ("govnews", "bare lxml.html parse")):
        if slower in medians and faster in medians:
            print(f"  {slower + ' / ' + faster:<34}{medians[slower] / medians[faster]:>6.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a copy of the shared corpus folder (default: tests/fixtures)")
    parser.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]  # bench_accuracy's runners, the test support package
    if args.worker:
        worker(WORKERS[args.worker], args.corpus)
        return 0
    if shutil.which("valgrind") is None:
        print("bench_instructions: valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    if sys.stderr.isatty():
        print(f"running {len(WORKERS)} workers under callgrind on {os.cpu_count()} cores (several minutes)", file=sys.stderr)
    report(*measure(args.corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
