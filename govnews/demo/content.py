"""Article content of the demo world, written from the event catalogue in ``data/``.

A :class:`Story` is what an article says, independent of any page template: its title, its body
as a sequence of :class:`Block` values, the visible 来源 and author. Page renderers turn blocks
into markup, and the ground truth (``DemoArticle.paragraphs``) is read off the same blocks.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources
from random import Random
from typing import Any

TEXT, IMAGE, CAPTION, ATTACHMENT, SIGN, BYLINE, SPACER = "text", "image", "caption", "attachment", "sign", "byline", "spacer"
# What a reader counts as the article's text: a byline on its own line is credit, not text (the
# convention of the real corpus, tests/fixtures/corpus/README.md; extraction puts it in ``author``).
_READABLE = (TEXT, CAPTION, SIGN)
_NUMBER = re.compile(r"\{(n[1-4]|pct)\}")
_RANGES = {"n1": (12, 88), "n2": (120, 860), "n3": (3, 12), "n4": (1200, 8600), "pct": (86, 99)}


@dataclass(frozen=True)
class Block:
    kind: str
    text: str = ""
    file: str = ""  # image or attachment file name, TRS style (W0….jpg, P0….pdf)
    strong: str = ""  # a run of ``text`` shown in bold


@dataclass(frozen=True)
class Story:
    title: str
    blocks: tuple[Block, ...]
    source: str | None
    info_author: str | None = None  # shown in the info line as 作者：…
    byline_author: str | None = None  # the names a body byline gives
    keywords: tuple[str, ...] = ()
    event: str = ""

    @property
    def author(self) -> str | None:
        return self.info_author or self.byline_author

    def paragraphs(self, inline_attachments: bool = True) -> tuple[str, ...]:
        kinds = _READABLE + ((ATTACHMENT,) if inline_attachments else ())
        return tuple(t for b in self.blocks if b.kind in kinds and (t := normalize(b.text)))

    def files(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    office: str
    communities: tuple[str, ...]
    plots: tuple[str, ...]
    roads: tuple[str, ...]
    leaders: tuple[str, ...]
    sources: tuple[str, ...]
    reporters: tuple[str, ...] = ()
    streets: tuple[str, ...] = ()  # a district's sub-districts


@dataclass(frozen=True)
class StoryOptions:
    scope: str = "subdistrict"  # or "district": which events may be used
    images: int = 0
    attachment: bool = False
    signature: date | None = None  # the date signed under the body
    byline: str = "none"  # none, info, reporter, correspondent, wen
    lead: bool = False  # a 【…】 lead before the title
    spacers: bool = False
    event: str = ""  # an event key, to write about that event
    hour: int = 24  # the hour the article is posted: a morning post reports a morning event
    title_chars: str = ""  # the title must contain one of these characters


def normalize(text: str) -> str:
    """What a reader sees: every whitespace run (U+3000 and NBSP included) as one space."""
    return " ".join(text.split())


@cache
def _data(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath("data", name).read_text("utf-8"))


def events() -> list[dict[str, Any]]:
    return _data("events.toml")["event"]


def tonggao() -> list[dict[str, Any]]:
    return _data("places.toml")["tonggao"]


def area(key: str | None) -> Area:
    if key is None:
        raise ValueError("this demo site has no area of its own")
    raw = _data("places.toml")["area"][key]
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
    return Area(key=key, **fields)


def person(rng: Random) -> str:
    names = _data("places.toml")
    return rng.choice(names["surnames"]) + rng.choice(names["given"])


def _fill(text: str, values: dict[str, str], rng: Random) -> str:
    # every {n…} draws its own number: the same placeholder twice gives two figures
    text = _NUMBER.sub(lambda m: str(rng.randint(*_RANGES[m.group(1)])), text)
    return text.format_map(values)


def _values(rng: Random, place: Area, when: date, hour: int) -> dict[str, str]:
    communities = rng.sample(place.communities, 2)
    leaders = rng.sample(place.leaders, min(2, len(place.leaders)))
    return {
        "sd": place.name, "office": place.office, "cm": communities[0], "cm2": communities[1],
        "plot": rng.choice(place.plots), "road": rng.choice(place.roads),
        "place": rng.choice(_data("places.toml")["places"]), "leader": leaders[0], "leader2": leaders[-1],
        "md": f"{when.month}月{when.day}日", "ampm": "上午" if hour < 15 else rng.choice(("上午", "下午")),
        "year": str(when.year), "street": rng.choice(place.streets) if place.streets else place.name,
        "k": str(rng.randint(3, 9)), "kk": str(rng.randint(12, 48)), "m": str(rng.randint(20, 90) * 10),
    }


def _pick_event(rng: Random, when: date, scope: str, key: str = "") -> dict[str, Any]:
    if key:
        return next(e for e in events() if e["key"] == key)
    fits = [e for e in events() if (not e["months"] or when.month in e["months"])]
    return rng.choice([e for e in fits if e.get("scope", "subdistrict") == scope])


def write_story(rng: Random, place: Area, when: date, options: StoryOptions = StoryOptions(), taken: set[str] | None = None) -> Story:
    """One article about an event in ``place`` on ``when``; its title is not in ``taken``."""
    taken = taken if taken is not None else set()
    for _ in range(50):
        event = _pick_event(rng, when, options.scope, options.event)
        values = _values(rng, place, when, options.hour)
        variant = rng.randrange(len(event["titles"]))
        title = _fill(event["titles"][variant], values, rng)
        if title not in taken and (not options.title_chars or any(ch in title for ch in options.title_chars)):
            break
    taken.add(title)
    if options.lead and event.get("leads"):
        title = rng.choice(event["leads"]) + title
    opening = _fill(event["openings"][variant % len(event["openings"])], values, rng)
    middles = [_fill(m, values, rng) for m in rng.sample(event["middles"], rng.randint(1, min(4, len(event["middles"]))))]
    closing = _fill(rng.choice(event["closings"]), values, rng)
    strong = f"{values['cm']}社区" if f"{values['cm']}社区" in opening and rng.random() < 0.4 else ""
    blocks = [Block(TEXT, opening, strong=strong)]
    for i, text in enumerate(middles):
        if options.spacers and i == 1:
            blocks.append(Block(SPACER))
        blocks.append(Block(TEXT, text))
        if i == 0:
            blocks += _images(rng, event, values, when, options.images)
    blocks.append(Block(TEXT, closing))
    # a byline ends the text, before attachments; news with a byline carries no signature
    info_author, byline_author = _byline(rng, place, options.byline, blocks)
    if options.attachment and event["attachments"]:
        name = _fill(rng.choice(event["attachments"]), values, rng)
        blocks.append(Block(ATTACHMENT, f"附件：{name}.pdf", file=_file_name(rng, "P0", when, "pdf")))
    if options.signature and not byline_author:
        sig = options.signature
        blocks += [Block(SIGN, place.office), Block(SIGN, f"{sig.year}年{sig.month}月{sig.day}日")]
    return Story(
        title=title, blocks=tuple(blocks), source=rng.choice(place.sources), info_author=info_author,
        byline_author=byline_author, keywords=tuple(event["keywords"]), event=event["key"],
    )


def _images(rng: Random, event, values, when: date, count: int) -> list[Block]:
    blocks = []
    for caption in rng.sample(event["captions"], min(count, len(event["captions"]))):
        blocks += [Block(IMAGE, file=_file_name(rng, "W0", when, "jpg")), Block(CAPTION, _fill(caption, values, rng))]
    return blocks


def _file_name(rng: Random, prefix: str, when: date, ext: str) -> str:
    return f"{prefix}{when:%Y%m%d}{rng.randrange(10**11, 10**12)}.{ext}"


def _byline(rng: Random, place: Area, style: str, blocks: list[Block]) -> tuple[str | None, str | None]:
    """Adds the byline block the style asks for; returns (info-line author, byline author)."""
    pool = place.reporters or ()
    name = rng.choice(pool) if pool else person(rng)
    if style == "info":
        return name, None
    if style == "reporter":
        other = person(rng)
        blocks.append(Block(BYLINE, f"（记者 {name} 通讯员 {other}）"))
        return None, f"{name} {other}"
    if style == "correspondent":
        blocks.append(Block(BYLINE, f"（通讯员 {name}）"))
        return None, name
    if style == "wen":
        blocks.append(Block(BYLINE, f"文/{name}"))
        return None, name
    return None, None


def tonggao_story(rng: Random, index: int, when: date) -> Story:
    """A district-wide press release (通稿) from the data file."""
    raw = tonggao()[index]
    values = {"md": f"{when.month}月{when.day}日", "ampm": rng.choice(("上午", "下午")), "year": str(when.year)}
    blocks = tuple(Block(TEXT, _fill(p, values, rng)) for p in raw["paragraphs"])
    return Story(title=_fill(raw["title"], values, rng), blocks=blocks, source=raw["source"],
                 keywords=tuple(raw["keywords"]), event=raw["key"])


def repost(story: Story, place: Area, how: str) -> Story:
    """A sub-district's copy of a district release: its own 来源, an editor's line, or a reworded title."""
    if how == "source":
        return replace(story, source=place.office)
    if how == "lead":
        note = Block(TEXT, "编者按：为及时传达全区会议精神，现将有关报道转发如下。")
        return replace(story, blocks=(note,) + story.blocks, source=place.office)
    return replace(story, title=story.title.replace("示例区", "我区", 1))


def edited(story: Story, place: Area) -> Story:
    """The day-2 version of an article: its second paragraph corrected and one paragraph added."""
    blocks = list(story.blocks)
    texts = [i for i, b in enumerate(blocks) if b.kind == TEXT]
    second = texts[1]
    blocks[second] = replace(blocks[second], text=blocks[second].text.rstrip("。") + "，相关情况已由街道统一汇总上报。")
    added = Block(TEXT, f"此外，{place.name}已将此项工作纳入年度重点任务清单，由专人跟踪推进，定期通报进展。")
    blocks.insert(texts[-1], added)
    return replace(story, blocks=tuple(blocks))
