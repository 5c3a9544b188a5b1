"""Page chrome that must never reach a record's paragraphs."""

from __future__ import annotations

import re

# Footer lines: dropped at any length. The phrases that may stand anywhere in the line and those that only open
# it are two patterns: an alternation with ``^`` branches makes re try every branch at every position, one
# without lets it skip ahead to the characters the phrases begin with (three times faster on body text).
_FOOTER = re.compile(
    r"ICP备|ICP证|公网安备|公安备案|网站标识码|版权所有(?![者人方])|Copyright\s*©|©\s*\d{4}|主办单位[:：]|技术支持[:：]|最佳浏览效果|"
    r"建议(?:您)?使用.{0,12}浏览器"
)
_FOOTER_OPENING = re.compile(r"【?免责声明|【?版权声明|声明[:：]本(?:站|网)")
# Widget and navigation text: dropped when the block is short, i.e. the block *is* the widget.
_WIDGET = re.compile(
    r"字号|大\s*中\s*小|字体[:：]|打印本页|打印此页|【?打印】?$|关闭窗口|【关闭】|分享到|上一篇|下一篇|"
    r"相关链接|推荐阅读|相关阅读|相关新闻|扫一扫|返回顶部|收藏本页|加入收藏|浏览次数|浏览量|阅读次数|点击数|访问量|"
    r"网站地图|联系我们|返回页首"
)
_WIDGET_LINE = re.compile(r"(?:打印|关闭|首页|广告|订阅|附件下载[:：]?|相关附件[:：]?)$|分享")
# Headings after which a page lists other articles: the body has ended.
_END_OF_BODY = re.compile(r"^【?\s*(?:上一篇|下一篇|相关链接|推荐阅读|相关阅读|相关新闻|相关文章|延伸阅读)")
WIDGET_MAX_CHARS = 40

CHROME_PHRASES = (
    "字号", "大 中 小", "打印本页", "关闭窗口", "分享到", "上一篇", "下一篇", "相关链接", "推荐阅读", "版权所有", "ICP备",
)


def is_chrome(block: str) -> bool:
    if _FOOTER.search(block) or _FOOTER_OPENING.match(block):
        return True
    return len(block) <= WIDGET_MAX_CHARS and bool(_WIDGET.search(block) or _WIDGET_LINE.match(block))


def ends_body(block: str) -> bool:
    return bool(_END_OF_BODY.match(block))


def strip_chrome(blocks: list[str]) -> list[str]:
    """Drop chrome blocks, and everything after a 上一篇/相关链接-style heading that follows real text."""
    kept: list[str] = []
    for block in blocks:
        if kept and ends_body(block):
            break
        if not is_chrome(block):
            kept.append(block)
    return kept
