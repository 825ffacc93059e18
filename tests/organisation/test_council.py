"""Which council an installation serves, for pages and commands alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from goldenthread.organisation.models import Council
from goldenthread.organisation.shortcuts import council_or_404


def test_there_is_no_current_council_before_one_is_set_up(db: Any) -> None:
    assert Council.objects.current() is None


def test_the_current_council_is_the_first_made(db: Any) -> None:
    first = Council.objects.create(name="First Borough Council")
    Council.objects.create(name="Second Borough Council")
    assert Council.objects.current() == first


def test_the_current_council_costs_one_query(db: Any, django_assert_num_queries: Any) -> None:
    Council.objects.create(name="First Borough Council")
    with django_assert_num_queries(1):
        Council.objects.only("name").current()


def test_a_page_about_the_council_is_not_found_before_one_is_set_up(db: Any) -> None:
    with pytest.raises(Http404):
        council_or_404()


def test_a_page_about_the_council_gets_the_current_council(council: Council) -> None:
    Council.objects.create(name="Second Borough Council")
    assert council_or_404() == council
