"""The public site and open data: anonymous, cacheable, and never touching a session.

Nothing here reads ``request.user`` or the session (the templates do not either: see
``public/base.html``), so every visitor gets the same page and a shared cache may keep it.
Only public indicators (``is_public``) and published figures are shown
(``indicators.selectors.PUBLIC``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from goldenthread.core.audit import plain
from goldenthread.core.clock import today
from goldenthread.core.csvfiles import csv_response, spreadsheet_cell
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.selectors import PUBLIC
from goldenthread.organisation.shortcuts import council_or_404
from goldenthread.public import schemas, selectors
from goldenthread.scorecard import columns, presenters
from goldenthread.scorecard import selectors as scorecard_selectors

CACHE_SECONDS = 300
R = TypeVar("R", bound=HttpResponseBase)


def public_page(view: Callable[..., R]) -> Callable[..., R]:
    """GET or HEAD only, and cacheable by anyone for five minutes."""
    return require_safe(cache_control(public=True, max_age=CACHE_SECONDS)(view))


@public_page
def scorecard(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    card = scorecard_selectors.scorecard(council=council, today=today(), audience=PUBLIC)
    return render(
        request,
        "public/scorecard.html",
        {
            "card": card,
            "table": columns.PUBLIC,
            "lines": columns.PUBLIC.lines(card.rows, "public:indicator"),
            "council_name": council.name,
        },
    )


@public_page
def indicator_page(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.filter(PUBLIC.indicators).select_related("council", "service__parent"),
        pk=pk,
    )
    detail = scorecard_selectors.indicator_detail(
        indicator=indicator, today=today(), audience=PUBLIC
    )
    lines = detail.current_year
    return render(
        request,
        "public/indicator.html",
        {
            "indicator": indicator,
            "detail": detail,
            "chart": presenters.current_year_chart(indicator, lines),
            "year_label": lines[0].period.reporting_year_label if lines else "",
            # Published commentary only; remedial actions are the council's internal follow-up.
            "commentary": [a for a in detail.commentary if a.commentary],
            "council_name": indicator.council.name,
        },
    )


@public_page
def open_data(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    datasets = [
        {
            "name": name,
            "description": schemas.DESCRIPTIONS[name],
            "fields": schema["fields"],
            "primary_key": ", ".join(schema["primaryKey"]),
        }
        for name, schema in schemas.SCHEMAS.items()
    ]
    return render(
        request, "public/open_data.html", {"datasets": datasets, "council_name": council.name}
    )


ROWS = {"indicators": selectors.indicator_rows, "values": selectors.value_rows}


@public_page
def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponseBase:
    if dataset not in ROWS or fmt not in ("csv", "json"):
        raise Http404
    rows = ROWS[dataset](council=council_or_404())
    filename = f"{dataset}.{fmt}"
    if fmt == "csv":
        return csv_response(_csv_rows(dataset, rows), filename)
    response = _json(
        [{name: json_value(row[name]) for name in schemas.field_names(dataset)} for row in rows]
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public_page
def schema(request: HttpRequest, dataset: str) -> HttpResponse:
    if dataset not in schemas.SCHEMAS:
        raise Http404
    return _json(schemas.SCHEMAS[dataset])


@public_page
def datapackage(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    return _json(
        schemas.datapackage(
            council=council.name, base_url=request.build_absolute_uri(reverse("public:open_data"))
        )
    )


def _json(data: Any) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )


def _csv_rows(dataset: str, rows: list[dict[str, Any]]) -> Iterator[list[str]]:
    names = schemas.field_names(dataset)
    yield names
    for row in rows:
        yield [spreadsheet_cell(csv_value(row[name])) for name in names]


def csv_value(value: Any) -> str:
    """A value as the schema reads it: ISO dates, true/false, plain decimals, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(plain(value))


def json_value(value: Any) -> Any:
    """The same value in JSON: numbers as numbers, dates as ISO strings."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(plain(value))
    return plain(value)
