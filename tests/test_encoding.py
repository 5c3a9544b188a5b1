"""Decoding: gb2312/gbk read as gb18030, conflicting declarations, garbled text flagged."""

from __future__ import annotations

import codecs
from datetime import UTC

from conftest import FIXTURES

from govnews.extraction.encoding import decode_html, looks_garbled

from support.golden import load_cases

CASES = {c.name: c for c in load_cases(FIXTURES / "golden")}
GBK_ONLY = "朱镕喆"


def _page(charset_meta: str, text: str, encoding: str) -> bytes:
    return f'<html><head><meta charset="{charset_meta}"><title>t</title></head><body><p>{text}</p></body></html>'.encode(encoding)


def test_gb2312_declared_page_with_gbk_only_characters():
    record = CASES["gbk-gb2312-declared"].extract()
    assert GBK_ONLY in record["paragraphs"][0]
    assert "张喆" in record["paragraphs"][1]
    assert not any(w.startswith("garbled_text") for w in record["warnings"])


def test_header_that_lies_about_the_charset():
    record = CASES["gbk-lying-header"].extract()
    assert GBK_ONLY in record["paragraphs"][0]
    assert "charset_mismatch:header=utf-8,meta=gb18030" in record["warnings"]


def test_gb2312_is_read_as_gb18030():
    decoded = decode_html(_page("gb2312", GBK_ONLY, "gbk"), "text/html")
    assert decoded.encoding == "gb18030" and GBK_ONLY in decoded.text


def test_utf8_bytes_behind_a_gbk_declaration():
    decoded = decode_html(_page("gbk", "中文内容，测试。", "utf-8"), None)
    assert decoded.encoding == "utf-8" and "中文内容" in decoded.text
    assert decoded.warnings == ["charset_wrong:declared=gb18030,used=utf-8"]


def test_utf8_header_and_gbk_meta_with_utf8_bytes():
    decoded = decode_html(_page("gbk", "中文内容", "utf-8"), "text/html; charset=utf-8")
    assert decoded.encoding == "utf-8" and "中文内容" in decoded.text


def test_no_declaration_at_all():
    assert decode_html(b"<html><body><p>\xd6\xd0\xce\xc4</p></body></html>").text.count("中文") == 1


def test_undecodable_bytes_are_flagged():
    body = _page("utf-8", "中文", "utf-8") + b"\xff\xfe\xfa"
    decoded = decode_html(body, "text/html; charset=utf-8")
    assert any(w.startswith("garbled_text") for w in decoded.warnings)


def test_mojibake_is_flagged():
    mojibake = "中文内容，测试。“引号”在这里，还有更多的内容，第二句。".encode().decode("gbk", errors="replace")
    assert looks_garbled(mojibake)
    assert looks_garbled("街道召开会议，部署工作。") == []


def test_garbled_record_carries_a_warning():
    from datetime import datetime

    from govnews.extraction import Page, extract_article

    text = "幸福街道召开会议，部署近期重点工作。会议要求，各社区要做好“安全”检查。".encode().decode("gbk", errors="ignore")
    body = f'<html><head><meta charset="utf-8"><title>x</title></head><body><div id="zoom"><p>{text}</p><p>{text}</p></div></body></html>'
    record = extract_article(Page(body.encode("utf-8"), "http://x.gov.cn/a.html", datetime(2026, 1, 1, tzinfo=UTC)))
    assert any(w.startswith("garbled_text") for w in record["warnings"])


def test_chinese_bytes_under_a_declared_latin_charset_are_read_as_chinese():
    body = _page("iso-8859-1", "平潭县人民政府关于做好防汛工作的通知", "gbk")
    decoded = decode_html(body, "text/html; charset=ISO-8859-1")
    assert "平潭县人民政府" in decoded.text and decoded.encoding == "gb18030"
    assert decoded.warnings == ["charset_wrong:declared=cp1252,used=gb18030"]


def test_a_real_latin_page_stays_latin():
    decoded = decode_html(_page("iso-8859-1", "Café Zürich", "latin-1"), "text/html; charset=ISO-8859-1")
    assert "Café Zürich" in decoded.text and decoded.warnings == []


def test_a_utf8_page_is_parsed_from_its_own_bytes_only_when_they_are_exactly_the_text():
    plain = "<html><body><p>街道动态</p></body></html>".encode()
    assert decode_html(plain, "text/html; charset=utf-8").utf8
    assert not decode_html(codecs.BOM_UTF8 + plain).utf8  # the BOM is not text
    assert not decode_html(plain + b"\xff", "text/html; charset=utf-8").utf8  # read with replacement characters
    assert not decode_html("<p>街道</p>".encode("gbk"), "text/html; charset=gbk").utf8
