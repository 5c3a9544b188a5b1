"""Writing a crawl's WARC files: request, response (or revisit) and metadata records per exchange, a warcinfo
record at the start of each file, rotation at a size, and a file cut off by kill -9 repaired and continued.

Records go through warcio's WARCWriter (WARC/1.1, one gzip member per record). Every date comes from
govnews's clock. Each exchange is flushed to the file before its payload is indexed in the store, so the
index never points to a record that is not whole on disk.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, Any, Protocol
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from ..runs import clock
from ..runs.folder import run_dir
from ..store import StoredCapture
from .files import numbered_files, repair, warc_name

logger = logging.getLogger(__name__)
DEFAULT_MAX_BYTES = 1_000_000_000  # 1 GB, as Heritrix and Browsertrix rotate
CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"


@dataclass(frozen=True)
class Exchange:
    """One request and the response it got, as they went over the wire (the body before content decoding)."""

    url: str
    method: str
    request_headers: Sequence[tuple[str, str]]
    status: int
    response_headers: Sequence[tuple[str, str]]
    body: bytes
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None
    meta: Mapping[str, Any] | None = None  # govnews's description of the request (site, column, kind, hints)


@dataclass(frozen=True)
class Capture:
    """Where a fetched page's payload is archived: the response record holding it (for a revisit, the earlier
    capture it refers to), and when this fetch happened."""

    warc: str  # relative to OUT
    record_id: str
    offset: int
    fetched_at: datetime
    revisit: bool = False

    def field(self) -> dict[str, Any]:
        """The record's ``capture`` field."""
        return {"warc": self.warc, "record_id": self.record_id, "offset": self.offset}


class PayloadIndex(Protocol):
    """The store's part the writer uses (govnews.store.captures)."""

    def capture_of_payload(self, payload_digest: str) -> StoredCapture | None: ...
    def add_capture(self, capture: StoredCapture) -> None: ...
    def forget_captures_after(self, warc: str, offset: int) -> int: ...


@dataclass
class _OpenFile:
    path: Path
    name: str  # relative to OUT
    handle: IO[bytes]
    writer: WARCWriter
    warcinfo_id: str


@dataclass
class WarcArchive:
    """The WARC files of one run (or of one worker of a distributed run) in ``OUT/runs/<run_id>/``."""

    out: Path
    run_id: str
    index: PayloadIndex
    worker: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    info: Mapping[str, str] = field(default_factory=dict)  # more warcinfo fields (software, user agent …)
    _file: _OpenFile | None = None
    _checked_last: bool = False  # whether the writer's last file (of an earlier process) was looked at and repaired

    @property
    def folder(self) -> Path:
        return run_dir(self.out, self.run_id)

    def write(self, exchange: Exchange) -> Capture:
        """Archive one exchange; OSError when the file cannot be written (the half-written record is cut off)."""
        current = self._current()
        offset = current.handle.tell()
        try:
            capture = self._write_exchange(current, exchange, offset)
        except OSError:
            self._cut_back(current, offset)
            raise
        return capture

    def close(self) -> None:
        if self._file is not None:
            handle, self._file = self._file.handle, None
            handle.close()

    # --- files --------------------------------------------------------------------------------------
    def _current(self) -> _OpenFile:
        if self._file is not None and self._file.handle.tell() >= self.max_bytes:
            self.close()
        if self._file is None:
            self._file = self._open()
        return self._file

    def _open(self) -> _OpenFile:
        """The writer's last file continued (repaired when cut off), or its next one begun."""
        self.folder.mkdir(parents=True, exist_ok=True)
        first_open, self._checked_last = not self._checked_last, True
        existing = numbered_files(self.folder, self.worker)
        if not existing:
            return self._begin(self.folder / warc_name(0, self.worker))
        number, path = existing[-1]
        if first_open:  # a resumed run: its last file may end in a record cut off by kill -9
            if (continued := self._continue(path)) is not None:
                return continued
        return self._begin(self.folder / warc_name(number + 1, self.worker))

    def _continue(self, path: Path) -> _OpenFile | None:
        kept = repair(path)
        name = self._name(path)
        self.index.forget_captures_after(name, kept)
        if not kept:
            return self._begin(path)
        warcinfo_id = _warcinfo_id(path)
        if warcinfo_id is None or kept >= self.max_bytes:
            return None
        handle = open(path, "ab")
        logger.info("archive: continuing %s after its last whole record (%d bytes)", name, kept)
        return _OpenFile(path, name, handle, _writer(handle), warcinfo_id)

    def _begin(self, path: Path) -> _OpenFile:
        handle = open(path, "wb")
        writer = _writer(handle)
        fields = {"software": "govnews", "format": "WARC File Format 1.1", "conformsTo": CONFORMS_TO,
                  "isPartOf": f"govnews run {self.run_id}", **self.info}
        payload = "".join(f"{k}: {v}\r\n" for k, v in fields.items() if v).encode("utf-8")
        record = writer.create_warc_record("", "warcinfo", payload=BytesIO(payload), length=len(payload),
                                           warc_headers_dict={"WARC-Date": warc_date(clock.now()),
                                                              "WARC-Filename": path.name})
        writer.write_record(record)
        return _OpenFile(path, self._name(path), handle, writer, record.rec_headers.get_header("WARC-Record-ID"))

    def _name(self, path: Path) -> str:
        return path.relative_to(self.out).as_posix()

    def _cut_back(self, current: _OpenFile, offset: int) -> None:
        """After a failed write: the half-written record goes, the file is closed (the next write repairs anew)."""
        self._file = None
        try:
            current.handle.close()
        except OSError:
            pass  # the buffered rest could not be written either: repair() cuts whatever part of it landed
        try:
            with open(current.path, "r+b") as handle:
                handle.truncate(offset)
        except OSError:
            logger.warning("archive: could not cut the half-written record off %s; the next run repairs it", current.name)

    # --- records ------------------------------------------------------------------------------------
    def _write_exchange(self, current: _OpenFile, exchange: Exchange, offset: int) -> Capture:
        fetched_at = clock.now()
        writer, date = current.writer, warc_date(fetched_at)
        digest = payload_digest(exchange.body)
        earlier = self._earlier_capture(digest) if exchange.body else None
        common = {"WARC-Date": date, "WARC-Warcinfo-ID": current.warcinfo_id}
        if exchange.ip_address:
            common["WARC-IP-Address"] = exchange.ip_address
        http = _response_headers(exchange)
        if earlier is not None:
            response = writer.create_revisit_record(exchange.url, digest, earlier.target_uri, earlier.warc_date,
                                                    http_headers=http,
                                                    warc_headers_dict={**common, "WARC-Refers-To": earlier.record_id})
        else:
            response = writer.create_warc_record(exchange.url, "response", payload=BytesIO(exchange.body),
                                                 length=len(exchange.body), http_headers=http,
                                                 warc_headers_dict=dict(common))
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        writer.write_record(response)
        concurrent = {**common, "WARC-Concurrent-To": response_id}
        writer.write_record(writer.create_warc_record(
            exchange.url, "request", payload=BytesIO(exchange.request_body), length=len(exchange.request_body),
            http_headers=_request_headers(exchange), warc_headers_dict=dict(concurrent)))
        if exchange.meta:
            data = json.dumps(exchange.meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
            # No WARC-Target-URI (optional for metadata): replay tools (pywb) index every record with one as a
            # capture of that URL, and would show this JSON instead of the page. WARC-Concurrent-To links it.
            writer.write_record(writer.create_warc_record(
                "", "metadata", payload=BytesIO(data), length=len(data), warc_content_type="application/json",
                warc_headers_dict=dict(concurrent)))
        current.handle.flush()
        if earlier is not None:
            return Capture(earlier.warc, earlier.record_id, earlier.offset, fetched_at, revisit=True)
        if exchange.body:
            self.index.add_capture(StoredCapture(response_id, digest, self.run_id, current.name, offset, exchange.url, date))
        return Capture(current.name, response_id, offset, fetched_at)


    def _earlier_capture(self, digest: str) -> StoredCapture | None:
        """The archived capture of this payload a revisit may point at: one whose file still holds it.

        A capture in an earlier run's file that was since deleted or cut short is dropped from the index (with
        every other capture past that point of the file), and the next one is tried: a revisit must never point
        at a record nobody can read, or the payload would be lost for every later run too."""
        while (earlier := self.index.capture_of_payload(digest)) is not None:
            if earlier.run_id == self.run_id:
                return earlier
            try:
                size = (self.out / earlier.warc).stat().st_size
            except OSError:
                size = 0
            if size > earlier.offset:
                return earlier
            dropped = self.index.forget_captures_after(earlier.warc, size)
            logger.warning("archive: %s is %s; its %d archived payloads are archived again where they are met",
                           earlier.warc, f"cut short at {size} bytes" if size else "missing", dropped)
        return None


def repair_files_of(out: Path, run_id: str, worker: str, index: PayloadIndex) -> int:
    """Cut the half-written last record off the files of a worker that died; returns the bytes cut off."""
    cut = 0
    for _number, path in numbered_files(run_dir(out, run_id), worker):
        size = path.stat().st_size
        kept = repair(path)
        index.forget_captures_after(path.relative_to(out).as_posix(), kept)
        cut += size - kept
    return cut


def _writer(handle: IO[bytes]) -> WARCWriter:
    return WARCWriter(handle, gzip=True, warc_version="1.1")


def warc_date(moment: datetime) -> str:
    """A WARC/1.1 date: UTC with microseconds."""
    return datetime_to_iso_date(moment.astimezone(UTC).replace(tzinfo=None), use_micros=True)


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest of ``body`` (sha1, base32), as warcio writes it."""
    digester = Digester("sha1")
    digester.update(body)
    return str(digester)


def _response_headers(exchange: Exchange) -> StatusAndHeaders:
    try:
        phrase = HTTPStatus(exchange.status).phrase
    except ValueError:
        phrase = ""
    return StatusAndHeaders(f"{exchange.status} {phrase}".strip(), list(exchange.response_headers),
                            protocol=exchange.protocol)


def _request_headers(exchange: Exchange) -> StatusAndHeaders:
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(exchange.request_headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(f"{exchange.method} {target} {exchange.protocol}", headers, is_http_request=True)


def _warcinfo_id(path: Path) -> str | None:
    """The record id of the warcinfo record a file begins with (None when it does not begin with one)."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            return record.rec_headers.get_header("WARC-Record-ID") if record.rec_type == "warcinfo" else None
    return None

