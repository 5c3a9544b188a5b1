"""Site profiles: one declarative TOML file per site, found in the package and in ``GOVNEWS_PROFILES_DIR``,
validated when loaded.

A profile states what differs from its CMS family's preset. Errors name the file, the field and
what was expected, and are raised before any request is made.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import tomllib
from dataclasses import replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .checks import check_profile
from .profile import ProfileError, SiteProfile

_TOML_POSITION = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def builtin_dir() -> Traversable:
    """The package's profiles, read through importlib.resources (so a zipped egg under Scrapyd works)."""
    return resources.files("govnews.profiles").joinpath("sites")


def profile_dirs(extra: str | os.PathLike | None = None) -> list[Traversable]:
    """The package's own profiles, then the user's (``GOVNEWS_PROFILES_DIR``), which may add or override."""
    dirs: list[Traversable] = [builtin_dir()]
    if extra:
        dirs.append(Path(extra))
    return dirs


def profile_paths(extra: str | os.PathLike | None = None) -> dict[str, Traversable]:
    paths: dict[str, Traversable] = {}
    for directory in profile_dirs(extra):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir(), key=lambda p: p.name):
            if path.name.endswith(".toml"):
                paths[path.name[: -len(".toml")]] = path
    return paths


def load_profile_file(path: Traversable, demo_url: str | None = None) -> SiteProfile:
    where = str(path)
    try:
        text = path.read_text("utf-8")
        raw = tomllib.loads(text)
    except OSError as exc:
        raise ProfileError(where, "file", f"cannot be read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        line, problem = toml_problem(exc)
        raise ProfileError(where, line, f"invalid TOML ({problem})") from None
    except UnicodeDecodeError as exc:
        raise ProfileError(where, "file", f"byte {exc.start} is not UTF-8", "a UTF-8 text file") from None
    stem = path.name[: -len(".toml")] if path.name.endswith(".toml") else path.name
    profile = build_profile(raw, where, stem, demo_url)
    return replace(profile, source_digest=hashlib.sha256(text.encode("utf-8")).hexdigest())


def toml_problem(exc: tomllib.TOMLDecodeError) -> tuple[str, str]:
    """("line 2", "illegal character '\\n' at column 13") from tomllib's "Illegal character '\\n' (at line 2, column 13)"."""
    message = str(exc)
    m = _TOML_POSITION.search(message)
    if not m:
        return "file", message[:1].lower() + message[1:]
    problem = message[: m.start()].rstrip()
    return f"line {m['line']}", f"{problem[:1].lower()}{problem[1:]} at column {m['column']}"


def build_profile(raw: dict[str, Any], where: str, stem: str | None = None, demo_url: str | None = None) -> SiteProfile:

    return check_profile(raw, where, stem, demo_url)


def select_profiles(patterns: list[str], extra_dir: str | None = None, demo_url: str | None = None,
                    check_all: bool = False) -> list[SiteProfile]:
    """Profiles whose id matches any of ``patterns`` (exact ids or globs such as ``demo-*``).

    ``check_all`` validates every profile in the folders in use first, as a crawl does: a broken profile beside
    the chosen ones is an error before anything is fetched, not a site silently missing from later runs.
    """
    paths = profile_paths(extra_dir)
    chosen: list[str] = []
    for pattern in patterns:
        matches = [sid for sid in paths if fnmatch.fnmatchcase(sid, pattern)]
        if not matches:
            raise LookupError(f"unknown site {pattern!r}; `govnews sites` lists the known ones")
        chosen += [m for m in matches if m not in chosen]
    loaded = {sid: load_profile_file(path, demo_url) for sid, path in paths.items() if check_all or sid in chosen}
    return [loaded[sid] for sid in chosen]


def all_profiles(extra_dir: str | None = None, demo_url: str | None = None) -> list[SiteProfile]:
    return [load_profile_file(p, demo_url) for p in profile_paths(extra_dir).values()]
