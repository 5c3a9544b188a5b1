"""Postings per day as small multiples: an inline SVG bar chart per site, or a text sparkline.

Every chart spans the same days at the same width, so the time axis lines up from site to site;
the height scale is each site's own (its maximum is labelled), since sites differ tenfold in volume.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

SLOT = 5.0  # px of time axis per day: a 4 px bar and a 1 px gap
BAR = 4.0
LEFT, RIGHT, TOP, PLOT, BOTTOM = 26.0, 8.0, 8.0, 48.0, 16.0
SPARKS = "▁▂▃▄▅▆▇█"


def bar_chart_svg(label: str, days: Sequence[str], counts: Mapping[str, int]) -> str:
    """One compact bar chart: a bar (with a <title> tooltip) per day that had postings."""
    values = [int(counts.get(day, 0) or 0) for day in days]
    peak = max(values, default=0)
    width = LEFT + SLOT * len(days) + RIGHT
    height = TOP + PLOT + BOTTOM
    base = TOP + PLOT
    total = sum(values)
    summary = f"{label}: {total} postings in {len(days)} days, at most {peak} a day"
    parts = [
        (
            f'<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
            f'role="img" aria-label="{escape(summary)}">'
        ),
        f"<title>{escape(summary)}</title>",
        f'<line class="axis" x1="{LEFT:g}" y1="{base:g}" x2="{width - RIGHT:g}" y2="{base:g}"/>',
        f'<text class="ylabel" x="{LEFT - 3:g}" y="{base:g}" text-anchor="end">0</text>',
    ]
    if peak:
        parts.append(f'<line class="grid" x1="{LEFT:g}" y1="{TOP:g}" x2="{width - RIGHT:g}" y2="{TOP:g}"/>')
        parts.append(f'<text class="ylabel" x="{LEFT - 3:g}" y="{TOP + 3:g}" text-anchor="end">{peak}</text>')
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        if value <= 0:
            continue
        bar = max(1.0, round(value / peak * PLOT, 2))
        parts.append(
            f'<rect class="bar" x="{LEFT + i * SLOT:g}" y="{base - bar:g}" width="{BAR:g}" height="{bar:g}" '
            f'data-day="{escape(day)}" data-count="{value}"><title>{escape(day)}: {value}</title></rect>'
        )
    parts.extend(_date_ticks(days, base))
    parts.append("</svg>")
    return "".join(parts)


def _date_ticks(days: Sequence[str], base: float) -> list[str]:
    """Sparse date labels: the first day, each month's first day, the last day (never crowded)."""
    if not days:
        return []
    last = len(days) - 1
    picks = [0] + [i for i, day in enumerate(days) if day.endswith("-01") and 8 <= i <= last - 10] + [last]
    out = []
    for i in sorted(set(picks)):
        x = LEFT + i * SLOT + BAR / 2
        anchor = "start" if i == 0 else "end" if i == last else "middle"
        tx = LEFT + i * SLOT if i == 0 else LEFT + i * SLOT + BAR if i == last else x
        out.append(f'<line class="tick" x1="{x:g}" y1="{base:g}" x2="{x:g}" y2="{base + 3:g}"/>')
        out.append(
            f'<text class="xlabel" x="{tx:g}" y="{base + 12:g}" text-anchor="{anchor}">{escape(days[i][5:])}</text>'
        )
    return out


def weekly(days: Sequence[str], counts: Mapping[str, int]) -> list[int]:
    """Sums per week, counted back from the last day (the oldest week may be short)."""
    values = [int(counts.get(day, 0) or 0) for day in days]
    weeks = []
    for end in range(len(values), 0, -7):
        weeks.append(sum(values[max(0, end - 7):end]))
    return weeks[::-1]


def sparkline(values: Sequence[int]) -> str:
    """`·` for nothing, then ▁…█ scaled to the largest value."""
    peak = max(values, default=0)
    chars = []
    for value in values:
        if value <= 0 or not peak:
            chars.append("·")
        else:
            level = -(-value * len(SPARKS) // peak)  # ceiling: any posting shows at least ▁
            chars.append(SPARKS[min(len(SPARKS), max(1, level)) - 1])
    return "".join(chars)
