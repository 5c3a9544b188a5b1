"""Which articles each demo site has on a given day, with their dates, URLs and special roles.

Everything is drawn from a random generator seeded with the site id and ``today``, in an order
that does not depend on the day: day 1 and day 2 share every article except the ones the day
rules add, remove or edit.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from random import Random

from . import content
from .content import Area, Story, StoryOptions
from .paths import article_path
from .seed_article import load_seed
from .sites import SEED_MASK_ID, Item, SiteSpec, site

DISTRICT_STREETS = ("xingfu", "heping", "guangming", "newvillage")
SPAN_DAYS = 730  # articles spread over about two years before today
GBK_ONLY = "喆堃燊珺镕"  # in GBK, not in GB2312
SEED_WHEN = datetime(2023, 2, 14, 11, 5)
SEED_NEIGHBOURS = (  # the seed page recommends these two (mask id, date, event, title)
    ("4kq7znm1", datetime(2023, 1, 16, 10, 20), "spring", "泉城路街道开展新春走访慰问活动"),
    ("4kq7znm0", datetime(2023, 1, 9, 15, 40), "safety", "泉城路街道召开安全生产工作会议"),
)


@dataclass
class Plan:
    when: datetime
    role: str = "regular"
    timed: bool = True
    pinned: bool = False
    story: Story | None = None
    event: str = ""
    title: str = ""
    mask: str = ""
    title_chars: str = ""


def _at(rng: Random, day: date) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.randrange(0, 60, 5)))


def _regular(rng: Random, today: date, count: int, nearest: int = 1) -> list[Plan]:
    offsets = rng.sample(range(nearest, SPAN_DAYS), count)
    return [Plan(_at(rng, today - timedelta(days=o))) for o in sorted(offsets)]


def _pin(rng: Random, plans: list[Plan], count: int, today: date) -> None:
    old = [p for p in plans if p.role == "regular" and p.when.date() < today - timedelta(days=60)]
    for plan in rng.sample(old, count):
        plan.pinned = True


@lru_cache(maxsize=8)
def tonggao(today: date) -> tuple[tuple[datetime, Story], ...]:
    """The district's three press releases, which two sub-districts repost."""
    rng = Random(f"govnews-demo:tonggao:{today.isoformat()}")
    days = sorted(rng.sample(range(20, 400), 3), reverse=True)
    out = []
    for index, offset in enumerate(days):
        when = _at(rng, today - timedelta(days=offset))
        out.append((when, content.tonggao_story(rng, index, when.date())))
    return tuple(out)


def _plans(spec: SiteSpec, rng: Random, today: date) -> list[Plan]:
    ex = spec.extras
    plans = _regular(rng, today, spec.regular, nearest=3 if ex.get("edited") else 1)
    _pin(rng, plans, spec.pinned, today)
    releases = tonggao(today)
    if ex.get("tonggao"):
        plans += [Plan(when, "tonggao", story=story) for when, story in releases]
    for (when, story), how in zip(releases, ex.get("reposts", ()), strict=False):
        later = when + timedelta(days=rng.choice((0, 1)), hours=rng.randint(1, 3))
        plans.append(Plan(later, "repost", story=content.repost(story, content.area(spec.area), how)))
    plans += [Plan(datetime.combine(today, time()), "today", timed=False) for _ in range(ex.get("today", 0))]
    if ex.get("edited"):
        plans.append(Plan(_at(rng, today - timedelta(days=2)), "edited"))
    if ex.get("removed"):
        plans.append(Plan(_at(rng, today - timedelta(days=1)), "removed"))
    if ex.get("nodate"):
        plans.append(Plan(datetime(today.year - 1, 3, 5, 9, 0), "nodate", timed=False))
    for role in ("xxgk", "dup", "private", "blocked412"):
        if ex.get(role):
            plans.append(Plan(_at(rng, today - timedelta(days=rng.randint(30, 400))), role))
    if spec.family == "platform":
        plans += _seed_plans()
    plans.sort(key=lambda p: p.when)
    if spec.family == "gbk":  # every fourth title needs a character GB2312 lacks
        for plan in plans[::4]:
            plan.title_chars = GBK_ONLY
    return plans


def _seed_plans() -> list[Plan]:
    seed = load_seed()
    story = Story(title=seed.title, blocks=(), source=None, byline_author=None, event="seed")
    plans = [Plan(SEED_WHEN, "seed", story=story, mask=SEED_MASK_ID)]
    return plans + [Plan(when, "neighbour", event=event, title=title, mask=mask) for mask, when, event, title in SEED_NEIGHBOURS]


def _options(spec: SiteSpec, rng: Random, plan: Plan) -> StoryOptions:
    pick = lambda weights: rng.choices(list(weights), list(weights.values()))[0]  # noqa: E731
    family, day = spec.family, plan.when.date()
    if family == "trs":
        signature = day - timedelta(days=rng.choice((0, 1, 2, 4))) if rng.random() < 0.3 else None
        return StoryOptions(
            scope="district" if spec.area == "district" else "subdistrict", images=pick({0: 6, 1: 3, 2: 1}),
            attachment=plan.pinned or rng.random() < 0.2,  # pinned notices carry files
            signature=signature, lead=rng.random() < 0.3, spacers=rng.random() < 0.1,
            byline=pick({"info": 3, "reporter": 1.5, "correspondent": 1, "wen": 1, "none": 3.5}),
        )
    if family == "hanweb":
        return StoryOptions(attachment=rng.random() < 0.25, byline=pick({"reporter": 2, "correspondent": 1, "wen": 1, "none": 3}))
    if family == "vsb":
        return StoryOptions(images=pick({0: 3, 1: 1}), byline=pick({"info": 5, "none": 3, "wen": 2}))
    if family == "gbk":
        signature = day - timedelta(days=rng.choice((0, 1, 3))) if rng.random() < 0.25 else None
        return StoryOptions(signature=signature, byline=pick({"info": 4, "reporter": 2, "none": 4}), title_chars=plan.title_chars)
    if family == "platform":
        return StoryOptions(images=pick({0: 7, 1: 2, 2: 1}), spacers=rng.random() < 0.5, event=plan.event)
    return StoryOptions(byline=pick({"info": 3, "none": 6, "wen": 1} if family == "gkmlpt" else {"wen": 3, "none": 7}))


def _story(spec: SiteSpec, rng: Random, plan: Plan, taken: set[str]) -> Story:
    place = content.area(spec.area)
    options = replace(_options(spec, rng, plan), hour=plan.when.hour if plan.timed else 24)
    if spec.area == "district" and rng.random() < 0.55:  # district news about one of its sub-districts
        street = content.area(rng.choice(DISTRICT_STREETS))
        story = content.write_story(rng, street, plan.when.date(), replace(options, scope="subdistrict"), taken)
        return replace(story, source=rng.choice(place.sources))
    if plan.role == "nodate":
        return _nodate_story(rng, place, plan.when.date(), replace(options, images=0, signature=None, lead=False), taken)
    for _ in range(60):  # a given title: write until the event's matching variant comes up
        story = content.write_story(rng, place, plan.when.date(), options, set(taken) if plan.title else taken)
        if not plan.title or story.title == plan.title:
            return story
    raise ValueError(f"no {plan.event!r} story is titled {plan.title!r}")


def _nodate_story(rng: Random, place: Area, day: date, options: StoryOptions, taken: set[str]) -> Story:
    """Opens with the month-day (3月5日上午，…) and names the year only further down."""
    md = f"{day.month}月{day.day}日"
    for _ in range(40):
        story = content.write_story(rng, place, day, options, set(taken))
        if story.blocks[0].text.startswith(md):
            break
    taken.add(story.title)
    note = content.Block(content.TEXT, f"{day.year}年以来，{place.name}已累计开展此类活动{rng.randint(12, 40)}场次，服务居民{rng.randint(800, 3000)}余人次。")
    blocks = list(story.blocks)
    last_text = max(i for i, b in enumerate(blocks) if b.kind == content.TEXT)
    blocks.insert(last_text, note)
    return replace(story, blocks=tuple(blocks))


def _mask(rng: Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(8))


@lru_cache(maxsize=64)
def site_items(site_id: str, today: date, day: int) -> tuple[Item, ...]:
    """The site's articles on ``day`` (1: as of yesterday, 2: today), in listing order."""
    spec = site(site_id)
    if spec.family == "blocked" or not spec.area:
        return ()
    rng = Random(f"govnews-demo:{spec.id}:{today.isoformat()}")
    plans = _plans(spec, rng, today)
    taken: set[str] = set()
    items: list[Item] = []
    for index, plan in enumerate(plans):
        story = plan.story if plan.story is not None else _story(spec, rng, plan, taken)
        taken.add(story.title)
        num = spec.num_base + index * (173 if spec.family == "platform" else 1)
        mask = plan.mask or (_mask(rng) if spec.family == "platform" else "")
        items += _day_items(spec, plan, story, num, mask, day)
    return _listing_order(items)


def _day_items(spec: SiteSpec, plan: Plan, story: Story, num: int, mask: str, day: int) -> list[Item]:
    if plan.role == "today" and day == 1:
        return []
    if plan.role == "edited" and day == 2:
        story = content.edited(story, content.area(spec.area))
    item = Item(site=spec.id, path="", story=story, when=plan.when, timed=plan.timed, pinned=plan.pinned,
                num=num, mask=mask, role=plan.role, home=spec.folder, dated=plan.role != "nodate")
    ex = spec.extras
    if plan.role == "removed" and day == 2:
        item = replace(item, listed=False, status=404, expected=False)
    elif plan.role == "private":
        item = replace(item, home=ex["private"], expected=False)
    elif plan.role == "blocked412":
        item = replace(item, status=412, expected=False)
    elif plan.role in ("xxgk", "dup"):
        copy = replace(item, home=ex["xxgk"], num=num + 97)
        copy = replace(copy, path=article_path(spec, copy))
        if plan.role == "xxgk":
            return [copy]
        return [replace(item, path=article_path(spec, item)), copy]
    return [replace(item, path=article_path(spec, item))]


def _listing_order(items: list[Item]) -> tuple[Item, ...]:
    pinned = sorted((i for i in items if i.listed and i.pinned), key=lambda i: (i.when, i.num), reverse=True)
    rest = sorted((i for i in items if i.listed and not i.pinned), key=lambda i: (i.when, i.num), reverse=True)
    return tuple(pinned + rest + [i for i in items if not i.listed])
