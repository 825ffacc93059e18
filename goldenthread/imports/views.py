"""The Import page: download a template, upload a file, see the check, then confirm.

A dry run keeps the uploaded file (named by its SHA-256) in a private temporary folder and
remembers it in the session, so "Import these changes" imports exactly the file that was
checked without uploading it again.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.imports import selectors, spreadsheets
from goldenthread.imports.forms import KIND_LABELS, ImportForm, TemplateForm
from goldenthread.imports.permissions import import_permission
from goldenthread.imports.registry import REGISTRY, Report
from goldenthread.indicators.models import Indicator, Period
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.organisation.shortcuts import council_or_404
from goldenthread.periods import financial_year_of

UPLOADS = Path(tempfile.gettempdir()) / "goldenthread-imports"
PENDING = "import_pending"
# The problems table shows this many; the summary counts them all.
PROBLEMS_SHOWN = 500


def _kinds(user: User) -> list[str]:
    """The kinds ``user`` may import; none is refused (the nav shows Import to everyone)."""
    kinds = [k for k in KIND_LABELS if import_permission(user, k).allowed]
    if not kinds:
        raise PermissionDenied("You may not import data: ask the performance team.")
    return kinds


def _template_form(request: HttpRequest, kinds: list[str], council: Council) -> TemplateForm:
    fy = financial_year_of(today())
    return TemplateForm(
        request.GET or None,
        kinds=kinds,
        services=list(OrgUnit.objects.filter(council=council).exclude(kind="section")),
        owners=list(
            Person.objects.filter(council=council, indicators__isnull=False)
            .distinct()
            .select_related("user")
        ),
        periods=list(
            Period.objects.filter(
                financial_year__in=[fy - 1, fy],
                kind__in=Indicator.objects.filter(council=council).values("frequency"),
            ).order_by("kind", "start")
        ),
    )


def _page(
    request: HttpRequest,
    *,
    form: ImportForm,
    kinds: list[str],
    report: Report | None = None,
    pending: bool = False,
    status: int = 200,
) -> HttpResponse:
    council = council_or_404()
    return render(
        request,
        "imports/import.html",
        {
            "form": form,
            "template_form": _template_form(request, kinds, council),
            "report": report,
            "problems": report.problems[:PROBLEMS_SHOWN] if report else [],
            "pending": pending,
            "council_name": council.name,
        },
        status=status,
    )


@access.require("person.any", methods=("GET", "HEAD", "POST"))
def import_page(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    if not any(import_permission(request.user, k).allowed for k in KIND_LABELS):
        council = Council.objects.current()
        context = {"council_name": council.name if council else ""}
        return render(request, "imports/not_allowed.html", context, status=403)
    kinds = _kinds(request.user)
    if request.method != "POST":
        return _page(request, form=ImportForm(kinds=kinds), kinds=kinds)
    form = ImportForm(request.POST, request.FILES, kinds=kinds)
    if not form.is_valid():
        return _page(request, form=form, kinds=kinds, status=400)
    upload = form.cleaned_data["file"]
    path, name = _keep(upload), Path(upload.name).name
    dry_run = form.cleaned_data["dry_run"]
    report = _run(request.user, form.cleaned_data["kind"], path, name, dry_run=dry_run)
    pending = dry_run and report.ok and bool(report.created or report.updated)
    if pending:
        request.session[PENDING] = {"kind": report.kind, "file": path.name, "name": name}
    else:
        path.unlink(missing_ok=True)
    return _page(
        request, form=form, kinds=kinds, report=report, pending=pending, status=_status(report)
    )


@access.require("person.any", methods=("POST",))
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the file the last dry run checked (it is checked again as it is imported)."""
    assert isinstance(request.user, User)
    kinds = _kinds(request.user)
    pending: dict[str, str] | None = request.session.pop(PENDING, None)
    path = UPLOADS / pending["file"] if pending else None
    if pending is None or path is None or not path.is_file() or pending["kind"] not in kinds:
        return redirect("import")
    report = _run(request.user, pending["kind"], path, pending["name"], dry_run=False)
    path.unlink(missing_ok=True)
    form = ImportForm(initial={"kind": pending["kind"]}, kinds=kinds)
    return _page(request, form=form, kinds=kinds, report=report, status=_status(report))


@access.require("person.any")
def template_download(request: HttpRequest) -> HttpResponse:
    """A template of the chosen indicators and periods, current figures filled in."""
    assert isinstance(request.user, User)
    kinds = _kinds(request.user)
    council = council_or_404()
    form = _template_form(request, kinds, council)
    if not form.is_valid():
        return _page(request, form=ImportForm(kinds=kinds), kinds=kinds, status=400)
    data = form.cleaned_data
    kind, chosen = data["kind"], [data["service"], data["owner"], data["period"]]
    if kind == "indicators":
        table = spreadsheets.definitions_table(selectors.definition_rows(council=council))
    else:
        rows = selectors.template_rows(
            council=council,
            today=today(),
            service=get_object_or_404(OrgUnit, council=council, code=chosen[0])
            if chosen[0]
            else None,
            owner=get_object_or_404(Person, council=council, user__username=chosen[1])
            if chosen[1]
            else None,
            period=get_object_or_404(Period, code=chosen[2]) if chosen[2] else None,
            allowed=import_permission(request.user, kind).indicators,
        )
        maker = spreadsheets.values_table if kind == "values" else spreadsheets.targets_table
        table = maker(rows)
    stem = "-".join([kind, *(c for c in chosen if c)])
    if data["format"] == "csv":
        content, mime = spreadsheets.to_csv(*table), "text/csv; charset=utf-8"
    else:
        content = spreadsheets.to_xlsx(*table, title=kind)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{data["format"]}"'
    return response


def _keep(upload: Any) -> Path:
    """Save the upload under its SHA-256 in a folder only this user of the machine can read."""
    UPLOADS.mkdir(mode=0o700, exist_ok=True)
    digest = hashlib.sha256()
    chunks = []
    for chunk in upload.chunks():
        digest.update(chunk)
        chunks.append(chunk)
    suffix = Path(upload.name).suffix.lower()[:8]
    path = UPLOADS / f"{digest.hexdigest()}{suffix}"
    path.write_bytes(b"".join(chunks))
    return path


def _run(user: User, kind: str, path: Path, name: str, *, dry_run: bool) -> Report:
    return REGISTRY[kind].run(
        path, actor=user, dry_run=dry_run, progress=None, options={"name": name}
    )


def _status(report: Report) -> int:
    return 200 if report.ok else 422
