"""Chinese government date strings: locate them with patterns, parse them with dateparser.

Everything here is relative to a given fetch time; nothing reads the clock.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

from dateparser.date import DateDataParser

CN_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
MIN_YEAR = 1990

_FULL = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>1[0-2]|0?[1-9])\s*[-/.月]\s*"
    r"(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)\s*日?"
    r"(?:\s*(?:[T\-]\s*)?(?P<ampm>上午|下午|晚上|凌晨)?\s*(?P<H>2[0-3]|[01]?\d)\s*[:：时]\s*(?P<M>[0-5]\d)"
    r"(?:\s*[:：分]\s*(?P<S>[0-5]\d))?)?"
)
_MONTH_DAY = re.compile(r"(?<![\d年/.\-])(?P<m>1[0-2]|0?[1-9])\s*月\s*(?P<d>3[01]|[12]\d|0?[1-9])\s*日")
_LIST_MONTH_DAY = re.compile(r"^[\[(（【]?\s*(?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])\s*[\])）】]?$")
_CN_DATE = re.compile(
    r"(?P<y>[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日"
)
_RELATIVE = re.compile(r"(?:\d+\s*(?:秒|分钟|小时|天|周|个月)前|刚刚|今天|昨天|前天)")
_TIMESTAMP = re.compile(r"^\s*(\d{10}|\d{13})\s*$")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")

_URL_PATTERNS = [
    re.compile(r"[/_]t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),  # TRS t20230214_123
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # Hanweb /art/2023/2/14/
    re.compile(r"/((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),  # /20230410/1522745.html
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})/"),
]
_URL_YEAR_MONTH = re.compile(r"/((?:19|20)\d{2})(?:0[1-9]|1[0-2])/")

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0}

_PARSER = DateDataParser(
    languages=["zh", "en"],
    settings={"DATE_ORDER": "YMD", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"},
)
_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


@dataclass(frozen=True)
class ParsedDate:
    """A date or date-time in China time, with how precise the source was."""

    when: datetime  # naive, China time
    raw: str
    has_time: bool = False
    has_seconds: bool = False

    @property
    def day(self) -> date:
        return self.when.date()

    def iso(self) -> str:
        if not self.has_time:
            return self.when.strftime("%Y-%m-%d")
        fmt = "%Y-%m-%dT%H:%M:%S" if self.has_seconds else "%Y-%m-%dT%H:%M"
        return self.when.strftime(fmt) + "+08:00"


def china_now(fetched_at: datetime) -> datetime:
    """The fetch time as naive China time (the frame every page date is in)."""
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    return fetched_at.astimezone(CN_TZ).replace(tzinfo=None)


def _credible(parsed: ParsedDate | None, now: datetime) -> ParsedDate | None:
    if parsed is None or parsed.when.year < MIN_YEAR:
        return None
    if parsed.has_time and parsed.when > now:
        return None
    if parsed.day > now.date():
        return None
    return parsed


@lru_cache(maxsize=8192)
def _parse_normalised(text: str) -> datetime | None:
    data = _PARSER.get_date_data(text, date_formats=_FORMATS)
    return data.date_obj


def _cn_number(chars: str) -> int:
    if "十" not in chars:
        return int("".join(str(_CN_DIGITS[c]) for c in chars))
    tens, _, ones = chars.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _normalise(text: str) -> str:
    """Full-width digits to ASCII, and 二〇二三年二月十四日 to 2023年2月14日."""
    text = unicodedata.normalize("NFKC", text)
    return _CN_DATE.sub(
        lambda m: f"{_cn_number(m['y'])}年{_cn_number(m['m'])}月{_cn_number(m['d'])}日", text
    )


def _from_match(m: re.Match[str]) -> ParsedDate | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    has_time = m["H"] is not None
    hour = int(m["H"]) if has_time else 0
    if has_time and m["ampm"] in ("下午", "晚上") and hour < 12:
        hour += 12
    minute = int(m["M"]) if has_time else 0
    second = int(m["S"]) if m["S"] else 0
    when = _parse_normalised(f"{y:04d}-{mo:02d}-{d:02d} {hour:02d}:{minute:02d}:{second:02d}")
    if when is None:
        return None
    return ParsedDate(when, m.group(0).strip(), has_time, m["S"] is not None)


def find_dates(text: str, fetched_at: datetime) -> list[ParsedDate]:
    """Every credible full date (year, month, day) in a short string, in order."""
    now = china_now(fetched_at)
    found = []
    for m in _FULL.finditer(_normalise(text)):
        parsed = _credible(_from_match(m), now)
        if parsed:
            found.append(parsed)
    return found


def find_date(text: str, fetched_at: datetime) -> ParsedDate | None:
    """The first credible full date in a short string, or a relative one (3天前) against the fetch time."""
    found = find_dates(text, fetched_at)
    if found:
        return found[0]
    return parse_relative(text, fetched_at)


def is_relative(text: str) -> bool:
    """``3天前``-style text: its date is only as exact as its unit."""
    return bool(_RELATIVE.search(text)) and not _FULL.search(_normalise(text))


def parse_relative(text: str, fetched_at: datetime) -> ParsedDate | None:
    m = _RELATIVE.search(text)
    if not m:
        return None
    now = china_now(fetched_at)
    parser = DateDataParser(languages=["zh"], settings={"RELATIVE_BASE": now, "PREFER_DATES_FROM": "past"})
    when = parser.get_date_data(m.group(0)).date_obj
    if when is None:
        return None
    has_time = any(unit in m.group(0) for unit in ("秒", "分钟", "小时", "刚刚"))
    if not has_time:
        when = when.replace(hour=0, minute=0, second=0, microsecond=0)
    return _credible(ParsedDate(when.replace(microsecond=0), m.group(0), has_time), now)


def parse_timestamp(value: object, fetched_at: datetime) -> ParsedDate | None:
    """Unix seconds or milliseconds (as found in page data) in China time."""
    m = _TIMESTAMP.match(str(value))
    if not m:
        return None
    seconds = int(m.group(1)) / (1000 if len(m.group(1)) == 13 else 1)
    when = datetime.fromtimestamp(seconds, CN_TZ).replace(tzinfo=None, microsecond=0)
    return _credible(ParsedDate(when, str(value), True, True), china_now(fetched_at))


def find_month_day(text: str) -> tuple[int, int, str] | None:
    """A month-day without a year (2月14日上午), as in sub-district news openings."""
    m = _MONTH_DAY.search(_normalise(text))
    return (int(m["m"]), int(m["d"]), m.group(0)) if m else None


def parse_listing_month_day(text: str) -> tuple[int, int, str] | None:
    """``02-14`` or ``(02-14)``: listing widgets that print no year."""
    text = _normalise(text).strip()
    m = _LIST_MONTH_DAY.match(text) or _MONTH_DAY.fullmatch(text)
    return (int(m["m"]), int(m["d"]), text) if m else None


def date_from_url(url: str, fetched_at: datetime) -> ParsedDate | None:
    """Dates that CMSes write into article URLs (TRS, Hanweb, dated folders)."""
    now = china_now(fetched_at)
    for pattern in _URL_PATTERNS:
        m = pattern.search(url)
        if not m:
            continue
        y, mo, d = (int(g) for g in m.groups())
        when = _parse_normalised(f"{y:04d}-{mo:02d}-{d:02d}") if 1 <= mo <= 12 and 1 <= d <= 31 else None
        parsed = _credible(ParsedDate(when, m.group(0).strip("/_")) if when else None, now)
        if parsed:
            return parsed
    return None


def year_hint_from_url(url: str) -> int | None:
    """The year of a dated URL folder (``/202302/``) or full URL date."""
    m = _URL_YEAR_MONTH.search(url)
    if m:
        return int(m.group(1))
    for pattern in _URL_PATTERNS:
        m = pattern.search(url)
        if m:
            return int(m.group(1))
    return None


def years_named(texts: Iterable[str]) -> list[int]:
    """Years written as ``2023年`` in the given texts."""
    years: set[int] = set()
    for text in texts:
        years.update(int(y) for y in _YEAR_IN_TEXT.findall(_normalise(text)))
    return sorted(years, reverse=True)


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def infer_year(
    month: int,
    day: int,
    fetched_at: datetime,
    hint_years: Iterable[int] = (),
    named_years: Iterable[int] = (),
) -> int | None:
    """Pick a year for a month-day: hints first, then the latest year the text names, then the fetch year.

    A year is only taken if the resulting day is not after the fetch date.
    """
    today = china_now(fetched_at).date()
    for year in list(hint_years) + [y for y in named_years if y <= today.year]:
        candidate = _valid_day(year, month, day)
        if candidate and candidate <= today:
            return year
    for year in range(today.year, today.year - 5, -1):  # the most recent past one (29 February: a leap year)
        candidate = _valid_day(year, month, day)
        if candidate and candidate <= today:
            return year
    return None


def month_day_date(month: int, day: int, year: int, raw: str) -> ParsedDate | None:
    when = _parse_normalised(f"{year:04d}-{month:02d}-{day:02d}")
    return ParsedDate(when, raw) if when else None
