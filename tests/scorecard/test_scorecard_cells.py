"""A scorecard row's cells as the presenters write them: what the template used to show."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from goldenthread.indicators import services
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, Person
from goldenthread.scorecard import columns, selectors
from tests.conftest import TODAY, approve, dec, period

pytestmark = pytest.mark.django_db

QUARTER = "2025-26-Q2"


def only_row(council: Council) -> selectors.ScorecardRow:
    (row,) = selectors.scorecard(council=council, today=TODAY, period_code=QUARTER).rows
    return row


def cells(html: str) -> list[str]:
    """The contents of each ``<td>``, after checking every cell is a GOV.UK table cell."""
    found = re.findall(r'<td class="([^"]*)">(.*?)</td>', html, flags=re.DOTALL)
    assert all(css.split()[0] == "govuk-table__cell" for css, _ in found)
    return [content for _, content in found]


def figure_cells(row: selectors.ScorecardRow) -> list[str]:
    """The figures' cells of a staff scorecard row: actual, target, status, the two
    directions and the trend (then come the quartile and the owner)."""
    return cells(columns.STAFF.line(row, "/"))[:6]


def test_an_estimate_is_marked_and_every_figure_is_in_the_indicators_unit(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(polarity="higher", unit="percent", decimals=1)
    services.target_set(actor=None, indicator=indicator, period=period(QUARTER), value=dec(70))
    approve(indicator, "2025-26-Q1", "71.25")
    approve(indicator, QUARTER, "72.45", is_estimated=True)

    actual, target, rag, since_last_period, since_last_year, trend = figure_cells(only_row(council))

    assert actual == '72.5% <span class="gt-meta">estimate</span>'  # half up, as published
    assert target == "70.0%"
    assert rag == '<strong class="govuk-tag gt-rag gt-rag--green">Green</strong>'
    assert since_last_period == (
        '<span class="gt-direction gt-direction--improving"><span aria-hidden="true" '
        'class="gt-direction__arrow">▲</span> Improving</span>'
    )
    assert "gt-direction--not_comparable" in since_last_year  # nothing a year before
    assert trend.startswith('<svg class="gt-sparkline"') and 'role="img"' in trend
    assert f"Trend for {indicator.code}: " in trend
    assert "Q1 2025/26 71.3%, Q2 2025/26 72.5%" in trend  # its text alternative, in words


def test_an_actual_that_is_not_an_estimate_has_no_mark(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(unit="days", decimals=1)
    approve(indicator, QUARTER, "8.24")
    assert figure_cells(only_row(council))[0] == "8.2 days"


def test_a_band_target_is_shown_from_its_lower_to_its_upper_bound(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(polarity="band", unit="percent", decimals=2)
    services.target_set(
        actor=None, indicator=indicator, period=period(QUARTER), lower=dec(3), upper=dec(5)
    )
    approve(indicator, QUARTER, "5.5")
    actual, target, rag, *_ = figure_cells(only_row(council))
    assert (actual, target) == ("5.50%", "3.00% to 5.00%")
    assert rag == '<strong class="govuk-tag gt-rag gt-rag--red">Red</strong>'


def test_a_missing_value_is_a_dash_with_the_missing_tag_and_a_gap_in_the_trend(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(unit="pounds", decimals=0, polarity="lower")
    services.target_set(actor=None, indicator=indicator, period=period(QUARTER), value=dec(-1250))
    approve(indicator, "2025-26-Q1", "-1200")

    actual, target, rag, *_, trend = figure_cells(only_row(council))

    assert (actual, target) == ("–", "−£1,250")
    assert rag == '<strong class="govuk-tag gt-rag gt-rag--missing">Missing</strong>'
    assert "Q1 2025/26 −£1,200, Q2 2025/26 no value" in trend
    assert 'r="2.5"' not in trend  # no marker on a last point that is not there


def test_a_contextual_indicator_shows_no_target_and_is_not_rated(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(polarity="none", unit="number", decimals=0)
    services.target_set(actor=None, indicator=indicator, period=period(QUARTER), value=dec(100))
    approve(indicator, QUARTER, "1234")
    actual, target, rag, *_ = figure_cells(only_row(council))
    assert (actual, target) == ("1,234", "–")
    assert rag == '<strong class="govuk-tag gt-rag gt-rag--not_rated">Not rated</strong>'


def test_the_row_heading_escapes_the_code_and_title_and_links_to_the_indicator(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(code="LPI <9>", title='Rent & "arrears"')
    approve(indicator, QUARTER, "1")
    (line,) = columns.STAFF.lines([only_row(council)], "indicator")
    assert line.partition("</th>")[0] + "</th>" == (
        f'<th scope="row" class="govuk-table__header"><a class="govuk-link" '
        f'href="/indicators/{indicator.pk}/">LPI &lt;9&gt; '
        '<span class="govuk-!-font-weight-regular">Rent &amp; &quot;arrears&quot;</span></a>\n'
        '        <span class="gt-meta">Q2 2025/26 · Waste and Recycling</span></th>'
    )


def test_the_owner_is_named_as_everywhere_else_and_a_dash_when_there_is_none(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    person = Person.objects.create(
        user=User.objects.create(username="jsmith", first_name="Jo", last_name="Smith"),
        council=council,
        role=Person.Role.OWNER,
    )
    nameless = Person.objects.create(
        user=User.objects.create(username="ops"), council=council, role=Person.Role.OWNER
    )
    for owner in (person, nameless, None):
        approve(make_indicator(owner=owner), QUARTER, "1")
    card = selectors.scorecard(council=council, today=TODAY, period_code=QUARTER)
    owners = [cells(line)[-1] for line in columns.STAFF.lines(card.rows, "indicator")]
    assert owners == [str(person), str(nameless), "–"] == ["Jo Smith", "ops", "–"]
