"""The article loader: what each field's processors do, and that loading never consults item metadata."""

from __future__ import annotations

import itemloaders

from govnews.record.item import RECORD_FIELDS
from govnews.record.loader import ArticleLoader


def test_every_field_has_its_processors_on_the_loader(monkeypatch):
    # Without them itemloaders builds an ItemAdapter for every value added, to read the field's metadata.
    def no_adapter(*args, **kwargs):
        raise AssertionError("itemloaders consulted the item's field metadata")

    loader = ArticleLoader()  # itemloaders < 1.4 reads the new item's defaults through one ItemAdapter
    monkeypatch.setattr(itemloaders, "ItemAdapter", no_adapter)
    for name in RECORD_FIELDS:
        assert loader.get_input_processor(name) is not None
        assert loader.get_output_processor(name) is not None


def test_defaults_and_declared_processors():
    loader = ArticleLoader()
    loader.add_value("title", ["  ", " 标题 \n 一 "])
    loader.add_value("site", ["", "demo-site"])
    loader.add_value("paragraphs", ["一", "", " 二 "])
    loader.add_value("warnings", ["a", "b", "a"])
    assert loader.get_output_value("title") == "标题 一"
    assert loader.get_output_value("site") == "demo-site"  # default: empty values dropped, the first kept
    assert loader.get_output_value("paragraphs") == ["一", "二"]
    assert loader.get_output_value("warnings") == ["a", "b"]
