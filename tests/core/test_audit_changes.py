"""What an audit entry records of a change: each changed field as [before, after]."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from goldenthread.core.audit import diff, plain


def test_a_new_rows_changes_are_every_field_that_has_a_value() -> None:
    after = {"id": 4, "value": "12.5", "numerator": None, "commentary": "", "estimated": False}
    assert diff({}, after) == {
        "id": [None, 4],
        "value": [None, "12.5"],
        "commentary": [None, ""],
        "estimated": [None, False],
    }


def test_a_changed_rows_changes_are_the_fields_that_differ() -> None:
    before = {"id": 4, "value": "12.5", "numerator": None, "commentary": ""}
    after = {"id": 4, "value": "13", "numerator": "1", "commentary": ""}
    assert diff(before, after) == {"value": ["12.5", "13"], "numerator": [None, "1"]}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("12.500000"), "12.5"),
        (Decimal("1E+3"), "1000"),
        (Decimal(0), "0"),
        (date(2026, 4, 1), "2026-04-01"),
        ("text", "text"),
        (True, True),
        (3, 3),
        (None, None),
    ],
)
def test_values_are_recorded_as_json_ready_plain_values(value: object, shown: object) -> None:
    assert plain(value) == shown
    assert type(plain(value)) is type(shown)
