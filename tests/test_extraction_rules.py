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


# Pages of other sites for the rules of round two -------------------------------------------------------
# Each page below is written for the class its test names; none is a corpus page.

LINES = [
    "5月8日上午，青石镇组织机关干部走进田间地头，帮助农户抢收油菜，确保颗粒归仓。",
    "干部们顶着烈日，与农户一起收割、捆扎、搬运，一上午帮助抢收油菜三十余亩。",
    "镇党委书记表示，将持续开展助农活动，切实帮助群众解决生产生活中的实际困难。",
]


def raw(html: str, url: str = "http://www.example.com/a/2024/0508/1.html") -> dict:
    return extract_article(Page(html.encode("utf-8"), url, FETCHED))


def br_lines(lines=LINES) -> str:
    return "<br>".join(lines) + "<br>"


def test_lines_split_by_br_are_paragraphs_of_the_div_holding_them():
    # A blog platform: the title above the post div, the footer line below it, all in one column div.
    html = ('<html><head><title>青石镇干部助农抢收 - 乡村笔记 - 博客</title></head><body>'
            '<div id="side"><div class="box">最新评论</div><ul><li>写得真好，支持！</li></ul></div>'
            '<div id="main"><div class="posttitle"><a href="/p/1">青石镇干部助农抢收</a></div>'
            f'<div class="postbody">{br_lines()}</div>'
            '<div class="postfoot">作者:田野 阅读(12) 评论(3) 发表于:2024-05-08 16:20</div>'
            '<div class="box">相关文章</div></div></body></html>')
    record = raw(html)
    assert record["paragraphs"] == LINES
    assert record["title"] == "青石镇干部助农抢收"
    assert record["published"] == "2024-05-08T16:20+08:00"
    assert record["author"] == "田野"


def test_a_reply_tree_is_never_the_body():
    replies = "".join(f"<li>{t}【网友{i}】05-08 16:{10 + i} 138字 [140/0]<ul><li>同意楼上的看法，说得很有道理，支持一下。"
                      f"【路人{i}】05-08 17:{10 + i} 20字</li></ul></li>" for i, t in enumerate(
                          ["说得对，旅游购物要小心", "我也遇到过这种情况，真是防不胜防", "建议大家出门前先了解清楚"] * 4))
    html = ('<html><head><title>社区论坛</title></head><body><table><tr><td>主题： 出门旅游要注意哪些事项？</td></tr>'
            '<tr><td>作者：山水行 时间：2024-05-08 16:05:00</td></tr>'
            f'<tr><td class="msg"><p>{LINES[0]}{LINES[1]}</p></td></tr></table>'
            f'<div>| 回复线索：</div><ul>{replies}</ul></body></html>')
    record = raw(html)
    assert record["paragraphs"] == [LINES[0] + LINES[1]]
    assert record["title"] == "出门旅游要注意哪些事项？"
    assert record["author"] == "山水行"


def test_the_first_post_of_an_archive_page_is_the_article():
    def post(title: str, when: str, text: str) -> str:
        return (f'<table class="post"><tr><td class="post-title">{title}</td><td class="post-title">{when}</td></tr>'
                f'<tr><td class="post-body">{text}</td></tr><tr><td>由田野张贴 @ {when}</td></tr></table>')
    long_text = "".join(f"<p>{line}</p>" for line in LINES * 6)
    html = ('<html><head><title>田野 | 乡村笔记</title></head><body><div class="side">归档 2024年5月</div>'
            + post("青石镇干部助农抢收", "2024-05-08 16:20:00", LINES[0] + LINES[1])
            + post("一场春雨", "2024-05-06 09:00:00", long_text) + "</body></html>")
    record = raw(html)
    assert record["paragraphs"] == [LINES[0] + LINES[1]]
    assert record["title"] == "青石镇干部助农抢收"
    assert record["published"] == "2024-05-08T16:20:00+08:00"
    assert record["author"] == "田野"


def test_a_box_of_the_same_class_before_the_article_is_not_a_first_post():
    contact = ('<div class="box"><p>联系我们</p><p>地址：青石镇政府路1号综合楼三楼</p><p>电话：0571-1234567 传真：0571-1234568</p>'
               '<p>邮编：311100 办公时间：工作日上午8:30至下午5:30</p></div>')
    article = '<div class="box">' + "".join(f"<p>{line}</p>" for line in LINES * 2) + "</div>"
    html = f'<html><head><title>青石镇人民政府</title></head><body><div class="main">{contact}{article}</div></body></html>'
    assert raw(html)["paragraphs"] == LINES * 2


def test_a_data_table_after_the_text_table_is_body():
    rows = "".join(f"<tr><td>{d}</td><td>{p}</td><td>{t}</td></tr>" for d, p, t in [
        ("5月10日", "报名", "镇政府一楼"), ("5月12日", "笔试", "镇中学"), ("5月15日", "面试", "镇政府三楼"), ("5月18日", "公示", "镇政务公开栏")])
    html = ('<html><head><title>青石镇网</title></head><body><table><tr><td align="center"><p><strong>'
            '青石镇2024年公开招聘村级后备干部公告</strong></p></td></tr><tr><td bgcolor="#eeeeee">'
            f'<table width="580"><tr><td>{br_lines()}附：招聘日程</td></tr></table>'
            f'<table width="580" border="1"><tr><th>日期</th><th>事项</th><th>地点</th></tr>{rows}</table>'
            '</td></tr></table></body></html>')
    record = raw(html)
    assert record["title"] == "青石镇2024年公开招聘村级后备干部公告"
    assert record["paragraphs"][:3] == LINES
    assert record["paragraphs"][-1] == "5月18日 公示 镇政务公开栏"


def test_elements_hidden_by_their_class_are_not_read():
    body = (HEADLINE + INFO + text('<div class="promo promo--hidden"><p>订阅我们的每日新闻信</p></div>',
                                   '<span class="sr-only">分享到微信</span>', '<div class="d-none">下载客户端</div>'))
    assert page(body)["paragraphs"] == TEXT


def test_an_em_dash_rule_in_an_article_is_no_signature():
    notes = ["附：名词解释", "民生实事：指政府每年承诺办理的、与群众生活密切相关的实事项目。"]
    record = page(HEADLINE + INFO + text("<p>————————————</p>", *(f"<p>{n}</p>" for n in notes)))
    assert record["paragraphs"][-2:] == notes


def test_the_signature_under_a_rule_line_ends_a_forum_post():
    html = ('<html><head><title>乡村振兴论坛</title></head><body><table><tr><td>青石镇干部助农抢收</td></tr>'
            '<tr><td class="pt"><p>田野</p></td></tr><tr><td class="pt">'
            + br_lines() + '文：田野<p>------------------------------</p><p>耕读传家 http://blog.example.com/tianye</p>'
            '<p>〓 乡村振兴论坛 发布时间 2024/05/08 16:20:00 by 田野 〓</p></td></tr></table></body></html>')
    record = raw(html)
    assert record["paragraphs"] == LINES
    assert record["published"] == "2024-05-08T16:20:00+08:00"
    assert record["author"] == "田野"


def test_issue_reprint_and_editorial_notes_closing_a_text_are_not_text():
    endings = ["——《乡村杂志》2023年5月号", "(摘自《农村经济》2020年第3期，原文约8000字)", "【作者单位：青石镇农业服务中心】",
               "“乡村网”(http://www.example.org)搜集整理于2021-03-05", "[图片说明1：漫画/田野]"]
    for ending in endings:
        record = page(HEADLINE + INFO + text(f"<p>{ending}</p>"))
        assert record["paragraphs"] == TEXT, ending


def test_a_repost_names_its_source_in_a_closing_line():
    record = page(HEADLINE + '<div class="xx">发布日期：2025-03-12 来源：本站原创</div>'
                  + text("<p>转自《青石日报》</p>", "<p>[图片说明：活动现场]</p>"))
    assert record["source"] == "《青石日报》"
    assert record["paragraphs"] == TEXT


def zw(top: str) -> str:
    """The text container with ``top`` above its paragraphs."""
    return '<div class="zw">' + top + "".join(f"<p>{p}</p>" for p in TEXT) + "</div>"


def test_centred_lines_under_the_repeated_headline_are_a_header():
    centred = ('<p align="center">和平街道召开民生实事项目推进会</p><p align="center">和平街道党政办公室</p>'
               '<p align="center">2025年3月</p>')
    assert page(HEADLINE + INFO + zw(centred))["paragraphs"] == TEXT


def test_a_centred_caption_under_an_image_stays_text():
    caption = '<p align="center">和平街道召开民生实事项目推进会</p><p><img src="/img/1.jpg"></p><p align="center">推进会现场</p>'
    record = page(HEADLINE + INFO + zw(caption))
    assert record["paragraphs"] == ["推进会现场"] + TEXT
    assert record["images"][0]["caption"] == "推进会现场"


def test_audio_length_and_reading_time_under_the_headline_are_header():
    record = page(HEADLINE + INFO + zw("<div>音频 04:29</div><div>7 分钟</div>"))
    assert record["paragraphs"] == TEXT


def test_a_link_box_inside_the_text_does_not_end_it():
    box = ('<div>推荐阅读</div><div><a href="/a1.html">和平街道开展消防演练活动</a></div>'
           '<div><a href="/a2.html">和平街道慰问困难群众家庭</a></div>')
    body = (HEADLINE + INFO + '<div class="zw">' + "".join(f"<p>{p}</p>" for p in TEXT[:2]) + box
            + f"<p>{TEXT[2]}</p></div>")
    assert page(body)["paragraphs"] == TEXT
    related = '<div>相关新闻</div><div><a href="/a3.html">和平街道召开安全生产会议</a></div><div class="foot">网友留言</div>'
    assert page(HEADLINE + INFO + text(related))["paragraphs"] == TEXT


def test_a_paragraph_split_by_an_ad_table_is_one_paragraph():
    split = ('<div class="zw"><p>会议指出，民生实事是群众最关心、最直接、最现实的利益问题，'
             '<table><tr><td><img src="/ad.gif"></td></tr></table>各科室要倒排工期、挂图作战，确保项目按期完工。</p></div>')
    record = page(HEADLINE + INFO + split)
    assert record["paragraphs"] == [TEXT[1]]


def test_a_link_that_shows_its_address_is_text_but_closing_tag_links_are_not():
    download = '<p><a href="http://down.example.com/files/2025/0312/minutes.zip">http://down.example.com/files/2025/0312/minutes.zip</a></p>'
    record = page(HEADLINE + INFO + text(download))
    assert record["paragraphs"][-1] == "http://down.example.com/files/2025/0312/minutes.zip"
    tags = '<ul class="tags"><li><a href="/t/1">民生</a></li><li><a href="/t/2">社区</a></li></ul>'
    assert page(HEADLINE + INFO + text(tags))["paragraphs"] == TEXT


def test_copyright_owner_in_a_sentence_is_text():
    line = "播客在使用其他音乐作品时，一定要事先获得版权所有者或者制作人的书面许可。"
    assert page(HEADLINE + INFO + text(f"<p>{line}</p>"))["paragraphs"] == TEXT + [line]


def test_an_error_page_gives_no_article():
    html = ('<html><head><title>青石论坛 - 提示信息</title></head><body><div class="nav">青石论坛 → 提示信息</div>'
            '<table class="box"><tr><td class="t">青石论坛提示信息</td></tr><tr><td class="msg">'
            '<p>抱歉，指定的主题不存在或已被删除或正在被审核。</p><p>请仔细阅读论坛帮助文件，确保您有相应的操作权限。</p>'
            '<a href="javascript:history.back()">[ 点击这里返回上一页 ]</a></td></tr></table>'
            '<form><p>用户名 密码 登录</p></form></body></html>')
    record = raw(html, "http://bbs.example.com/viewthread.php?tid=123")
    assert record["paragraphs"] == [] and record["title"] is None and record["published"] is None
    assert "no_article" in record["warnings"]
    short_news = HEADLINE + INFO + text()  # a real article that mentions no error at all
    assert page(short_news)["paragraphs"] == TEXT


# Headlines where <title> says nothing -------------------------------------------------------------------

def old_portal(above: str, container: str, title: str = "青石在线") -> dict:
    """An old portal page: <title> is only the site, the headline somewhere above a table cell of text."""
    html = (f'<html><head><title>{title}</title></head><body><table><tr><td><a href="/">首页</a> | <a href="/news/">新闻</a>'
            f'</td></tr>{above}<tr><td class="content">{container}</td></tr></table></body></html>')
    return raw(html, "http://www.example.net/news/show.asp?id=88")


def test_a_heading_or_a_centred_line_wins_over_plain_lines_nearer_the_text():
    record = old_portal('<tr><td><h2>青石镇干部助农抢收</h2></td></tr><tr><td>本网讯</td></tr><tr><td>助农进行时</td></tr>',
                        br_lines())
    assert record["title"] == "青石镇干部助农抢收"
    record = old_portal('<tr align="center"><td><p><strong>青石镇干部助农抢收</strong></p></td></tr><tr><td>助农进行时</td></tr>',
                        br_lines())
    assert record["title"] == "青石镇干部助农抢收"


def test_bylines_names_addresses_and_labels_are_no_headline():
    cases = {
        "<tr><td>文：田野</td></tr>": "文：田野", "<tr><td>田野、山水</td></tr>": "田野、山水",
        "<tr><td>http://www.example.net/</td></tr>": "http://www.example.net/", "<tr><td>tianye2024</td></tr>": "tianye2024",
        "<tr><td>——记青石镇的助农干部</td></tr>": "——记青石镇的助农干部", "<tr><td>2024年5月</td></tr>": "2024年5月",
        '<tr><td><a href="/1">上一篇</a> | <a href="/">返回</a> | <a href="/2">下一篇：春耕忙</a></td></tr>': "",
    }
    for line in cases:
        record = old_portal("<tr><td>青石镇干部助农抢收</td></tr>" + line, br_lines())
        assert record["title"] == "青石镇干部助农抢收", line


def test_a_subject_label_and_trailing_decoration_are_not_the_headline():
    assert old_portal("<tr><td>主题：青石镇干部助农抢收</td></tr>", br_lines())["title"] == "青石镇干部助农抢收"
    assert old_portal("<tr><td><h3>青石镇干部助农抢收 - -</h3></td></tr>", br_lines())["title"] == "青石镇干部助农抢收"


def test_the_longer_headline_above_a_copy_in_the_text_without_the_authors_name():
    record = old_portal("<tr><td>田野：青石镇干部助农抢收</td></tr>", "<p>青石镇干部助农抢收</p><p>田野</p>" + br_lines())
    assert record["title"] == "田野：青石镇干部助农抢收"
    assert record["author"] == "田野"
    assert record["paragraphs"] == LINES


def test_a_page_number_in_title_and_a_post_header_with_its_time():
    record = old_portal("<tr><td>青石镇干部助农抢收</td></tr>", br_lines(),
                        title="青石镇干部助农抢收(第1页) - 乡村论坛 - Powered by Discuz!")
    assert record["title"] == "青石镇干部助农抢收" and "title_from_title_tag" not in record["warnings"]
    record = old_portal("<tr><td>我的收藏：图片</td></tr><tr><td>青石镇干部助农抢收 2024-05-08 16:20:00 楼主</td></tr>",
                        br_lines(), title="青石镇干部助农抢收 - 乡村论坛")
    assert record["title"] == "青石镇干部助农抢收"
    assert record["source"] is None  # 楼主 is the floor, not a source


# Dates ------------------------------------------------------------------------------------------------

def test_dates_with_the_weekday_between_day_and_time():
    for line, expected in {
        "2024年5月8日 星期三 16:20 来源：青石日报": "2024-05-08T16:20+08:00",
        "发布时间：2024-05-08（周三）16:20": "2024-05-08T16:20+08:00",
    }.items():
        record = page(HEADLINE + f"<div>{line}</div>" + text(), url="http://www.example.gov.cn/jddt/1.html")
        assert record["published"] == expected, line


def test_a_label_without_its_colon_and_a_last_revised_date():
    record = page(HEADLINE + text() + "<div>〓 青石论坛 发布时间 2024/05/08 16:20:00 by 田野 〓</div>",
                  url="http://www.example.gov.cn/1.html")
    assert record["published"] == "2024-05-08T16:20:00+08:00"
    record = page(HEADLINE + text() + '<div class="foot">本页面最后修订于2024年5月8日 (星期三) 16:20。</div>',
                  url="http://www.example.gov.cn/1.html")
    assert record["published"] == "2024-05-08T16:20+08:00"


def test_an_info_line_with_the_sites_address_and_counters():
    for line in ("http://www.example.net 2024年05月08日16:20 青石日报", "WWW.EXAMPLE.NET 2024-05-08 16:20 青石日报",
                 "乡村笔记 2024-05-08 16:20--阅读 · --喜欢 · --评论"):
        record = page(HEADLINE + f"<div>{line}</div>" + text(), url="http://www.example.gov.cn/1.html")
        assert record["published"] == "2024-05-08T16:20+08:00", line


def test_dated_headlines_listed_under_the_text_are_other_articles():
    listing = "".join(f'<div><a href="/{i}.html">第{i}章</a>(2024/05/0{i} 10:00)</div>' for i in range(1, 5))
    undated = '<div class="zw">' + "".join(f"<p>{p}</p>" for p in TEXT[1:]) + "</div>"
    record = page(HEADLINE + undated + listing, url="http://www.example.gov.cn/book/41.html")
    assert record["published"] is None


def test_the_posting_time_wins_over_a_reposted_articles_bare_date():
    body = ('<div class="entry"><p>和平街道召开民生实事项目推进会</p><p>2023-3-12 青石日报</p>'
            + "".join(f"<p>{p}</p>" for p in TEXT)
            + '<p class="foot">- 作者： 田野 访问统计： 2024年05月08日, 星期三 16:20 加入收藏</p></div>')
    record = page(HEADLINE + body, url="http://blog.example.com/2756656.html")
    assert record["published"] == "2024-05-08T16:20+08:00"
    assert record["author"] == "田野"


# 来源 and authors, round two ---------------------------------------------------------------------------

def test_only_a_publication_after_the_header_time_is_a_source():
    for line, source in {"2024-05-08 16:20 青石日报": "青石日报", "2024-05-08 16:20 《乡村周刊》": "《乡村周刊》",
                         "2024-05-08 16:20 山水行": None, "2024年05月08日（青石时间）": None}.items():
        record = page(HEADLINE + f"<div>{line}</div>" + text())
        assert record["source"] == source, line


def test_the_header_line_is_found_past_a_share_bar():
    share = "".join(f'<div><a href="#">{w}</a></div>' for w in ("分享到", "微信", "微博", "QQ空间", "人人", "豆瓣"))
    record = page(HEADLINE + "<div>2024-05-08 16:20 青石日报</div>" + share + text())
    assert record["source"] == "青石日报"


def test_the_authors_name_or_names_under_the_repeated_headline():
    for names, author in (("田野", "田野"), ("田野、山水", "田野 山水")):
        record = old_portal("", f"<p>青石镇干部助农抢收</p><p>{names}</p>" + br_lines(), title="青石镇干部助农抢收_青石在线")
        assert record["author"] == author, names
        assert record["paragraphs"] == LINES


def test_report_writers_and_poster_footers():
    record = page(HEADLINE + INFO + text("<p>执笔人：田野 山水</p>"))
    assert record["author"] == "田野 山水" and record["paragraphs"] == TEXT
    for footer, poster in {"由田野张贴 @ 2024-05-08 16:20:00 (12)": "田野",
                           "本贴由山水行于2024年5月8日16:20:00在〖乡村论坛〗发表.": "山水行",
                           "〓 乡村论坛 发布时间 2024/05/08 16:20:00 by tianye 〓": "tianye"}.items():
        record = page(HEADLINE + text() + f"<div>{footer}</div>")
        assert record["author"] == poster, footer


def test_the_posters_card_beside_the_post():
    card = ('<div class="card"><div><a href="/u/1">tianye2024</a></div><div>级别：村长</div><div>积分：235</div></div>'
            '<div>青石镇干部助农抢收 2024-05-08 16:20:00</div>')
    record = page(card + text(), title="青石镇干部助农抢收 - 乡村论坛")
    assert record["author"] == "tianye2024"


def test_byline_names_without_outlet_dateline_and_marks():
    for line, names in {"新华网青石频道 记者 田野 山水": "田野 山水", "□ 本报记者 田野": "田野",
                        "青石日报记者 田野 青石报道": "田野", "（田野 青石报道）": "田野",
                        "青石日报记者田野/文 受访者供图": "田野", "作者： 赵 培：青石农业大学": "赵培"}.items():
        record = page(HEADLINE + INFO + text(f"<p>{line}</p>"))
        assert record["author"] == names, line


def test_a_hard_wrapped_essay_with_its_title_block_inside_the_text():
    # A magazine archive: no <title> worth reading, the text hard-wrapped at ~30 characters with <br>,
    # the centred title, the author's name and a deck on top, the issue note at the bottom.
    wrapped = ["从前有一座山，山里有一座庙，庙里住着一个老和尚和一个小和尚，",
               "老和尚每天给小和尚讲故事，讲的总是从前有一座山，山里有",
               "一座庙。小和尚听了很多年，终于有一天自己也成了老和尚。"]
    essay = ("田野<br>——关于讲故事的故事<br>一、故事的开头<br>" + "<br>".join(wrapped)
             + "<br>——《乡村杂志》2003年5月号")
    title = '<p align="center"><b>山中故事(上)</b></p>'
    for body in (f"<div>{title}<p>{essay}</p></div>", title + essay):  # in a paragraph, or straight in <body>
        record = raw(f"<html><head><title>显示</title></head><body>{body}</body></html>",
                     "http://www.example.org/wj/show.asp?id=73")
        assert record["title"] == "山中故事(上)"
        assert record["author"] == "田野"
        assert record["paragraphs"] == ["一、故事的开头"] + wrapped


def test_an_attachment_label_with_nothing_under_it_is_no_text():
    record = page(HEADLINE + INFO + text("<p>附件下载：</p>"))
    assert record["paragraphs"] == TEXT
