"""Every golden case: the record extracted now equals the reviewed record, field by field."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from govnews.record.item import RECORD_FIELDS
from govnews.record.schema import record_errors

from support.golden import load_cases

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
