"""Every package the code imports is a declared dependency, and the lowest releases CI tests are the ones
pyproject.toml admits."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
# Imported only where the optional feature is used, each with the extra that installs it.
OPTIONAL = {"psycopg": "postgres"}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_top_levels() -> set[str]:
    names = set()
    for path in (ROOT / "govnews").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n != "govnews" and n not in sys.stdlib_module_names}


def test_every_imported_package_is_declared():
    declared = {_name(r) for r in PROJECT["dependencies"]}
    extras = {extra: {_name(r) for r in reqs} for extra, reqs in PROJECT["optional-dependencies"].items()}
    distributions = packages_distributions()
    missing = []
    for module in sorted(_imported_top_levels()):
        dists = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        wanted = extras[OPTIONAL[module]] if module in OPTIONAL else declared
        if not dists & wanted:
            missing.append(f"{module} ({', '.join(sorted(dists))})")
    assert missing == []


def test_every_declared_package_is_imported():
    distributions = packages_distributions()
    imported = {d.lower().replace("_", "-") for m in _imported_top_levels() for d in distributions.get(m, [m])}
    assert sorted({_name(r) for r in PROJECT["dependencies"]} - imported) == []


def test_the_minimum_versions_ci_tests_are_the_declared_lower_bounds():
    pins = {}
    for line in (ROOT / "ci" / "minimum-versions.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            pins[_name(name)] = pinned.strip()
    bounds = {_name(r): re.search(r">=\s*([\w.]+)", r).group(1) for r in PROJECT["dependencies"]}
    assert set(pins) == set(bounds)
    for name, bound in bounds.items():
        assert tuple(map(int, pins[name].split("."))) [: len(bound.split("."))] == tuple(map(int, bound.split("."))), name
