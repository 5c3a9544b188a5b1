"""No chrome phrase ever reaches a record's paragraphs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import FIXTURES

from govnews.extraction import Page, extract_article
from govnews.extraction.boilerplate import CHROME_PHRASES, is_chrome, strip_chrome

from support.golden import load_cases

CASES = load_cases(FIXTURES / "golden")
CHROME_PAGE = """<html><head><meta charset="utf-8"><title>幸福街道召开会议_示例区</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/x">街道动态</a></div>
<div class="content-box">
 <h1>幸福街道召开会议</h1>
 <div class="tool">【字号 大 中 小】 <a href="#">打印本页</a> <a href="#">关闭窗口</a> 分享到：<a>微信</a></div>
 <div class="text">
  <p>3月1日，幸福街道召开全体干部大会，总结去年工作，部署今年任务，要求全体干部担当作为、真抓实干。</p>
  <p>会议还对先进集体和个人进行了表彰，号召全街道向先进学习，奋力推动各项工作再上新台阶。</p>
  <p>【字号：大 中 小】</p>
  <p>打印本页 关闭窗口</p>
  <p>上一篇：幸福街道开展消防演练</p>
  <p>下一篇：幸福街道慰问困难群众</p>
  <p>相关链接</p>
  <p>推荐阅读：和平街道召开会议，部署今年的工作任务和重点项目</p>
 </div>
</div>
<div class="footer">版权所有：示例区人民政府 浙ICP备12345678号-1 网站标识码：3301990001</div>
<script>var share = "分享到";</script><style>.a{}</style>
</body></html>"""


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_chrome_in_golden_paragraphs(case):
    for paragraph in case.extract()["paragraphs"]:
        assert not is_chrome(paragraph), paragraph
        for phrase in CHROME_PHRASES:
            assert phrase not in paragraph, (phrase, paragraph)


def test_chrome_heavy_page():
    record = extract_article(Page(CHROME_PAGE.encode(), "http://x.gov.cn/a/t20230301_1.html", datetime(2023, 3, 2, tzinfo=UTC)))
    assert record["title"] == "幸福街道召开会议"
    assert len(record["paragraphs"]) == 2
    text = "\n".join(record["paragraphs"])
    for phrase in CHROME_PHRASES:
        assert phrase not in text


def test_body_ends_at_a_prev_next_heading():
    blocks = ["正文第一段，内容。", "上一篇：别的文章", "这一段已经是别的栏目内容。"]
    assert strip_chrome(blocks) == ["正文第一段，内容。"]


def test_long_paragraph_mentioning_a_widget_word_is_kept():
    paragraph = "街道组织志愿者分享到社区开展服务的经验，居民纷纷点赞，大家都说这样的活动应该多举办一些，越多越好。"
    assert not is_chrome(paragraph)


def test_text_below_libxml2_depth_limit_is_kept():
    from lxml import etree

    from govnews.extraction.document import parse_html

    deep = "<html><body>" + "<table><tr><td>" * 3000 + "<p>深处的正文</p>" + "</td></tr></table>" * 3000 + "</body></html>"
    assert "深处的正文" in etree.tostring(parse_html(deep), encoding=str)
    shallow = parse_html("<table><tr><td><p>表格</p></td></tr></table>")
    assert shallow.find(".//td") is not None  # ordinary tables are left alone
