"""The public pages and the open data never show an internal indicator, nor a figure that is
not published (draft, submitted, returned or merely approved), nor a remedial action.

A property test over indicators × public flag × each quarter's state: every figure carries a
distinct value and distinct commentary, so any leak is found in the HTML, CSV or JSON.
"""

from __future__ import annotations

import re

from django.test import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from goldenthread.indicators import services
from goldenthread.indicators.models import Actual, Period
from goldenthread.organisation.models import Council, OrgUnit
from goldenthread.periods import PeriodKind
from tests.public.fixtures import QUARTERS, figure, indicator

STATES = list(Actual.State.values)
# Per indicator: is it public, and each quarter's figure (None: no figure at all).
INDICATORS = st.lists(
    st.tuples(
        st.booleans(),
        st.lists(st.one_of(st.none(), st.sampled_from(STATES)), min_size=4, max_size=4),
    ),
    min_size=1,
    max_size=3,
)


def without_axis_labels(html: str) -> str:
    """Charts label their axes with round-ish numbers that can equal any value by chance; the
    points they draw are the figures in the table beside them, which stays checked, as do the
    charts' text alternatives (title and description). The scripts' CSP nonces are random
    text that can spell anything, so they go too."""
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r"<text\b[^>]*>[^<]*</text>", "", html)


def shown(value: int) -> list[str]:
    """How a figure could appear: as the CSV writes it and as a page formats it."""
    return [str(value), f"{value:,}"]


@override_settings(GOLDENTHREAD_TODAY="2025-11-20")
class PublicOutputsTest(TestCase):
    council: Council
    service: OrgUnit

    @classmethod
    def setUpTestData(cls) -> None:
        services.periods_ensure(kinds=[PeriodKind.QUARTER], first_year=2024, last_year=2025)
        cls.council = Council.objects.create(name="Test Borough Council")
        place = OrgUnit.objects.create(
            council=cls.council, kind="directorate", name="Place", code="place"
        )
        cls.service = OrgUnit.objects.create(
            council=cls.council, kind="service", name="Waste", code="waste", parent=place
        )

    @hypothesis_settings(max_examples=30)
    @given(INDICATORS)
    def test_only_published_figures_of_public_indicators_are_ever_shown(
        self, specs: list[tuple[bool, list[str | None]]]
    ) -> None:
        quarters = [Period.objects.get(code=code) for code in QUARTERS]
        hidden_text: list[str] = []
        published: list[int] = []
        pages = []
        for i, (public, states) in enumerate(specs):
            made = indicator(self.council, self.service, f"X{i}", public=public)
            if public:
                pages.append(reverse("public:indicator", args=[made.pk]))
            else:
                hidden_text += [made.title, f"X{i}"]
                self.assertEqual(
                    self.client.get(reverse("public:indicator", args=[made.pk])).status_code, 404
                )
            for q, state in enumerate(states):
                if state is None:
                    continue
                value = 70007 + 1000 * i + 10 * q
                figure(made, quarters[q], value, state)
                hidden_text.append(f"REMEDIAL-{value}")
                if public and state == Actual.State.PUBLISHED:
                    published.append(value)
                else:
                    hidden_text += [*shown(value), f"COMMENT-{value}"]

        outputs = {
            url: without_axis_labels(self.client.get(url).getvalue().decode())
            for url in [
                reverse("public:scorecard"),
                *pages,
                reverse("public:download", args=["values", "csv"]),
                reverse("public:download", args=["values", "json"]),
                reverse("public:download", args=["indicators", "csv"]),
                reverse("public:download", args=["indicators", "json"]),
            ]
        }
        for url, text in outputs.items():
            for secret in hidden_text:
                self.assertNotIn(secret, text, f"{secret!r} leaked into {url}")
        values_csv = outputs[reverse("public:download", args=["values", "csv"])]
        for value in published:
            self.assertIn(f",{value},", values_csv)
        self.assertEqual(values_csv.count("\n") - 1, len(published))
