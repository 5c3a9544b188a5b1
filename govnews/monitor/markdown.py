"""`report.md`: the run report for terminals and email — Markdown tables, lists, diffs and sparklines."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from govnews.monitor import labels as L
from govnews.monitor.chart import sparkline, weekly
from govnews.monitor.model import COUNT_KEYS, COVERAGE_FIELDS, Change, RunReport, SiteHealth

# `_` inside a word (aliyun_waf) makes no emphasis in CommonMark: left as it is, for terminal readers.
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|#~]|(?<!\w)_|_(?!\w))")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md(text: object) -> str:
    """Page text made inert in Markdown: no link, emphasis, HTML or table cell break can come from it."""
    return _ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", L.clean(text)))


def _link(url: str, text: str) -> str:
    url = L.clean(url)
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return f"{md(text)} ({md(url)})"
    target = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{md(text)}](<{target}>)"


def render_md(report: RunReport) -> str:
    """The report as Markdown (UTF-8 when written)."""
    names = report.site_names()
    sites = report.sites()
    sections = [
        _header(report, names),
        _changes(report, names, sites),
        _charts(report, names, sites),
        _health(report),
    ]
    return "\n\n".join(s.rstrip() for s in sections) + "\n"


def _name(site: str, names: dict[str, str]) -> str:
    name = names.get(site, site)
    return f"{md(name)} (`{L.clean(site)}`)" if name != site else f"`{L.clean(site)}`"


def _header(report: RunReport, names: dict[str, str]) -> str:
    t = L.totals(report.changes)
    lines = [
        f"# govnews run {md(report.run_id)}",
        "",
        f"- Started: {md(report.started_at)}",
        f"- Finished: {md(report.finished_at) if report.finished_at else 'not finished'}",
        f"- Compared with: {md(report.previous_run_id) if report.previous_run_id else 'none (first run)'}",
        f"- Changes: {t['new']} new, {t['updated']} updated, {t['removed']} removed",
    ]
    for h in report.health:
        if h.degraded:
            lines.append(f"- **DEGRADED** {_name(h.site, names)}: {md('; '.join(h.reasons))}")
    for h in report.health:
        if L.is_blocked(h) and not h.degraded:
            lines.append(f"- **BLOCKED** {_name(h.site, names)}: {md('; '.join(L.blocked_lines(h)))}")
    return "\n".join(lines)


def _changes(report: RunReport, names: dict[str, str], sites: list[str]) -> str:
    grouped = L.group_changes(report.changes, sites)
    lines = ["## Changes since the previous run"]
    for site, columns in grouped.items():
        lines += ["", f"### {_name(site, names)}"]
        for column, kinds in columns.items():
            lines += ["", f"#### {md(column) if column else L.NO_COLUMN}"]
            for kind in ("new", "updated", "removed"):
                if kinds.get(kind):
                    lines += ["", f"**{L.KIND_LABELS[kind]} ({len(kinds[kind])})**", ""]
                    lines += [line for change in kinds[kind] for line in _change_lines(change)]
    if not grouped:
        lines += ["", "Nothing new, updated or removed in this run."]
    quiet = [s for s in sites if s not in grouped]
    if quiet:
        lines += ["", "No changes: " + ", ".join(_name(s, names) for s in quiet) + "."]
    return "\n".join(lines)


def _change_lines(change: Change) -> list[str]:
    date = L.short_date(change.published)
    head = f"- {_link(change.url, L.title_of(change))}" + (f" — {date}" if date else "")
    if change.kind == "removed":
        return [f"{head} — {md(L.reason_text(change.reason))}"]
    if change.kind != "updated":
        return [head]
    diff = [f"- {L.clean(p)}" for p in change.paragraphs_removed] + [f"+ {L.clean(p)}" for p in change.paragraphs_added]
    if not diff:
        return [head, "  (no paragraph changed: the title or other fields did)"]
    fence = "`" * max(3, 1 + max(len(run) for line in diff for run in re.findall(r"`+", line) or [""]))
    return [head, "", f"  {fence}diff", *(f"  {line}" for line in diff), f"  {fence}"]


def _charts(report: RunReport, names: dict[str, str], sites: list[str]) -> str:
    if not report.days:
        return "## Postings per day\n\nNo days to chart."
    rows = []
    for site in sites:
        counts = report.postings.get(site, {})
        weeks = weekly(report.days, counts)
        total = sum(weeks)
        peak = max(int(counts.get(day, 0) or 0) for day in report.days)
        rows.append((L.clean(site), sparkline(weeks), f"{total} in {len(report.days)} days, at most {peak} a day"))
    width = max(len(r[0]) for r in rows) if rows else 0
    body = "\n".join(f"{site.ljust(width)}  {spark}  {note}" for site, spark, note in rows)
    return (
        f"## Postings per day\n\n{report.days[0]} → {report.days[-1]}, by publication date; "
        "one character per week, oldest first (· none, ▁ few … █ the site's busiest week):\n\n"
        f"```\n{body}\n```"
    )


def _health(report: RunReport) -> str:
    ordered = [h for h in report.health if h.degraded] + [h for h in report.health if not h.degraded]
    header = ["site", "status"] + [L.COUNT_LABELS[k] for k in COUNT_KEYS] + list(COVERAGE_FIELDS) + ["blocked columns"]
    lines = [
        "## Site health",
        "",
        "Each figure is this run's, with the median of earlier runs in parentheses.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---", "---"] + ["---:"] * (len(header) - 3) + ["---"]) + "|",
    ]
    lines += [_health_row(h) for h in ordered]
    reasons = [f"- `{L.clean(h.site)}` DEGRADED: {md('; '.join(h.reasons))}" for h in ordered if h.degraded]
    if reasons:
        lines += ["", *reasons]
    return "\n".join(lines)


def _health_row(h: SiteHealth) -> str:
    status = " ".join(filter(None, ["**DEGRADED**" if h.degraded else "", "BLOCKED" if L.is_blocked(h) else ""]))
    cells = [f"{md(h.site_name or h.site)} (`{L.clean(h.site)}`)", status or "OK"]
    cells += [_pair(h.counts.get(k), h.baseline.get(k), L.count) for k in COUNT_KEYS]
    cells += [_pair(h.coverage.get(f), h.baseline.get(f), L.share) for f in COVERAGE_FIELDS]
    cells.append(md("; ".join(L.blocked_lines(h))) or "—")
    return "| " + " | ".join(cells) + " |"


def _pair(value, base, fmt) -> str:
    return fmt(value) + (f" ({fmt(base)})" if base is not None else "")
