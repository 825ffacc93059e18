"""Writes to indicators, periods, targets and actuals.

Every write validates (``full_clean``: fields, ``clean`` and the database constraints), writes,
and records its audit entry in one transaction. Views, the admin, importers and the demo all
come through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goldenthread import checks, periods
from goldenthread.core import clock, datacache
from goldenthread.core.audit import Actor, save_audited, snapshot, update_audited, user_of
from goldenthread.indicators.models import (
    Actual,
    DeadlineRule,
    Indicator,
    Period,
    Target,
)
from goldenthread.organisation.models import Council
from goldenthread.status import Aggregation


@transaction.atomic
def periods_ensure(
    *,
    kinds: Iterable[periods.PeriodKind],
    first_year: int,
    last_year: int,
    deadline_rule: periods.DeadlineRule | None = None,
) -> int:
    """Create any missing periods of these kinds for these financial years; returns how many.

    Periods come from the calendar rules in ``goldenthread.periods``, so they are never typed
    in and never disagree with each other.
    """
    # The council's rule for each frequency (``DeadlineRule``), else the one given, else 15 days.
    fallback = deadline_rule or periods.DeadlineRule()
    stored = dict(DeadlineRule.objects.values_list("frequency", "working_days"))
    specs = periods.generate_periods(kinds, first_year, last_year)
    existing = set(Period.objects.values_list("code", flat=True))
    new = [
        Period(
            kind=spec.kind.value,
            code=spec.code,
            label=spec.label,
            start=spec.start,
            end=spec.end,
            financial_year=spec.financial_year,
            sequence=spec.sequence,
            deadline=periods.deadline(
                spec,
                periods.DeadlineRule(stored[spec.kind.value])
                if spec.kind.value in stored
                else fallback,
            ),
        )
        for spec in specs
        if spec.code not in existing
    ]
    Period.objects.bulk_create(new, batch_size=500)
    if new:
        datacache.advance()  # the scorecard offers every quarter begun (not audited: derived)
    return len(new)


# How many financial years beyond the current one always have their periods, so an owner
# entering next year's targets, or an import of forecasts, never meets a missing period.
YEARS_AHEAD = 2


def periods_extend(*, to_year: int | None = None, first_year: int | None = None) -> int:
    """Create every kind of period from the first year with periods (or ``first_year``)
    to ``YEARS_AHEAD`` financial years after today's, or to ``to_year`` if later; returns
    how many were new. Run on ``migrate``, by ``setup`` and by ``goldenthread periods
    extend``, so the years ahead appear as time passes and nobody has to remember to add them.
    """
    current = periods.financial_year_of(clock.today())
    last_year = max(current + YEARS_AHEAD, to_year or current)
    if first_year is None:
        # Financial years only: a calendar year or a summer term starts in a neighbouring
        # financial year, and would move the first year by one on every run.
        earliest = Period.objects.filter(kind=periods.PeriodKind.FINANCIAL_YEAR).order_by("start")
        first_year = earliest.values_list("financial_year", flat=True).first() or current
    return periods_ensure(
        kinds=list(periods.PeriodKind), first_year=first_year, last_year=last_year
    )


def period_has_data(period: Period) -> bool:
    """Whether any row (a value, a target, a budget line, a meeting's period …) refers to the
    period: then it may not be deleted. Asked of every relation, so apps above this one
    that add a foreign key to periods are covered without being named here."""
    for relation in Period._meta.related_objects:
        related = relation.related_model._default_manager
        if related.filter(**{relation.field.name: period}).exists():
            return True
    return False


@transaction.atomic
def indicator_create(*, actor: Actor, council: Council, **fields: Any) -> Indicator:
    """Define a new indicator for the council."""
    user = user_of(actor)
    indicator = Indicator(council=council, created_by=user, modified_by=user, **fields)
    save_audited(actor=actor, instance=indicator, before={})
    return indicator


@transaction.atomic
def indicator_update(*, actor: Actor, indicator: Indicator, **fields: Any) -> Indicator:
    """Change an indicator's definition; the audit entry keeps the fields before and after."""
    return update_audited(actor, indicator, fields)


@transaction.atomic
def target_set(
    *,
    actor: Actor,
    indicator: Indicator,
    period: Period,
    value: Decimal | None = None,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    is_stretch: bool = False,
    note: str = "",
) -> Target:
    """Set (or replace) the target for an indicator and period."""
    user = user_of(actor)
    target = Target.objects.select_for_update().filter(indicator=indicator, period=period).first()
    before = snapshot(target) if target else {}
    if target is None:
        target = Target(indicator=indicator, period=period, created_by=user)
    target.value, target.lower, target.upper = value, lower, upper
    target.is_stretch, target.note, target.modified_by = is_stretch, note, user
    save_audited(actor=actor, instance=target, before=before)
    return target


def profile_shares(
    annual: Decimal, weights: Sequence[Decimal], *, cumulative: bool, decimals: int
) -> list[Decimal]:
    """Split an annual target over periods in proportion to ``weights``.

    The running totals are rounded to the indicator's precision and each period's share is
    the difference between them, so the shares are never negative and always add up to the
    annual target (itself taken at the stated precision). Cumulative indicators get the
    running totals themselves: the last period's target is the annual target.
    """
    quantum = Decimal(1).scaleb(-decimals)
    annual = annual.quantize(quantum, rounding=ROUND_HALF_UP)
    total = sum(weights, Decimal(0))
    running = [
        (annual * so_far / total).quantize(quantum, rounding=ROUND_HALF_UP)
        for so_far in accumulate(weights)
    ]
    running[-1] = annual
    if cumulative:
        return running
    return [now - before for before, now in zip([Decimal(0), *running[:-1]], running, strict=True)]


@transaction.atomic
def targets_profile(
    *,
    actor: Actor,
    indicator: Indicator,
    financial_year: int,
    value: Decimal | None = None,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    weights: Sequence[Decimal] | None = None,
) -> list[Target]:
    """Set an annual target and profile it to the indicator's periods in that year.

    The annual target is kept on the financial-year period. Counts that add up (sum, not
    cumulative) are shared out by ``weights`` (equal by default, e.g. seasonal for waste
    tonnages); cumulative counts get the running total; rates, means, snapshots and bands
    keep the annual figure in every period, so each period is compared like with like.
    """
    periods_in_year = list(
        Period.objects.filter(kind=indicator.frequency, financial_year=financial_year).order_by(
            "start"
        )
    )
    if not periods_in_year:
        raise ValidationError(
            {"financial_year": f"There are no {indicator.frequency} periods in that year yet."}
        )
    if indicator.frequency == periods.PeriodKind.FINANCIAL_YEAR:
        return [
            target_set(
                actor=actor,
                indicator=indicator,
                period=periods_in_year[0],
                value=value,
                lower=lower,
                upper=upper,
            )
        ]
    chosen = list(weights) if weights is not None else [Decimal(1)] * len(periods_in_year)
    if len(chosen) != len(periods_in_year) or any(w < 0 for w in chosen) or not any(chosen):
        raise ValidationError(
            {"weights": f"Give {len(periods_in_year)} weights, none negative and not all zero."}
        )
    year = Period.objects.filter(
        kind=periods.PeriodKind.FINANCIAL_YEAR, financial_year=financial_year
    )
    saved = [
        target_set(
            actor=actor, indicator=indicator, period=p, value=value, lower=lower, upper=upper
        )
        for p in year
    ]
    if value is not None and lower is None and indicator.aggregation == Aggregation.SUM:
        values: list[Decimal | None] = list(
            profile_shares(
                value, chosen, cumulative=indicator.cumulative, decimals=indicator.decimals
            )
        )
    else:
        values = [value] * len(periods_in_year)
    saved += [
        target_set(actor=actor, indicator=indicator, period=p, value=v, lower=lower, upper=upper)
        for p, v in zip(periods_in_year, values, strict=True)
    ]
    return saved


# What the person entering a return types: a change to any of them is a new submission.
FIGURE_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "commentary",
    "remedial_action",
    "is_estimated",
    "forecast",
)


class StaleEdit(ValidationError):
    """Someone else saved this return since it was opened: refuse rather than overwrite.

    ``current`` is the row as it now stands, so the editor can be shown the other change.
    """

    def __init__(self, message: str, current: Actual) -> None:
        super().__init__(message)
        self.current = current


@transaction.atomic
def actual_record(
    *,
    actor: Actor,
    indicator: Indicator,
    period: Period,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    commentary: str = "",
    remedial_action: str = "",
    is_estimated: bool = False,
    forecast: Decimal | None = None,
    state: str = Actual.State.DRAFT,
    expected_version: int | None = None,
    warnings_confirmed: str = "",
    reason: str = "",
) -> Actual:
    """Record the actual for an indicator and period.

    For a ratio indicator the value is worked out from the numerator and denominator, so the
    two can never disagree. ``expected_version`` is the version the editor started from: if
    the row has moved on since, the save is refused (no lost updates).
    """
    if indicator.is_ratio:
        errors = checks.ratio_errors(numerator, denominator)
        if errors:
            raise ValidationError(errors)
        assert numerator is not None and denominator is not None
        value = indicator.ratio_of(numerator, denominator).quantize(Decimal("0.000001"))
    elif value is None:
        raise ValidationError({"value": "Enter a value."})

    user = user_of(actor)
    actual = Actual.objects.select_for_update().filter(indicator=indicator, period=period).first()
    before = snapshot(actual) if actual else {}
    if actual is None:
        actual = Actual(indicator=indicator, period=period, created_by=user, version=0)
    elif expected_version is not None and actual.version != expected_version:
        raise StaleEdit(
            f"This return was changed by someone else since you opened it (it is now at "
            f"version {actual.version}; you started from version {expected_version}).",
            current=actual,
        )
    was_submitted = actual.state == Actual.State.SUBMITTED
    actual.value, actual.numerator, actual.denominator = value, numerator, denominator
    actual.commentary, actual.remedial_action = commentary, remedial_action
    actual.is_estimated, actual.forecast, actual.state = is_estimated, forecast, state
    after = snapshot(actual)
    changed = any(before.get(name) != after[name] for name in FIGURE_FIELDS)
    # Whoever changes a submitted figure submits what they changed: the approver must be
    # someone else (segregation of duties), so the record may not go on naming the owner.
    if state == Actual.State.SUBMITTED and (not was_submitted or changed):
        actual.submitted_at, actual.submitted_by = timezone.now(), user
        actual.returned_reason = ""
    actual.warnings_confirmed = warnings_confirmed
    actual.modified_by = user
    actual.version += 1
    save_audited(actor=actor, instance=actual, before=before, reason=reason)
    return actual
