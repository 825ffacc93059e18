"""The REST API, ``/api/v1/``: source systems read indicators, periods, targets, values,
actions and risks, and write values and targets, through the same services, checks and audit
as the forms (docs/adr/0016-rest-api.md).

Only bearer tokens are accepted (``Authorization: Bearer gt_…``); a missing, unknown or revoked
token gets a JSON 401, never the sign-in page. An indicator outside the token's services is
answered 404, as if it did not exist, so a token cannot learn what else the council measures.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Header, NinjaAPI, Path, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from goldenthread import access
from goldenthread.api import selectors
from goldenthread.api.limits import PerAddress, PerToken
from goldenthread.api.models import ApiClient
from goldenthread.api.schemas import (
    ActionOut,
    ActionPage,
    ErrorOut,
    IndicatorOut,
    IndicatorPage,
    PeriodOut,
    PeriodPage,
    RiskOut,
    RiskPage,
    TargetConflict,
    TargetIn,
    TargetOut,
    TargetPage,
    TargetPatch,
    ValueConflict,
    ValueIn,
    ValueOut,
    ValuePage,
    ValuePatch,
    figure,
)
from goldenthread.api.selectors import Page, ValueLine
from goldenthread.api.services import client_authenticate
from goldenthread.core.audit import plain
from goldenthread.core.clock import today
from goldenthread.improvement.models import Action, Risk
from goldenthread.indicators.models import Actual, Indicator, Period, Target
from goldenthread.indicators.services import FIGURE_FIELDS, StaleEdit, target_set
from goldenthread.periods import PeriodKind
from goldenthread.returns.services import Entry, Locked, NeedsConfirmation, return_save

MAX_ID = 2**63 - 1
PAGE = Query(1, ge=1, le=100_000, description="Page number, from 1")
LIMIT = Query(50, ge=1, le=100, description="Rows per page, at most 100")
SERVICE = Query("", max_length=40, pattern=r"^[A-Za-z0-9_-]*$", description="A service's code")
KEY = Query(None, description="true: key indicators only; false: the others")
FREQUENCY = Query(None, description="month, quarter, financial_year, …")
FINANCIAL_YEAR = Query(None, ge=1900, le=2200, description="Its first calendar year: 2025")
ID = Path(..., ge=1, le=MAX_ID, description="The indicator's id")
PERIOD = Path(..., pattern=r"^[A-Za-z0-9_-]{1,30}$", description="The period's code")
IF_MATCH = Header(
    None,
    alias="If-Match",
    description="The ETag last read: needed to change an existing row; omit it (or send *) "
    "to create one.",
)
WITHOUT_TOKEN = PerAddress()
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
WRITE_ERRORS = {
    **ERRORS,
    400: ErrorOut,
    403: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    428: ErrorOut,
}
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class UnsupportedMediaType(Exception):
    """A write whose body is not JSON (a form post, plain text): answered 415."""


def json_body(request: HttpRequest) -> bool:
    kind = request.content_type or ""
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> ApiClient | None:
        client = super().__call__(request)
        # Checked here, not by ninja's throttles (which run only after a token is accepted),
        # so a stream of wrong tokens from one address is slowed down.
        if client is None and not WITHOUT_TOKEN.allow_request(request):
            raise Throttled(wait=WITHOUT_TOKEN.wait())  # type: ignore[arg-type]
        # Here, after the token and before ninja reads the body: ninja would try any body as
        # JSON and answer a form post 400 or 422, hiding that the content type is the mistake.
        if client is not None and request.method in BODY_METHODS and not json_body(request):
            raise UnsupportedMediaType
        return client

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        client = client_authenticate(token)
        if client is not None:
            # The client's writes are made by its own user; access.client_of knows it by the
            # client cached on it.
            client.user.api_client = client
            request.user = client.user
        return client


api = NinjaAPI(
    title="Golden Thread API",
    version="1",
    description="Read indicators, periods, targets, values, actions and risks; write values "
    "and targets. Authenticate with `Authorization: Bearer <token>`.",
    auth=TokenAuth(),
    throttle=[PerToken()],
    docs_url=None,  # the Swagger page loads scripts from a CDN; see the README's API section
    urls_namespace="api",
)
router = Router()


# --- errors: always JSON, always the ErrorOut shape ---------------------------------------


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "Send a valid API token: Authorization: Bearer <token>."}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "Too many requests: wait and try again."}, status=429
    )
    if exc.wait is not None:
        response["Retry-After"] = str(math.ceil(exc.wait))
    return response


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    detail = f"The request body is larger than {limit} bytes."
    return api.create_response(request, {"detail": detail}, status=413)


@api.exception_handler(UnsupportedMediaType)
def unsupported_media_type(request: HttpRequest, exc: UnsupportedMediaType) -> HttpResponse:
    detail = "Send the body as JSON, with Content-Type: application/json."
    return api.create_response(request, {"detail": detail}, status=415)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ()))
        errors.setdefault(where or "request", []).append(str(error.get("msg", "Invalid")))
    return api.create_response(
        request, {"detail": "The request is not valid.", "errors": errors}, status=422
    )


def client_of(request: HttpRequest) -> ApiClient:
    client = getattr(request, "auth", None)
    assert isinstance(client, ApiClient)
    return client


def page_links(request: HttpRequest, page: Page[Any]) -> dict[str, Any]:
    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return f"{request.path}?{query.urlencode()}"

    return {
        "count": page.count,
        "page": page.page,
        "limit": page.limit,
        "next": link(page.page + 1) if page.has_next else None,
        "previous": link(page.page - 1) if page.page > 1 else None,
    }


def readable(request: HttpRequest, pk: int) -> Indicator:
    indicator = selectors.indicator_get(client=client_of(request), pk=pk)
    if indicator is None:
        raise HttpError(404, "No indicator with that id is open to this token.")
    return indicator


def period_by_code(code: str) -> Period:
    period = Period.objects.filter(code=code).first()
    if period is None:
        raise HttpError(404, "No period with that code.")
    return period


# --- reads ----------------------------------------------------------------------------------


def indicator_out(indicator: Indicator) -> IndicatorOut:
    return IndicatorOut(
        id=indicator.pk,
        code=indicator.code,
        title=indicator.title,
        definition=indicator.definition,
        family=indicator.family,
        unit=indicator.unit,
        polarity=indicator.polarity,
        decimals=indicator.decimals,
        frequency=indicator.frequency,
        aggregation=indicator.aggregation,
        cumulative=indicator.cumulative,
        is_key=indicator.is_key,
        service=indicator.service.code,
        service_name=indicator.service.name,
        owner=str(indicator.owner) if indicator.owner else None,
        first_year=indicator.first_year,
        last_year=indicator.last_year,
        valid_min=figure(indicator.valid_min),
        valid_max=figure(indicator.valid_max),
    )


@router.get(
    "/indicators",
    response={200: IndicatorPage, **ERRORS},
    operation_id="indicators_list",
    summary="Indicators of the token's services",
)
def indicators_list(
    request: HttpRequest,
    service: str = SERVICE,
    key: bool | None = KEY,
    frequency: PeriodKind | None = FREQUENCY,
    page: int = PAGE,
    limit: int = LIMIT,
) -> dict[str, Any]:
    found = selectors.indicator_list(
        client=client_of(request),
        page=page,
        limit=limit,
        service=service,
        key=key,
        frequency=frequency.value if frequency else "",
    )
    return {**page_links(request, found), "results": [indicator_out(i) for i in found.items]}


@router.get(
    "/indicators/{id}",
    response={200: IndicatorOut, **ERRORS},
    operation_id="indicator_get",
    summary="One indicator",
)
def indicator_get(request: HttpRequest, id: int = ID) -> IndicatorOut:
    return indicator_out(readable(request, id))


def period_out(period: Period) -> PeriodOut:
    return PeriodOut(
        code=period.code,
        kind=period.kind,
        label=period.label,
        start=period.start,
        end=period.end,
        financial_year=period.financial_year,
        sequence=period.sequence,
        deadline=period.deadline,
        locked=period.is_signed_off,
    )


@router.get(
    "/periods",
    response={200: PeriodPage, **ERRORS},
    operation_id="periods_list",
    summary="Reporting periods",
)
def periods_list(
    request: HttpRequest,
    kind: PeriodKind | None = FREQUENCY,
    financial_year: int | None = FINANCIAL_YEAR,
    page: int = PAGE,
    limit: int = LIMIT,
) -> dict[str, Any]:
    found = selectors.period_list(
        page=page, limit=limit, kind=kind.value if kind else "", financial_year=financial_year
    )
    return {**page_links(request, found), "results": [period_out(p) for p in found.items]}


def target_etag(target: Target) -> str:
    """Targets have no version number: their ETag is a digest of what they say and when."""
    stamp = "|".join(
        str(part)
        for part in (
            figure(target.value),
            figure(target.lower),
            figure(target.upper),
            target.is_stretch,
            target.note,
            target.modified_on.isoformat() if target.modified_on else "",
        )
    )
    return '"t' + hashlib.sha256(stamp.encode()).hexdigest()[:20] + '"'


def target_out(target: Target) -> TargetOut:
    return TargetOut(
        period=target.period.code,
        value=figure(target.value),
        lower=figure(target.lower),
        upper=figure(target.upper),
        is_stretch=target.is_stretch,
        note=target.note,
        etag=target_etag(target),
    )


@router.get(
    "/indicators/{id}/targets",
    response={200: TargetPage, **ERRORS},
    operation_id="targets_list",
    summary="An indicator's targets",
)
def targets_list(
    request: HttpRequest, id: int = ID, page: int = PAGE, limit: int = LIMIT
) -> dict[str, Any]:
    found = selectors.target_list(indicator=readable(request, id), page=page, limit=limit)
    return {**page_links(request, found), "results": [target_out(t) for t in found.items]}


def value_etag(actual: Actual) -> str:
    return f'"{actual.version}"'


def value_out(line: ValueLine) -> ValueOut:
    actual, target = line.actual, line.target
    shown_target = None
    if target is not None:
        shown_target = (
            f"{figure(target.lower)}–{figure(target.upper)}"
            if target.lower is not None
            else figure(target.value)
        )
    return ValueOut(
        period=actual.period.code,
        value=figure(actual.value) or "",
        numerator=figure(actual.numerator),
        denominator=figure(actual.denominator),
        is_estimated=actual.is_estimated,
        commentary=actual.commentary,
        remedial_action=actual.remedial_action,
        forecast=figure(actual.forecast),
        state=actual.state,
        version=actual.version,
        target=shown_target,
        rag=line.status.rag.value,
        direction=line.status.against_previous.value,
        direction_last_year=line.status.against_last_year.value,
    )


@router.get(
    "/indicators/{id}/values",
    response={200: ValuePage, **ERRORS},
    operation_id="values_list",
    summary="An indicator's values, with status",
)
def values_list(
    request: HttpRequest, id: int = ID, page: int = PAGE, limit: int = LIMIT
) -> dict[str, Any]:
    indicator = readable(request, id)
    found = selectors.value_list(
        indicator=indicator,
        page=page,
        limit=limit,
        today=today(),
        unchecked=access.sees_unchecked(request.user, indicator),
    )
    return {**page_links(request, found), "results": [value_out(v) for v in found.items]}


def action_out(action: Action) -> ActionOut:
    recommendation = action.recommendation
    return ActionOut(
        id=action.pk,
        plan=recommendation.plan.ref,
        plan_title=recommendation.plan.title,
        recommendation=recommendation.number,
        letter=action.letter,
        text=action.text,
        timescale=action.timescale,
        due=action.due,
        status=action.status,
        indicators=[i.code for i in action.indicators.all()],
    )


@router.get(
    "/actions",
    response={200: ActionPage, **ERRORS},
    operation_id="actions_list",
    summary="Improvement actions",
)
def actions_list(request: HttpRequest, page: int = PAGE, limit: int = LIMIT) -> dict[str, Any]:
    found = selectors.action_list(client=client_of(request), page=page, limit=limit)
    return {**page_links(request, found), "results": [action_out(a) for a in found.items]}


def risk_out(risk: Risk) -> RiskOut:
    return RiskOut(
        id=risk.pk,
        register_name=risk.register.name,
        level=risk.register.level,
        reference=risk.reference,
        title=risk.title,
        owner=risk.owner,
        category=risk.category,
        inherent_score=risk.inherent_score,
        residual_score=risk.residual_score,
        target_score=risk.target_score,
        next_review=risk.next_review,
    )


@router.get(
    "/risks", response={200: RiskPage, **ERRORS}, operation_id="risks_list", summary="Risks"
)
def risks_list(request: HttpRequest, page: int = PAGE, limit: int = LIMIT) -> dict[str, Any]:
    found = selectors.risk_list(client=client_of(request), page=page, limit=limit)
    return {**page_links(request, found), "results": [risk_out(r) for r in found.items]}


# --- writes ---------------------------------------------------------------------------------


class Precondition(Exception):
    """If-Match missing (428) or not the current ETag (412)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def if_match_present(if_match: str | None, *, exists: bool) -> str:
    """The If-Match sent, once it is right for the row's existence: creating needs none (or
    ``*``), changing needs one (428 without)."""
    sent = (if_match or "").strip()
    if not exists and sent not in ("", "*"):
        raise Precondition(412, "There is nothing here yet to match that ETag.")
    if exists and not sent:
        raise Precondition(428, "Send If-Match with the ETag you last read to change this.")
    return sent


def check_if_match(if_match: str | None, current: str | None) -> None:
    """For targets: the ETag sent must be the current one (or ``*``)."""
    sent = if_match_present(if_match, exists=current is not None)
    tags = [tag.strip().removeprefix("W/") for tag in sent.split(",")]
    if current is not None and sent != "*" and current not in tags:
        raise Precondition(412, "This was changed since you read it: read it again.")


def expected_version(if_match: str | None, current: Actual | None) -> int:
    """For values: the version the write starts from, for ``return_save`` to check, so a stale
    write is refused, and the refusal audited, exactly as the form's."""
    sent = if_match_present(if_match, exists=current is not None)
    if current is None:
        return 0  # if another writer creates it first, this one is refused
    tag = sent.split(",")[0].strip().removeprefix("W/").strip('"')
    if tag == "*":
        return current.version
    return int(tag) if tag.isdigit() and len(tag) < 12 else -1


def writable(request: HttpRequest, pk: int) -> Indicator:
    indicator = readable(request, pk)
    if not access.token_writes(client_of(request), indicator):
        raise HttpError(403, "This token may read this indicator but not write it.")
    return indicator


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            ("request" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"request": error.messages}


WRITE_DESCRIPTION = (
    "Responses carry the row's ETag. 412: If-Match is stale (the body has the current row); "
    "428: If-Match is missing on a change; 409: locked (approved, published or signed off); "
    "422: field errors, or warnings to confirm with confirm_warnings and a reason."
)


VALUE_FIELDS = FIGURE_FIELDS  # what a client may set of a value: what an owner types
TARGET_FIELDS = ("value", "lower", "upper", "is_stretch", "note")


def given_fields(body: ValuePatch | TargetPatch, names: tuple[str, ...]) -> dict[str, Any]:
    """The fields a PATCH names; a text or a yes/no sent as null is what a PUT leaving it out
    would make it (blank, no)."""
    given = body.model_dump(include=set(names), exclude_unset=True)
    return {name: NULL_MEANS.get(name) if value is None else value for name, value in given.items()}


def stored_field(row: Actual | Target, name: str) -> Any:
    value = getattr(row, name)
    return Decimal(plain(value)) if isinstance(value, Decimal) else value


NULL_MEANS: dict[str, Any] = {
    "commentary": "",
    "remedial_action": "",
    "note": "",
    "is_estimated": False,
    "is_stretch": False,
}


@router.put(
    "/indicators/{id}/values/{period}",
    response={200: ValueOut, 201: ValueOut, 412: ValueConflict, **WRITE_ERRORS},
    operation_id="value_put",
    summary="Save (or submit) a value",
    description=WRITE_DESCRIPTION + " PUT replaces the whole value: a field left out is blank.",
)
def value_put(
    request: HttpRequest,
    response: HttpResponse,
    body: ValueIn,
    id: int = ID,
    period: str = PERIOD,
    if_match: str | None = IF_MATCH,
) -> Status:
    indicator = writable(request, id)
    found = period_by_code(period)
    current = Actual.objects.filter(indicator=indicator, period=found).first()
    entry = Entry(**body.model_dump(include=set(VALUE_FIELDS)))
    return value_write(
        request, response, indicator, found, current, if_match, entry, body.submit,
        body.confirm_warnings, body.reason,
    )  # fmt: skip


@router.patch(
    "/indicators/{id}/values/{period}",
    response={200: ValueOut, 412: ValueConflict, **WRITE_ERRORS},
    operation_id="value_patch",
    summary="Change some fields of a value",
    description=WRITE_DESCRIPTION + " PATCH changes only the fields sent; the value must "
    "exist (404 if not: PUT creates it) and If-Match is always needed.",
)
def value_patch(
    request: HttpRequest,
    response: HttpResponse,
    body: ValuePatch,
    id: int = ID,
    period: str = PERIOD,
    if_match: str | None = IF_MATCH,
) -> Status:
    indicator = writable(request, id)
    found = period_by_code(period)
    current = Actual.objects.filter(indicator=indicator, period=found).first()
    if current is None:
        raise HttpError(404, "There is no value for that period yet: PUT creates one.")
    # Merged onto the row as read; return_save refuses it (412) if the row has moved on from
    # the version in If-Match, so the fields not sent are never stale.
    # Figures as written (8.5, not the column's 8.500000), so the decimal places check reads
    # what was sent, as it does for a PUT.
    stored = {name: stored_field(current, name) for name in VALUE_FIELDS}
    entry = Entry(**{**stored, **given_fields(body, VALUE_FIELDS)})
    return value_write(
        request, response, indicator, found, current, if_match, entry, bool(body.submit),
        bool(body.confirm_warnings), body.reason or "",
    )  # fmt: skip


def value_write(
    request: HttpRequest,
    response: HttpResponse,
    indicator: Indicator,
    found: Period,
    current: Actual | None,
    if_match: str | None,
    entry: Entry,
    submit: bool,
    confirm_warnings: bool,
    reason: str,
) -> Status:
    """PUT's and PATCH's write: the return form's service, checks, locks and audit."""
    today_ = today()
    try:
        expected = expected_version(if_match, current)
    except Precondition as refused:
        return Status(refused.status, value_refusal(refused.detail, indicator, current, today_))
    if confirm_warnings and not reason.strip():
        return Status(
            422,
            {
                "detail": "Say why the figure is right when confirming warnings.",
                "errors": {"reason": ["Give a reason to confirm the warnings."]},
            },
        )
    entry = dataclasses.replace(
        entry, commentary=entry.commentary.strip(), remedial_action=entry.remedial_action.strip()
    )
    try:
        actual = return_save(
            actor=request.user,
            indicator=indicator,
            period=found,
            entry=entry,
            submit=submit,
            expected_version=expected,
            warnings_reason=reason if confirm_warnings else "",
        )
    except StaleEdit as stale:
        return Status(412, value_refusal(stale.messages[0], indicator, stale.current, today_))
    except Locked as locked:
        return Status(409, {"detail": locked.messages[0]})
    except NeedsConfirmation as unusual:
        return Status(
            422,
            {
                "detail": "The figure passed the checks but looks unusual: confirm it "
                "(confirm_warnings: true) and give a reason.",
                "warnings": unusual.warnings,
            },
        )
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or "Not allowed."})
    except DjangoValidationError as invalid:
        return Status(422, {"detail": "The value is not valid.", "errors": field_errors(invalid)})
    response["ETag"] = value_etag(actual)
    line = selectors.rated(indicator, [actual], today_)[0]
    return Status(201 if current is None else 200, value_out(line))


def value_refusal(
    detail: str, indicator: Indicator, current: Actual | None, today_: Any
) -> dict[str, Any]:
    shown = value_out(selectors.rated(indicator, [current], today_)[0]) if current else None
    return {"detail": detail, "current": shown}


@router.put(
    "/indicators/{id}/targets/{period}",
    response={200: TargetOut, 201: TargetOut, 412: TargetConflict, **WRITE_ERRORS},
    operation_id="target_put",
    summary="Set a target",
    description=WRITE_DESCRIPTION + " PUT replaces the whole target: a field left out is blank.",
)
def target_put(
    request: HttpRequest,
    response: HttpResponse,
    body: TargetIn,
    id: int = ID,
    period: str = PERIOD,
    if_match: str | None = IF_MATCH,
) -> Status:
    return target_write(request, response, id, period, if_match, body.model_dump(), patch=False)


@router.patch(
    "/indicators/{id}/targets/{period}",
    response={200: TargetOut, 412: TargetConflict, **WRITE_ERRORS},
    operation_id="target_patch",
    summary="Change some fields of a target",
    description=WRITE_DESCRIPTION + " PATCH changes only the fields sent; the target must "
    "exist (404 if not: PUT sets it) and If-Match is always needed.",
)
def target_patch(
    request: HttpRequest,
    response: HttpResponse,
    body: TargetPatch,
    id: int = ID,
    period: str = PERIOD,
    if_match: str | None = IF_MATCH,
) -> Status:
    given = given_fields(body, TARGET_FIELDS)
    return target_write(request, response, id, period, if_match, given, patch=True)


def target_write(
    request: HttpRequest,
    response: HttpResponse,
    id: int,
    period: str,
    if_match: str | None,
    given: dict[str, Any],
    *,
    patch: bool,
) -> Status:
    """PUT's and PATCH's write: a PATCH's fields are laid over the target as it is locked."""
    indicator = writable(request, id)
    found = period_by_code(period)
    # As the targets importer: a period of the indicator's frequency, or its financial year.
    if found.kind not in (indicator.frequency, PeriodKind.FINANCIAL_YEAR.value):
        return Status(
            422,
            {
                "detail": "The period does not fit the indicator.",
                "errors": {"period": [f"{indicator.code} has {indicator.frequency} targets."]},
            },
        )
    if found.is_signed_off:
        return Status(409, {"detail": f"{found.label} is signed off: its targets are locked."})
    try:
        with transaction.atomic():
            current = (
                Target.objects.select_for_update()
                .select_related("period")
                .filter(indicator=indicator, period=found)
                .first()
            )
            if patch and current is None:
                raise HttpError(404, "There is no target for that period yet: PUT sets one.")
            check_if_match(if_match, target_etag(current) if current else None)
            fields = given
            if patch and current is not None:
                fields = {name: stored_field(current, name) for name in TARGET_FIELDS} | given
            target = target_set(
                actor=request.user,
                indicator=indicator,
                period=found,
                value=fields["value"],
                lower=fields["lower"],
                upper=fields["upper"],
                is_stretch=fields["is_stretch"],
                note=fields["note"].strip(),
            )
    except Precondition as refused:
        shown = target_out(current) if current else None
        return Status(refused.status, {"detail": refused.detail, "current": shown})
    except DjangoValidationError as invalid:
        return Status(422, {"detail": "The target is not valid.", "errors": field_errors(invalid)})
    response["ETag"] = target_etag(target)
    return Status(201 if current is None else 200, target_out(target))


api.add_router("/", router)


def operations() -> list[dict[str, Any]]:
    """Every API operation (method, path, operationId, reads or writes), from the router's
    OpenAPI document: for the authorisation matrix test."""
    schema = api.get_openapi_schema()
    return [
        {
            "method": method.upper(),
            "path": path,
            "operation_id": spec["operationId"],
            "writes": method.upper() not in {"GET", "HEAD", "OPTIONS"},
        }
        for path, methods in schema["paths"].items()
        for method, spec in methods.items()
    ]
