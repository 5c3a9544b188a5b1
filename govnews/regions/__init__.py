"""China's administrative divisions down to township level (统计用区划代码), shipped with the package.

``divisions.tsv.gz`` holds the National Bureau of Statistics' codes (2023 edition; README.md and LICENSE
beside it say where they come from). It is read the first time a region is looked up, not on import.
"""

from .divisions import EDITION, Divisions, Place, division_table, short_name
from .resolve import REGION_FIELDS, RegionProblem, candidates_text, place_of, resolve_region

__all__ = ["EDITION", "REGION_FIELDS", "Divisions", "Place", "RegionProblem", "candidates_text", "division_table", "place_of",
           "resolve_region", "short_name"]
