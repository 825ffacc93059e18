"""The Import page: download a template, upload a file, see the check, then confirm.

A dry run keeps the uploaded file (named by its SHA-256) in a private temporary folder and
remembers it in the session, so "Import these changes" imports exactly the file that was
checked without uploading it again.
"""

from __future__ import annotations

import hashlib
import itertools
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.imports import limits, spreadsheets
from goldenthread.imports.forms import ImportForm, TemplateForm
from goldenthread.imports.permissions import import_permission
from goldenthread.imports.registry import REGISTRY, Kind, Report, TemplateChoices, page_kinds
from goldenthread.organisation.models import Council
from goldenthread.organisation.shortcuts import council_or_404

UPLOADS = Path(tempfile.gettempdir()) / "goldenthread-imports"
PENDING = "import_pending"
# The problems table shows this many; the summary counts them all.
PROBLEMS_SHOWN = 500
STALE_AFTER = 24 * 60 * 60


def _kinds(user: User) -> list[Kind]:
    """The kinds the page offers that ``user`` may import; none is refused (the nav shows
    Import to everyone)."""
    kinds = [k for k in page_kinds() if import_permission(user, k.name).allowed]
    if not kinds:
        raise PermissionDenied("You may not import data: ask the performance team.")
    return kinds


def _template_form(request: HttpRequest, kinds: list[Kind], council: Council) -> TemplateForm:
    with_template = [k for k in kinds if k.template]
    # Kinds share the form: each offers its choices, and the form offers every one once.
    offered = [k.template.choices(council, today()) for k in with_template if k.template]
    choices = TemplateChoices(
        services=_union(c.services for c in offered),
        owners=_union(c.owners for c in offered),
        periods=_union(c.periods for c in offered),
    )
    return TemplateForm(request.GET or None, kinds=with_template, choices=choices)


def _union(lists: Iterable[list[tuple[str, str]]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(itertools.chain.from_iterable(lists)))


def _page(
    request: HttpRequest,
    *,
    form: ImportForm,
    kinds: list[Kind],
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
            # The team also moves a council's own scorecard workbook in (its own page).
            "is_team": access.can(request.user, "team.manage"),
        },
        status=status,
    )


@access.require("person.any", methods=("GET", "HEAD", "POST"))
def import_page(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    if not any(import_permission(request.user, k.name).allowed for k in page_kinds()):
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
    name = Path(upload.name).name
    if too_large := limits.too_large(name, upload.size):
        form.add_error("file", too_large.message)
        return _page(request, form=form, kinds=kinds, status=413)
    path = _keep(upload)
    dry_run, pending = form.cleaned_data["dry_run"], False
    try:
        report = _run(request.user, form.cleaned_data["kind"], path, name, dry_run=dry_run)
        pending = dry_run and report.ok and bool(report.created or report.updated)
        if pending:
            request.session[PENDING] = {"kind": report.kind, "file": path.name, "name": name}
    finally:
        # Kept only for the confirm step; an error in the import must not leave it behind.
        if not pending:
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
    if (
        pending is None
        or path is None
        or not path.is_file()
        or pending["kind"] not in {k.name for k in kinds}
    ):
        return redirect("import")
    try:
        report = _run(request.user, pending["kind"], path, pending["name"], dry_run=False)
    finally:
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
    kind, chosen = REGISTRY[data["kind"]], [data["service"], data["owner"], data["period"]]
    assert kind.template is not None  # the form offers only kinds with a template
    table = kind.template.table(
        council=council,
        today=today(),
        service=chosen[0],
        owner=chosen[1],
        period=chosen[2],
        allowed=import_permission(request.user, kind.name).indicators,
    )
    stem = "-".join([kind.name, *(c for c in chosen if c)])
    if data["format"] == "csv":
        content, mime = spreadsheets.to_csv(*table), "text/csv; charset=utf-8"
    else:
        content = spreadsheets.to_xlsx(*table, title=kind.name)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{data["format"]}"'
    return response


def _keep(upload: Any) -> Path:
    """Save the upload under its SHA-256 in a folder only this user of the machine can read."""
    UPLOADS.mkdir(mode=0o700, exist_ok=True)
    _sweep(UPLOADS)
    digest = hashlib.sha256()
    chunks = []
    for chunk in upload.chunks():
        digest.update(chunk)
        chunks.append(chunk)
    suffix = Path(upload.name).suffix.lower()[:8]
    path = UPLOADS / f"{digest.hexdigest()}{suffix}"
    path.write_bytes(b"".join(chunks))
    return path


def _sweep(folder: Path, *, now: float | None = None) -> None:
    """Remove uploads older than a day: a worker killed mid-import (gunicorn's timeout) never
    reaches the ``finally`` that removes its file, and a dry run nobody confirmed stays too."""
    cutoff = (time.time() if now is None else now) - STALE_AFTER
    for stale in folder.iterdir():
        try:
            if stale.is_file() and stale.stat().st_mtime < cutoff:
                stale.unlink(missing_ok=True)
        except OSError:
            continue  # another worker removed it first


def _run(user: User, kind: str, path: Path, name: str, *, dry_run: bool) -> Report:
    return REGISTRY[kind].run(
        path, actor=user, dry_run=dry_run, progress=None, options={"name": name}
    )


def _status(report: Report) -> int:
    return 200 if report.ok else 422
