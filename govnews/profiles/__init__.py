"""Site profiles: one declarative TOML file per site, validated when loaded.

A profile states what differs from its CMS family's preset. Errors name the file, the field and
what was expected, and are raised before any request is made.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from .families import ARTICLE_FIELDS, FAMILIES

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
REGION_CODE = re.compile(r"^\d{12}$")
LISTING_FIELDS = ("entry", "link", "title", "date", "pinned", "next")
PAGINATION_PARAMS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "none": {},
    "trs": {},
    "vsb": {},
    "next_link": {"next": str},
    "hanweb": {"perpage": int, "mode": str, "proxy": str},
    "json_page": {"api": str, "start": int, "items": str, "link": str, "title": str, "date": str, "pinned": str, "page_size": int},
    "json_cursor": {"api": str, "items": str, "cursor": str, "link": str, "title": str, "date": str, "pinned": str, "page_size": int},
    "platform": {"user_id": int, "api": str, "page_size": int, "link": str},
}
_TOP_LEVEL = {"id", "name", "family", "region", "status", "allowed_domains", "encoding", "politeness", "columns",
              "pagination", "listing", "article"}
_TRANSLATOR = HTMLTranslator()


class ProfileError(ValueError):
    """A profile that cannot be used: says which file, which field, and what was expected."""

    def __init__(self, path: str, field_name: str, expected: str) -> None:
        self.path, self.field, self.expected = path, field_name, expected
        super().__init__(f"{path}: {field_name}: {expected}")


@dataclass(frozen=True)
class Pagination:
    kind: str = "none"
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Column:
    name: str
    url: str
    pagination: Pagination
    max_pages: int | None = None


@dataclass(frozen=True)
class Status:
    state: str
    date: str | None = None
    how: str | None = None

    def __str__(self) -> str:
        return f"{self.state} {self.date} ({self.how})" if self.state == "verified" else self.state


@dataclass(frozen=True)
class SiteProfile:
    id: str
    name: str
    family: str
    region: dict[str, Any]
    columns: tuple[Column, ...]
    allowed_domains: tuple[str, ...]
    status: Status
    path: str
    delay: float = 1.0
    concurrency: int = 2
    encoding: str | None = None
    listing_selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    article_selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source_digest: str = ""  # sha256 of the profile file, for the run manifest's profiles hash


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
        raise ProfileError(where, "file", f"a readable TOML file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(where, "file", f"valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise ProfileError(where, "file", "UTF-8 text") from None
    stem = path.name[: -len(".toml")] if path.name.endswith(".toml") else path.name
    profile = build_profile(raw, where, stem, demo_url)
    return replace(profile, source_digest=hashlib.sha256(text.encode("utf-8")).hexdigest())


def build_profile(raw: dict[str, Any], where: str, stem: str | None = None, demo_url: str | None = None) -> SiteProfile:
    from .checks import check_profile

    return check_profile(raw, where, stem, demo_url)


def select_profiles(patterns: list[str], extra_dir: str | None = None, demo_url: str | None = None) -> list[SiteProfile]:
    """Profiles whose id matches any of ``patterns`` (exact ids or globs such as ``demo-*``)."""
    paths = profile_paths(extra_dir)
    chosen: list[str] = []
    for pattern in patterns:
        matches = [sid for sid in paths if fnmatch.fnmatchcase(sid, pattern)]
        if not matches:
            raise LookupError(f"unknown site {pattern!r}; `govnews sites` lists the known ones")
        chosen += [m for m in matches if m not in chosen]
    return [load_profile_file(paths[sid], demo_url) for sid in chosen]


def all_profiles(extra_dir: str | None = None, demo_url: str | None = None) -> list[SiteProfile]:
    return [load_profile_file(p, demo_url) for p in profile_paths(extra_dir).values()]


def check_selector(selector: Any, where: str, field_name: str) -> str:
    if not isinstance(selector, str) or not selector.strip():
        raise ProfileError(where, field_name, "a non-empty CSS or XPath selector string")
    try:
        if selector.startswith(("/", "(", "./", "..")):
            etree.XPath(selector)
        else:
            _TRANSLATOR.css_to_xpath(selector)
    except (SelectorError, etree.XPathSyntaxError) as exc:
        raise ProfileError(where, field_name, f"a valid selector, not {selector!r} ({exc})") from None
    return selector


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


__all__ = [
    "ARTICLE_FIELDS", "FAMILIES", "LISTING_FIELDS", "PAGINATION_PARAMS", "Column", "Pagination", "ProfileError",
    "SiteProfile", "Status", "all_profiles", "check_selector", "load_profile_file", "select_profiles",
]
