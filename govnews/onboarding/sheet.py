"""The spreadsheet of ``govnews profile import``: a CSV with a ``url`` column and, if you like, ``column``, ``region``
and ``id``. Saved by Excel as UTF-8 (with or without a BOM) or as GB18030 (中文 Excel's "CSV"); Chinese headers
(网址, 栏目, 地区, 编号) work too."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..profiles.profile import SLUG
from ..record.ids import http_url_problem

FIELDS = ("url", "column", "region", "id")
_ALIASES = {
    "url": ("url", "link", "网址", "链接", "地址", "栏目网址", "栏目链接"),
    "column": ("column", "name", "栏目", "栏目名称", "名称"),
    "region": ("region", "place", "code", "地区", "区划", "区划代码", "街道", "乡镇"),
    "id": ("id", "site", "编号", "站点"),
}


class SheetError(ValueError):
    """The file as a whole cannot be read (not found, not a CSV of column URLs)."""


@dataclass(frozen=True)
class Row:
    line: int  # the line in the file (the header is line 1)
    url: str
    column: str | None = None
    region: str | None = None
    id: str | None = None


def _decode(data: bytes, path: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError(f"{path}: neither UTF-8 nor GB18030 text; save the sheet as CSV (UTF-8)")


def _header_map(header: list[str], path: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower()
        for field_name, aliases in _ALIASES.items():
            if key in aliases and field_name not in found:
                found[field_name] = index
    if "url" not in found:
        raise SheetError(f"{path}: line 1: no url column (the header has {', '.join(map(repr, header)) or 'nothing'}); "
                         "expected a header such as url,column,region,id")
    return found


def read_sheet(path: str) -> tuple[list[Row], list[tuple[int, str]]]:
    """The rows to onboard, and (line, problem) for the rows that cannot be (a bad URL or id)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SheetError(f"{path}: cannot read ({exc.strerror or exc})") from None
    lines = list(csv.reader(io.StringIO(_decode(data, path))))
    if not lines:
        raise SheetError(f"{path}: empty; expected a header such as url,column,region,id and one row per column URL")
    columns = _header_map(lines[0], path)
    rows, problems = [], []
    first_line: dict[str, int] = {}
    for number, cells in enumerate(lines[1:], start=2):
        values = {f: (cells[i].strip() if i < len(cells) else "") or None for f, i in columns.items()}
        if not any(values.values()):
            continue
        url = values.get("url")
        if not url:
            problems.append((number, "url: missing; expected the column's listing URL"))
        elif problem := http_url_problem(url):
            problems.append((number, f"url: {problem}"))
        elif values.get("id") and not SLUG.match(str(values["id"])):
            problems.append((number, f"id: {values['id']!r} is not a slug; expected lower-case letters, digits and hyphens"))
        elif url in first_line:
            problems.append((number, f"url: the same as line {first_line[url]}'s; expected each column once"))
        else:
            first_line[url] = number
            rows.append(Row(number, url, values.get("column"), values.get("region"), values.get("id")))
    if not rows and not problems:
        raise SheetError(f"{path}: no rows; expected one row per column URL under the header")
    return rows, problems
