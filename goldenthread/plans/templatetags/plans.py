"""Template helpers for plan pages: a milestone's status tag, written once."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from goldenthread.organisation.models import Person
from goldenthread.plans.models import Appraisal, Milestone

register = template.Library()

_TAG_CLASS = {
    Milestone.Status.DONE: "govuk-tag--green",
    Milestone.Status.IN_PROGRESS: "govuk-tag--blue",
    Milestone.Status.NOT_STARTED: "govuk-tag--grey",
    Milestone.Status.CANCELLED: "govuk-tag--grey",
}


@register.simple_tag
def milestone_status(milestone: Milestone, today: date) -> SafeString:
    """The status as a GOV.UK tag, and a red "Late" tag beside it when it is late."""
    tag = format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        _TAG_CLASS[Milestone.Status(milestone.status)],
        milestone.get_status_display(),
    )
    if milestone.is_late(today):
        late = "Done late" if milestone.status == Milestone.Status.DONE else "Late"
        tag = format_html('{} <strong class="govuk-tag govuk-tag--red">{}</strong>', tag, late)
    return tag


@register.filter
def visible_to(appraisal: Appraisal, viewer: Person | None) -> bool:
    """Whether ``viewer`` may read this appraisal's names and wording (ADR 0009)."""
    return appraisal.visible_to(viewer)
