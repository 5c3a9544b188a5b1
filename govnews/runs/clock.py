"""The one clock of govnews: every "now" — fetch times, run ids, the frontier's revisit window, the demo
world's today, health history, feeds — comes from :func:`now`.

Production reads the system clock. ``GOVNEWS_NOW`` pins it (the environment variable, or the Scrapy setting
of the same name for ``scrapy crawl``): the clock starts at that instant and runs on from there, so a run's
steps keep their order while its date is fixed.

- ``GOVNEWS_NOW=2026-11-27T08:00:00Z`` starts that instant when the process first reads the clock.
- ``GOVNEWS_NOW=2026-11-27T08:00:00Z@1764489600.5`` also says at which Unix time it was that instant, so every
  process reading it shares one timeline. A process that pins its clock exports this form, so the crawls it
  starts as subprocesses run on its timeline, and their run ids sort in the order they began.

Elapsed times (timeouts, seconds per site) use ``time.monotonic``, which says nothing about the date.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta, timezone

ENV_VAR = "GOVNEWS_NOW"
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")


class ClockError(ValueError):
    """``GOVNEWS_NOW`` holds something that is not a time."""


_pinned: tuple[datetime, float] | None = None  # (the pinned instant, the Unix time at which it was that instant)
_env_read = False


def parse_pin(text: str, where: str = ENV_VAR) -> tuple[datetime, float | None]:
    """An ISO 8601 time (``2026-11-27T08:00:00Z``, ``2026-11-27 16:00+08:00``; no offset means UTC), optionally
    followed by ``@`` and the Unix time at which it was that instant."""
    instant, _, since = text.strip().partition("@")
    try:
        parsed = datetime.fromisoformat(instant.replace("Z", "+00:00"))
        anchor = float(since) if since else None
    except ValueError:
        raise ClockError(f"{where}={text!r}: not an ISO 8601 time such as 2026-11-27T08:00:00Z") from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC), anchor


def pin(instant: datetime | str | None) -> None:
    """Pin the clock at ``instant`` (None or "" releases it) and export the pin to the processes this one starts.
    Pinning again at the same instant changes nothing: a process that starts several crawls keeps one clock."""
    global _pinned, _env_read
    _env_read = True  # an explicit pin wins over the environment
    if instant is None or instant == "":
        _pinned = None
        os.environ.pop(ENV_VAR, None)
        return
    if isinstance(instant, str):
        moment, anchor = parse_pin(instant)
    else:
        moment, anchor = (instant if instant.tzinfo else instant.replace(tzinfo=UTC)).astimezone(UTC), None
    if _pinned is None or _pinned[0] != moment or (anchor is not None and anchor != _pinned[1]):
        _pinned = (moment, time.time() if anchor is None else anchor)
    os.environ[ENV_VAR] = f"{moment.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}@{_pinned[1]:.6f}"


def pin_from_environment() -> None:
    """Pin the clock from ``GOVNEWS_NOW`` if it is set; :class:`ClockError` names a bad value."""
    pin(os.environ.get(ENV_VAR) or None)


def pinned() -> datetime | None:
    """The instant the clock was pinned at, or None when it reads the system clock."""
    _read_environment_once()
    return _pinned[0] if _pinned else None


def now() -> datetime:
    """The current instant, timezone-aware in UTC."""
    _read_environment_once()
    if _pinned is None:
        return datetime.now(UTC)
    instant, since = _pinned
    return instant + timedelta(seconds=time.time() - since)


def china_today() -> date:
    """Today's date in China (UTC+8): the day Chinese sites date their pages by."""
    return now().astimezone(CHINA).date()


def utc_iso(moment: datetime | None = None) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` of ``moment`` (default: now); a naive moment is taken as UTC."""
    moment = moment or now()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _read_environment_once() -> None:
    if not _env_read:
        pin_from_environment()
