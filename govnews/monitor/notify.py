"""Webhook notification after a run: the machine-readable summary and a plain-text form in one POST.

A failed notification never fails the crawl: `notify` retries what may pass later (connection
errors, timeouts, 5xx, 429), then logs one warning and returns False. It never raises.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from govnews import __version__
from govnews.monitor import labels as L
from govnews.monitor.model import RunReport

log = logging.getLogger(__name__)
_sleep = time.sleep  # the backoff's clock; tests replace it
STYLES = ("slack", "mattermost", "rocketchat", "dingtalk", "wecom", "feishu", "json")
MAX_TITLES = 20
MAX_RETRY_AFTER = 60.0
_CODED = ("dingtalk", "wecom", "feishu")  # these answer 200 with an error code when they refuse


def payload(summary: Mapping[str, Any], text: str, style: str = "slack") -> dict[str, Any]:
    """The JSON body for a chat tool's incoming webhook, with the summary under `govnews`."""
    style = style.lower()
    if style in ("slack", "mattermost", "rocketchat"):
        return {"text": text, "govnews": summary}
    if style in ("dingtalk", "wecom"):
        return {"msgtype": "text", "text": {"content": text}, "govnews": summary}
    if style == "feishu":
        return {"msg_type": "text", "content": {"text": text}, "govnews": summary}
    if style == "json":
        return {"govnews": summary, "text": text}
    raise ValueError(f"unknown webhook style {style!r} (one of {', '.join(STYLES)})")


def notify(
    url: str,
    summary: Mapping[str, Any],
    text: str,
    style: str = "slack",
    attempts: int = 4,
    backoff: float = 1.0,
    timeout: float = 10,
) -> bool:
    """POST the notification; True when the webhook accepted it. Waits backoff, 2×backoff, … between tries."""
    where = _redacted(url)
    try:
        body = json.dumps(payload(summary, text, style), ensure_ascii=False, default=str).encode("utf-8")
    except Exception as exc:  # noqa: BLE001 — a bad style or summary fails the notification, not the crawl
        log.warning("webhook %s not sent: %s", where, exc)
        return False
    problem: str | None = "not attempted"
    for attempt in range(1, max(1, attempts) + 1):
        retry, problem, wait = _attempt(url, body, timeout, style.lower() in _CODED)
        if problem is None:
            return True
        if not retry or attempt >= attempts:
            break
        delay = max(backoff * 2 ** (attempt - 1), min(wait or 0.0, MAX_RETRY_AFTER))
        log.debug("webhook %s: %s; retrying in %.1f s", where, problem, delay)
        _sleep(delay)
    log.warning("webhook %s failed after %d attempt(s): %s", where, attempt, problem)
    return False


def _attempt(url: str, body: bytes, timeout: float, coded: bool) -> tuple[bool, str | None, float | None]:
    """One POST: (worth retrying, problem or None when accepted, Retry-After seconds)."""
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": f"govnews/{__version__}"}
    try:
        request = urllib.request.Request(url, data=body, method="POST", headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = response.read(65536)
    except urllib.error.HTTPError as exc:
        retry = exc.code >= 500 or exc.code == 429
        return retry, f"HTTP {exc.code}", _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
    except (OSError, http.client.HTTPException) as exc:  # refused, reset, timed out, garbled answer
        return True, f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}", None
    except Exception as exc:  # noqa: BLE001 — never let a notification raise
        return False, f"{type(exc).__name__}: {exc}", None
    return False, _refused(answer) if coded else None, None


def _refused(answer: bytes) -> str | None:
    """DingTalk, WeCom and Feishu answer 200 with an error code in the body when they refuse a message."""
    try:
        data = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    for key in ("errcode", "code", "StatusCode"):
        if isinstance(data.get(key), int) and data[key] != 0:
            message = data.get("errmsg") or data.get("msg") or data.get("StatusMessage") or ""
            return f"refused: {key} {data[key]} {message}".strip()
    return None


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _redacted(url: str) -> str:
    """Webhook URLs carry their secret in the path or query: log the host only."""
    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.hostname}" if parts.hostname else "(invalid URL)"
    except (TypeError, ValueError, AttributeError):
        return "(invalid URL)"


def summary_text(report: RunReport) -> str:
    """A short plain-text summary: totals, per-site counts, degraded and blocked sites, some titles."""
    names = report.site_names()
    sites = report.sites()
    t = L.totals(report.changes)
    versus = f" (compared with {report.previous_run_id})" if report.previous_run_id else " (first run)"
    lines = [f"govnews run {report.run_id}{versus}: {t['new']} new, {t['updated']} updated, {t['removed']} removed"]
    for h in report.health:
        if h.degraded:
            lines.append(f"DEGRADED {names[h.site]} ({h.site}): {'; '.join(h.reasons) or 'see the report'}")
    for h in report.health:
        if L.is_blocked(h):
            lines.append(f"BLOCKED {names[h.site]} ({h.site}): {'; '.join(L.blocked_lines(h)) or 'blocked pages'}")
    per_site = L.site_totals(report.changes)
    for site in sites:
        n = per_site.get(site, {"new": 0, "updated": 0, "removed": 0})
        lines.append(f"- {names[site]}: {n['new']} new / {n['updated']} updated / {n['removed']} removed")
    lines.extend(_titles(report, names))
    return "\n".join(lines)


def _titles(report: RunReport, names: dict[str, str]) -> list[str]:
    marks = {"new": "+", "updated": "~", "removed": "-"}
    changes = sorted(report.changes, key=lambda c: ("new", "updated", "removed").index(c.kind))
    lines = [f"{marks[c.kind]} [{names.get(c.site, c.site)}] {L.title_of(c)}" for c in changes[:MAX_TITLES]]
    if len(changes) > MAX_TITLES:
        lines.append(f"… and {len(changes) - MAX_TITLES} more")
    return (["", "+ new  ~ updated  - removed"] + lines) if lines else []
