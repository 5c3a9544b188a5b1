"""The report page's inline stylesheet: system fonts only, no url(), no @import."""

CSS = """
:root { color-scheme: light; --fg: #1d232b; --muted: #5d6673; --line: #d9dee5; --bg: #fff;
  --red: #a3161a; --redbg: #fde8e8; --green: #146c2e; --greenbg: #e3f5e8; --amber: #8a5300; --amberbg: #fff1d6;
  --bar: #2f6db5; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.55;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
  "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .2rem 0 .6rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
h2 small, .total, .region, .base, .why { color: var(--muted); font-weight: normal; font-size: .85em; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .3rem; }
h4 { font-size: 1rem; margin: .8rem 0 .2rem; color: var(--muted); }
h5 { font-size: .9rem; margin: .5rem 0 .2rem; }
h5.new { color: var(--green); } h5.updated { color: var(--amber); } h5.removed { color: var(--red); }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .85em;
  color: var(--muted); }
a { color: #1a4f96; overflow-wrap: anywhere; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 .8rem; }
dl.run dt { color: var(--muted); } dl.run dd { margin: 0; }
nav { margin: .6rem 0; font-size: .9rem; }
.alert { border: 1px solid var(--red); background: var(--redbg); padding: .5rem .9rem; border-radius: 6px; }
.alert p { margin: .2rem 0; font-weight: 600; } .alert ul { margin: .2rem 0; padding-left: 1.2rem; }
.allclear { color: var(--green); }
.badge { display: inline-block; padding: 0 .4em; border-radius: 4px; font-size: .8em; font-weight: 700;
  letter-spacing: .02em; }
.badge.degraded { background: var(--red); color: #fff; }
.badge.blocked { background: var(--amberbg); color: var(--amber); border: 1px solid var(--amber); }
.badge.ok { background: var(--greenbg); color: var(--green); }
ul.changes { padding-left: 1.2rem; margin: .2rem 0 .6rem; }
ul.changes > li { margin: .25rem 0; }
time, .reason { color: var(--muted); font-size: .85em; margin-left: .4em; white-space: nowrap; }
.reason { color: var(--red); }
ul.diff { list-style: none; padding: 0; margin: .3rem 0 .6rem; border-left: 3px solid var(--line); }
ul.diff li { padding: .15rem .5rem; margin: 1px 0; }
ul.diff li::before { font-family: ui-monospace, monospace; font-weight: 700; margin-right: .4em; }
ul.diff li.del { background: var(--redbg); color: var(--red); } ul.diff li.del::before { content: "−"; }
ul.diff li.ins { background: var(--greenbg); color: var(--green); } ul.diff li.ins::before { content: "+"; }
ul.diff ins { text-decoration: none; }
.nodiff, .quiet, .none { color: var(--muted); font-size: .9rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(26rem, 1fr)); gap: .8rem 1.2rem; }
figure.chart { margin: 0; break-inside: avoid; }
figure.chart figcaption { font-size: .9rem; }
svg.chart-svg { display: block; width: 100%; height: auto; }
svg .bar { fill: var(--bar); } svg .bar:hover { fill: #d06a00; }
svg .axis, svg .tick { stroke: #8a939f; stroke-width: 1; }
svg .grid { stroke: var(--line); stroke-dasharray: 2 2; }
svg text { fill: var(--muted); font-size: 9px; font-family: inherit; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table.health { border-collapse: collapse; font-size: .82rem; min-width: 100%; }
table.health th, table.health td { border-bottom: 1px solid var(--line); padding: .3rem .35rem; vertical-align: top;
  text-align: left; background: var(--bg); }
table.health thead th { font-size: .78rem; color: var(--muted); vertical-align: bottom; }
table.health thead th[colspan] { text-align: center; border-bottom: 1px solid var(--muted); }
table.health thead tr + tr th { text-align: right; }
table.health tbody th { position: sticky; left: 0; min-width: 8rem; font-weight: 600; }
table.health td.num { text-align: right; white-space: nowrap; }
table.health td.status { min-width: 9rem; }
table.health tr.degraded, table.health tr.degraded th, table.health tr.degraded td { background: #fff6f6; }
table.health td.bad { color: var(--red); font-weight: 700; }
.base, .why { display: block; }
@media (max-width: 40rem) {
  body { font-size: 14px; } main { padding: .6rem; }
  .charts { grid-template-columns: 1fr; }
  /* the health table becomes one card per site: each figure under its own label */
  table.health thead { display: none; }
  table.health, table.health tbody { display: block; min-width: 0; }
  table.health tr { display: grid; grid-template-columns: repeat(3, 1fr); border-bottom: 2px solid var(--line);
    padding: .3rem 0; }
  table.health tbody th, table.health td.status { grid-column: 1 / -1; }
  table.health tbody th { position: static; }
  table.health th, table.health td { border: 0; padding: .15rem .3rem; }
  table.health td.num { text-align: left; white-space: normal; }
  table.health td[data-label]::before { content: attr(data-label); display: block; font-size: .75rem;
    color: var(--muted); font-weight: normal; }
}
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10pt; } main { max-width: none; padding: 0; } nav { display: none; }
  a { color: inherit; text-decoration: none; }
  .scroll { overflow: visible; } table.health { font-size: 7.5pt; }
  table.health tbody th { position: static; }
  section, tr, li, figure { break-inside: avoid; }
  h2, h3, h4, h5 { break-after: avoid; }
}
"""
