"""The run report: one self-contained HTML page (`report.html`) and its Markdown twin (`report.md`).

The page makes no request of its own: inline CSS, inline SVG charts, no script, system fonts only.
Everything that came from a crawled page is escaped, and only http(s) URLs become links.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from govnews.monitor import labels as L
from govnews.monitor.chart import bar_chart_svg
from govnews.monitor.markdown import render_md
from govnews.monitor.model import COUNT_KEYS, COVERAGE_FIELDS, Change, RunReport, SiteHealth
from govnews.monitor.style import CSS

__all__ = ["render_html", "render_md"]


def render_html(report: RunReport) -> str:
    """The whole report page as one string (UTF-8 when written)."""
    names = report.site_names()
    sites = report.sites()
    body = "\n".join([
        _header(report, names),
        _changes(report, names, sites),
        _charts(report, names, sites),
        _health(report),
    ])
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>govnews run {_e(report.run_id)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _e(text: object) -> str:
    return escape(L.clean(text), quote=True)


def _link(url: str, text: str) -> str:
    """A link to an http(s) URL; anything else (javascript:, data:) stays plain text."""
    url = L.clean(url)
    if urlsplit(url).scheme.lower() in ("http", "https"):
        return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">{_e(text)}</a>'
    return _e(text)


def _site_label(site: str, names: dict[str, str]) -> str:
    name = names.get(site, site)
    return f"{_e(name)} <code>{_e(site)}</code>" if name != site else f"<code>{_e(site)}</code>"


def _header(report: RunReport, names: dict[str, str]) -> str:
    t = L.totals(report.changes)
    previous = _e(report.previous_run_id) if report.previous_run_id else "none (first run)"
    rows = [
        ("Run", f"<code>{_e(report.run_id)}</code>"),
        ("Started", _e(report.started_at)),
        ("Finished", _e(report.finished_at) if report.finished_at else "not finished"),
        ("Compared with", previous),
        ("Changes", f'{t["new"]} new · {t["updated"]} updated · {t["removed"]} removed'),
    ]
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f'<header>\n<h1>govnews run report</h1>\n<dl class="run">{meta}</dl>\n'
        f"{_alerts(report, names)}\n"
        '<nav><a href="#changes">Changes</a> · <a href="#charts">Postings per day</a> · '
        '<a href="#health">Site health</a></nav>\n</header>'
    )


def _alerts(report: RunReport, names: dict[str, str]) -> str:
    degraded = [h for h in report.health if h.degraded]
    blocked = [h for h in report.health if L.is_blocked(h) and not h.degraded]
    items = [
        f'<li><strong class="badge degraded">DEGRADED</strong> {_site_label(h.site, names)}: '
        f'{_e("; ".join(h.reasons) or "see the health table")}</li>'
        for h in degraded
    ] + [
        f'<li><strong class="badge blocked">BLOCKED</strong> {_site_label(h.site, names)}: '
        f'{_e("; ".join(L.blocked_lines(h)) or "blocked pages")}</li>'
        for h in blocked
    ]
    if not items:
        return '<p class="allclear">Every site looks healthy.</p>'
    return (
        '<div class="alert" role="alert"><p>Blocked or degraded is not the same as no new posts:</p>'
        f'<ul>{"".join(items)}</ul></div>'
    )


def _changes(report: RunReport, names: dict[str, str], sites: list[str]) -> str:
    grouped = L.group_changes(report.changes, sites)
    parts = ['<section id="changes">\n<h2>Changes since the previous run</h2>']
    for site, columns in grouped.items():
        parts.append(f'<section class="site-changes" data-site="{_e(site)}">\n<h3>{_site_label(site, names)}</h3>')
        for column, kinds in columns.items():
            parts.append(f"<h4>{_e(column) if column else L.NO_COLUMN}</h4>")
            for kind in ("new", "updated", "removed"):
                if kinds.get(kind):
                    parts.append(_change_list(kind, kinds[kind]))
        parts.append("</section>")
    quiet = [s for s in sites if s not in grouped]
    if not grouped:
        parts.append('<p class="none">Nothing new, updated or removed in this run.</p>')
    if quiet:
        labels = ", ".join(_site_label(s, names) for s in quiet)
        parts.append(f'<p class="quiet">No changes: {labels}.</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _change_list(kind: str, changes: list[Change]) -> str:
    items = "".join(_change_item(c) for c in changes)
    return f'<h5 class="{kind}">{L.KIND_LABELS[kind]} ({len(changes)})</h5>\n<ul class="changes {kind}">{items}</ul>'


def _change_item(change: Change) -> str:
    date = L.short_date(change.published)
    when = f' <time datetime="{_e(change.published)}">{_e(date)}</time>' if date else ""
    head = f"{_link(change.url, L.title_of(change))}{when}"
    if change.kind == "removed":
        return f'<li>{head} <span class="reason">{_e(L.reason_text(change.reason))}</span></li>'
    if change.kind == "updated":
        return f"<li>{head}{_diff(change)}</li>"
    return f"<li>{head}</li>"


def _diff(change: Change) -> str:
    lines = [f'<li class="del"><del>{_e(p)}</del></li>' for p in change.paragraphs_removed]
    lines += [f'<li class="ins"><ins>{_e(p)}</ins></li>' for p in change.paragraphs_added]
    if not lines:
        return '<p class="nodiff">No paragraph changed (the title or other fields did).</p>'
    return f'<ul class="diff">{"".join(lines)}</ul>'


def _charts(report: RunReport, names: dict[str, str], sites: list[str]) -> str:
    span = f"{report.days[0]} – {report.days[-1]}" if report.days else "no days"
    figures = []
    for site in sites:
        counts = report.postings.get(site, {})
        svg = bar_chart_svg(names.get(site, site), report.days, counts)
        total = sum(int(counts.get(day, 0) or 0) for day in report.days)
        figures.append(
            f'<figure class="chart" data-site="{_e(site)}"><figcaption>{_site_label(site, names)} '
            f'<span class="total">{total} in {len(report.days)} days</span></figcaption>{svg}</figure>'
        )
    return (
        f'<section id="charts">\n<h2>Postings per day <small>{_e(span)}, by publication date</small></h2>\n'
        f'<div class="charts">{"".join(figures)}</div>\n</section>'
    )


def _health(report: RunReport) -> str:
    ordered = [h for h in report.health if h.degraded] + [h for h in report.health if not h.degraded]
    head = (
        f'<tr><th rowspan="2">Site</th><th rowspan="2">Status</th><th colspan="{len(COUNT_KEYS)}">Counts</th>'
        f'<th colspan="{len(COVERAGE_FIELDS)}">Coverage</th></tr><tr>'
        + "".join(f"<th>{L.COUNT_LABELS[k]}</th>" for k in COUNT_KEYS)
        + "".join(f"<th>{L.COVERAGE_LABELS[f]}</th>" for f in COVERAGE_FIELDS)
        + "</tr>"
    )
    any_history = any(L.has_history(h) for h in report.health)
    caption = "this run, and the median of earlier runs" if any_history else "no earlier runs to compare with yet"
    rows = "\n".join(_health_row(h, any_history) for h in ordered)
    return (
        f'<section id="health">\n<h2>Site health <small>{caption}</small></h2>\n'
        f'<div class="scroll"><table class="health"><thead>{head}</thead>\n<tbody>{rows}</tbody></table></div>\n'
        "</section>"
    )


def _health_row(h: SiteHealth, any_history: bool) -> str:
    badges = [
        '<strong class="badge degraded">DEGRADED</strong>' if h.degraded else "",
        '<strong class="badge blocked">BLOCKED</strong>' if L.is_blocked(h) else "",
    ]
    status = " ".join(filter(None, badges)) or '<span class="badge ok">OK</span>'
    reasons = list(h.reasons) if h.degraded else []
    # the blocked columns, unless a reason already names them
    reasons += [line for line in L.blocked_lines(h) if not any(line.split(":")[0] in r for r in reasons)]
    if any_history and not L.has_history(h):
        reasons.append("no earlier runs to compare with")
    status += "".join(f'<span class="why">{_e(r)}</span>' for r in reasons)
    cells = [_figure(L.COUNT_LABELS[k], h.counts.get(k), h.baseline.get(k), L.count, bad_if=_RISE.get(k))
             for k in COUNT_KEYS]
    cells += [_figure(f"{f} coverage", h.coverage.get(f), h.baseline.get(f), L.share, bad_if="drop")
              for f in COVERAGE_FIELDS]
    site = f'{_e(h.site_name or h.site)}<br><code>{_e(h.site)}</code><br><span class="region">{_e(h.region)}</span>'
    return (
        f'<tr class="{"degraded" if h.degraded else "ok"}" data-site="{_e(h.site)}">'
        f'<th scope="row">{site}</th><td class="status">{status}</td>{"".join(cells)}</tr>'
    )


_RISE = {"blocked": "rise", "errors": "rise"}


def _figure(label: str, value, base, fmt, bad_if: str | None) -> str:
    """A value with its baseline under it, flagged when worse than usual.

    bad_if "rise": any value above the baseline (or any at all without one); "drop": 10 points below it.
    """
    bad = False
    if bad_if == "rise":
        bad = bool(value) and (base is None or value > base)
    elif bad_if == "drop" and value is not None and base is not None:
        bad = value < base - 0.1
    baseline = f'<span class="base">median {fmt(base)}</span>' if base is not None else ""
    return f'<td class="num{" bad" if bad else ""}" data-label="{label}">{fmt(value)}{baseline}</td>'
