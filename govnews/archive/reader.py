"""Reading WARC files back: any record at its offset, and the HTML responses of any WARC file (govnews's own,
wget's, Browsertrix's, Heritrix's), revisit records resolved to the payload they refer to."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Sequence
from contextlib import redirect_stderr
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException
from warcio.timeutils import iso_date_to_datetime

from ..extraction.sniff import not_html_reason
from .files import whole_members

# Headers that describe the bytes on the wire, not the payload once read back (decoded and de-chunked).
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding"})
_NOT_HTML_TYPES = ("image/", "audio/", "video/", "font/", "text/css", "javascript", "application/json", "application/pdf",
                   "application/zip", "application/octet-stream+x")


GZIP_MAGIC = b"\x1f\x8b"
_BLOCK = 1 << 16


class ArchiveError(Exception):
    """A WARC file that cannot be read (not a WARC file, a record cut off, damaged gzip data); the message is
    one line, naming the file and the offset (``offset``: where it stops being readable, when known)."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.offset = offset


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
            end, damage = _readable_end(handle, os.fstat(handle.fileno()).st_size, members=1)
            if end == offset:
                raise ArchiveError(f"{path}: no readable WARC record at offset {offset} ({damage or 'the file ends before it'})")
            in_file = None if _gzipped(handle) else end
            record = _next_record(ArchiveIterator(_Prefix(handle, end)), str(path), offset)
            if record is None:
                raise ArchiveError(f"{path}: no WARC record at offset {offset}")
            _check_extent(record, str(path), offset, in_file)
            body = whole_content(record, str(path), offset)
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return _payload(record, body)


def warc_records(path: Path, name: str) -> Iterator[tuple[int, Any]]:
    """Every record of a WARC (or ARC) file with its offset, as warcio reads it. Where the file stops being
    readable (a record or gzip member cut off, damaged gzip data, bytes that are no record, an empty file):
    ArchiveError, after the records before it; OSError when the file cannot be read at all."""
    count = 0
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        in_file = None if _gzipped(handle) else size
        end, damage = _readable_end(handle, size)
        records = ArchiveIterator(_Prefix(handle, end))
        offset = records.offset
        while (record := _next_record(records, name, offset)) is not None:
            _check_extent(record, name, offset, in_file)
            yield offset, record
            with _quiet():
                records.read_to_end()
            if missing := _missing(record):
                raise _cut_off(name, offset, missing)
            count, offset = count + 1, records.offset
    if offset < end:  # warcio ends quietly at a record it cannot make out (a header block cut short)
        raise ArchiveError(f"{name}: not readable past offset {offset}: no whole WARC record there (cut off or damaged)",
                           offset)
    if damage:
        raise ArchiveError(f"{name}: not readable past offset {end}: {damage}", end)
    if not count:
        raise ArchiveError(f"{name}: {'an empty file' if not size else 'no WARC record in it'}, not a WARC file", 0)


def whole_content(record, name: str, offset: int) -> bytes:
    """The content of ``record`` (of its HTTP payload, content-decoded); ArchiveError when the file holds less
    of it than the record's Content-Length says."""
    with _quiet():
        body = record.content_stream().read()
        while record.raw_stream.read(_BLOCK):  # what content decoding left (a chunked body's trailer)
            pass
    if missing := _missing(record):
        raise _cut_off(name, offset, missing)
    return body


def _readable_end(handle: IO[bytes], size: int, members: int | None = None) -> tuple[int, str]:
    """Where the bytes warcio may read end (from the handle's position): past the whole gzip members of a
    compressed file (warcio would read a cut-off member as a short record and go on), the file's end otherwise;
    and what is wrong past that. The handle is left where it was."""
    if not _gzipped(handle):
        return size, ""
    start = handle.tell()
    end, damage = whole_members(handle, members)
    handle.seek(start)
    return end, damage


def _gzipped(handle: IO[bytes]) -> bool:
    start = handle.tell()
    magic = handle.read(2)
    handle.seek(start)
    return magic == GZIP_MAGIC


def _next_record(records: ArchiveIterator, name: str, offset: int):
    try:
        with _quiet():
            return next(records)
    except StopIteration:
        return None
    except OSError:
        raise
    except Exception as exc:  # warcio fails on damaged bytes in many ways (AttributeError on a header block cut short)
        raise ArchiveError(f"{name}: not readable past offset {offset}: {_reason(exc)}", offset) from None


def _check_extent(record, name: str, offset: int, size: int | None) -> None:
    """Before a WARC record is used: its header block whole, and (in an uncompressed file of ``size`` bytes) its
    content too. warcio reads a record cut off there as a shorter one."""
    if record.format != "warc":
        return
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not length.isdigit():
        raise ArchiveError(f"{name}: not readable past offset {offset}: the record there has no valid Content-Length "
                           "(its header block is cut off or damaged)", offset)
    if size is not None and (missing := offset + record.rec_headers.total_len + int(length) - size) > 0:
        raise _cut_off(name, offset, missing)


def _missing(record) -> int:
    """How many bytes of a record read to its end the file lacks (by its Content-Length)."""
    return getattr(record.raw_stream, "limit", 0)


def _cut_off(name: str, offset: int, missing: int) -> ArchiveError:
    return ArchiveError(f"{name}: not readable past offset {offset}: the record there is cut off ({missing} bytes missing)",
                        offset)


def _reason(exc: Exception) -> str:
    """What warcio found wrong, in one short printable line (its message may quote a line of binary data)."""
    text = " ".join(str(exc).split())
    if isinstance(exc, ArchiveLoadFailed) and "first line:" in text:
        return "not a WARC record" + _excerpt(text.partition("first line:")[2])
    if isinstance(exc, ArchiveLoadFailed) and "non-chunked gzip" in text:
        return "several records in one gzip member (not a record-per-member .warc.gz; warcio recompress fixes it)"
    if isinstance(exc, StatusAndHeadersParserException):
        return "not a WARC record" + _excerpt(str(exc.statusline))
    if isinstance(exc, ArchiveLoadFailed):
        return text[:120]
    return f"the record there is damaged (warcio: {type(exc).__name__})"


def _excerpt(line: str) -> str:
    line = line.strip().strip("[]'\"")
    if not line:
        return ""
    if not line.isascii() or not line.isprintable() or "\\x" in line:
        return " (it begins with binary data)"
    return f" (it begins {line[:40]!r}{'…' if len(line) > 40 else ''})"


def _quiet() -> redirect_stderr:
    """warcio writes its warnings to stderr, several lines each: what is wrong is said in one line instead."""
    return redirect_stderr(io.StringIO())


class _Prefix:
    """A file's bytes up to ``end``: all warcio is given of a file whose bytes past ``end`` are known bad."""

    def __init__(self, handle: IO[bytes], end: int) -> None:
        self.handle, self.end = handle, end

    def read(self, size: int | None = -1) -> bytes:
        left = self.end - self.handle.tell()
        if left <= 0:
            return b""
        return self.handle.read(left if size is None or size < 0 else min(size, left))

    def tell(self) -> int:
        return self.handle.tell()


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
        except ArchiveError as exc:
            yield str(exc)
        except OSError as exc:
            yield f"{name}: cannot be read ({exc.strerror or exc})"


def _pages_of(path: Path, name: str, by_id: dict, by_digest: dict) -> Iterator[ArchivedPage | str]:
    for offset, record in warc_records(path, name):
        if record.rec_type not in ("response", "revisit") or not record.http_headers:
            continue
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        if not url.startswith(("http:", "https:")):
            continue
        body = whole_content(record, name, offset) if record.rec_type == "response" else b""
        here = _Location(path, name, offset, record.rec_headers.get_header("WARC-Record-ID"))
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
