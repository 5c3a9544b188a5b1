"""Rewrite the expected records of the golden extraction cases after a deliberate change.

    python scripts/rebless.py            # every case
    python scripts/rebless.py seed-quanchenglu trs-xingfu-article

Review the result with ``git diff tests/fixtures/golden`` before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test support package
from support.golden import load_cases

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "golden"


def main(names: list[str]) -> int:
    cases = [c for c in load_cases(GOLDEN) if not names or c.name in names]
    unknown = set(names) - {c.name for c in cases}
    if unknown:
        print(f"rebless: no such case: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for case in cases:
        case.rebless()
        print(f"rewrote {case.folder / 'expected.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
