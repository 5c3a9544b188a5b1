"""The article item loader: per-field input processors clean candidates and reject unusable ones."""

from __future__ import annotations

from itemloaders import ItemLoader
from itemloaders.processors import Identity, MapCompose, TakeFirst

from .cleaning import clean_author, clean_source, non_empty, normalize_space, split_page_tags, unique
from .item import RECORD_FIELDS, Article


class ArticleLoader(ItemLoader):
    default_item_class = Article
    default_input_processor = MapCompose(non_empty)
    default_output_processor = TakeFirst()

    title_in = MapCompose(normalize_space, non_empty)
    subtitle_in = MapCompose(normalize_space, non_empty)
    source_in = MapCompose(normalize_space, clean_source)
    author_in = MapCompose(normalize_space, clean_author)
    paragraphs_in = MapCompose(normalize_space, non_empty)
    paragraphs_out = Identity()
    images_out = Identity()
    attachments_out = Identity()
    tags_out = Identity()
    page_tags_in = MapCompose(normalize_space, split_page_tags)
    page_tags_out = unique
    warnings_out = unique


def _declare_default_processors(loader: type[ItemLoader], fields: tuple[str, ...]) -> None:
    """Give every field its processors on the loader itself: for a field without them itemloaders asks the
    item's field metadata, building an ItemAdapter on every value added (a fifth of a small page's time)."""
    for name in fields:
        for suffix, default in (("_in", loader.default_input_processor), ("_out", loader.default_output_processor)):
            if not hasattr(loader, name + suffix):
                setattr(loader, name + suffix, default)


_declare_default_processors(ArticleLoader, RECORD_FIELDS)
