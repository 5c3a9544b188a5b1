"""A new profile from probed columns: the TOML text govnews writes, validated as any profile is.

The file says what was detected and how (comments, and ``status.how``), and plainly what could not be
decided. It is written by hand (not by a TOML library) because those comments are half its value; each
value is a TOML basic string written by ``json.dumps``, whose escapes TOML shares, and the result is
parsed back and checked by :func:`govnews.profiles.build_profile` before it is written anywhere.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..profiles import ProfileError, SiteProfile, build_profile, host_of
from ..regions import Place, division_table
from .probe import ColumnFindings

# Politeness of a profile nobody has checked yet: one request at a time, two seconds apart.
DEFAULT_DELAY = 2.0
DEFAULT_CONCURRENCY = 1
_REGION_ORDER = ("province", "city", "district", "subdistrict", "code")


@dataclass
class ColumnDraft:
    findings: ColumnFindings
    name: str
    place: Place | None = None  # the row's own region (a spreadsheet row, or --region)
    line: int | None = None  # the spreadsheet line


@dataclass
class ProfileDraft:
    id: str
    name: str
    columns: list[ColumnDraft]
    source: str  # the command that detected it
    detected_at: str  # UTC, ISO 8601
    today: str
    delay: float = DEFAULT_DELAY
    concurrency: int = DEFAULT_CONCURRENCY
    site_place: Place | None = None
    column_places: dict[int, Place] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return Counter(c.findings.family for c in self.columns).most_common(1)[0][0]

    def name_columns(self) -> None:
        """Column names unique within the profile (pages of one portal often share a title such as 街道动态)."""
        seen: Counter[str] = Counter()
        for index, column in enumerate(self.columns):
            seen[column.name] += 1
            if seen[column.name] > 1:
                place = column.place
                column.name = f"{column.name} · {place.township or place.name}" if place else f"{column.name} ({index + 1})"

    def place_columns(self) -> None:
        """One place for the whole profile, or the common place above each column's own (a district portal)."""
        places = [c.place for c in self.columns]
        given = [p for p in places if p is not None]
        if not given:
            return
        if len(set(given)) == 1 and len(given) == len(places):
            self.site_place = given[0]
            return
        self.site_place = common_place(given)
        self.column_places = {i: p for i, p in enumerate(places) if p is not None and p != self.site_place}

    def undecided(self) -> list[str]:
        notes = [f"{c.name}: {note}" if len(self.columns) > 1 else note for c in self.columns for note in c.findings.undecided]
        if self.site_place is None:
            notes.append("the region: none was given (add [region] code = \"…\"; `govnews regions NAME` finds the code)")
        return notes

    def toml(self) -> str:
        lines = _header(self) + [f"id = {_s(self.id)}", f"name = {_s(self.name)}", f"family = {_s(self.family)}"]
        lines += _site_lines(self)
        if self.site_place is not None:
            lines += ["", "[region]"] + [f"{k} = {_s(v)}" for k, v in _region(self.site_place).items()]
        lines += ["", "[status]", 'state = "unverified"', f"date = {_s(self.today)}", f"how = {_s(self._how())}"]
        lines += ["", "[politeness]", f"delay = {self.delay}", f"concurrency = {self.concurrency}"]
        site_pagination = _pagination_of(self.columns[0].findings)
        lines += ["", "[pagination]"] + _table(site_pagination)
        lines += _listing_lines(self)
        for index, column in enumerate(self.columns):
            url = column.findings.final_url or column.findings.url
            lines += ["", "[[columns]]", f"name = {_s(column.name)}", f"url = {_s(url)}"]
            if (place := self.column_places.get(index)) is not None:
                lines.append(f"region = {_s(place.code12)}  # {' '.join(place.names)}")
            own = _pagination_of(column.findings)
            if own != site_pagination:
                lines += ["", "[columns.pagination]"] + _table(own)
        return "\n".join(lines) + "\n"

    def _how(self) -> str:
        if len(self.columns) == 1:
            f = self.columns[0].findings
            return (f"detected by `{self.source}` (govnews {__version__}) at {self.detected_at} from {f.url}: "
                    f"{_summary(f)}; not yet checked by a person")
        return (f"detected by `{self.source}` (govnews {__version__}) at {self.detected_at} from {len(self.columns)} "
                "column URLs (what each showed is in the comments at the top); not yet checked by a person")

    def validate(self, where: str) -> SiteProfile:
        """The profile as govnews will load it; a ProfileError here is a bug in the drafting, never written."""
        return build_profile(tomllib.loads(self.toml()), where, self.id)


def _s(value: Any) -> str:
    """A TOML basic string (JSON's string escapes are TOML's)."""
    return json.dumps(str(value), ensure_ascii=False)


def _summary(f: ColumnFindings) -> str:
    read = sum(1 for a in f.articles if a.record)
    parts = [f"family {f.family} ({f.family_evidence})", f"{f.pagination.kind} pagination ({f.pagination.evidence})",
             f"{len(f.entries)} entries on the first page ({f.rule})", f"next page: {f.next_checked or 'none'}",
             f"{read} of {len(f.articles)} sampled articles read"]
    return "; ".join(parts)


def _header(draft: ProfileDraft) -> list[str]:
    lines = [f"# Detected by `{draft.source}` on {draft.today} (govnews {__version__}). Not verified yet: run",
             f"# `govnews selftest {draft.id}`, then a first crawl, and set [status] to verified with the date and how.",
             "#"]
    for column in draft.columns:
        lines.append(f"# {column.name}: {column.findings.url}")
        lines += [f"#   {part}" for part in _summary(column.findings).split("; ")]
    undecided = draft.undecided()
    if undecided:
        lines += ["#", "# Could not decide:"] + [f"#   - {note}" for note in undecided]
    return lines + [""]


def _site_lines(draft: ProfileDraft) -> list[str]:
    lines = []
    hosts = list(dict.fromkeys(h for c in draft.columns for h in c.findings.hosts))
    column_hosts = sorted({host_of(c.findings.final_url or c.findings.url) for c in draft.columns})
    if sorted(hosts) != column_hosts:
        lines.append("allowed_domains = [" + ", ".join(_s(h) for h in hosts) + "]")
    if any(c.findings.encoding for c in draft.columns):
        lines.append('encoding = "gb18030"')
    return lines


def _region(place: Place) -> dict[str, str]:
    return {k: v for k, v in place.region().items() if v}


def _pagination_of(f: ColumnFindings) -> dict[str, Any]:
    return {"kind": f.pagination.kind, **dict(f.pagination.params)}


def _table(values: Mapping[str, Any]) -> list[str]:
    lines = []
    for key, value in values.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, int | float):
            lines.append(f"{key} = {value}")
        else:
            lines.append(f"{key} = {_s(value)}")
    return lines


def _listing_lines(draft: ProfileDraft) -> list[str]:
    entry = list(dict.fromkeys(c.findings.entry_selector for c in draft.columns if c.findings.entry_selector))
    date = list(dict.fromkeys(c.findings.date_selector for c in draft.columns if c.findings.date_selector))
    if not entry and not date:
        return []
    lines = ["", "[listing]"]
    if entry:
        lines.append(f"entry = {_selectors(entry)}")
    if date:
        lines.append(f"date = {_selectors(date)}")
    return lines


def _selectors(values: Sequence[str]) -> str:
    return _s(values[0]) if len(values) == 1 else "[" + ", ".join(_s(v) for v in values) + "]"


def common_place(places: Sequence[Place]) -> Place | None:
    """The smallest place that holds all of ``places`` (their district, city or province)."""
    table = division_table()
    codes = [p.code for p in places]
    for size in (9, 6, 4, 2):
        if all(len(c) >= size for c in codes) and len({c[:size] for c in codes}) == 1:
            return table.place(codes[0][:size])
    return None


def check_draft(draft: ProfileDraft, where: str) -> SiteProfile:
    try:
        return draft.validate(where)
    except (ProfileError, tomllib.TOMLDecodeError) as exc:  # a drafting bug: say so plainly, write nothing
        raise RuntimeError(f"the drafted profile {draft.id} does not load ({exc}); this is a bug in govnews") from exc
