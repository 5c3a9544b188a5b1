"""Atom 1.0 feeds (RFC 4287) of the latest postings: `OUT/feeds/<site>.xml` and `OUT/feeds/all.xml`.

Built with ElementTree, which escapes text and attributes; `content` is escaped HTML (type="html").
Each file is written to a temporary file beside it and renamed, so a reader never sees half a feed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from html import escape
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree as ET

from govnews import __version__
from govnews.monitor.labels import UNTITLED, clean
from govnews.runs import clock
from govnews.runs.atomic import write_bytes_atomic

ATOM = "http://www.w3.org/2005/Atom"
TAG = "tag:govnews,2026:"
MAX_ENTRIES = 50
CHINA = timezone(timedelta(hours=8))
ALL = "all"
_EPOCH = datetime(1970, 1, 1, tzinfo=CHINA)
ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class SiteInfo:
    id: str
    name: str
    url: str | None = None  # the site's home or news page: the feed's alternate link


def write_feeds(
    out_dir: str | os.PathLike,
    sites: Mapping[str, SiteInfo],
    records_by_site: Mapping[str, Sequence[dict]],
    updated: str,
    *,
    base_url: str | None = None,
    run_id: str | None = None,
) -> list[Path]:
    """Write one feed per site and `all.xml`; return their paths (sites first, `all.xml` last).

    `updated` is the run's time (ISO 8601). `base_url`, where `OUT/` is published, makes the self
    links absolute; without it they are relative to the feed file, which readers resolve against
    the URL they fetched. The alternate link of `all.xml` (and of a site feed with no page of its
    own) is the report of `run_id` when given, else the published `OUT/`.
    """
    feeds_dir = Path(out_dir) / "feeds"
    feeds_dir.mkdir(parents=True, exist_ok=True)
    stamp = rfc3339(updated) or rfc3339(clock.now().isoformat())
    infos = dict(sites)
    for site in records_by_site:
        infos.setdefault(site, SiteInfo(site, _site_name(records_by_site[site]) or site))
    home = base_url.rstrip("/") if base_url else ".."
    report = f"{home}/runs/{quote(run_id)}/report.html" if run_id else f"{home}/"
    paths = []
    for site, info in infos.items():
        records = newest(records_by_site.get(site, ()))
        alternate = info.url or _origin(records) or report
        feed = _feed(f"site:{_slug(site)}", info.name, _self(site, base_url), alternate, stamp, records, info.name)
        paths.append(_write_atomic(feeds_dir / f"{_file_slug(site)}.xml", feed))
    everything = newest(r for site in infos for r in records_by_site.get(site, ()))
    names = {site: info.name for site, info in infos.items()}
    feed = _feed(ALL, "govnews: all sites", _self(ALL, base_url), report, stamp, everything, "govnews", names)
    paths.append(_write_atomic(feeds_dir / f"{ALL}.xml", feed))
    return paths


def newest(records: Iterable[dict], limit: int = MAX_ENTRIES) -> list[dict]:
    """The latest postings first (undated ones last), ties by fetch time; at most `limit`."""
    def key(record: dict) -> tuple[datetime, str]:
        published = rfc3339(record.get("published"))
        return (datetime.fromisoformat(published) if published else _EPOCH, record.get("fetched_at") or "")

    return sorted(records, key=key, reverse=True)[:limit]


def rfc3339(value: object) -> str | None:
    """A record's date or a timestamp in RFC 3339, China time: a bare day becomes midnight +08:00."""
    if not value:
        return None
    text = str(value).strip()
    try:
        if len(text) == 10:
            moment = datetime.fromisoformat(text).replace(tzinfo=CHINA)
        else:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment.astimezone(CHINA).replace(microsecond=0).isoformat()


def _feed(key, title, self_href, alternate, stamp, records, author, names=None) -> ET.Element:
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", TAG + "feed:" + key)
    _sub(feed, "title", clean(title) or "govnews")
    _sub(feed, "updated", stamp)
    _sub(_sub(feed, "author"), "name", clean(author) or "govnews")
    _sub(feed, "generator", "govnews", version=__version__)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_href)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=alternate)
    for record in records:
        site_name = (names or {}).get(record.get("site")) or record.get("site_name") or author
        feed.append(_entry(record, site_name, stamp))
    return feed


def _entry(record: dict, site_name: str, stamp: str) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")
    _sub(entry, "id", f"{TAG}article:{record['id']}")
    _sub(entry, "title", clean(record.get("title") or "") or UNTITLED)
    url = clean(record.get("url") or "")
    if url:
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
    published = rfc3339(record.get("published"))
    fetched = rfc3339(record.get("fetched_at"))
    if published:
        _sub(entry, "published", published)
    # When this version was fetched: a reader sees an edit as an update, a re-fetch of the same text not.
    _sub(entry, "updated", max(filter(None, [published, fetched]), key=datetime.fromisoformat, default=stamp))
    _sub(_sub(entry, "author"), "name", clean(record.get("source") or "") or clean(site_name) or "govnews")
    for tag in record.get("tags") or ():
        if clean(tag):
            ET.SubElement(entry, f"{{{ATOM}}}category", term=clean(tag))
    paragraphs = [clean(p) for p in record.get("paragraphs") or () if clean(p)]
    if paragraphs:
        _sub(entry, "summary", paragraphs[0])
    content = _content_html(paragraphs, record.get("attachments") or ())
    if content:
        _sub(entry, "content", content, type="html")
    return entry


def _content_html(paragraphs: list[str], attachments: Iterable[dict]) -> str:
    parts = [f"<p>{escape(p)}</p>" for p in paragraphs]
    links = [
        f'<li><a href="{escape(clean(a["url"]))}">{escape(clean(a.get("name") or a["url"]))}</a></li>'
        for a in attachments
        if isinstance(a, dict) and a.get("url") and urlsplit(clean(a["url"])).scheme in ("http", "https")
    ]
    if links:
        parts.append(f"<ul>{''.join(links)}</ul>")
    return "".join(parts)


def _sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
    if text is not None:
        element.text = text
    return element


def _self(key: str, base_url: str | None) -> str:
    name = f"{_file_slug(key)}.xml"
    return f"{base_url.rstrip('/')}/feeds/{name}" if base_url else name


def _origin(records: Sequence[dict]) -> str | None:
    for record in records:
        parts = urlsplit(record.get("url") or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}/"
    return None


def _site_name(records: Sequence[dict]) -> str | None:
    return next((r["site_name"] for r in records if r.get("site_name")), None)


def _slug(site: str) -> str:
    return quote(site, safe="-._~")


def _file_slug(site: str) -> str:
    return _slug(site).replace("%", "_")


def _write_atomic(path: Path, feed: ET.Element) -> Path:
    ET.indent(feed)
    write_bytes_atomic(path, ET.tostring(feed, encoding="utf-8", xml_declaration=True))
    return path
