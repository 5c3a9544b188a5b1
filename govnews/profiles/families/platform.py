"""Article-platform quirks: the authoritative ARTICLE_DETAIL JSON embedded in a script."""

from __future__ import annotations

import html
import json
import re

from .hooks import ArticleData

_START = re.compile(r"ARTICLE_DETAIL\s*=\s*\{")
_DECODER = json.JSONDecoder()


def article_data(doc) -> ArticleData | None:
    m = _START.search(doc.script_text)
    if not m:
        return None
    try:  # the object literal ends where the JSON value ends; whatever script follows is not read
        detail, _ = _DECODER.raw_decode(doc.script_text, m.end() - 1)
    except json.JSONDecodeError:
        return None
    if not isinstance(detail, dict):
        return None
    article = detail.get("article") or {}
    author = detail.get("author") or article.get("author") or {}
    content = article.get("content") or {}
    segments = content.get("content") if isinstance(content, dict) else content
    data = ArticleData(
        title=article.get("title"),
        author=(author.get("nickname") or author.get("screen_name")) if isinstance(author, dict) else None,
        published=article.get("create_time"),
    )
    parts = []
    for seg in segments or []:
        if not isinstance(seg, dict):
            continue
        text = seg.get("text") or ""
        if seg.get("img_url"):  # an image segment's text is the image's caption
            src = html.escape(str(seg["img_url"]), quote=True)
            parts.append(f'<figure><img src="{src}"><figcaption>{text}</figcaption></figure>')
        elif text:
            parts.append(text)
    data.body_html = "".join(parts) or None
    return data
