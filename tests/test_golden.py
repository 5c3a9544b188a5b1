"""Every golden case: the record extracted now equals the reviewed record, field by field."""

from __future__ import annotations

import pytest

from govnews.items import RECORD_FIELDS
from govnews.schema import record_errors
from govnews.testing.golden import load_cases

from conftest import FIXTURES

CASES = load_cases(FIXTURES / "golden")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case):
    record = case.extract()
    expected = case.expected()
    assert list(record) == list(RECORD_FIELDS)
    for field in RECORD_FIELDS:
        assert record[field] == expected[field], f"{case.name}: field {field!r} differs"
    assert record_errors(record) == []


def test_there_are_cases_of_every_kind():
    names = {c.name for c in CASES}
    for prefix in ("seed-", "corpus-", "trs-", "hanweb-", "ucap-", "vsb-", "platform-", "gbk-", "generic-"):
        assert any(n.startswith(prefix) for n in names), prefix


def test_extraction_is_pure():
    case = next(c for c in CASES if c.name == "seed-quanchenglu")
    assert case.extract() == case.extract()
