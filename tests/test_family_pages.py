"""What each CMS family's page must give, stated by hand (the golden files only freeze it)."""

from __future__ import annotations

from conftest import FIXTURES

from support.golden import load_cases

CASES = {c.name: c for c in load_cases(FIXTURES / "golden")}


def _record(name: str) -> dict:
    return CASES[name].extract()


def test_trs_page():
    r = _record("trs-xingfu-article")
    assert r["title"] == "幸福街道开展垃圾分类宣传活动"
    assert (r["published"], r["published_source"]) == ("2023-02-14T10:30+08:00", "meta")
    assert (r["source"], r["author"]) == ("幸福街道办事处", "李明")  # meta Author 管理员 is a CMS account
    assert r["column"] == "街道动态" and r["site_name"] == "示例区人民政府"
    assert r["page_tags"] == ["垃圾分类", "宣传", "社区", "志愿服务"]
    assert r["images"] == [{"url": "http://www.example.gov.cn/jddt/xfjd/202302/W020230214512345678901.jpg", "caption": "志愿者向居民讲解垃圾分类知识"}]
    assert r["attachments"] == [{"url": "http://www.example.gov.cn/jddt/xfjd/202302/P020230214512345678902.pdf", "name": "附件：幸福街道垃圾分类宣传手册.pdf"}]
    assert "和美广场" in r["paragraphs"][0]  # inline bold kept in place
    assert not any("TRS_Editor" in p or "line-height" in p for p in r["paragraphs"])  # inline <style> removed
    assert r["paragraphs"][-1] == "2023年2月10日"  # the signature date is body text, not the publication date


def test_hanweb_page():
    r = _record("hanweb-article")
    assert r["title"] == "幸福街道召开安全生产会议"
    assert r["published"] == "2023-03-06T09:15+08:00"  # lower-case pubdate
    assert r["source"] == "幸福街道"  # between <$[信息来源]> comment markers
    assert r["author"] == "王晓红 张强"  # byline （记者 王晓红 通讯员 张强）
    # the standalone byline is credit (in ``author``), not a paragraph
    assert len(r["paragraphs"]) == 2 and "旧的文章" not in " ".join(r["paragraphs"])
    assert r["attachments"][0]["name"] == "安全生产隐患排查表.docx"


def test_ucap_page():
    r = _record("ucap-govcn-article")
    assert r["title"] == "示例区关于加强基层治理的实施意见"
    assert r["published"] == "2024-05-20T16:30:00+08:00"  # firstpublishedtime, not 成文日期
    assert r["source"] == "示例区人民政府办公室"
    assert r["author"] is None  # 责任编辑 is not an author


def test_vsb_page():
    r = _record("vsb-article")
    assert r["title"] == "光明街道举办邻里节活动"
    assert (r["published"], r["published_source"], r["published_raw"]) == ("2026-09-22T17:06+08:00", "page", "发布时间：2026-09-22 17:06")
    assert (r["source"], r["author"]) == ("光明街道党群服务中心", "陈思")
    assert r["images"][0]["caption"] == "居民参加旧物交换"
    assert len(r["paragraphs"]) == 3


def test_platform_page_rendered_by_script():
    r = _record("platform-json-only")
    assert r["title"] == "幸福街道新春慰问活动" and r["author"] == "幸福街道"
    assert (r["published"], r["published_source"]) == ("2024-01-16T14:00:00+08:00", "data")
    assert r["paragraphs"][:2] == ["走访慰问 情暖人心", "1月16日上午，幸福街道开展新春走访慰问活动，为辖区困难群众送去米、油和慰问金。"]
    assert r["images"] == [{"url": "https://img.example.cn/users/12345678/abc.jpg", "caption": "慰问现场"}]
    assert r["canonical_url"] == "https://mp.example.cn/4abcde12?v=5"  # share parameters folded


def test_platform_relative_time():
    r = _record("platform-relative-time")
    assert (r["published"], r["published_raw"]) == ("2026-11-24", "3天前")
    assert "published_relative" in r["warnings"]
    assert len(r["paragraphs"]) == 2  # the <br> block is dropped


def test_generic_page():
    r = _record("generic-density")
    assert r["title"] == "新华街道召开2025年度民生实事项目推进会"  # not <title> (column_site)
    assert r["published"] == "2025-03-12"
    assert r["author"] == "刘洋"
    assert len(r["paragraphs"]) == 3  # "文/刘洋" on its own line is credit, not a paragraph
    assert not any("浏览器" in p or "版权所有" in p for p in r["paragraphs"])
