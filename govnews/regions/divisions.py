"""The national division codes (统计用区划代码, 2023 edition), read from the package when first needed.

Places are found by code (2, 4, 6, 9 or 12 digits) or by name: a name may carry its parents in front
(``历下区泉城路街道``, ``济南市 历下区 泉城路街道``), and each name may drop its suffix (``历下`` for
``历下区``, ``泉城路`` for ``泉城路街道``).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

EDITION = "统计用区划代码 2023"
LEVELS = ("province", "city", "district", "township")
_CODE_LENGTHS = {2: "province", 4: "city", 6: "district", 9: "township"}
# Cities that are no city: a municipality's districts (市辖区) and counties governed by the province directly.
_NO_CITY = ("市辖区", "省直辖县级行政区划", "自治区直辖县级行政区划")
_SUFFIX = re.compile(r"^(.{2,}?)(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗"
                     r"|街道办事处|街道|地区|新区|林区|矿区|苏木|省|市|区|县|旗|盟|镇|乡)$")
_OFFICE = re.compile(r"(?:人民政府|办事处|管委会)$")
_SEPARATORS = re.compile(r"[\s/,，、·|]+")


@dataclass(frozen=True)
class Place:
    """One place of the table, with the names of every level above it (None where there is none)."""

    code: str  # as in the table: 2, 4, 6 or 9 digits
    name: str
    level: str
    province: str
    city: str | None
    district: str | None
    township: str | None

    @property
    def code12(self) -> str:
        return self.code.ljust(12, "0")

    @property
    def names(self) -> list[str]:
        return [n for n in (self.province, self.city, self.district, self.township) if n]

    def __str__(self) -> str:
        return f"{self.code12} {' '.join(self.names)}"

    def region(self) -> dict[str, str | None]:
        """The record's ``region`` for this place."""
        return {"province": self.province, "city": self.city, "district": self.district,
                "subdistrict": self.township, "code": self.code12}

    def contains(self, other: Place) -> bool:
        return other.code.startswith(self.code)


def short_name(name: str) -> str:
    """``历下区`` → ``历下``: the name without its administrative suffix (kept when too little would remain)."""
    match = _SUFFIX.match(name)
    return match[1] if match else name


def normalize_query(query: str) -> str:
    """A spreadsheet's ``泉城路街道办事处`` or ``历下区人民政府`` as the place's own name."""
    words = []
    for word in _SEPARATORS.split(query.strip()):
        word = _OFFICE.sub("", word) or word
        words.append(word[:-1] if word.endswith("街道办") else word)
    return " ".join(w for w in words if w)


class Divisions:
    """Every place of the table, by code and by name."""

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        self.names = dict(rows)
        self._places: dict[str, Place] = {}
        self._forms: dict[str, list[str]] = {}
        for code, name in rows:
            self._forms.setdefault(name, []).append(code)
            if (short := short_name(name)) != name:
                self._forms.setdefault(short, []).append(code)

    def __len__(self) -> int:
        return len(self.names)

    def _get(self, code: str) -> Place | None:
        """The place of a code of the table (built on first use: most of the table is never looked at)."""
        if code not in self.names:
            return None
        if code not in self._places:
            self._places[code] = _place(code, self.names[code], self.names)
        return self._places[code]

    def by_form(self, form: str) -> list[Place]:
        """Places whose name or short name is ``form``."""
        return [p for code in self._forms.get(form, ()) if (p := self._get(code)) is not None]

    def all_places(self) -> Iterator[Place]:
        return (p for code in self.names if (p := self._get(code)) is not None)

    def place(self, code: str) -> Place | None:
        """The place of a 2/4/6/9-digit code or a 12-digit one (whose trailing zeros are dropped)."""
        code = code.strip()
        if len(code) == 12 and code.isdigit():
            if code[9:] != "000":
                return None  # a village (村/社区): below the table
            size = 9 if code[6:9] != "000" else 6 if code[4:6] != "00" else 4 if code[2:4] != "00" else 2
            return self._get(code[:size])
        return self._get(code) if len(code) in _CODE_LENGTHS and code.isdigit() else None

    def parents(self, place: Place) -> list[Place]:
        """The places above ``place``, nearest first."""
        found = []
        for size in (6, 4, 2):
            if size < len(place.code) and (parent := self._get(place.code[:size])) is not None:
                found.append(parent)
        return found

    def children(self, place: Place, depth: int | None = None) -> list[Place]:
        """The places inside ``place`` (only the next level down with ``depth=1``), by code."""
        sizes = [2, 4, 6, 9]
        wanted = set(sizes[sizes.index(len(place.code)) + 1:][:depth]) if depth else set(sizes)
        return [p for code in self.names if len(code) in wanted and code.startswith(place.code) and code != place.code
                and (p := self._get(code)) is not None]

    def find(self, query: str, within: Place | None = None) -> list[Place]:
        """The places ``query`` names (a code, or names from any level down to the place's own), sorted by code.

        A place named by its full name hides places that only match by a shortened one.
        """
        text = normalize_query(query)
        compact = text.replace(" ", "")
        if compact.isdigit():
            place = self.place(compact)
            found = [place] if place is not None else []
        else:
            found = self._by_names(compact)
        if within is not None:
            found = [p for p in found if within.contains(p)]
        return sorted(found, key=lambda p: p.code)

    def _by_names(self, text: str) -> list[Place]:
        exact: list[Place] = []
        shortened: list[Place] = []
        for size in range(len(text), 0, -1):
            tail, rest = text[-size:], text[:-size]
            for place in self.by_form(tail):
                if _consumes(rest, self.parents(place)):
                    (exact if tail == place.name else shortened).append(place)
        return list(dict.fromkeys(exact or shortened))


def _consumes(rest: str, parents: list[Place]) -> bool:
    """Whether ``rest`` is made of the names (or short names) of some of ``parents``, in order from the top."""
    if not rest:
        return True
    for i, parent in enumerate(parents):
        for form in {parent.name, short_name(parent.name)}:
            if rest.endswith(form) and _consumes(rest[: -len(form)], parents[i + 1:]):
                return True
    return False


def _place(code: str, name: str, names: dict[str, str]) -> Place:
    level = _CODE_LENGTHS[len(code)]
    province = names.get(code[:2], name)
    city = names.get(code[:4]) if len(code) >= 4 else None
    if city == "市辖区":
        city = province  # a municipality's districts: 北京市 东城区
    elif city in _NO_CITY:
        city = None
    district = names.get(code[:6]) if len(code) >= 6 else None
    township = name if len(code) == 9 else None
    if level == "city" and name in _NO_CITY:
        name = province if name == "市辖区" else name
    return Place(code, name, level, province, city, district, township)


@cache
def division_table() -> Divisions:
    """The table, read once per process (about 45,000 places, ~0.1 s)."""
    data = resources.files(__package__).joinpath("divisions.tsv.gz").read_bytes()
    rows = [tuple(line.split("\t", 1)) for line in gzip.decompress(data).decode("utf-8").splitlines() if line]
    return Divisions([(code, name) for code, name in rows])
