"""``govnews parse``: many files per call, stdin, one-line errors, JSON Lines without escapes."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import FIXTURES

from govnews.record.ids import article_id
from govnews.record.schema import record_errors

GOLDEN = FIXTURES / "golden"


def govnews(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews", *args], input=stdin, capture_output=True, timeout=120)


def test_many_files_one_record_each():
    files = [str(GOLDEN / n / "page.html") for n in ("trs-xingfu-article", "vsb-article", "seed-quanchenglu")]
    result = govnews("parse", "--fetched-at", "2026-11-20T08:00:00Z", *files)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    assert [r["title"] for r in records] == ["幸福街道开展垃圾分类宣传活动", "光明街道举办邻里节活动", records[2]["title"]]
    assert all(record_errors(r) == [] for r in records)
    assert "\\u" not in result.stdout.decode("utf-8")
    assert records[0]["fetched_at"] == "2026-11-20T08:00:00Z"


def test_standard_input_with_url_and_site():
    page = (GOLDEN / "corpus-pingtan-article-014" / "page.html").read_bytes()
    url = "https://www.pingtan.gov.cn/zwgk/yw/ptyw/202510/t20251018_102081.htm"
    result = govnews("parse", "--url", url, "--site", "pingtan", "-", stdin=page)
    record = json.loads(result.stdout)
    assert result.returncode == 0
    assert (record["site"], record["url"], record["author"]) == ("pingtan", url, "廖慧娟")
    assert record["region"]["code"] == "350128000000"


def test_bad_files_get_one_line_each_and_the_rest_still_parse(tmp_path):
    pdf = tmp_path / "notice.html"
    pdf.write_bytes(b"%PDF-1.7\n%binary")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    good = GOLDEN / "vsb-article" / "page.html"
    result = govnews("parse", str(tmp_path / "missing.html"), str(pdf), str(good), str(empty), str(tmp_path))
    assert result.returncode == 1
    errors = result.stderr.decode("utf-8").splitlines()
    assert len(errors) == 4, errors
    assert errors[0].startswith("govnews parse: ") and "missing.html" in errors[0] and "cannot read" in errors[0]
    assert "notice.html" in errors[1] and "PDF" in errors[1]
    assert "empty.html" in errors[2] and "empty" in errors[2]
    assert str(tmp_path) in errors[3]
    assert "Traceback" not in result.stderr.decode("utf-8")
    assert len(result.stdout.decode("utf-8").splitlines()) == 1


def test_unknown_site_is_a_usage_error():
    result = govnews("parse", "--site", "no-such-site", str(GOLDEN / "vsb-article" / "page.html"))
    assert result.returncode == 2
    assert result.stderr.decode("utf-8").strip() == "govnews parse: unknown site 'no-such-site'; `govnews sites` lists the known ones"


def test_malformed_fetch_time():
    result = govnews("parse", "--fetched-at", "yesterday", str(GOLDEN / "vsb-article" / "page.html"))
    assert result.returncode == 2
    assert len(result.stderr.decode("utf-8").strip().splitlines()) == 1


def test_url_with_several_files_is_refused():
    page = str(GOLDEN / "vsb-article" / "page.html")
    result = govnews("parse", "--url", "http://x.gov.cn/a.html", page, page)
    assert result.returncode == 2 and b"exactly one FILE" in result.stderr


def test_text_that_is_not_html_is_not_html_as_in_a_crawl(tmp_path):
    readme = FIXTURES.parent.parent / "README.md"
    notes = tmp_path / "notes.txt"
    notes.write_text("第一段。\n第二段。\n", "utf-8")
    result = govnews("parse", str(readme), str(notes))
    assert result.returncode == 1 and result.stdout == b""
    errors = result.stderr.decode("utf-8").splitlines()
    assert errors[0].startswith(f"govnews parse: {readme}: not_html (text, not HTML: it begins '# govnews")
    assert errors[1] == f"govnews parse: {notes}: not_html (no HTML tag in its first 4 KB)"


def test_a_local_file_is_identified_by_its_path_unless_a_url_is_given():
    page = GOLDEN / "vsb-article" / "page.html"
    plain = json.loads(govnews("parse", str(page)).stdout)
    assert plain["url"] == page.resolve().as_uri() and plain["id"] == article_id(page.resolve().as_uri())
    url = "http://www.example.gov.cn/info/1116/3001.htm"
    given = json.loads(govnews("parse", "--url", url, str(page)).stdout)
    assert (given["url"], given["id"]) == (url, article_id(url))  # what a crawl of that URL records


def test_the_documented_example_record_is_what_parse_gives():
    """docs/record.md shows a record and the command that makes it: the two must agree (paragraphs shortened)."""
    docs = (FIXTURES.parent.parent / "docs" / "record.md").read_text("utf-8")
    shown = json.loads(docs.split("```json\n", 1)[1].split("```", 1)[0])
    page = FIXTURES.parent.parent / "docs" / "examples" / "quanchenglu-2023-02-14.html"
    result = govnews("parse", "--url", shown["url"], "--fetched-at", shown["fetched_at"], str(page))
    record = json.loads(result.stdout)
    assert record["paragraphs"][0].startswith(shown["paragraphs"][0].rstrip("…"))
    assert {k: v for k, v in record.items() if k != "paragraphs"} == {k: v for k, v in shown.items() if k != "paragraphs"}
