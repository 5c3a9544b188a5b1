"""The seed article export (``../shared/seed`` format): title, account, Quill body, ten tags."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

SEED_FILE = "quanchenglu-2023-02-14.txt"


@dataclass(frozen=True)
class SeedArticle:
    title: str
    author: str
    body_html: str
    tags: tuple[str, ...]


def parse_seed_export(text: str) -> SeedArticle:
    """Blocks separated by blank lines: title, author, body HTML, then one tag per block."""
    blocks = text.split("\n\n")
    if len(blocks) < 4:
        raise ValueError(f"a seed export needs title, author, body and tags; found {len(blocks)} block(s)")
    return SeedArticle(blocks[0].strip(), blocks[1].strip(), blocks[2].strip(), tuple(b.strip() for b in blocks[3:]))


def load_seed() -> SeedArticle:
    return parse_seed_export(resources.files(__package__).joinpath("data", SEED_FILE).read_text("utf-8"))
