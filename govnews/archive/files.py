"""A run's WARC files: their names, and the repair of a file whose writer was killed mid-record.

Each record is a gzip member of its own (what replay tools need to seek to a record), so a file cut
off mid-record ends in a member without its gzip trailer; everything before it is whole.
"""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path
from typing import IO

PREFIX = "pages"
SUFFIX = ".warc.gz"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CHUNK = 1 << 20


def warc_name(number: int, worker: str | None = None) -> str:
    """``pages-00000.warc.gz``, or ``pages-<worker>-00000.warc.gz`` for a worker of a distributed run."""
    middle = f"{_UNSAFE.sub('_', worker)}-" if worker else ""
    return f"{PREFIX}-{middle}{number:05d}{SUFFIX}"


def name_pattern(worker: str | None = None) -> re.Pattern[str]:
    middle = re.escape(f"{_UNSAFE.sub('_', worker)}-") if worker else ""
    return re.compile(rf"{PREFIX}-{middle}(\d{{5}}){re.escape(SUFFIX)}")


def numbered_files(folder: Path, worker: str | None = None) -> list[tuple[int, Path]]:
    """The files one writer (the run's, or one worker's) wrote in ``folder``, by number."""
    pattern = name_pattern(worker)
    found = [(int(m[1]), path) for path in folder.glob(f"{PREFIX}-*{SUFFIX}") if (m := pattern.fullmatch(path.name))]
    return sorted(found)


def run_warcs(folder: Path) -> list[Path]:
    """Every WARC file of a run (all writers), in name order."""
    return sorted(folder.glob(f"{PREFIX}-*{SUFFIX}"))


def complete_length(path: Path) -> int:
    """How many leading bytes of ``path`` are whole gzip members (records written to the end)."""
    with open(path, "rb") as handle:
        return whole_members(handle)[0]


def whole_members(handle: IO[bytes], most: int | None = None) -> tuple[int, str]:
    """From the handle's position on: where its whole gzip members end (after ``most`` of them, when given), and
    why they end there: "" at the end of the file, else what is wrong with the bytes that follow."""
    complete = consumed = handle.tell()
    members = 0
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    pending = b""
    while True:
        data = pending or handle.read(_CHUNK)
        pending = b""
        if not data:
            return complete, "" if consumed == complete else "the file ends inside a gzip member (cut off)"
        try:
            decompressor.decompress(data, 0)
        except zlib.error as exc:
            return complete, f"damaged gzip data ({str(exc).rpartition(': ')[2]})"  # or no gzip data at all
        if not decompressor.eof:
            consumed += len(data)
            continue
        unused = decompressor.unused_data
        consumed += len(data) - len(unused)
        complete, members, pending = consumed, members + 1, unused
        if members == most:
            return complete, ""
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)


def repair(path: Path) -> int:
    """Cut a half-written last record off ``path``; returns the length kept."""
    keep = complete_length(path)
    if keep < path.stat().st_size:
        with open(path, "r+b") as handle:
            handle.truncate(keep)
            handle.flush()
            os.fsync(handle.fileno())
    return keep
