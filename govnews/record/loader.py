"""The article item loader: per-field input processors clean candidates and reject unusable ones."""

from __future__ import annotations

import re

from itemloaders import ItemLoader
from itemloaders.processors import Identity, MapCompose, TakeFirst

from ..extraction.tags import split_page_tags
from ..extraction.text import normalize_space
from .item import Article

# Accounts and roles that templates print where an author or source belongs.
CMS_ACCOUNTS = frozenset(
    "管理员 超级管理员 系统管理员 网站管理员 admin administrator 系统 本站编辑 网站编辑 编辑 佚名 未知 匿名 无".split()
)
# Fine as a 来源 ("本站原创": this site's own), but not a person who wrote the article.
NOT_A_PERSON = frozenset("本站 本网 本站原创 原创 网站 本报 本台".split())
_NOT_AUTHOR = re.compile(r"责任编辑|责编|审核|审签|校对|编审|终审|管理员|编辑部")
_ROLE_WORDS = re.compile(r"(?:融媒体|全媒体|本报|本台|本网)?(?:记者|通讯员|实习生|作者|撰稿人?|撰文)\s*[:：]?\s*")
_LABEL = re.compile(r"^(?:信息)?(?:来源|作者|撰稿人?)\s*[:：]\s*")
_EDGE_PUNCT = "：:，,。；;、 （）()【】[]|｜"


def _strip_label(value: str) -> str:
    return _LABEL.sub("", value).strip(_EDGE_PUNCT)


def clean_source(value: str) -> str | None:
    value = _strip_label(value)
    if not value or len(value) > 60 or value.lower() in CMS_ACCOUNTS:
        return None
    return value


def clean_author(value: str) -> str | None:
    value = _strip_label(value)
    if not value or _NOT_AUTHOR.search(value):
        return None
    value = normalize_space(_ROLE_WORDS.sub(" ", value)).strip(_EDGE_PUNCT)
    if not value or len(value) > 40 or value.lower() in CMS_ACCOUNTS or value in NOT_A_PERSON:
        return None
    return value


def _unique(values: list) -> list:
    return list(dict.fromkeys(values))


def _non_empty(value):
    return value if value not in (None, "", [], {}) else None


class ArticleLoader(ItemLoader):
    default_item_class = Article
    default_input_processor = MapCompose(_non_empty)
    default_output_processor = TakeFirst()

    title_in = MapCompose(normalize_space, _non_empty)
    subtitle_in = MapCompose(normalize_space, _non_empty)
    source_in = MapCompose(normalize_space, clean_source)
    author_in = MapCompose(normalize_space, clean_author)
    paragraphs_in = MapCompose(normalize_space, _non_empty)
    paragraphs_out = Identity()
    images_out = Identity()
    attachments_out = Identity()
    tags_out = Identity()
    page_tags_in = MapCompose(normalize_space, split_page_tags)
    page_tags_out = _unique
    warnings_out = _unique
