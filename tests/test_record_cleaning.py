"""The record's cleaning processors: what a 来源 or author value keeps of its edges."""

from __future__ import annotations

import pytest

from govnews.record.cleaning import clean_author, clean_source


@pytest.mark.parametrize(("raw", "author"), [
    ("周思博 (Joel Spolsky)", "周思博 (Joel Spolsky)"),  # a name with its alias keeps the brackets
    ("作者：李明（笔名 木子）", "李明（笔名 木子）"),
    ("（记者 张三 李四）", "张三 李四"),  # an in-text credit loses the brackets around it
    ("记者：王五】", "王五"),
    ("责任编辑：赵六", None),
    ("管理员", None),
])
def test_author_edges(raw, author):
    assert clean_author(raw) == author


@pytest.mark.parametrize(("raw", "source"), [
    ("来源：新华网】", "新华网"),
    ("来源：泉城路街道（办事处）", "泉城路街道（办事处）"),
    ("信息来源： ", None),
])
def test_source_edges(raw, source):
    assert clean_source(raw) == source
