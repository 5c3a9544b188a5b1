"""Validation of a profile's raw TOML table into a :class:`SiteProfile`, field by field."""

from __future__ import annotations

import codecs
import datetime as dt
from typing import Any

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


class _Checker:
    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, field_name: str, expected: str):
        raise ProfileError(self.where, field_name, expected)

    def string(self, raw: dict, key: str, field_name: str, required: bool = True) -> str | None:
        value = raw.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(field_name, "a non-empty string" + ("" if required else " when given"))
        return value.strip()

    def table(self, raw: dict, key: str, required: bool = False) -> dict:
        value = raw.get(key, None if required else {})
        if not isinstance(value, dict):
            self.fail(key, "a table")
        return value

    def number(self, value: Any, field_name: str, kind: type, minimum: float) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int) or value < minimum:
            self.fail(field_name, f"a{'n integer' if kind is int else ' number'} ≥ {minimum}")
        return kind(value)

    def selectors(self, raw: dict, section: str, allowed: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for key, value in self.table(raw, section).items():
            name = f"{section}.{key}"
            if key not in allowed:
                self.fail(name, f"one of {', '.join(allowed)}")
            values = [value] if isinstance(value, str) else value
            if not isinstance(values, list) or not values:
                self.fail(name, "a selector or a list of selectors")
            out[key] = tuple(check_selector(v, self.where, name) for v in values)
        return out

    def pagination(self, raw: Any, field_name: str, inherited: Pagination | None = None, demo_url: str | None = None) -> Pagination:
        if raw is None:
            return inherited or Pagination()
        if not isinstance(raw, dict):
            self.fail(field_name, "a table with a `kind`")
        kind = raw.get("kind", inherited.kind if inherited else None)
        if kind not in PAGINATION_PARAMS:
            self.fail(f"{field_name}.kind", f"one of {', '.join(PAGINATION_PARAMS)}")
        params = dict(inherited.params) if inherited and inherited.kind == kind else {}
        allowed = PAGINATION_PARAMS[kind]
        for key, value in raw.items():
            if key == "kind":
                continue
            if key not in allowed:
                self.fail(f"{field_name}.{key}", f"a parameter of {kind} pagination ({', '.join(allowed) or 'none'})")
            if not isinstance(value, allowed[key]) or isinstance(value, bool):
                self.fail(f"{field_name}.{key}", f"a {allowed[key].__name__}")
            if key == "next":
                check_selector(value, self.where, f"{field_name}.{key}")
            params[key] = _expand(value, demo_url) if isinstance(value, str) else value
        if kind == "hanweb" and params.get("mode", "post") not in ("post", "get"):
            self.fail(f"{field_name}.mode", "post or get")
        if kind in ("json_page", "json_cursor") and "api" not in params:
            self.fail(f"{field_name}.api", "the list API URL template")
        if kind == "platform" and "user_id" not in params:
            self.fail(f"{field_name}.user_id", "the account's numeric user id")
        return Pagination(kind, params)


def _expand(url: str, demo_url: str | None) -> str:
    if "{demo}" in url:
        return url.replace("{demo}", (demo_url or "http://127.0.0.1:8765").rstrip("/"))
    return url


def check_profile(raw: dict[str, Any], where: str, stem: str | None, demo_url: str | None) -> SiteProfile:
    c = _Checker(where)
    unknown = sorted(set(raw) - TOP_LEVEL_FIELDS)
    if unknown:
        c.fail(unknown[0], f"not a profile field (known: {', '.join(sorted(TOP_LEVEL_FIELDS))})")
    site_id = c.string(raw, "id", "id")
    if not SLUG.match(site_id):
        c.fail("id", "a slug of lower-case letters, digits and hyphens")
    if stem is not None and stem != site_id:
        c.fail("id", f"the file name's stem {stem!r} (one slug everywhere)")
    name = c.string(raw, "name", "name")
    family = raw.get("family")
    if family not in FAMILIES:
        c.fail("family", f"one of {', '.join(FAMILIES)}")
    region = _region(c, raw)
    status = _status(c, raw)
    site_pagination = c.pagination(raw.get("pagination"), "pagination", demo_url=demo_url)
    columns = _columns(c, raw, site_pagination, demo_url)
    domains = raw.get("allowed_domains")
    if domains is None:
        domains = sorted({host_of(col.url) for col in columns})
    elif not isinstance(domains, list) or not all(isinstance(d, str) and d for d in domains):
        c.fail("allowed_domains", "a list of host names")
    domains = [host_of(_expand(d, demo_url)) if "{demo}" in d else d.lower() for d in domains]
    politeness = c.table(raw, "politeness")
    for key in politeness:
        if key not in ("delay", "concurrency"):
            c.fail(f"politeness.{key}", "delay or concurrency")
    encoding = c.string(raw, "encoding", "encoding", required=False)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            c.fail("encoding", f"a known character encoding, not {encoding!r}")
    return SiteProfile(
        id=site_id, name=name, family=family, region=region, columns=tuple(columns),
        allowed_domains=tuple(domains), status=status, path=where,
        delay=c.number(politeness.get("delay", 1.0), "politeness.delay", float, 0),
        concurrency=c.number(politeness.get("concurrency", 2), "politeness.concurrency", int, 1),
        encoding=encoding,
        listing_selectors=c.selectors(raw, "listing", LISTING_FIELDS),
        article_selectors=c.selectors(raw, "article", ARTICLE_FIELDS),
    )


def _region(c: _Checker, raw: dict) -> dict[str, Any]:
    table = c.table(raw, "region")
    region = {k: None for k in REGION_KEYS}
    for key, value in table.items():
        if key not in REGION_KEYS:
            c.fail(f"region.{key}", f"one of {', '.join(REGION_KEYS)}")
        if value is not None and (not isinstance(value, str) or not value.strip()):
            c.fail(f"region.{key}", "a non-empty string")
        region[key] = value
    if region["code"] is not None and not REGION_CODE.match(region["code"]):
        c.fail("region.code", "the 12-digit 统计用区划代码, as a string")
    return region


def _status(c: _Checker, raw: dict) -> Status:
    if "status" not in raw:
        c.fail("status", "a table (state, date, how)")
    table = c.table(raw, "status", required=True)
    state = table.get("state")
    if state not in ("verified", "unverified"):
        c.fail("status.state", "verified or unverified")
    if state == "unverified":
        return Status("unverified", None, table.get("how"))
    date = table.get("date")
    if isinstance(date, dt.date):
        date = date.isoformat()
    if not isinstance(date, str):
        c.fail("status.date", "the date of verification (YYYY-MM-DD)")
    return Status("verified", date, c.string(table, "how", "status.how"))


def _columns(c: _Checker, raw: dict, site_pagination: Pagination, demo_url: str | None) -> list[Column]:
    columns = raw.get("columns")
    if not isinstance(columns, list) or not columns:
        c.fail("columns", "at least one [[columns]] entry with name and url")
    out = []
    for i, col in enumerate(columns):
        where = f"columns[{i}]"
        if not isinstance(col, dict):
            c.fail(where, "a table with name and url")
        for key in col:
            if key not in ("name", "url", "pagination", "max_pages"):
                c.fail(f"{where}.{key}", "name, url, pagination or max_pages")
        name = c.string(col, "name", f"{where}.name")
        url = _expand(c.string(col, "url", f"{where}.url"), demo_url)
        if not url.startswith(("http://", "https://")):
            c.fail(f"{where}.url", "an http(s) URL")
        max_pages = col.get("max_pages")
        if max_pages is not None:
            max_pages = c.number(max_pages, f"{where}.max_pages", int, 1)
        pagination = c.pagination(col.get("pagination"), f"{where}.pagination", site_pagination, demo_url)
        out.append(Column(name, url, pagination, max_pages))
    return out
