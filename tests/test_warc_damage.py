"""WARC files cut off or damaged: the records before the damage are read, and the damage is one line naming the
file and the offset where it stops being readable — never a shorter record taken for a whole one, nor warcio's
warnings on stderr. The files are written here with warcio, then cut or broken."""

from __future__ import annotations

import gzip
import os
import random
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govnews.archive.reader import ArchiveError, read_payload, warc_records, whole_content

PAGES = 4


def write_warc(path: Path, gzipped: bool = True) -> list[int]:
    """A WARC file of PAGES HTML responses; returns the records' offsets and, last, the file's length."""
    offsets = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped, warc_version="1.1")
        for n in range(PAGES):
            body = (f"<html><head><title>第{n}篇</title></head><body>" + f"<p>段落 {n}。</p>" * 60 + "</body></html>").encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            offsets.append(handle.tell())
            writer.write_record(writer.create_warc_record(f"http://www.example.gov.cn/{n}.html", "response",
                                                          payload=BytesIO(body), length=len(body), http_headers=http))
    return [*offsets, path.stat().st_size]


def read_all(path: Path) -> tuple[list[tuple[int, bytes]], str | None]:
    found, error = [], None
    try:
        for offset, record in warc_records(path, path.name):
            found.append((offset, whole_content(record, path.name, offset)))
    except ArchiveError as exc:
        error = str(exc)
    return found, error


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzip", "uncompressed"])
def test_a_file_cut_anywhere_gives_the_whole_records_before_the_cut_and_where_it_stops(tmp_path, gzipped, capfd):
    whole = tmp_path / ("whole.warc.gz" if gzipped else "whole.warc")
    offsets = write_warc(whole, gzipped)
    intact, error = read_all(whole)
    assert error is None and [offset for offset, _ in intact] == offsets[:-1]
    data = whole.read_bytes()
    cut = tmp_path / whole.name.replace("whole", "cut")
    for length in range(1, len(data), 3 if gzipped else 7):
        cut.write_bytes(data[:length])
        found, error = read_all(cut)
        assert found == intact[:len(found)], length
        if error is None:  # nothing lost: the file ends between two records (or in the blank lines ending one)
            assert offsets[len(found)] - (0 if gzipped else 4) <= length, length
        else:
            assert "\n" not in error, error
            assert error.startswith(f"{cut.name}: not readable past offset {offsets[len(found)]}: "), (length, error)
    assert capfd.readouterr().err == ""  # warcio's warnings were not let through


def test_damaged_gzip_data_stops_reading_at_the_member_it_is_in(tmp_path, capfd):
    path = tmp_path / "pages.warc.gz"
    offsets = write_warc(path)
    data = bytearray(path.read_bytes())
    data[offsets[2] + 40] ^= 0xFF  # inside the third record's deflate data
    path.write_bytes(bytes(data))
    found, error = read_all(path)
    assert [offset for offset, _ in found] == offsets[:2]
    assert error is not None and error.startswith(f"pages.warc.gz: not readable past offset {offsets[2]}: damaged gzip data")
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("content, expected", [
    (b"", "x.warc.gz: an empty file, not a WARC file"),
    (gzip.compress(b"hello"), "x.warc.gz: not readable past offset 0: not a WARC record (it begins 'hello')"),
    (gzip.compress(b""), "x.warc.gz: not readable past offset 0: no whole WARC record there (cut off or damaged)"),
    (random.Random(7).randbytes(3000), "x.warc.gz: not readable past offset 0: not a WARC record (it begins with binary data)"),
    (b"<html><body><p>x</p></body></html>\n", "x.warc.gz: not readable past offset 0: not a WARC record "
                                               "(it begins '<html><body><p>x</p></body></html>')"),
], ids=["empty", "gzip_not_warc", "empty_gzip", "random_bytes", "html"])
def test_a_file_that_is_no_warc_says_so_in_a_short_printable_line(tmp_path, content, expected, capfd):
    path = tmp_path / "x.warc.gz"
    path.write_bytes(content)
    assert read_all(path) == ([], expected)
    assert capfd.readouterr().err == ""


def test_read_payload_refuses_a_record_cut_off(tmp_path):
    path = tmp_path / "pages.warc.gz"
    offsets = write_warc(path)
    assert b"<p>" in read_payload(path, offsets[3]).body
    with open(path, "r+b") as handle:
        handle.truncate(offsets[3] + 100)
    with pytest.raises(ArchiveError, match=rf"pages.warc.gz: no readable WARC record at offset {offsets[3]} .*cut off"):
        read_payload(path, offsets[3])
    plain = tmp_path / "pages.warc"
    offsets = write_warc(plain, gzipped=False)
    with open(plain, "r+b") as handle:
        handle.truncate(offsets[1] - 100)
    with pytest.raises(ArchiveError, match=rf"not readable past offset {offsets[0]}: the record there is cut off"):
        read_payload(plain, offsets[0])


def parse_warc(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews", "parse", "--warc", *map(str, paths)], capture_output=True,
                          text=True, timeout=120, env=dict(os.environ))


@pytest.mark.e2e
def test_parse_warc_extracts_the_records_before_the_damage_and_exits_1(tmp_path):
    cut = tmp_path / "cut.warc.gz"
    offsets = write_warc(cut)
    cut.write_bytes(cut.read_bytes()[:offsets[3] + 200])
    noise, folder = tmp_path / "garbage.bin", tmp_path / "somedir"
    noise.write_bytes(random.Random(3).randbytes(5000))
    folder.mkdir()
    result = parse_warc(cut, noise, folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line.count('"url"') for line in result.stdout.splitlines()] == [1, 1, 1]  # the three whole pages
    assert result.stderr.splitlines() == [
        f"govnews parse: {folder}: a directory, not a WARC file",
        f"govnews parse: {cut}: not readable past offset {offsets[3]}: the file ends inside a gzip member (cut off)",
        f"govnews parse: {noise}: not readable past offset 0: not a WARC record (it begins with binary data)"]
