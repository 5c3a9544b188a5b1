"""Reading WARC files back: any record at its offset, and the HTML responses of any WARC file (govnews's own,
wget's, Browsertrix's, Heritrix's), revisit records resolved to the payload they refer to."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.timeutils import iso_date_to_datetime

from ..extraction.sniff import not_html_reason

# Headers that describe the bytes on the wire, not the payload once read back (decoded and de-chunked).
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding"})
_NOT_HTML_TYPES = ("image/", "audio/", "video/", "font/", "text/css", "javascript", "application/json", "application/pdf",
                   "application/zip", "application/octet-stream+x")


class ArchiveError(Exception):
    """A WARC file that cannot be read (not a WARC file, or a record cut off); the message is one line."""


@dataclass(frozen=True)
class Payload:
    """A response's HTTP status, headers and payload (content-decoded), as one record of a WARC file holds them."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class ArchivedPage:
    """One archived HTTP response: when it was fetched, from where, what came back, and where its payload is."""

    url: str
    fetched_at: datetime
    status: int
    headers: dict[str, str]  # as extraction takes them (joined per name), without the wire encodings
    body: bytes
    capture: dict[str, Any]  # the record holding the payload: warc, record_id, offset


def warc_datetime(value: str) -> datetime:
    """A WARC-Date as an aware UTC datetime (microseconds kept)."""
    return iso_date_to_datetime(value).replace(tzinfo=UTC)


def read_payload(path: Path, offset: int) -> Payload:
    """The HTTP response of the record at ``offset`` in ``path`` (a response record, or a revisit's headers)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            record = next(iter(ArchiveIterator(handle)))
            body = record.content_stream().read()
    except (OSError, StopIteration, ArchiveLoadFailed, ValueError) as exc:
        raise ArchiveError(f"{path} at offset {offset}: no readable WARC record ({exc or type(exc).__name__})") from None
    return _payload(record, body)


def page_headers(headers: Sequence[tuple[str, str]]) -> dict[str, str]:
    """HTTP headers as extraction takes them: one value per name (repeated ones joined), wire encodings left out."""
    joined: dict[str, str] = {}
    for name, value in headers:
        if name.lower() not in _WIRE_HEADERS:
            joined[name] = f"{joined[name]}, {value}" if name in joined else value
    return joined


def looks_html(headers: dict[str, str], body: bytes) -> bool:
    """An HTML page: not declared as another type, and sniffed as HTML."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "").lower()
    if any(kind in content_type for kind in _NOT_HTML_TYPES):
        return False
    return not_html_reason(body) is None


def iter_html_pages(paths: Sequence[Path], names: Sequence[str] | None = None) -> Iterator[ArchivedPage | str]:
    """Every successful (2xx) HTML response of the WARC files, in file order; a revisit yields the payload of the
    record it refers to when that record is in these files. Problems come as one-line strings, and reading goes on."""
    by_id: dict[str, tuple[Path, str, int]] = {}
    by_digest: dict[str, tuple[Path, str, int]] = {}
    for path, name in zip(paths, names or [str(p) for p in paths], strict=True):
        try:
            yield from _pages_of(path, name, by_id, by_digest)
        except (OSError, ArchiveLoadFailed, ValueError, EOFError) as exc:
            yield f"{name}: not readable past here ({' '.join(str(exc).split()) or type(exc).__name__})"


def _pages_of(path: Path, name: str, by_id: dict, by_digest: dict) -> Iterator[ArchivedPage | str]:
    with open(path, "rb") as handle:
        records = ArchiveIterator(handle)
        for record in records:
            if record.rec_type not in ("response", "revisit") or not record.http_headers:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            if not url.startswith(("http:", "https:")):
                continue
            body = record.content_stream().read() if record.rec_type == "response" else b""
            here = _Location(path, name, records.get_record_offset(), record.rec_headers.get_header("WARC-Record-ID"))
            if record.rec_type == "response":
                by_id[here.record_id] = here
                by_digest.setdefault(record.rec_headers.get_header("WARC-Payload-Digest") or here.record_id, here)
                payload, source = _payload(record, body), here
            else:
                found: _Location | None = by_id.get(record.rec_headers.get_header("WARC-Refers-To") or "") or by_digest.get(
                    record.rec_headers.get_header("WARC-Payload-Digest") or "")
                if found is None:
                    yield f"{name}: revisit of {url} at offset {here.offset}: the record it refers to is not in these files"
                    continue
                source = found
                payload = Payload(_status(record), list(record.http_headers.headers), read_payload(found.path, found.offset).body)
            if not 200 <= payload.status < 300:
                continue
            headers = page_headers(payload.headers)
            if looks_html(headers, payload.body):
                yield ArchivedPage(url, warc_datetime(record.rec_headers.get_header("WARC-Date")), payload.status, headers,
                                   payload.body, source.field())


@dataclass(frozen=True)
class _Location:
    path: Path
    name: str
    offset: int
    record_id: str

    def field(self) -> dict[str, Any]:
        return {"warc": self.name, "record_id": self.record_id, "offset": self.offset}


def _status(record) -> int:
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return 0


def _payload(record, body: bytes) -> Payload:
    if not record.http_headers:
        return Payload(0, [], body)
    return Payload(_status(record), list(record.http_headers.headers), body)
