"""Writes for data collection: saving, submitting, approving, returning, signing off, locks.

Every step checks who is asking (``permissions``), validates, writes and audits in one
transaction, and takes the row's version so no one overwrites a change they have not seen.
A refused stale save is itself recorded (``AuditEntry.Action.REFUSED``) so both sides of a
conflict can be traced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from goldenthread import access, checks, periods, status
from goldenthread.core.audit import (
    Actor,
    audit_record,
    create_audited,
    plain,
    save_audited,
    snapshot,
    user_of,
)
from goldenthread.core.editing import locked
from goldenthread.core.models import AuditEntry
from goldenthread.improvement import services as improvement
from goldenthread.indicators.models import (
    Actual,
    DeadlineRule,
    Indicator,
    Period,
)
from goldenthread.indicators.services import StaleEdit, actual_record
from goldenthread.returns.models import PeriodSignOff
from goldenthread.returns.selectors import (
    LATE_ENTRY,
    ReturnContext,
    return_context,
    sign_off_summary,
    treatment_of,
)


class Locked(ValidationError):
    """The return is approved or its period is signed off: only an override may change it."""


class NeedsConfirmation(ValidationError):
    """The figure passed the checks but looks unusual: the owner must confirm with a reason."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__(warnings)
        self.warnings = warnings


@dataclass(frozen=True)
class Entry:
    """What an owner types into a return."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    commentary: str = ""
    remedial_action: str = ""
    is_estimated: bool = False
    forecast: Decimal | None = None


def entry_value(indicator: Indicator, entry: Entry) -> Decimal | None:
    """The figure an entry gives: typed in, or worked out from numerator and denominator."""
    if not indicator.is_ratio:
        return entry.value
    if entry.numerator is None or not entry.denominator:
        return None
    return indicator.ratio_of(entry.numerator, entry.denominator)


def _whole_digits() -> int:
    field = Actual._meta.get_field("value")
    return field.max_digits - field.decimal_places


def entry_size_errors(indicator: Indicator, entry: Entry) -> dict[str, str]:
    """Figures too large for their columns, by field: checked before anything is worked out
    from them, because rating or rounding such a figure overflows (it was a server error)."""
    whole = _whole_digits()
    errors = checks.size_errors(
        {
            "value": entry.value,
            "numerator": entry.numerator,
            "denominator": entry.denominator,
            "forecast": entry.forecast,
        },
        whole,
    )
    if errors or not indicator.is_ratio:
        return errors
    worked_out = entry_value(indicator, entry)
    problem = checks.too_large(worked_out, whole) if worked_out is not None else ""
    return {"numerator": problem} if problem else {}


def entry_errors(indicator: Indicator, entry: Entry, *, submit: bool, rag: status.Rag | None):
    """Errors that block the save, by field."""
    errors = checks.value_errors(
        value=entry.value,
        numerator=entry.numerator,
        denominator=entry.denominator,
        is_ratio=indicator.is_ratio,
        decimals=indicator.decimals,
        valid=indicator.valid_range,
    )
    value = entry_value(indicator, entry)
    if indicator.is_ratio and value is not None and not errors:
        problem = checks.ratio_out_of_range(value, indicator.valid_range)
        if problem:
            errors["numerator"] = problem
    if submit and rag == status.Rag.RED and not entry.remedial_action.strip():
        errors["remedial_action"] = (
            "This figure is red against its target: say what is being done about it."
        )
    if submit and not entry.commentary.strip():
        errors["commentary"] = "Say what the figure means before you submit it."
    return errors


def entry_warnings(context: ReturnContext, value: Decimal) -> list[str]:
    warnings = [
        checks.unusual_value(value, context.history),
        checks.large_change(value, context.compared_value, context.compared_label),
    ]
    return [w for w in warnings if w]


def late_entry_open(actor: Actor, actual: Actual | None, period: Period) -> bool:
    """Whether ``actor`` may still enter this return of a signed-off period without an
    override: it was left open for late entry by the performance team, and they are in it."""
    return (
        period.is_signed_off
        and (actual is None or not actual.is_signed_off)
        and access.is_performance_team(actor)
        and treatment_of(period) == LATE_ENTRY
    )


def _check_lock(actor: Actor, actual: Actual | None, period: Period, override_reason: str):
    if late_entry_open(actor, actual, period):
        return
    locked_by = (
        "its period has been signed off"
        if period.is_signed_off
        else f"it has been {actual.get_state_display().lower()}"
        if actual is not None and actual.is_signed_off
        else ""
    )
    if not locked_by:
        return
    if not override_reason.strip():
        raise Locked(
            f"This return is locked because {locked_by}. A performance officer can override "
            "the lock, giving a reason."
        )
    if not access.is_performance_team(actor):
        raise PermissionDenied("Only the performance team can override a lock.")


def return_save(
    *,
    actor: Actor,
    indicator: Indicator,
    period: Period,
    entry: Entry,
    submit: bool = False,
    expected_version: int | None = None,
    warnings_reason: str = "",
    override_reason: str = "",
) -> Actual:
    """Save a return as a draft, or submit it for approval.

    Raises ``ValidationError`` (by field) for errors, ``NeedsConfirmation`` for warnings not
    yet confirmed with a reason, ``Locked`` for an approved return or a signed-off period
    without an override, and ``StaleEdit`` when someone else saved it first.
    """
    if not access.can_enter(actor, indicator):
        raise PermissionDenied("Only the indicator's owner or the performance team can enter it.")
    if period.kind != indicator.frequency:
        raise ValidationError(
            f"{indicator.code} is reported by {indicator.get_frequency_display().lower()}, not for {period.label}."
        )
    too_large = entry_size_errors(indicator, entry)
    if too_large:
        raise ValidationError(too_large)
    context = return_context(indicator=indicator, period=period)
    value = entry_value(indicator, entry)
    rag = context.rag_for(value) if value is not None else None
    errors = entry_errors(indicator, entry, submit=submit, rag=rag)
    if errors:
        raise ValidationError(errors)
    assert value is not None
    warnings = entry_warnings(context, value)
    if warnings and not warnings_reason.strip():
        raise NeedsConfirmation(warnings)
    try:
        return _save(
            actor,
            indicator,
            period,
            entry,
            submit,
            expected_version,
            warnings_reason.strip() if warnings else "",
            override_reason.strip(),
        )
    except StaleEdit as stale:
        _record_refused(actor, stale.current, entry, expected_version)
        raise


@transaction.atomic
def _save(
    actor: Actor,
    indicator: Indicator,
    period: Period,
    entry: Entry,
    submit: bool,
    expected_version: int | None,
    warnings_reason: str,
    override_reason: str,
) -> Actual:
    period = Period.objects.select_for_update().get(pk=period.pk)
    current = Actual.objects.select_for_update().filter(indicator=indicator, period=period).first()
    _check_lock(actor, current, period, override_reason)
    if current is not None and current.is_signed_off:
        state = current.state  # an override corrects the figure; it stays signed off
    else:
        state = Actual.State.SUBMITTED if submit else Actual.State.DRAFT
    reason = (
        f"Lock overridden: {override_reason}"
        if override_reason
        else ("Submitted for approval" if state == Actual.State.SUBMITTED and submit else "")
    )
    if period.is_signed_off and not override_reason:
        reason = f"Late entry after sign-off. {reason}".strip()
    return actual_record(
        actor=actor,
        indicator=indicator,
        period=period,
        value=entry.value,
        numerator=entry.numerator,
        denominator=entry.denominator,
        commentary=entry.commentary,
        remedial_action=entry.remedial_action,
        is_estimated=entry.is_estimated,
        forecast=entry.forecast,
        state=state,
        expected_version=expected_version,
        warnings_confirmed=warnings_reason,
        reason=reason,
    )


def _record_refused(actor: Actor, current: Actual, entry: Entry, version: int | None) -> None:
    """Keep the refused attempt: what was typed, and the version it started from."""
    attempted = {k: plain(v) for k, v in asdict(entry).items() if v not in (None, "")}
    audit_record(
        actor=actor,
        action=AuditEntry.Action.REFUSED,
        instance=current,
        changes={"attempted": attempted, "started_from_version": version},
        reason=f"Refused: changed by someone else (now version {current.version})",
    )


@transaction.atomic
def _transition(
    actor: Actor,
    actual: Actual,
    *,
    allowed_from: set[str],
    to: str,
    reason: str,
    expected_version: int | None,
    guard: Callable[[Actual], None] | None = None,
    **fields: object,
) -> Actual:
    row = Actual.objects.select_for_update().select_related("period").get(pk=actual.pk)
    # Without a version, the one the caller read: never act on a figure nobody has seen.
    expected = actual.version if expected_version is None else expected_version
    if row.version != expected:
        raise StaleEdit("This return was changed by someone else since you opened it.", current=row)
    if row.state not in allowed_from:
        raise ValidationError(
            f"This return is {row.get_state_display().lower()}, so it cannot be "
            f"{Actual.State(to).label.lower()} now."
        )
    if guard is not None:
        guard(row)  # on the locked row, so what is checked is what is changed
    closed = to != Actual.State.PUBLISHED and row.period.is_signed_off
    if closed and not late_entry_open(actor, row, row.period):
        raise ValidationError(
            f"{row.period.label} has been signed off: this return is locked and can no "
            "longer be approved or returned."
        )
    before = snapshot(row)
    row.state = to
    for name, value in fields.items():
        setattr(row, name, value)
    row.modified_by = user_of(actor)
    row.version += 1
    save_audited(actor=actor, instance=row, before=before, reason=reason)
    return row


def _not_entered_by(actor: Actor) -> Callable[[Actual], None]:
    """Segregation of duties: the approver is neither whoever submitted the return nor whoever
    last changed it (a change to a submitted figure makes the changer its submitter:
    ``indicators.services.actual_record``)."""
    user = user_of(actor)

    def guard(row: Actual) -> None:
        if user is not None and user.pk in (row.submitted_by_id, row.modified_by_id):
            raise PermissionDenied(
                "Someone other than the person who entered or changed it must approve it."
            )

    return guard


@transaction.atomic
def return_approve(*, actor: Actor, actual: Actual, expected_version: int | None = None) -> Actual:
    """Approve a submitted return: it is locked from then on.

    A red figure's remedial action becomes an action on the indicator's remedial plan (once
    per wording), so it is followed up to completion like any other action.
    """
    if not access.can_approve(actor, actual.indicator, access.unit_parents()):
        raise PermissionDenied("You cannot approve returns for this service.")
    approved = _transition(
        actor,
        actual,
        allowed_from={Actual.State.SUBMITTED},
        to=Actual.State.APPROVED,
        reason="Approved",
        expected_version=expected_version,
        guard=_not_entered_by(actor),
        approved_at=timezone.now(),
        approved_by=actor,
    )
    _track_remedial_action(actor, approved)
    return approved


def _track_remedial_action(actor: Actor, actual: Actual) -> None:
    if not actual.remedial_action.strip():
        return
    indicator = actual.indicator
    context = return_context(indicator=indicator, period=actual.period)
    if context.rag_for(actual.value) != status.Rag.RED:
        return
    owner = indicator.owner
    lead = f"{owner} (indicator owner)" if owner else "Indicator owner"
    improvement.remedial_action_ensure(actor, indicator, text=actual.remedial_action, lead=lead)


def returns_approve(
    *, actor: Actor, chosen: dict[int, int | None]
) -> tuple[list[Actual], list[str]]:
    """Approve several returns (``{return id: version seen}``), each on its own.

    One refusal (changed since, not allowed, already approved) does not stop the others;
    each refusal comes back as a sentence naming the return.
    """
    rows = Actual.objects.filter(pk__in=chosen).select_related("indicator__service", "period")
    approved: list[Actual] = []
    refused: list[str] = []
    for actual in sorted(rows, key=lambda a: (a.indicator.code, a.period.start)):
        name = f"{actual.indicator.code} {actual.period.label}"
        if chosen[actual.pk] is None:
            refused.append(f"{name} was not sent with the version you saw: review it again.")
            continue
        try:
            approved.append(
                return_approve(actor=actor, actual=actual, expected_version=chosen[actual.pk])
            )
        except StaleEdit:
            refused.append(f"{name} changed since you opened the list: review it again.")
        except (PermissionDenied, ValidationError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            refused.append(f"{name}: {message}")
    return approved, refused


def return_send_back(
    *, actor: Actor, actual: Actual, reason: str, expected_version: int | None = None
) -> Actual:
    """Return a submitted return to its owner for correction, saying why."""
    if not reason.strip():
        raise ValidationError({"reason": "Say what needs correcting."})
    if not access.can_approve(actor, actual.indicator, access.unit_parents()):
        raise PermissionDenied("You cannot return returns for this service.")
    return _transition(
        actor,
        actual,
        allowed_from={Actual.State.SUBMITTED},
        to=Actual.State.RETURNED,
        reason=f"Returned for correction: {reason.strip()}",
        expected_version=expected_version,
        returned_reason=reason.strip(),
    )


@transaction.atomic
def period_sign_off(
    *,
    actor: Actor,
    period: Period,
    reason: str = "",
    open_returns: str = PeriodSignOff.OpenReturns.MISSING,
    expected_version: str | None = None,
    expected_open: int | None = None,
) -> int:
    """Publish the period's approved returns and lock the period; returns how many published.

    The returns still open (not started, draft, returned, submitted) are left as
    ``open_returns`` says: open for late entry by the performance team, or locked as missing
    (only an override then changes them). Either way they leave their owners' and approvers'
    lists. With any open, a reason is required. ``expected_version`` is the period as the
    officer opened the page (``core.editing``): a second officer signing off from the same
    page is refused with ``StaleEdit``; ``expected_open`` the number of open returns the page
    showed, so what the officer confirmed is what is done.
    """
    if not access.is_performance_team(actor):
        raise PermissionDenied("Only the performance team can sign off a period.")
    period = locked(Period.objects.all(), period.pk, expected_version, what="period")
    if period.is_signed_off:
        raise ValidationError(f"{period.label} is already signed off.")
    summary = sign_off_summary(period=period)
    if expected_open is not None and summary.open_count != expected_open:
        raise ValidationError(
            f"The returns still open in {period.label} changed since you opened this page "
            f"(now {summary.open_count}): check them again before signing off."
        )
    if summary.open_count:
        errors = {}
        if not reason.strip():
            errors["reason"] = (
                f"Say why {period.label} is being signed off with "
                f"{summary.open_count} return{'s' if summary.open_count != 1 else ''} still open."
            )
        if open_returns not in PeriodSignOff.OpenReturns.values:
            errors["open_returns"] = "Choose what happens to the returns still open."
        if errors:
            raise ValidationError(errors)
    published = 0
    for actual in Actual.objects.select_for_update().filter(
        period=period, state=Actual.State.APPROVED
    ):
        _transition(
            actor,
            actual,
            allowed_from={Actual.State.APPROVED},
            to=Actual.State.PUBLISHED,
            reason=f"Published when {period.label} was signed off",
            expected_version=None,
        )
        published += 1
    before = snapshot(period)
    period.locked_at = timezone.now()
    why = f"Signed off: {reason.strip()}" if reason.strip() else "Signed off"
    save_audited(actor=actor, instance=period, before=before, reason=why)
    treatment = (
        open_returns
        if open_returns in PeriodSignOff.OpenReturns.values
        else PeriodSignOff.OpenReturns.MISSING
    )
    create_audited(
        actor,
        PeriodSignOff(
            period=period,
            signed_off_at=period.locked_at,
            signed_off_by=user_of(actor),
            reason=reason.strip(),
            open_returns=treatment,
            open_counts=summary.open_counts(),
        ),
        reason=why,
    )
    return published


@transaction.atomic
def period_unlock(*, actor: Actor, period: Period, reason: str) -> Period:
    """Reopen a signed-off period (published figures stay locked one by one)."""
    if not access.is_performance_team(actor):
        raise PermissionDenied("Only the performance team can reopen a period.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the period is being reopened."})
    period = Period.objects.select_for_update().get(pk=period.pk)
    before = snapshot(period)
    period.locked_at = None
    save_audited(actor=actor, instance=period, before=before, reason=f"Reopened: {reason}")
    return period


@transaction.atomic
def deadline_rule_set(
    *, actor: Actor, frequency: str, working_days: int, due_soon_days: int = 5
) -> int:
    """Set when returns of a frequency are due, and move the deadlines of periods not yet
    signed off to match; returns how many periods moved. Each move is audited."""
    if not access.is_performance_team(actor):
        raise PermissionDenied("Only the performance team can change deadlines.")
    rule = DeadlineRule.objects.select_for_update().filter(frequency=frequency).first()
    before = snapshot(rule) if rule else {}
    rule = rule or DeadlineRule(frequency=frequency)
    rule.working_days, rule.due_soon_days = working_days, due_soon_days
    save_audited(actor=actor, instance=rule, before=before)
    moved = 0
    for period in Period.objects.select_for_update().filter(kind=frequency, locked_at=None):
        new = periods.add_working_days(period.end, working_days)
        if new != period.deadline:
            old = snapshot(period)
            period.deadline = new
            save_audited(actor=actor, instance=period, before=old, reason=f"Deadline rule: {rule}")
            moved += 1
    return moved
