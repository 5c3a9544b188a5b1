"""Date strings as Chinese pages write them: located with patterns, built into datetimes directly.

Everything here is relative to a given fetch time; nothing reads the clock.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

from ..record.cleaning import nfkc

CN_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
MIN_YEAR = 1990

_FULL = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>1[0-2]|0?[1-9])\s*[-/.月]\s*"
    r"(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)\s*日?"
    # the weekday pages print between the day and the time: "2005年08月30日, 星期二 13:22", "2024-05-08（周三）16:20"
    r"(?:\s*[,，]?\s*[（(]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[）)]?)?"
    r"(?:\s*(?:[T\-]\s*)?(?P<ampm>上午|下午|晚上|凌晨)?\s*(?P<H>2[0-3]|[01]?\d)\s*[:：时]\s*(?P<M>[0-5]\d)"
    r"(?:\s*[:：分]\s*(?P<S>[0-5]\d))?)?"
)
_MONTH_DAY = re.compile(r"(?<![\d年/.\-])(?P<m>1[0-2]|0?[1-9])\s*月\s*(?P<d>3[01]|[12]\d|0?[1-9])\s*日")
_LIST_MONTH_DAY = re.compile(r"^[\[(（【]?\s*(?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])\s*[\])）】]?$")
_CN_DATE = re.compile(
    r"(?P<y>[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日"
)
_RELATIVE = re.compile(r"(?:(?P<n>\d+)\s*(?P<unit>秒|分钟|小时|天|周|个月)前|(?P<word>刚刚|今天|昨天|前天))")
# Slash dates with the year last: 7/5/2005 9:23:57 PM (US, month first) or 06/02/2022 - 13:48 (day first).
_YEAR_LAST = re.compile(
    r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})(?!\d)"
    r"(?:\s*-?\s*(?P<H>2[0-3]|[01]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?:\s*(?P<ampm>[AaPp][Mm])\b)?)?"
)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# English dates on Chinese-language blogs and international sites: "September 10th, 2005 10:56 am".
_ENGLISH = re.compile(
    r"\b(?P<mon>" + "|".join(_MONTHS) + r")\s+(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})"
    r"(?:,?\s+(?:at\s+)?(?P<H>2[0-3]|[01]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?)?",
    re.I,
)
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


def _build(y: int, mo: int, d: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime | None:
    """The datetime of already-numeric parts, or None for an impossible one (30 February)."""
    try:
        return datetime(y, mo, d, hour, minute, second)
    except ValueError:
        return None


def _cn_number(chars: str) -> int:
    if "十" not in chars:
        return int("".join(str(_CN_DIGITS[c]) for c in chars))
    tens, _, ones = chars.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


@lru_cache(maxsize=4096)
def _normalise(text: str) -> str:
    """Full-width digits to ASCII, and 二〇二三年二月十四日 to 2023年2月14日."""
    text = nfkc(text)
    return _CN_DATE.sub(
        lambda m: f"{_cn_number(m['y'])}年{_cn_number(m['m'])}月{_cn_number(m['d'])}日", text
    )


def _hour(m: re.Match[str]) -> int:
    hour = int(m["H"])
    marker = (m["ampm"] or "").lower().replace(".", "")
    if marker in ("下午", "晚上", "pm") and hour < 12:
        hour += 12
    elif marker in ("am", "凌晨", "上午") and hour == 12:
        hour = 0
    return hour


def _dated(m: re.Match[str], y: int, mo: int, d: int) -> ParsedDate | None:
    has_time = m["H"] is not None
    when = _build(y, mo, d, _hour(m) if has_time else 0, int(m["M"]) if has_time else 0, int(m["S"] or 0))
    return ParsedDate(when, m.group(0).strip(), has_time, m["S"] is not None) if when else None


def _year_last_order(m: re.Match[str], hint: date | None) -> tuple[int, int]:
    """(month, day) of ``a/b/yyyy``: the only possible reading, else the one that agrees with a date the
    URL or metadata gives, else month first after an AM/PM clock (the US form), else day first."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 or b > 12:
        return (b, a) if a > 12 else (a, b)
    for month, day in ((a, b), (b, a)):
        if hint and hint == _valid_day(y, month, day):
            return month, day
    return (a, b) if m["ampm"] else (b, a)


def _matches(text: str, hint: date | None) -> list[tuple[int, ParsedDate | None]]:
    found = [(m.start(), _dated(m, int(m["y"]), int(m["m"]), int(m["d"]))) for m in _FULL.finditer(text)]
    for m in _YEAR_LAST.finditer(text):
        month, day = _year_last_order(m, hint)
        found.append((m.start(), _dated(m, int(m["y"]), month, day)))
    for m in _ENGLISH.finditer(text):
        found.append((m.start(), _dated(m, int(m["y"]), _MONTHS.index(m["mon"].lower()) + 1, int(m["d"]))))
    return sorted(found, key=lambda item: item[0])


def find_dates(text: str, fetched_at: datetime, hint: date | None = None) -> list[ParsedDate]:
    """Every credible full date (year, month, day) in a short string, in order.

    ``hint`` is a day known from elsewhere (URL, metadata) that settles ``06/02/2022``-style dates.
    """
    now = china_now(fetched_at)
    return [p for _, parsed in _matches(_normalise(text), hint) if (p := _credible(parsed, now))]


def find_date(text: str, fetched_at: datetime, hint: date | None = None) -> ParsedDate | None:
    """The first credible full date in a short string, or a relative one (3天前) against the fetch time."""
    found = find_dates(text, fetched_at, hint)
    if found:
        return found[0]
    return parse_relative(text, fetched_at)


def is_relative(text: str) -> bool:
    """``3天前``-style text: its date is only as exact as its unit."""
    return bool(_RELATIVE.search(text)) and not _FULL.search(_normalise(text))


_UNIT_SECONDS = {"秒": 1, "分钟": 60, "小时": 3600, "天": 86400, "周": 7 * 86400}
_DAYS_BACK = {"今天": 0, "昨天": 1, "前天": 2}


def parse_relative(text: str, fetched_at: datetime) -> ParsedDate | None:
    """``3天前``, ``5小时前``, ``昨天``, ``刚刚``: counted back from the fetch time (never from the clock)."""
    m = _RELATIVE.search(text)
    if not m:
        return None
    now = china_now(fetched_at).replace(microsecond=0)
    if m["word"] == "刚刚":
        return _credible(ParsedDate(now, m.group(0), True), now)
    if m["word"]:
        when = now - timedelta(days=_DAYS_BACK[m["word"]])
        return _credible(ParsedDate(when.replace(hour=0, minute=0, second=0), m.group(0)), now)
    n, unit = int(m["n"]), m["unit"]
    if unit == "个月":
        when = _months_back(now, n)
    else:
        when = now - timedelta(seconds=n * _UNIT_SECONDS[unit])
    has_time = unit in ("秒", "分钟", "小时")
    if not has_time:
        when = when.replace(hour=0, minute=0, second=0)
    return _credible(ParsedDate(when, m.group(0), has_time), now)


def _months_back(now: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months earlier (the month's last day where it is shorter)."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


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
        when = _build(y, mo, d)
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
    when = _build(year, month, day)
    return ParsedDate(when, raw) if when else None
