"""Rebuild ``divisions.tsv.gz`` from the CSV files of the division codes (see README.md beside this file).

    python scripts/build_regions.py /path/to/divisions      # provinces.csv, cities.csv, areas.csv, streets.csv

One line per place, ``code<TAB>name``, sorted by code: 2-digit provinces, 4-digit cities, 6-digit
county-level districts and 9-digit townships. A place's parents are the prefixes of its code.
The file is gzip'd with a fixed timestamp, so the same CSVs always give the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv")
OUTPUT = Path(__file__).resolve().parents[1] / "govnews" / "regions" / "divisions.tsv.gz"


def build(source: Path, output: Path = OUTPUT) -> int:
    rows: list[tuple[str, str]] = []
    for name in FILES:
        with (source / name).open(encoding="utf-8", newline="") as handle:
            rows += [(row["code"].strip(), row["name"].strip()) for row in csv.DictReader(handle)]
    rows.sort()
    text = "".join(f"{code}\t{name}\n" for code, name in rows)
    output.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return len(rows)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/build_regions.py FOLDER (holding provinces.csv, cities.csv, areas.csv, streets.csv)")
    print(f"{build(Path(sys.argv[1]))} places written to {OUTPUT}")
