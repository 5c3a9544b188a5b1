"""A region as a profile or a spreadsheet gives it (a code, or names) resolved against the division codes.

Each problem names the field it is about, what is wrong and what would be right, so that profile errors
(``ProfileError``) and command-line errors can both say it in one line.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

from .divisions import EDITION, Place, division_table, normalize_query, short_name

REGION_FIELDS = ("province", "city", "district", "subdistrict", "code")
NAME_FIELDS = ("province", "city", "district", "subdistrict")
_LEVEL = {"province": "province", "city": "city", "district": "district", "subdistrict": "township"}
_KIND = {"province": "province (省)", "city": "city (市)", "district": "district (区/县)",
         "subdistrict": "街道, 镇 or 乡"}
_SHOWN = 8
_CODE_EXPECTED = "the 12-digit 统计用区划代码 (or its first 9 digits), as a string"


class RegionProblem(ValueError):
    """A region that cannot be resolved: ``field`` (code, district …), the problem, what would be right."""

    def __init__(self, field_name: str, problem: str, expected: str | None = None) -> None:
        self.field, self.problem, self.expected = field_name, problem, expected
        super().__init__(f"{problem}" + (f"; expected {expected}" if expected else ""))


def candidates_text(places: Sequence[Place]) -> str:
    shown = "; ".join(str(p) for p in places[:_SHOWN])
    more = len(places) - _SHOWN
    return shown + (f"; … and {more} more (`govnews regions` lists them all)" if more > 0 else "")


def place_of(query: str, within: Place | None = None) -> Place:
    """The one place ``query`` (a code or a name) names, looked for inside ``within`` first."""
    query = query.strip()
    table = division_table()
    if normalize_query(query).replace(" ", "").isdigit():
        return _by_code(query)
    found = table.find(query, within) if within is not None else []
    found = found or table.find(query)
    if not found:
        raise RegionProblem("region", f"{query!r} is not a place in the national division codes ({EDITION})",
                            _suggest(query, None) or "a code or name that `govnews regions` finds")
    if len(found) > 1:
        raise RegionProblem("region", f"{query!r} names {len(found)} places",
                            f"a code, or the district in front of the name, to choose one of: {candidates_text(found)}")
    return found[0]


def _by_code(code: str) -> Place:
    digits = code.strip()
    if not (digits.isdigit() and len(digits) in (9, 12)):
        raise RegionProblem("code", f"{code!r} is not a 12- or 9-digit code", _CODE_EXPECTED)
    place = division_table().place(digits)
    if place is None:
        raise RegionProblem("code", f"{code!r} is not in the national division codes ({EDITION})",
                            "a code that `govnews regions NAME` prints, or lookup = false for a place the table lacks")
    return place


def resolve_region(given: Mapping[str, str | None]) -> tuple[dict[str, str | None], Place | None]:
    """The full region (names and 12-digit code) of what a profile gives, and its place.

    Names the profile gives are kept as written (``平潭县（平潭综合实验区）``) once they agree with the table.
    """
    region = {key: given.get(key) for key in REGION_FIELDS}
    if region["code"]:
        place = _by_code(region["code"])
        for field_name in NAME_FIELDS:
            _check_agrees(field_name, region[field_name], place)
    elif any(region[f] for f in NAME_FIELDS):
        place = _by_names(region)
    else:
        return region, None
    full = place.region()
    return {key: region[key] if region[key] and key != "code" else full[key] for key in REGION_FIELDS}, place


def _value(place: Place, field_name: str) -> str | None:
    return place.township if field_name == "subdistrict" else getattr(place, field_name)


def _agrees(given: str, actual: str | None) -> bool:
    if not actual:
        return False
    given = normalize_query(given).replace(" ", "")
    return given == actual or actual in given or short_name(given) == short_name(actual)


def _check_agrees(field_name: str, given: str | None, place: Place) -> None:
    if not given:
        return
    actual = _value(place, field_name)
    if not _agrees(given, actual):
        shown = f"{field_name} = {actual!r}" if actual else f"no {field_name}"
        raise RegionProblem(field_name, f"{given!r} disagrees with code {place.code12}, which is {place}",
                            f"{shown}, or the code of {given}")


def _by_names(region: Mapping[str, str | None]) -> Place:
    target = next(f for f in reversed(NAME_FIELDS) if region[f])
    name = normalize_query(str(region[target])).replace(" ", "")
    table = division_table()
    found = [p for p in table.by_form(name) if p.level == _LEVEL[target]]
    for field_name in NAME_FIELDS[: NAME_FIELDS.index(target)]:
        if region[field_name]:
            found = [p for p in found if _agrees(str(region[field_name]), _value(p, field_name))]
    exact = [p for p in found if p.name == name]
    found = sorted(exact or found, key=lambda p: p.code)
    scope = " ".join(str(region[f]) for f in NAME_FIELDS[: NAME_FIELDS.index(target)] if region[f])
    if not found:
        raise RegionProblem(target, f"{region[target]!r} is not a {_KIND[target]}{' of ' + scope if scope else ''} "
                            f"in the national division codes ({EDITION})",
                            _suggest(name, _LEVEL[target], scope)
                            or "a name that `govnews regions` finds, region.code, or lookup = false for a place the table lacks")
    if len(found) > 1:
        above = NAME_FIELDS[max(0, NAME_FIELDS.index(target) - 1)]
        raise RegionProblem(target, f"{region[target]!r} names {len(found)} places",
                            f"region.code or region.{above} to choose one of: {candidates_text(found)}")
    return found[0]


def _suggest(name: str, level: str | None, scope: str = "") -> str | None:
    """Close names of the same level inside the scope the profile gives (typos, old names, abbreviations)."""
    table = division_table()
    inside = table.find(scope) if scope else []
    if scope and len(inside) != 1:
        return None
    pool = [p for p in (table.children(inside[0]) if inside else table.all_places()) if level in (None, p.level)]
    by_name: dict[str, list[Place]] = {}
    for place in pool:
        by_name.setdefault(place.name, []).append(place)
    close = difflib.get_close_matches(normalize_query(name).replace(" ", ""), list(by_name), n=3, cutoff=0.5)
    places = [p for n in close for p in by_name[n]][:_SHOWN]
    return f"perhaps {candidates_text(places)}" if places else None
