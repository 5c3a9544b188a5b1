"""Validation of a profile's raw TOML table into a :class:`SiteProfile`, field by field."""

from __future__ import annotations

import codecs
import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any, NoReturn

from ..demo import DEFAULT_URL as DEFAULT_DEMO_URL
from ..record.ids import http_url_problem
from ..regions import Place, RegionProblem, place_of, resolve_region
from .families import ARTICLE_FIELDS, FAMILIES
from .profile import (
    LISTING_FIELDS,
    PAGINATION_PARAMS,
    REGION_CODE,
    SLUG,
    TOP_LEVEL_FIELDS,
    Column,
    Pagination,
    ProfileError,
    SiteProfile,
    Status,
    check_selector,
    host_of,
)

REGION_KEYS = ("province", "city", "district", "subdistrict", "code")
COLUMN_FIELDS = ("name", "url", "pagination", "max_pages", "region")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Checker:
    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, field_name: str, problem: str, expected: str | None = None) -> NoReturn:
        raise ProfileError(self.where, field_name, problem, expected)

    def string(self, raw: dict, key: str, field_name: str) -> str:
        value = raw.get(key)
        if value is None:
            self.fail(field_name, "missing", "a non-empty string")
        if not isinstance(value, str) or not value.strip():
            self.fail(field_name, f"{value!r} is not a non-empty string")
        return value.strip()

    def optional_string(self, raw: dict, key: str, field_name: str) -> str | None:
        return None if raw.get(key) is None else self.string(raw, key, field_name)

    def table(self, raw: dict, key: str, required: bool = False) -> dict:
        if key not in raw and required:
            self.fail(key, "missing", "a table")
        value = raw.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, f"{value!r} is not a table", f"[{key}] with its keys")
        return value

    def number(self, value: Any, field_name: str, kind: type, minimum: float) -> Any:
        what = "an integer" if kind is int else "a number"
        if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int):
            self.fail(field_name, f"{value!r} is not {what}", f"{what} ≥ {minimum}")
        if isinstance(value, float) and not math.isfinite(value):  # TOML allows inf and nan
            self.fail(field_name, f"{value!r} is not a finite number", f"{what} ≥ {minimum}")
        if value < minimum:
            self.fail(field_name, f"{value!r} is less than {minimum}", f"{what} ≥ {minimum}")
        return kind(value)

    def choice(self, value: Any, field_name: str, allowed: Sequence[str], what: str) -> str:
        if value is None:
            self.fail(field_name, "missing", f"one of {', '.join(allowed)}")
        if value not in allowed:
            self.fail(field_name, f"{value!r} is not {what}", f"one of {', '.join(allowed)}")
        return value

    def selectors(self, raw: dict, section: str, allowed: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for key, value in self.table(raw, section).items():
            name = f"{section}.{key}"
            if key not in allowed:
                self.fail(name, f"{key!r} is not a field of [{section}]", f"one of {', '.join(allowed)}")
            values = [value] if isinstance(value, str) else value
            if not isinstance(values, list) or not values:
                self.fail(name, f"{value!r} is not a selector", "a selector or a list of selectors")
            out[key] = tuple(check_selector(v, self.where, name) for v in values)
        return out

    def pagination(self, raw: Any, field_name: str, inherited: Pagination | None = None,
                   demo_url: str | None = None) -> Pagination:
        if raw is None:
            return inherited or Pagination()
        if not isinstance(raw, dict):
            self.fail(field_name, f"{raw!r} is not a table", "a table with a `kind`")
        kind = self.choice(raw.get("kind", inherited.kind if inherited else None), f"{field_name}.kind",
                           list(PAGINATION_PARAMS), "a pagination kind")
        params = dict(inherited.params) if inherited and inherited.kind == kind else {}
        for key, value in raw.items():
            if key != "kind":
                params[key] = self._pagination_param(kind, key, value, f"{field_name}.{key}", demo_url)
        self._pagination_complete(kind, params, field_name)
        return Pagination(kind, params)

    def _pagination_param(self, kind: str, key: str, value: Any, name: str, demo_url: str | None) -> Any:
        allowed = PAGINATION_PARAMS[kind]
        if key not in allowed:
            self.fail(name, f"{key!r} is not a parameter of {kind} pagination", ", ".join(allowed) or "no parameters")
        wanted = allowed[key]
        if not isinstance(value, wanted) or isinstance(value, bool):
            names = wanted.__name__ if isinstance(wanted, type) else " or ".join(t.__name__ for t in wanted)
            self.fail(name, f"{value!r} is not a {names}")
        if key == "next":
            check_selector(value, self.where, name)
        return self.expand(value, name, demo_url) if isinstance(value, str) else value

    def _pagination_complete(self, kind: str, params: dict[str, Any], field_name: str) -> None:
        if kind == "hanweb" and params.get("mode", "post") not in ("post", "get"):
            self.fail(f"{field_name}.mode", f"{params['mode']!r} is not a Hanweb paging mode", "post or get")
        if kind in ("json_page", "json_cursor") and "api" not in params:
            self.fail(f"{field_name}.api", "missing", "the list API URL template")
        if kind == "platform" and "user_id" not in params:
            self.fail(f"{field_name}.user_id", "missing", "the account's numeric user id")

    def expand(self, url: str, field_name: str, demo_url: str | None) -> str:
        """``url`` with ``{demo}`` replaced by the demo portal's address (GOVNEWS_DEMO_URL), which must be a URL."""
        if "{demo}" not in url:
            return url
        demo = demo_url or DEFAULT_DEMO_URL
        if problem := http_url_problem(demo):
            self.fail(field_name, f"{{demo}} is GOVNEWS_DEMO_URL, and {problem}", "the demo portal's address, such as "
                      f"{DEFAULT_DEMO_URL}")
        return url.replace("{demo}", demo.rstrip("/"))

    def http_url(self, raw: dict, key: str, field_name: str, demo_url: str | None) -> str:
        url = self.expand(self.string(raw, key, field_name), field_name, demo_url)
        if problem := http_url_problem(url):
            self.fail(field_name, problem)
        return url


def check_profile(raw: dict[str, Any], where: str, stem: str | None, demo_url: str | None) -> SiteProfile:
    c = _Checker(where)
    unknown = sorted(set(raw) - TOP_LEVEL_FIELDS)
    if unknown:
        c.fail(unknown[0], "not a profile field", f"one of {', '.join(sorted(TOP_LEVEL_FIELDS))}")
    site_id = _site_id(c, raw, stem)
    name = c.string(raw, "name", "name")
    family = c.choice(raw.get("family"), "family", FAMILIES, "a known CMS family")
    region, place = _region(c, c.table(raw, "region"), "region")
    status = _status(c, raw)
    site_pagination = c.pagination(raw.get("pagination"), "pagination", demo_url=demo_url)
    columns = _columns(c, raw, site_pagination, demo_url, place)
    politeness = c.table(raw, "politeness")
    for key in politeness:
        if key not in ("delay", "concurrency"):
            c.fail(f"politeness.{key}", "not a politeness setting", "delay or concurrency")
    return SiteProfile(
        id=site_id, name=name, family=family, region=region, columns=tuple(columns),
        allowed_domains=tuple(_domains(c, raw, columns, demo_url)), status=status, path=where,
        delay=c.number(politeness.get("delay", 1.0), "politeness.delay", float, 0),
        concurrency=c.number(politeness.get("concurrency", 2), "politeness.concurrency", int, 1),
        encoding=_encoding(c, raw),
        listing_selectors=c.selectors(raw, "listing", LISTING_FIELDS),
        article_selectors=c.selectors(raw, "article", ARTICLE_FIELDS),
    )


def _site_id(c: _Checker, raw: dict, stem: str | None) -> str:
    site_id = c.string(raw, "id", "id")
    if not SLUG.match(site_id):
        c.fail("id", f"{site_id!r} is not a slug", "lower-case letters, digits and hyphens, such as 'lixia-quanchenglu'")
    if stem is not None and stem != site_id:
        c.fail("id", f"{site_id!r} differs from the file name {stem + '.toml'!r}",
               f"id = {stem!r}, or the file renamed to {site_id + '.toml'!r} (one slug everywhere)")
    return site_id


def _domains(c: _Checker, raw: dict, columns: list[Column], demo_url: str | None) -> list[str]:
    domains = raw.get("allowed_domains")
    if domains is None:
        return sorted({host_of(col.url) for col in columns})
    if not isinstance(domains, list) or not all(isinstance(d, str) and d for d in domains):
        c.fail("allowed_domains", f"{domains!r} is not a list of host names", 'a list such as ["www.example.gov.cn"]')
    return [host_of(c.expand(d, "allowed_domains", demo_url)) if "{demo}" in d else d.lower() for d in domains]


def _encoding(c: _Checker, raw: dict) -> str | None:
    encoding = c.optional_string(raw, "encoding", "encoding")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            c.fail("encoding", f"{encoding!r} is not a known character encoding", "a name such as gb18030 or utf-8")
    return encoding


def _region(c: _Checker, table: dict, where: str) -> tuple[dict[str, Any], Place | None]:
    """The region a profile (or a column) gives, completed from the national division codes.

    ``code`` alone, or names down to the place's own (a sub-district with its district) are enough;
    ``lookup = false`` keeps what is written for places the table lacks (newer places, the demo's fictional ones).
    """
    region: dict[str, Any] = {k: None for k in REGION_KEYS}
    lookup = table.get("lookup", True)
    if not isinstance(lookup, bool):
        c.fail(f"{where}.lookup", f"{lookup!r} is not true or false", "lookup = false to keep names and code as written")
    for key, value in table.items():
        if key == "lookup":
            continue
        if key not in REGION_KEYS:
            c.fail(f"{where}.{key}", "not a region field", f"one of {', '.join(REGION_KEYS)}, lookup")
        if value is not None and (not isinstance(value, str) or not value.strip()):
            c.fail(f"{where}.{key}", f"{value!r} is not a non-empty string")
        region[key] = value.strip() if isinstance(value, str) else value
    if not lookup:
        if region["code"] is not None and not REGION_CODE.match(region["code"]):
            c.fail(f"{where}.code", f"{region['code']!r} is not a 12-digit code", "the 12-digit 统计用区划代码, as a string")
        return region, None
    try:
        return resolve_region(region)
    except RegionProblem as problem:
        c.fail(f"{where}.{problem.field}", problem.problem, problem.expected)


def _status(c: _Checker, raw: dict) -> Status:
    table = c.table(raw, "status", required=True)
    state = c.choice(table.get("state"), "status.state", ("verified", "unverified"), "a verification state")
    date = table.get("date")
    if isinstance(date, dt.date):
        date = date.isoformat()
    if state == "unverified":  # a date here says when the profile was written or detected
        if date is not None and not _is_day(date):
            c.fail("status.date", f"{date!r} is not a date", "the date the profile was written (YYYY-MM-DD)")
        return Status("unverified", date, table.get("how"))
    if not _is_day(date):
        c.fail("status.date", "missing for a verified profile" if date is None else f"{date!r} is not a date",
               "the date of verification (YYYY-MM-DD)")
    return Status("verified", date, c.string(table, "how", "status.how"))


def _is_day(value: Any) -> bool:
    """A real calendar day written YYYY-MM-DD (not 2026-02-30, not a time of day)."""
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _columns(c: _Checker, raw: dict, site_pagination: Pagination, demo_url: str | None, place: Place | None) -> list[Column]:
    columns = raw.get("columns")
    if not isinstance(columns, list) or not columns:
        c.fail("columns", "missing" if columns is None else f"{columns!r} is not a list of columns",
               "at least one [[columns]] entry with name and url")
    return [_column(c, i, col, site_pagination, demo_url, place) for i, col in enumerate(columns)]


def _column_region(c: _Checker, value: Any, where: str, site_place: Place | None) -> dict[str, Any] | None:
    """A column's own place (a district portal's column per 街道): a code or name, looked for inside the site's place
    first, or a table like the site's."""
    if value is None:
        return None
    if isinstance(value, dict):
        return _region(c, value, where)[0]
    if not isinstance(value, str) or not value.strip():
        c.fail(where, f"{value!r} is not a region", "a 12- or 9-digit code, a place name, or a table like [region]")
    try:
        return place_of(value, site_place).region()
    except RegionProblem as problem:
        c.fail(where, problem.problem, problem.expected)


def _column(c: _Checker, i: int, col: Any, site_pagination: Pagination, demo_url: str | None,
            site_place: Place | None = None) -> Column:
    where = f"columns[{i}]"
    if not isinstance(col, dict):
        c.fail(where, f"{col!r} is not a table", "a table with name and url")
    for key in col:
        if key not in COLUMN_FIELDS:
            c.fail(f"{where}.{key}", "not a column field", ", ".join(COLUMN_FIELDS))
    name = c.string(col, "name", f"{where}.name")
    url = c.http_url(col, "url", f"{where}.url", demo_url)
    max_pages = col.get("max_pages")
    if max_pages is not None:
        max_pages = c.number(max_pages, f"{where}.max_pages", int, 1)
    pagination = c.pagination(col.get("pagination"), f"{where}.pagination", site_pagination, demo_url)
    return Column(name, url, pagination, max_pages, _column_region(c, col.get("region"), f"{where}.region", site_place))
