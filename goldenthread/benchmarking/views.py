"""Thin views for benchmarking: the summary figures, the measures and one measure's chart."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from goldenthread.benchmarking import charts, selectors
from goldenthread.benchmarking.forms import MeasureForm, SummaryForm, year_label
from goldenthread.benchmarking.models import Authority, Measure
from goldenthread.organisation.models import Council


def _council() -> Council:
    return get_object_or_404(Council.objects.order_by("pk")[:1])


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    council = _council()
    form = SummaryForm(request.GET or None, years=selectors.benchmark_years(council))
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    result = selectors.summary(council=council, year=year)
    if not form.is_bound and result.year is not None:
        form = SummaryForm(initial={"year": result.year}, years=result.years)
    return render(
        request,
        "benchmarking/summary.html",
        {
            "council": council,
            "summary": result,
            "form": form,
            "year_label": year_label(result.year) if result.year else "",
        },
    )


@login_required
def measures(request: HttpRequest) -> HttpResponse:
    return render(request, "benchmarking/measures.html", {"measures": selectors.measures_list()})


@login_required
def measure_page(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure, pk=pk)
    council = _council()
    raw = request.GET
    group_id = raw.get("group", "")
    view = selectors.measure_view(
        measure=measure,
        group_id=int(group_id) if group_id.isdigit() else None,
        year=int(raw["year"]) if raw.get("year", "").isdigit() else None,
        viewpoint_gss=raw.get("viewpoint", council.gss_code),
    )
    authorities = list(
        Authority.objects.filter(values__measure=measure).distinct().order_by("short_name")
    )
    form = MeasureForm(
        initial={
            "year": view.year,
            "group": view.group.pk if view.group else None,
            "viewpoint": view.viewpoint.gss_code if view.viewpoint else "",
        },
        years=view.years,
        groups=view.groups,
        authorities=authorities,
    )
    chart = ""
    if view.result is not None and view.placed:
        chart = charts.comparator_chart_svg(
            title=f"{measure.code} {measure.title}, {year_label(view.year or 0)}",
            description=(
                f"One bar for each of the {len(view.placed)} authorities with a value in "
                f"{view.group.name}, lowest to highest"
                + (
                    f"; {view.viewpoint.short_name} is hatched and labelled"
                    if view.viewpoint
                    else ""
                )
                + "; a dashed line marks the median. The figures are in the table below."
            ),
            placed=view.placed,
            median=view.result.median,
        )
    return render(
        request,
        "benchmarking/measure.html",
        {
            "view": view,
            "form": form,
            "chart": chart,
            "measure": measure,
            "year_label": year_label(view.year) if view.year else "",
        },
    )
