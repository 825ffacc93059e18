"""What the API reads and writes, as typed schemas (they make the OpenAPI document).

Figures go out as exact decimal text ("12.5"), never binary floats, so a source system gets
back what it sent. Text coming in may not contain NUL characters (PostgreSQL refuses them).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict

from goldenthread.checks import TEXT_MAX
from goldenthread.core.audit import plain

Figure = Annotated[
    Decimal | None,
    Field(None, max_digits=20, decimal_places=6, description="A number, at most 6 places"),
]
NO_NUL = r"^[^\x00]*$"


def figure(value: Decimal | None) -> str | None:
    return None if value is None else str(plain(value))


class ErrorOut(Schema):
    """Why a request was refused: a sentence, and where it applies the fields or warnings."""

    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)


class PageOut(Schema):
    count: int = Field(description="How many rows there are in all")
    page: int
    limit: int
    next: str | None = Field(description="The next page's address, or null on the last")
    previous: str | None


class IndicatorOut(Schema):
    id: int
    code: str
    title: str
    definition: str
    family: str
    unit: str
    polarity: str
    decimals: int
    frequency: str
    aggregation: str
    cumulative: bool
    is_key: bool
    service: str = Field(description="The service's code")
    service_name: str
    owner: str | None
    first_year: int
    last_year: int | None
    valid_min: str | None
    valid_max: str | None


class IndicatorPage(PageOut):
    results: list[IndicatorOut]


class PeriodOut(Schema):
    code: str
    kind: str
    label: str
    start: date
    end: date
    financial_year: int
    sequence: int
    deadline: date
    locked: bool = Field(description="Signed off: its values can no longer be written")


class PeriodPage(PageOut):
    results: list[PeriodOut]


class TargetOut(Schema):
    period: str
    value: str | None
    lower: str | None
    upper: str | None
    is_stretch: bool
    note: str
    etag: str = Field(description="Send it back in If-Match to change this target")


class TargetPage(PageOut):
    results: list[TargetOut]


class ValueOut(Schema):
    period: str
    value: str
    numerator: str | None
    denominator: str | None
    is_estimated: bool
    commentary: str
    remedial_action: str
    forecast: str | None
    state: str = Field(description="draft, submitted, returned, approved or published")
    version: int = Field(description="Also the ETag: send it back in If-Match to change it")
    target: str | None = Field(description="The period's target value (or band as lower–upper)")
    rag: str = Field(description="green, amber, red, not_rated, missing or not_due")
    direction: str = Field(description="Against the previous period")
    direction_last_year: str = Field(description="Against the same period last year")


class ValuePage(PageOut):
    results: list[ValueOut]


class ActionOut(Schema):
    id: int
    plan: str = Field(description="The action plan's reference")
    plan_title: str
    recommendation: int
    letter: str
    text: str
    timescale: str
    due: date | None
    status: str
    indicators: list[str] = Field(description="Codes of the indicators it is linked to")


class ActionPage(PageOut):
    results: list[ActionOut]


class RiskOut(Schema):
    id: int
    register_name: str
    level: str
    reference: str
    title: str
    owner: str
    category: str
    inherent_score: int
    residual_score: int
    target_score: int
    next_review: date


class RiskPage(PageOut):
    results: list[RiskOut]


class ValueIn(Schema):
    """A value as a source system sends it: what the return form asks for. PUT replaces the
    value, so a field left out is blank; a field the API does not know (a misspelling that
    would otherwise blank the commentary) is refused with 422."""

    model_config = ConfigDict(extra="forbid")

    value: Figure = None
    numerator: Figure = None
    denominator: Figure = None
    commentary: str = Field(
        "", max_length=TEXT_MAX, pattern=NO_NUL, description="What the figure means"
    )
    remedial_action: str = Field(
        "", max_length=TEXT_MAX, pattern=NO_NUL, description="Needed when red on submit"
    )
    is_estimated: bool = False
    forecast: Figure = None
    submit: bool = Field(False, description="Submit for approval rather than save a draft")
    confirm_warnings: bool = Field(
        False, description="Let an unusual value or large change stand (give a reason)"
    )
    reason: str = Field(
        "", max_length=TEXT_MAX, pattern=NO_NUL, description="Why the figure is right"
    )


class ValueConflict(ErrorOut):
    current: ValueOut | None


class TargetIn(Schema):
    model_config = ConfigDict(extra="forbid")

    value: Figure = None
    lower: Figure = None
    upper: Figure = None
    is_stretch: bool = False
    note: str = Field("", max_length=300, pattern=NO_NUL)


class ValuePatch(Schema):
    """The fields of a value to change, for PATCH: only those sent change (a text sent as null
    is blanked); a field the API does not know is refused with 422, as for PUT."""

    model_config = ConfigDict(extra="forbid")

    value: Figure = None
    numerator: Figure = None
    denominator: Figure = None
    commentary: str | None = Field(None, max_length=TEXT_MAX, pattern=NO_NUL)
    remedial_action: str | None = Field(None, max_length=TEXT_MAX, pattern=NO_NUL)
    is_estimated: bool | None = None
    forecast: Figure = None
    submit: bool | None = Field(None, description="Submit for approval after the change")
    confirm_warnings: bool | None = None
    reason: str | None = Field(None, max_length=TEXT_MAX, pattern=NO_NUL)


class TargetPatch(Schema):
    """The fields of a target to change, for PATCH: only those sent change."""

    model_config = ConfigDict(extra="forbid")

    value: Figure = None
    lower: Figure = None
    upper: Figure = None
    is_stretch: bool | None = None
    note: str | None = Field(None, max_length=300, pattern=NO_NUL)


class TargetConflict(ErrorOut):
    current: TargetOut | None
