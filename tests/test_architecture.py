"""The package's layout is its architecture (docs/architecture.md): checked, not just described."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "govnews"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every govnews module ``name`` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {t for t in targets if t in modules and t != name}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_one_that_imports_it_back():
    assert cycles(import_graph()) == []


def test_the_top_level_holds_only_the_packages_face():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "settings.py"]


def test_no_two_modules_share_a_name_for_different_ideas():
    by_name: dict[str, list[str]] = defaultdict(list)
    for name in _modules():
        by_name[name.rpartition(".")[2]].append(name)
    # Alike names that are one idea seen from two sides: a command and what it runs (cli.seed and distributed.seed,
    # cli.demo and demo/, cli.regions and regions/, cli.listing and listing/, cli.profile and profiles/profile, …), a CMS
    # family's demo pages and its parsing quirks, a run's folder and the store's table of runs, the store and the
    # pipeline that feeds it, running Scrapy for one process and for a cluster worker.
    same_idea = {"seed", "finish", "worker", "demo", "sites", "hanweb", "platform", "runs", "store", "process", "regions",
                 "listing", "profile"}
    shared = {n: sorted(m) for n, m in by_name.items() if len(m) > 1 and n not in same_idea}
    assert shared == {}


def test_scrapy_is_used_only_by_the_crawler_its_cluster_and_the_commands_that_start_them():
    allowed = ("govnews.crawler", "govnews.distributed", "govnews.cli", "govnews.settings")
    users = sorted(name for name, path in _modules().items()
                   if any(line.startswith(("import scrapy", "from scrapy")) for line in
                          (raw.strip() for raw in path.read_text("utf-8").splitlines()))
                   and not name.startswith(allowed))
    assert users == []


def test_extraction_is_pure_of_the_clock_and_the_network():
    for name, path in _modules().items():
        if name.startswith(("govnews.extraction", "govnews.listing", "govnews.record")):
            text = path.read_text("utf-8")
            assert "runs.clock" not in text and "datetime.now" not in text and "time.time" not in text, name
            assert "scrapy" not in text and "urllib.request" not in text, name
