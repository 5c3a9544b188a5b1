"""The extraction rules of docs/extraction.md, each on a small page of a site other than the corpus pages.

The real pages that check the same rules are in tests/test_real_pages.py (values from the manifests).
"""

from __future__ import annotations

from datetime import UTC, datetime

from govnews.extraction import Page, extract_article
from govnews.extraction.document import Document
from govnews.profiles.families.platform import article_data

FETCHED = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
TEXT = [
    "3月11日下午，和平街道召开民生实事项目推进会，听取各科室关于老旧小区改造、社区食堂建设等项目的进展汇报。",
    "会议指出，民生实事是群众最关心、最直接、最现实的利益问题，各科室要倒排工期、挂图作战，确保项目按期完工。",
    "会议强调，要加强项目全过程监管，严格资金使用，主动接受群众监督，让每一分钱都花在群众最需要的地方。",
]


def page(body: str, title: str = "和平街道召开民生实事项目推进会_某某区人民政府", head: str = "",
         url: str = "http://www.example.gov.cn/jddt/202503/t20250312_1.html") -> dict:
    html = (f'<html><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
            f'<div class="nav"><a href="/">首页</a> <a href="/jddt/">工作动态</a></div>{body}</body></html>')
    return extract_article(Page(html.encode("utf-8"), url, FETCHED))


def text(*extra_after: str, before: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in TEXT)
    return f'<div class="main">{before}<div class="zw">{paragraphs}{"".join(extra_after)}</div></div>'


INFO = '<div class="xx">发布日期：2025-03-12 16:20 来源：和平街道</div>'
HEADLINE = "<h2>和平街道召开民生实事项目推进会</h2>"


# Headlines ------------------------------------------------------------------------------------------

def test_headline_with_the_site_glued_on_and_a_section_label_in_the_navigation():
    record = page(HEADLINE + INFO + text(), title="工作动态_某某区人民政府")
    assert record["title"] == "和平街道召开民生实事项目推进会"


def test_headline_split_across_elements_keeps_the_main_line():
    record = page("<h1>和平街道召开民生实事项目推进会<div>副标题：项目按期完工</div></h1>" + INFO + text())
    assert record["title"] == "和平街道召开民生实事项目推进会"


def test_article_title_meta_with_markup_never_reaches_the_title():
    meta = '<meta name="ArticleTitle" content="&lt;div&gt;和平街道召开民生实事项目推进会&lt;/div&gt;">'
    record = page(HEADLINE + INFO + text(), head=meta)
    assert record["title"] == "和平街道召开民生实事项目推进会"


# 来源 ------------------------------------------------------------------------------------------------

def test_source_stops_before_the_widget_words_on_its_line():
    for line in ("来源：某某日报 打印", "来源：某某网 【字体：大 中 小】", "来源：某某网 分享到："):
        record = page(HEADLINE + f'<div class="xx">发布日期：2025-03-12 {line}</div>' + text())
        assert record["source"] in ("某某日报", "某某网"), line


def test_source_in_an_html_comment_is_not_shown_and_not_taken():
    record = page(HEADLINE + '<div class="xx">发布日期：2025-03-12 <!-- 来源：旧模板 --></div>' + text())
    assert record["source"] is None


def test_an_empty_source_label_is_no_source():
    record = page(HEADLINE + '<div class="xx">发布日期：2025-03-12 来源： 浏览次数：12</div>' + text())
    assert record["source"] is None


def test_unlabelled_source_after_the_time_in_the_header_line():
    record = page(HEADLINE + "<div>2024-05-08 16:20 光明网</div>" + text())
    assert record["source"] == "光明网"
    assert record["published"] == "2024-05-08T16:20+08:00"


# Authors --------------------------------------------------------------------------------------------

def test_bylines_in_their_usual_shapes():
    shapes = {
        "<p>记者 张三 李四</p>": "张三 李四",
        "<p>文/王五</p>": "王五",
        "<p>采写：本报记者 张三 李四</p>": "张三 李四",
    }
    for line, names in shapes.items():
        record = page(HEADLINE + INFO + text(before=line))
        assert record["author"] == names, line
        assert all(line[3:-4] not in p for p in record["paragraphs"])
    record = page(HEADLINE + INFO + text("<p>（融媒体记者 赵六）</p>"))
    assert record["author"] == "赵六"


def test_editors_are_never_authors():
    record = page(HEADLINE + INFO + text("<p>责任编辑：钱七</p>", "<p>编辑：孙八</p>"))
    assert record["author"] is None
    assert record["paragraphs"] == TEXT


# Bodies ---------------------------------------------------------------------------------------------

def test_chrome_around_and_inside_the_body_is_left_out():
    body = (HEADLINE + INFO + '<div class="main"><div class="zw">'
            + "<p>您所在的位置：首页 > 工作动态 > 正文</p>" + "".join(f"<p>{p}</p>" for p in TEXT)
            + "<p>免责声明：本网转载内容仅供参考，不代表本网观点。</p><p>共12条评论</p>"
            + '<div class="share">分享到：微信 微博</div>'
            + '<ul><li><a href="/a1.html">和平街道开展消防演练活动</a></li><li><a href="/a2.html">和平街道慰问困难群众家庭</a></li></ul>'
            + "</div></div>"
            + '<div class="footer">地址：和平路1号 电话：0571-1234567 浙ICP备12345678号</div>')
    assert page(body)["paragraphs"] == TEXT


def test_body_of_bare_text_and_line_breaks_keeps_its_last_line():
    lines = "<br>".join(TEXT)
    record = page(HEADLINE + INFO + f'<div class="zw">{lines}</div>')
    assert record["paragraphs"] == TEXT


def test_a_second_html_document_inside_the_body_adds_nothing_twice():
    include = "<!DOCTYPE html><html><head><title>inc</title></head><body><div>和平街道办事处</div></body></html>"
    record = page(HEADLINE + INFO + text() + include)
    assert record["paragraphs"][:3] == TEXT
    assert len(record["paragraphs"]) == len(set(record["paragraphs"]))


def test_a_hidden_copy_of_the_article_does_not_double_the_body():
    hidden = '<div style="display:none" class="zw-old">' + "".join(f"<p>{p}</p>" for p in TEXT) + "</div>"
    record = page(HEADLINE + INFO + text() + hidden)
    assert record["paragraphs"] == TEXT


def test_signature_block_stays_in_the_body():
    record = page(HEADLINE + INFO + text("<p>和平街道办事处</p>", "<p>2025年3月12日</p>"))
    assert record["paragraphs"][-2:] == ["和平街道办事处", "2025年3月12日"]


# Dates ----------------------------------------------------------------------------------------------

def test_time_of_day_next_to_the_date_is_kept():
    record = page(HEADLINE + '<div class="xx">2024-05-08 16:20 来源：和平街道</div>' + text(),
                  url="http://www.example.gov.cn/jddt/202405/t20240508_1.html")
    assert record["published"] == "2024-05-08T16:20+08:00"


def test_visible_publication_date_beats_a_regenerated_pubdate():
    meta = '<meta name="PubDate" content="2025-11-20 03:00:00">'
    record = page(HEADLINE + INFO + text(), head=meta)
    assert record["published"] == "2025-03-12T16:20+08:00"
    assert "published_conflict:meta=2025-11-20T03:00:00+08:00" in record["warnings"]


def test_agreeing_pubdate_gives_no_warning():
    meta = '<meta name="PubDate" content="2025-03-12 16:20">'
    record = page(HEADLINE + INFO + text(), head=meta)
    assert record["published"] == "2025-03-12T16:20+08:00"
    assert not any(w.startswith("published_conflict") for w in record["warnings"])


def test_publication_date_wins_over_generation_date_and_written_date_never_counts():
    table = ('<table class="xxgk"><tr><td>成文日期：2025-02-01</td><td>生成日期：2025-03-20</td>'
             "<td>发布日期：2025-03-12</td></tr></table>")
    record = page(HEADLINE + table + text(), url="http://www.example.gov.cn/xxgk/1.html")
    assert record["published"] == "2025-03-12"
    only_written = '<table><tr><td>成文日期：2025-02-01</td></tr></table>'
    record = page(HEADLINE + only_written + text(), url="http://www.example.gov.cn/xxgk/1.html")
    assert record["published"] != "2025-02-01"


# The platform's page data -----------------------------------------------------------------------------

def _platform_doc(script: str) -> Document:
    html = f"<html><head><script>{script}</script></head><body></body></html>"
    return Document(Page(html.encode("utf-8"), "https://mp.example.cn/x", FETCHED))


def test_platform_data_with_braces_inside_strings_and_script_after_it():
    script = ('var ARTICLE_DETAIL = {"article": {"title": "标题 {不是对象} \\"引号\\"", "create_time": 1700000000,'
              ' "content": {"content": [{"text": "<p>正文}</p>"}]}}, "author": {"nickname": "泉城路"}};'
              ' var other = {"x": 1};')
    data = article_data(_platform_doc(script))
    assert data is not None
    assert data.title == '标题 {不是对象} "引号"'
    assert data.author == "泉城路"
    assert data.body_html == "<p>正文}</p>"


def test_platform_data_that_is_not_json_is_ignored():
    assert article_data(_platform_doc("var ARTICLE_DETAIL = {title: 'x'};")) is None
