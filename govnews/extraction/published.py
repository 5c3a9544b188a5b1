"""The publication date: the most specific credible evidence, never the first date on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import dates
from .dates import ParsedDate
from .fields import selected_texts

META_DATE_NAMES = (
    "PubDate", "publishdate", "Maketime", "firstpublishedtime", "article:published_time",
    "publish_time", "pubtime", "_pubtime", "dc.date", "og:release_date",
)
_LABELLED = re.compile(r"(?P<label>发布时间|发布日期|发稿时间|发表时间|上传时间|更新时间|时间|日期)\s*[:：]\s*")
_LABEL_RANK = {"发布时间": 0, "发布日期": 0, "发稿时间": 1, "发表时间": 1, "上传时间": 2, "时间": 2, "日期": 2, "更新时间": 3}
# "日期" or "时间" preceded by these is another date: written, effective, deadline, office hours…
_OTHER_DATES = ("成文", "发文", "印发", "生效", "实施", "截止", "开始", "结束", "报名", "活动", "会议", "有效", "办公", "咨询",
                "受理", "失效")
_BODY_HEAD_CHARS = 60


@dataclass
class PublishedResult:
    date: ParsedDate | None = None
    raw: str | None = None
    source: str | None = None
    rule: str | None = None
    tried: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _found(date: ParsedDate | None, raw: str | None, source: str, rule: str | None = None):
    return (date, raw or (date.raw if date else None), source, rule or source) if date else None


def _from_text(text: str, fetched_at) -> ParsedDate | None:
    return dates.parse_timestamp(text, fetched_at) or dates.find_date(text, fetched_at)


def _profile(ctx):
    for text in selected_texts(ctx, ctx.site.selectors.get("published", ())):
        if d := _from_text(text, ctx.fetched_at):
            return _found(d, text, "page", "profile")
    return None


def _meta(ctx):
    for name in META_DATE_NAMES:
        value = ctx.doc.meta_value(name)
        if value and (d := _from_text(value, ctx.fetched_at)):
            return _found(d, value, "meta")
    return None


def _data(ctx):
    value = ctx.data.published if ctx.data else None
    if value is not None and (d := _from_text(str(value), ctx.fetched_at)):
        return _found(d, str(value), "data")
    return None


def page_dates(ctx) -> list[tuple[int, ParsedDate, str]]:
    """Dates on the page outside the body, ranked: 发布-labels first; unlabelled only in info lines."""
    found: list[tuple[int, ParsedDate, str]] = []
    for text in selected_texts(ctx, ctx.own_selectors("published")):
        if d := dates.find_date(text, ctx.fetched_at):
            found.append((0, d, text))
            break
    for text, named in ctx.info_texts(("时间", "日期", "来源")):
        if found and found[0][0] == 0:
            break
        labelled = False
        for m in _LABELLED.finditer(text):
            if text[max(0, m.start() - 2) : m.start()] in _OTHER_DATES:
                continue
            labelled = True
            value = text[m.end() : m.end() + 40]
            if d := dates.find_date(value, ctx.fetched_at):
                found.append((_LABEL_RANK[m["label"]], d, text[m.start() : m.end()] + d.raw))
        if not labelled and (named or "来源" in text) and (d := dates.find_date(text, ctx.fetched_at)):
            found.append((4, d, d.raw))
    return sorted(found, key=lambda item: item[0])


def _page(ctx):
    ranked = page_dates(ctx)
    return _found(ranked[0][1], ranked[0][2], "page") if ranked else None


def _listing(ctx):
    text = ctx.hints.date
    if not text:
        return None
    if d := dates.find_date(text, ctx.fetched_at):
        return _found(d, text, "listing")
    if md := dates.parse_listing_month_day(text):
        return _month_day(ctx, md, "listing")
    return None


def _url(ctx):
    d = dates.date_from_url(ctx.doc.page.url, ctx.fetched_at)
    return _found(d, None, "url")


def _body(ctx):
    for paragraph in ctx.paragraphs[:2]:
        head = paragraph[:_BODY_HEAD_CHARS]
        if found := dates.find_dates(head, ctx.fetched_at):
            return _found(found[0], None, "body")
        if md := dates.find_month_day(head):
            return _month_day(ctx, md, "body")
    return None


def _month_day(ctx, md: tuple[int, int, str], source: str):
    month, day, raw = md
    hints = [y for y in (dates.year_hint_from_url(ctx.doc.page.url), _meta_year(ctx)) if y]
    named = dates.years_named([ctx.title or ""] + ctx.paragraphs)
    year = dates.infer_year(month, day, ctx.fetched_at, hints, named)
    if year is None:
        return None
    how = "url_or_meta" if year in hints else "named_in_text" if year in named else "fetch_year"
    ctx.warnings.append(f"published_year_inferred:{how}")
    return _found(dates.month_day_date(month, day, year, raw), raw, source)


def _meta_year(ctx) -> int | None:
    url = ctx.doc.meta_value("Url")
    return dates.year_hint_from_url(url) if url else None


RULES = [("profile", _profile), ("meta", _meta), ("data", _data), ("page", _page),
         ("listing", _listing), ("url", _url), ("body", _body)]


def resolve_published(ctx) -> PublishedResult:
    result = PublishedResult()
    for name, rule in RULES:
        result.tried.append(name)
        found = rule(ctx)
        if found:
            result.date, result.raw, result.source, result.rule = found
            break
    if result.date and result.source == "meta" and not result.date.has_time:
        _add_time_from_page(ctx, result)
    if result.date is None:
        result.warnings.append("published_missing")
    elif dates.is_relative(result.raw or ""):
        result.warnings.append("published_relative")
    return result


def _add_time_from_page(ctx, result: PublishedResult) -> None:
    """Metadata often gives the day only while the info line shows the time: take the finer one."""
    day = result.date.day if result.date else None
    for _, d, raw in page_dates(ctx):
        if d.has_time and d.day == day:
            result.date, result.raw, result.source, result.rule = d, raw, "page", "page"
            return
