"""The publication date: the most specific credible evidence, never the first date on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import dates
from .dates import ParsedDate
from .edges import is_meta_line
from .fields import selected_texts

META_DATE_NAMES = (
    "PubDate", "publishdate", "Maketime", "firstpublishedtime", "article:published_time",
    "publish_time", "pubtime", "_pubtime", "dc.date", "og:release_date",
)
# The labels of a publication date, best first; "发表于"/"发布于" need no colon (blog and forum footers).
# A label's colon may be missing where the date follows at once ("发布时间 2005/05/17 22:11:42"); pages that
# show only their last revision say so ("本页面最后修订于2022年2月9日").
_LABELLED = re.compile(
    r"(?P<label>发布时间|发布日期|发稿时间|发表时间|发表日期|上传时间|更新时间|生成日期|时间|日期)\s*(?:[:：]\s*|(?=\d))"
    r"|(?P<revised>最后修订于|最后修改于|最后更新于|修订于)\s*"
    r"|(?P<bare>发表于|发布于|发表|posted\s+on|posted)\s*[:：]?\s*",
    re.I,
)
_LABEL_RANK = {"发布时间": 0, "发布日期": 0, "发稿时间": 1, "发表时间": 1, "发表日期": 1, "上传时间": 2, "时间": 2, "日期": 2,
               "更新时间": 3, "生成日期": 3, "最后修订于": 3, "最后修改于": 3, "最后更新于": 3, "修订于": 3}
_BARE_RANK = 1
_UNLABELLED_RANK = 4
_FAR = 5  # added to a date found by the page-wide label scan rather than next to the body
# Visible labels a reader takes for the publication date: when one disagrees with the metadata, it wins.
_VISIBLE_PUBLICATION = ("发布时间", "发布日期", "发表时间", "发表日期", "发稿时间")
# "日期" or "时间" preceded by these is another date: written, effective, deadline, office hours…
# (成文日期 in 信息公开 tables is when a document was signed, never when it was published).
_OTHER_DATES = ("成文", "发文", "印发", "生效", "实施", "截止", "开始", "结束", "报名", "活动", "会议", "有效", "办公", "咨询",
                "受理", "失效")
_BODY_HEAD_CHARS = 60
_DATED_HEADLINE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_NEAR_ABOVE, _NEAR_BELOW = 8, 4


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


@dataclass(frozen=True)
class PageDate:
    rank: int
    date: ParsedDate
    raw: str
    label: str | None = None


def _near_lines(ctx) -> list[str]:
    """The lines around the body where its info line sits: above it (nearest first), the container's own
    head and tail lines, and the footer line of blogs and forums below it."""
    layout, content = ctx.layout, ctx.content
    above = [b.text for b in layout.before_body(_NEAR_ABOVE)]
    below = [b.text for b in layout.after_body(_NEAR_BELOW)]
    return _without_listings(above) + content.head + content.tail + _without_listings(below)


def _without_listings(lines: list[str]) -> list[str]:
    """Class served: pages that list other articles with their dates right above or below the text
    ("少年时代(1)(2004/10/10 17:06)" under a book chapter): two or more dated headlines in a row are a list,
    and their dates are other articles'."""
    dated = [bool(_DATED_HEADLINE.search(line)) and len(_DATED_HEADLINE.sub("", line).strip()) >= 4 for line in lines]
    return [
        line for i, line in enumerate(lines)
        if not (dated[i] and (i > 0 and dated[i - 1] or i + 1 < len(lines) and dated[i + 1]))
    ]


def _dates_in(text: str, ctx, far: bool) -> list[PageDate]:
    found: list[PageDate] = []
    hint = ctx.hint_day
    labelled = False
    for m in _LABELLED.finditer(text):
        label = m["label"] or m["revised"] or m["bare"]
        if text[max(0, m.start() - 2) : m.start()] in _OTHER_DATES:
            labelled = True  # the line's date is another date (成文日期, 截止时间 …), not an unlabelled one
            continue
        if d := dates.find_date(text[m.end() : m.end() + 40], ctx.fetched_at, hint):
            labelled = True
            rank = _LABEL_RANK.get(label, _BARE_RANK) + (_FAR if far else 0)
            found.append(PageDate(rank, d, text[m.start() : m.end()] + d.raw, m["label"] or m["revised"]))
    if not labelled and (d := dates.find_date(text, ctx.fetched_at, hint)):
        found.append(PageDate(_UNLABELLED_RANK + (_FAR if far else 0), d, d.raw))
    return found


def page_dates(ctx, everywhere: bool = True) -> list[PageDate]:
    """Dates shown on the page outside the body text, best first: the family's date element; then labelled
    dates (发布时间 before 时间 before 更新时间/生成日期) and unlabelled info-line dates next to the body; then,
    unless ``everywhere`` is false, labelled dates anywhere on the page (ranked below all of those)."""
    for text in selected_texts(ctx, ctx.own_selectors("published")):
        if d := dates.find_date(text, ctx.fetched_at, ctx.hint_day):
            return [PageDate(0, d, text)]
    found: list[PageDate] = []
    for text in _near_lines(ctx):
        if is_meta_line(text) or _LABELLED.search(text):
            found += _dates_in(text, ctx, far=False)
    for text in ctx.named_info_texts:
        found += _dates_in(text, ctx, far=False)
    if everywhere:  # the page-wide label scan: _page needs it only when nothing next to the body has a date
        for text in ctx.label_info_texts(("时间", "日期", "来源", "发表", "发布", "修订")):
            if "来源" in text:
                found += _dates_in(text, ctx, far=True)
            else:
                found += [d for d in _dates_in(text, ctx, far=True) if d.label]
    # Among dates of one rank, one with the time of day wins: it is the system's stamp of the post, where a
    # bare day is typed text (the date of the article a blog reposts, of a report, of an issue).
    return sorted(found, key=lambda d: (d.rank, not d.date.has_time))


def _page(ctx):
    ranked = page_dates(ctx, everywhere=False) or page_dates(ctx)
    return _found(ranked[0].date, ranked[0].raw, "page") if ranked else None


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
    if result.date and result.source in ("meta", "data"):
        _prefer_visible(ctx, result)
    if result.date and result.source in ("meta", "url", "listing") and not result.date.has_time:
        _add_time_from_page(ctx, result)
    if result.date is None:
        result.warnings.append("published_missing")
    elif dates.is_relative(result.raw or ""):
        result.warnings.append("published_relative")
    return result


def _prefer_visible(ctx, result: PublishedResult) -> None:
    """Class served: CMSs that regenerate pages stamp ``PubDate`` with the regeneration time, while the
    page still shows the real 发布日期. A visible labelled publication date that disagrees wins, and the
    record says what the metadata claimed."""
    meta = result.date
    for found in page_dates(ctx):
        if found.label not in _VISIBLE_PUBLICATION or meta is None:
            continue
        same_day = found.date.day == meta.day
        if same_day and not (found.date.has_time and meta.has_time and found.date.when != meta.when):
            return  # they agree (the metadata may only be finer)
        result.warnings.append(f"published_conflict:{result.source}={meta.iso()}")
        result.date, result.raw, result.source, result.rule = found.date, found.raw, "page", "page"
        return


def _add_time_from_page(ctx, result: PublishedResult) -> None:
    """Metadata, URLs and listings often give the day only while the info line shows the time: take the finer one."""
    day = result.date.day if result.date else None
    for found in page_dates(ctx):
        if found.date.has_time and found.date.day == day:
            result.date, result.raw, result.source, result.rule = found.date, found.raw, "page", "page"
            return
