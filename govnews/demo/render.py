"""Render demo pages from the package's templates."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from string import Template
from typing import Any


def template(name: str) -> Template:
    return Template(resources.files(__package__).joinpath("templates", name).read_text("utf-8"))


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def render_platform_article(
    *,
    mask_id: str,
    title: str,
    author: str,
    body_html: str,
    user_id: int = 10001,
    create_time: int | None = None,
    time_text: str | None = None,
    images: Sequence[tuple[str, str]] = (),
    recommend: Sequence[tuple[str, str]] = (),
    visit_count: int = 0,
    praise_count: int = 0,
) -> str:
    """An article page of the platform: the DOM a reader sees plus the ARTICLE_DETAIL data behind it.

    ``create_time`` (Unix seconds) goes into the page data only when given, and ``time_text``
    into the subhead: the seed article's page shows no date at all.
    """
    segments: list[dict[str, Any]] = [{"type": 1, "text": body_html}]
    segments += [{"type": 1, "img_url": url, "text": f'<p class="ql-block">{html.escape(caption)}</p>'} for url, caption in images]
    article: dict[str, Any] = {
        "mask_id": mask_id, "title": title, "user_id": user_id, "visit_count": visit_count,
        "praise_count": praise_count, "comment_count": 0, "privacy": 1, "content": {"content": segments},
    }
    if create_time is not None:
        article["create_time"] = create_time
    detail = {"article": article, "author": {"nickname": author, "screen_name": author}}
    images_html = "".join(
        f'<div class="mp-article-images"><img class="mp-article-images-item-img" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" '
        f'data-src="{html.escape(url)}"><p class="ql-block ql-align-center">{html.escape(caption)}</p></div>'
        for url, caption in images
    )
    time_html = f'<span class="mp-article-caption-subhead-time">{html.escape(time_text)}</span>' if time_text else ""
    recommend_html = "".join(f'<li><a href="{html.escape(u)}">{html.escape(t)}</a></li>' for u, t in recommend)
    return template("platform_article.html").substitute(
        title=html.escape(title, quote=False), author=html.escape(author), mask_id=mask_id, user_id=user_id,
        detail_json=_script_json(detail), body_html=body_html, images_html=images_html, time_html=time_html,
        visit_count=visit_count, praise_count=praise_count, recommend_html=recommend_html,
    )


@cache
def _cached_template(name: str) -> Template:
    return template(name)


def fill(template_name: str, /, **values: Any) -> str:
    """A template of ``templates/`` with every ``$name`` replaced (values are inserted as given)."""
    return _cached_template(template_name).substitute(values)
