"""Thin views for benchmarking: the summary figures, the measures and one measure's chart."""

from __future__ import annotations

import itertools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from goldenthread import access
from goldenthread.benchmarking import charts, selectors, services, statistics, stats
from goldenthread.benchmarking.forms import (
    BenchmarkSettingForm,
    MeasureForm,
    SummaryForm,
    year_label,
)
from goldenthread.benchmarking.models import Authority, BenchmarkSetting, ComparatorGroup, Measure
from goldenthread.core.csvfiles import csv_response
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.shortcuts import council_or_404


@access.require("internal.view")
def summary(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
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


@access.require("internal.view")
def measures(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "benchmarking/measures.html",
        {"measures": selectors.measures_list(), "sources": selectors.sources()},
    )


@access.require("internal.view")
def bands_export(request: HttpRequest) -> HttpResponseBase:
    """Every stored band of every authority for one source, as CSV for analysts."""
    source = request.GET.get("source", "")
    if source not in selectors.sources():
        return HttpResponseBadRequest("Choose a source of benchmark measures.")
    slug = "".join(c if c.isalnum() else "-" for c in source.lower())
    return csv_response(
        itertools.chain([selectors.BAND_HEADER], selectors.band_rows(source=source)),
        f"bands-{slug}.csv",
    )


@access.require("internal.view")
def measure_page(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure, pk=pk)
    council = council_or_404()
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
    convention = statistics.conventions().get(measure.source, stats.DEFAULT)
    return render(
        request,
        "benchmarking/measure.html",
        {
            "convention": view.stored.convention if view.stored else convention.name,
            "convention_note": convention.describe(),
            "view": view,
            "form": form,
            "chart": chart,
            "measure": measure,
            "year_label": year_label(view.year) if view.year else "",
        },
    )


def _team_only(request: HttpRequest) -> None:
    if not access.is_performance_team(request.user):
        raise PermissionDenied("Choosing benchmarks is for the performance team.")


@access.require("team.manage", methods=("GET", "HEAD", "POST"))
def indicator_setting(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose what an indicator is benchmarked against (performance team)."""
    indicator = get_object_or_404(Indicator.objects.select_related("council"), pk=pk)
    setting = BenchmarkSetting.objects.filter(indicator=indicator).first()
    initial = {"measure": setting.measure_id, "group": setting.group_id} if setting else {}
    form = BenchmarkSettingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        measure, group = form.cleaned_data["measure"], form.cleaned_data["group"]
        if measure is None:
            services.benchmark_clear(actor=request.user, indicator=indicator)
            messages.success(request, f"{indicator.code} is no longer benchmarked.")
        else:
            services.benchmark_set(
                actor=request.user, indicator=indicator, measure=measure, group=group
            )
            messages.success(request, f"{indicator.code} is benchmarked against {group}.")
        return redirect("indicator", pk=indicator.pk)
    return render(
        request, "benchmarking/indicator_setting.html", {"indicator": indicator, "form": form}
    )


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def groups(request: HttpRequest) -> HttpResponse:
    """Every comparator group; the performance team chooses the council's own."""
    council = council_or_404()
    if request.method == "POST":
        _team_only(request)
        group_pk = request.POST.get("group", "")
        if not group_pk.isdigit():
            return HttpResponseBadRequest("Choose a comparator group.")
        group = get_object_or_404(ComparatorGroup, pk=int(group_pk))
        chosen = request.POST.get("action") == "choose"
        services.group_choose(actor=request.user, group=group, council=council, chosen=chosen)
        verb = "is now one of our groups" if chosen else "is no longer one of our groups"
        messages.success(request, f"{group.name} {verb}.")
        return redirect("benchmark-groups")
    listed = list(
        ComparatorGroup.objects.annotate(size=Count("memberships")).order_by("-council", "name")
    )
    return render(
        request,
        "benchmarking/groups.html",
        {
            "ours": [g for g in listed if g.council_id == council.pk],
            "others": [g for g in listed if g.council_id != council.pk],
            "team": access.is_performance_team(request.user),
        },
    )
