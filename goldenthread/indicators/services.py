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
from django.db import models, transaction
from django.utils import timezone

from goldenthread import checks, periods
from goldenthread.core import clock, datacache, editing
from goldenthread.core.audit import (
    Actor,
    create_audited,
    save_audited,
    snapshot,
    update_audited,
    user_of,
)
from goldenthread.indicators import selectors
from goldenthread.indicators.models import (
    Actual,
    DeadlineRule,
    Indicator,
    Period,
    Proposal,
    Target,
)
from goldenthread.organisation.models import Council, Person
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
    reason: str = "",
) -> Target:
    """Set (or replace) the target for an indicator and period."""
    user = user_of(actor)
    target = Target.objects.select_for_update().filter(indicator=indicator, period=period).first()
    before = snapshot(target) if target else {}
    if target is None:
        target = Target(indicator=indicator, period=period, created_by=user)
    target.value, target.lower, target.upper = value, lower, upper
    target.is_stretch, target.note, target.modified_by = is_stretch, note, user
    save_audited(actor=actor, instance=target, before=before, reason=reason)
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


# --- the performance team's pages: definitions, a year's targets, proposals, roll forward --

# Every field of a definition the performance team edits on its page (not the council).
DEFINITION_FIELDS = (
    "code",
    "title",
    "definition",
    "family",
    "service",
    "owner",
    "data_source",
    "unit",
    "polarity",
    "decimals",
    "frequency",
    "aggregation",
    "cumulative",
    "tolerance_kind",
    "tolerance_amount",
    "valid_min",
    "valid_max",
    "baseline",
    "baseline_year",
    "is_key",
    "is_public",
    "first_year",
    "last_year",
)
# What an owner may propose a change to: what the indicator measures and how it is judged.
# Who owns it, where it sits and whether it is on the scorecard are the team's to decide.
PROPOSABLE_FIELDS = (
    "title",
    "definition",
    "data_source",
    "unit",
    "polarity",
    "decimals",
    "aggregation",
    "cumulative",
    "tolerance_kind",
    "tolerance_amount",
    "valid_min",
    "valid_max",
    "baseline",
    "baseline_year",
)


@transaction.atomic
def indicator_edit(
    *, actor: Actor, indicator_pk: int, version: str | None, fields: dict[str, Any]
) -> Indicator:
    """Change an indicator's definition from a page: refused if it changed since the page was
    opened (``core.editing``), or if its frequency would change under targets or returns."""
    indicator = editing.locked(Indicator.objects.all(), indicator_pk, version, "indicator")
    unknown = set(fields) - set(DEFINITION_FIELDS)
    if unknown:
        raise ValueError(f"not definition fields: {sorted(unknown)}")
    if (
        "frequency" in fields
        and fields["frequency"] != indicator.frequency
        and (indicator.targets.exists() or indicator.actuals.exists())
    ):
        raise ValidationError(
            {
                "frequency": "The frequency cannot change once the indicator has targets or "
                "returns: retire it and create a new indicator instead."
            }
        )
    return update_audited(actor, indicator, fields)


@transaction.atomic
def indicator_retire(
    *, actor: Actor, indicator_pk: int, version: str | None, last_year: int | None, reason: str
) -> Indicator:
    """Retire an indicator after its last year: it leaves the years after, and keeps its
    history, targets and returns. ``last_year=None`` reinstates it."""
    indicator = editing.locked(Indicator.objects.all(), indicator_pk, version, "indicator")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the indicator is retired or reinstated."})
    before = snapshot(indicator)
    indicator.last_year, indicator.modified_by = last_year, user_of(actor)
    save_audited(actor=actor, instance=indicator, before=before, reason=reason)
    return indicator


class ProfileMethod(models.TextChoices):
    EVEN = "even", "Evenly across the year"
    SEASONAL = "seasonal", "In the shape of last year's figures (seasonal)"
    TYPED = "typed", "Typed for each period"


# The shape of the year's profile as it stands (or an earlier year's), scaled to the new
# annual target; evenly where there is none. Used when a proposal is accepted and when
# targets are rolled forward, so a seasonal profile the team set is not flattened.
KEEP_SHAPE = "keep"


def _weights_of(values: list[Decimal | None], *, cumulative: bool) -> list[Decimal] | None:
    """Per-period weights from per-period figures (running totals for cumulative ones), or
    None if any is missing, negative or they are all zero."""
    if any(v is None for v in values):
        return None
    numbers = [v for v in values if v is not None]
    if cumulative:
        numbers = [
            now - before for before, now in zip([Decimal(0), *numbers[:-1]], numbers, strict=True)
        ]
    if any(n < 0 for n in numbers) or not any(numbers):
        return None
    return numbers


def _seasonal_weights(indicator: Indicator, financial_year: int, count: int) -> list[Decimal]:
    last = {
        a.period.sequence: a.value
        for a in Actual.objects.filter(
            indicator=indicator,
            period__kind=indicator.frequency,
            period__financial_year=financial_year - 1,
        ).select_related("period")
    }
    values = [last.get(sequence) for sequence in range(1, count + 1)]
    weights = _weights_of(values, cumulative=indicator.cumulative)
    if weights is None:
        have = sum(v is not None for v in values)
        raise ValidationError(
            {
                "method": f"Last year ({periods.financial_year_label(financial_year - 1)}) has "
                f"figures for {have} of its {count} periods, and the seasonal shape needs all "
                "of them, none negative and not all zero: profile it evenly or type it."
            }
        )
    return weights


def _kept_weights(
    indicator: Indicator, shape_year: int, count: int, cumulative: bool
) -> list[Decimal] | None:
    targets = selectors.year_targets(indicator, shape_year)
    ordered = sorted(
        (t for t in targets.values() if t.period.kind == indicator.frequency),
        key=lambda t: t.period.start,
    )
    if len(ordered) != count:
        return None
    return _weights_of([t.value for t in ordered], cumulative=cumulative)


@transaction.atomic
def targets_year_set(
    *,
    actor: Actor,
    indicator: Indicator,
    financial_year: int,
    method: str = ProfileMethod.EVEN,
    value: Decimal | None = None,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    typed: Sequence[Decimal | None] | None = None,
    shape_year: int | None = None,
    is_stretch: bool = False,
    note: str = "",
    version: str | None = None,
    reason: str = "",
) -> list[Target]:
    """Set a year's annual target (a value, or a band) and its profile over the year's
    periods, as the performance team's target page does: evenly, seasonally from last year's
    figures, typed per period, or in the shape the profile of ``shape_year`` has.

    Refused, with nothing saved, if a period of the year is signed off, if the year's targets
    changed since ``version`` (``selectors.targets_version``), or if a typed profile of a
    summed indicator does not add up to the annual target.
    """
    label = periods.financial_year_label(financial_year)
    in_year = selectors.year_periods(indicator, financial_year)
    year_period = Period.objects.filter(
        kind=periods.PeriodKind.FINANCIAL_YEAR, financial_year=financial_year
    ).first()
    if year_period is None or not in_year:
        raise ValidationError({"financial_year": f"There are no periods for {label} yet."})
    if indicator.frequency == periods.PeriodKind.FINANCIAL_YEAR:
        in_year = []
    every = [year_period, *in_year]
    if any(p.is_signed_off for p in every):
        raise ValidationError(
            {
                "financial_year": f"{label} has periods that are signed off, so its targets are "
                "locked: unlock the period first."
            }
        )
    # The indicator's row is locked first, so two saves of a year with no targets yet (no
    # rows to lock) are serialised too, and the second sees the first's rows.
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    existing = list(
        Target.objects.select_for_update().filter(indicator=indicator, period__in=every)
    )
    if version is not None and selectors.targets_version(existing) != version:
        raise editing.StaleEdit(indicator, f"target for {label}")
    if value is None and lower is None and upper is None:
        raise ValidationError({"value": "Enter the annual target, or a band."})

    summed = (
        indicator.aggregation == Aggregation.SUM and lower is None and upper is None
    ) and value is not None
    quantum = Decimal(1).scaleb(-indicator.decimals)
    values: list[Decimal | None]
    if method == ProfileMethod.TYPED and in_year:
        if lower is not None or upper is not None:
            raise ValidationError(
                {"method": "A band is the same in every period: profile it evenly."}
            )
        if typed is None or len(typed) != len(in_year) or any(v is None for v in typed):
            raise ValidationError(
                {"profile": f"Enter a target for each of the {len(in_year)} periods."}
            )
        values = list(typed)
        if summed:
            assert value is not None
            annual = value.quantize(quantum, rounding=ROUND_HALF_UP)
            numbers = [v for v in values if v is not None]
            total = numbers[-1] if indicator.cumulative else sum(numbers, Decimal(0))
            if total != annual:
                what = (
                    "The last period's running total is"
                    if indicator.cumulative
                    else ("The periods add up to")
                )
                raise ValidationError(
                    {
                        "profile": f"{what} {plain_number(total)}, not the annual target of "
                        f"{plain_number(annual)}: a summed indicator's profile must add up to it."
                    }
                )
    elif summed and in_year:
        assert value is not None
        if method == ProfileMethod.SEASONAL:
            weights = _seasonal_weights(indicator, financial_year, len(in_year))
        elif method == KEEP_SHAPE:
            weights = _kept_weights(
                indicator, shape_year or financial_year, len(in_year), indicator.cumulative
            ) or [Decimal(1)] * len(in_year)
        else:
            weights = [Decimal(1)] * len(in_year)
        values = list(
            profile_shares(
                value, weights, cumulative=indicator.cumulative, decimals=indicator.decimals
            )
        )
    else:
        values = [value] * len(in_year)

    saved = [
        target_set(
            actor=actor, indicator=indicator, period=year_period, value=value, lower=lower,
            upper=upper, is_stretch=is_stretch, note=note, reason=reason,
        )
    ]  # fmt: skip
    saved += [
        target_set(
            actor=actor, indicator=indicator, period=p, value=v, lower=lower, upper=upper,
            is_stretch=is_stretch, note=note, reason=reason,
        )
        for p, v in zip(in_year, values, strict=True)
    ]  # fmt: skip
    return saved


def plain_number(value: Decimal) -> str:
    """A figure in a message as people write it: no trailing zeros, thousands separated."""
    normal = value.normalize()
    text = f"{normal:,f}"
    return text


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain_number(value).replace(",", "")
    if isinstance(value, models.Model):
        return value.pk
    return value


@transaction.atomic
def proposal_create(
    *,
    actor: Actor,
    person: Person | None,
    indicator: Indicator,
    kind: str,
    reason: str,
    proposed: dict[str, Any],
    financial_year: int | None = None,
    version: str | None = None,
) -> Proposal:
    """An owner proposes a change to the definition (``proposed``: the fields as they would
    be; only those that differ are kept) or to a year's target (value, or lower and upper),
    with a reason. Refused if what it changes moved on since the page was opened, or if the
    same person already has the same kind of proposal waiting."""
    if kind == Proposal.Kind.DEFINITION:
        current_row = editing.locked(Indicator.objects.all(), indicator.pk, version, "indicator")
        unknown = set(proposed) - set(PROPOSABLE_FIELDS)
        if unknown:
            raise ValueError(f"not proposable: {sorted(unknown)}")
        current = {name: _jsonable(getattr(current_row, name)) for name in proposed}
        changes = {
            name: _jsonable(new)
            for name, new in proposed.items()
            if _jsonable(new) != current[name]
        }
        current = {name: current[name] for name in changes}
        if not changes:
            raise ValidationError("You have not changed anything in the definition.")
    else:
        if financial_year is None:
            raise ValidationError({"financial_year": "Choose the year the target is for."})
        in_year = [
            *selectors.year_periods(indicator, financial_year),
            *Period.objects.filter(
                kind=periods.PeriodKind.FINANCIAL_YEAR, financial_year=financial_year
            ),
        ]
        if any(p.is_signed_off for p in in_year):
            raise ValidationError(
                {
                    "financial_year": f"{periods.financial_year_label(financial_year)} has "
                    "periods that are signed off, so its targets are locked: propose a target "
                    "for a later year."
                }
            )
        Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
        existing = list(
            Target.objects.select_for_update().filter(indicator=indicator, period__in=in_year)
        )
        if version is not None and selectors.targets_version(existing) != version:
            raise editing.StaleEdit(
                indicator, f"target for {periods.financial_year_label(financial_year)}"
            )
        figure = Target(
            indicator=indicator,
            value=proposed.get("value"),
            lower=proposed.get("lower"),
            upper=proposed.get("upper"),
        )
        figure.clean()
        changes = {
            name: _jsonable(proposed.get(name))
            for name in ("value", "lower", "upper")
            if proposed.get(name) is not None
        }
        annual = next(
            (t for t in existing if t.period.kind == periods.PeriodKind.FINANCIAL_YEAR), None
        )
        current = (
            {name: _jsonable(getattr(annual, name)) for name in ("value", "lower", "upper")}
            if annual
            else {}
        )
    waiting = Proposal.objects.filter(
        indicator=indicator,
        kind=kind,
        financial_year=financial_year if kind == Proposal.Kind.TARGET else None,
        proposed_by=person,
        state=Proposal.State.PROPOSED,
    )
    if waiting.exists():
        raise ValidationError(
            "You already have a proposal like this waiting for the performance team's decision."
        )
    proposal = Proposal(
        indicator=indicator,
        kind=kind,
        financial_year=financial_year if kind == Proposal.Kind.TARGET else None,
        proposed=changes,
        current=current,
        reason=reason,
        proposed_by=person,
    )
    return create_audited(actor, proposal, reason=reason)


def proposed_fields(proposal: Proposal) -> dict[str, Any]:
    """A definition proposal's fields as the model takes them (numbers back from text)."""
    fields = {name: Indicator._meta.get_field(name) for name in proposal.proposed}
    return {
        name: field.to_python(proposal.proposed[name])
        for name, field in fields.items()
        if isinstance(field, models.Field)
    }


@transaction.atomic
def proposal_decide(
    *,
    actor: Actor,
    person: Person | None,
    proposal_pk: int,
    version: str | None,
    accept: bool,
    note: str = "",
) -> Proposal:
    """The performance team accepts a proposal (its change is made through the same service
    as their own edits, and audited there) or declines it with a note the owner sees."""
    proposal = editing.locked(
        Proposal.objects.select_related("indicator"), proposal_pk, version, "proposal"
    )
    if not proposal.is_open:
        raise ValidationError("This proposal has already been decided.")
    if not accept and not note.strip():
        raise ValidationError({"note": "Say why the proposal is declined: the owner sees this."})
    if accept and proposal.kind == Proposal.Kind.DEFINITION:
        indicator_edit(
            actor=actor,
            indicator_pk=proposal.indicator_id,
            version=None,
            fields=proposed_fields(proposal),
        )
    elif accept:
        assert proposal.financial_year is not None
        figures = {
            name: Decimal(str(proposal.proposed[name]))
            if proposal.proposed.get(name) is not None
            else None
            for name in ("value", "lower", "upper")
        }
        targets_year_set(
            actor=actor,
            indicator=proposal.indicator,
            financial_year=proposal.financial_year,
            method=KEEP_SHAPE,
            value=figures["value"],
            lower=figures["lower"],
            upper=figures["upper"],
            reason=f"Proposal accepted: {proposal.reason}",
        )
    return update_audited(
        actor,
        proposal,
        {
            "state": Proposal.State.ACCEPTED if accept else Proposal.State.DECLINED,
            "decided_by": person,
            "decided_at": timezone.now(),
            "decision_note": note,
        },
    )


@transaction.atomic
def targets_roll_forward(
    *,
    actor: Actor,
    council: Council,
    from_year: int,
    method: str,
    uplift: Decimal | None = None,
    overwrite: bool = False,
    version: str | None = None,
) -> int:
    """Set next year's targets for every indicator the preview would (``selectors.
    roll_forward_preview``), each profiled in the shape of this year's, in one transaction;
    returns how many indicators. Refused if the preview changed since it was shown."""
    # One roll-forward at a time: the second reads what the first wrote.
    Council.objects.select_for_update().filter(pk=council.pk).first()
    preview = selectors.roll_forward_preview(
        council=council, from_year=from_year, method=method, uplift=uplift, overwrite=overwrite
    )
    if version is not None and preview.version != version:
        raise editing.StaleEdit(council, "preview")
    if not preview.writing:
        raise ValidationError({"method": "Nothing would be rolled forward: see the reasons."})
    reason = (
        f"Rolled forward from {periods.financial_year_label(from_year)}: "
        f"{selectors.RollMethod(method).label.lower()}"
        + (
            f" ({plain_number(uplift)}%)"
            if method == selectors.RollMethod.UPLIFT and uplift
            else ""
        )
    )
    for row in preview.writing:
        try:
            targets_year_set(
                actor=actor,
                indicator=row.indicator,
                financial_year=preview.to_year,
                method=KEEP_SHAPE,
                shape_year=from_year,
                value=row.value,
                lower=row.lower,
                upper=row.upper,
                is_stretch=bool(row.old and row.old.is_stretch),
                note=row.old.note if row.old else "",
                reason=reason,
            )
        except ValidationError as error:
            raise ValidationError(f"{row.indicator.code}: {' '.join(error.messages)}") from error
    return len(preview.writing)
