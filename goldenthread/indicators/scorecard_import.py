"""The page at /import/scorecard/: a council's own scorecard workbook, read as it is.

Upload → the sheet's first rows with a select per column of its guessed meaning, which the
officer corrects → check (every problem by cell reference) → import, all or nothing → our
RAG beside the workbook's colours. The workbook is kept (named by its SHA-256, as the import
page keeps its files) and the mapping is kept in the session between the steps; the mapping
can be downloaded as JSON and uploaded with next year's workbook. Works without JavaScript.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goldenthread import access
from goldenthread.core.forms import GovukFormMixin
from goldenthread.imports import limits
from goldenthread.imports.views import UPLOADS
from goldenthread.indicators.importers import scorecard
from goldenthread.indicators.importers.scorecard import MEANINGS, ColumnMap, Mapping, Sheet
from goldenthread.organisation.models import OrgUnit
from goldenthread.organisation.shortcuts import council_or_404

SESSION = "scorecard_import"
PROBLEMS_SHOWN = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload your scorecard workbook",
        help_text="Excel (XLSX): one sheet, a row per indicator, a column per period.",
        error_messages={"required": "Select your scorecard workbook", "empty": "The file is empty"},
    )
    mapping = forms.FileField(
        label="A mapping saved before (optional)",
        help_text="The JSON file this page gave you last time, to map the columns the same way.",
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError("The workbook must be an Excel XLSX file")
        return upload

    def clean_mapping(self) -> Mapping | None:
        upload = self.cleaned_data.get("mapping")
        if not upload:
            return None
        if upload.size > 200_000:
            raise forms.ValidationError("The mapping must be smaller than 200 KB")
        try:
            return Mapping.from_json(upload.read())
        except ValueError as error:
            raise forms.ValidationError(f"The mapping cannot be used: {error}") from error


class MappingForm(GovukFormMixin, forms.Form):
    """Which row holds the headers, the year, the default service, and each column's meaning."""

    header_row = forms.IntegerField(
        label="Row of the column headers",
        min_value=1,
        max_value=scorecard.HEADER_SEARCH,
        error_messages={"required": "Enter the row of the column headers"},
    )
    year = forms.IntegerField(
        label="Financial year of the workbook (its first year, such as 2024 for 2024/25)",
        help_text="For headers such as “Qtr 2” that give no year, and for the annual target.",
        min_value=1990,
        max_value=2100,
        required=False,
    )
    service = forms.ChoiceField(
        label="Service of indicators whose row names none",
        help_text="Otherwise each indicator takes its owner's service.",
        required=False,
    )

    def __init__(self, *args: Any, sheet: Sheet, services: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "None")] + [  # type: ignore[attr-defined]
            (u.code, u.name) for u in services
        ]
        self.letters = [scorecard.letter(c) for c in range(1, sheet.width + 1)]
        for name in self.letters:
            self.fields[f"meaning_{name}"] = forms.ChoiceField(
                label=f"Column {name}", choices=MEANINGS, initial="ignore"
            )
            self.fields[f"period_{name}"] = forms.CharField(
                label=f"Period of column {name}", required=False, max_length=40
            )
        # The mixin styled the fields declared on the class; these are styled the same way.
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"
            )

    @classmethod
    def initial_of(cls, mapping: Mapping) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "header_row": mapping.header_row,
            "year": mapping.year,
            "service": mapping.service,
        }
        for name, column in mapping.columns.items():
            initial[f"meaning_{name}"] = column.meaning
            initial[f"period_{name}"] = (
                scorecard.period_label(column.period) if column.period else ""
            )
        return initial

    def mapping(self, sheet: Sheet) -> Mapping:
        data = self.cleaned_data
        columns = {}
        for name in self.letters:
            meaning = data[f"meaning_{name}"]
            if meaning == "ignore":
                continue
            header = sheet.value(data["header_row"], scorecard.column_index(name))
            columns[name] = ColumnMap(
                meaning=meaning,
                period=data[f"period_{name}"].strip() if meaning in scorecard.WITH_PERIOD else "",
                header=scorecard.guess_column(header, None, "").header,
            )
        return Mapping(
            sheet=sheet.name,
            header_row=data["header_row"],
            year=data["year"],
            service=data["service"] or "",
            columns=columns,
        )

    def columns(self) -> list[tuple[str, Any, Any]]:
        """(letter, meaning field, period field) for each column, for the template."""
        return [(n, self[f"meaning_{n}"], self[f"period_{n}"]) for n in self.letters]


def _keep(upload: Any) -> Path:
    UPLOADS.mkdir(mode=0o700, exist_ok=True)
    content = b"".join(upload.chunks())
    path = UPLOADS / f"{hashlib.sha256(content).hexdigest()}.xlsx"
    path.write_bytes(content)
    return path


def _preview(sheet: Sheet, header_row: int) -> list[tuple[int, list[str]]]:
    last = min(len(sheet.rows), header_row + scorecard.PREVIEW_ROWS)
    lines = []
    for number in range(1, last + 1):
        cells = []
        for column in range(1, sheet.width + 1):
            value = sheet.value(number, column)
            cells.append("" if value is None else str(value)[:60])
        lines.append((number, cells))
    return lines


def _mapping_page(
    request: HttpRequest,
    *,
    form: MappingForm,
    sheet: Sheet,
    name: str,
    header_row: int,
    outcome: scorecard.Outcome | None = None,
    status: int = 200,
) -> HttpResponse:
    report = outcome.report if outcome else None
    return render(
        request,
        "indicators/scorecard_import_mapping.html",
        {
            "form": form,
            "name": name,
            "sheet": sheet,
            "letters": form.letters,
            "preview": _preview(sheet, header_row),
            "header_row": header_row,
            "hidden": sorted(sheet.hidden),
            "report": report,
            "problems": report.problems[:PROBLEMS_SHOWN] if report else [],
            "checked": report is not None and report.ok,
            "counts": outcome.counts if outcome else "",
        },
        status=status,
    )


def _services() -> list[OrgUnit]:
    council = council_or_404()
    return list(OrgUnit.objects.filter(council=council).order_by("name"))


@access.require("team.manage", methods=("GET", "HEAD", "POST"))
def scorecard_import(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    council_or_404()
    step = request.POST.get("step", "")
    if request.method != "POST" or step == "upload":
        return _upload(request)
    pending: dict[str, Any] | None = request.session.get(SESSION)
    path = UPLOADS / pending["file"] if pending else None
    if pending is None or path is None or not path.is_file():
        return redirect("scorecard-import")
    stored = Mapping.from_json(pending["mapping"])
    sheet = scorecard.read_sheet(path, stored.sheet or None)
    form = MappingForm(request.POST, sheet=sheet, services=_services())
    if not form.is_valid():
        return _mapping_page(
            request,
            form=form,
            sheet=sheet,
            name=pending["name"],
            header_row=stored.header_row,
            status=400,
        )
    if form.cleaned_data["header_row"] != stored.header_row:
        # Another header row: its columns are guessed afresh for the officer to check.
        row, year = form.cleaned_data["header_row"], form.cleaned_data["year"]
        mapping = Mapping(
            sheet=sheet.name,
            header_row=row,
            year=year,
            service=form.cleaned_data["service"] or "",
            columns=scorecard.guess_row(sheet, row, year),
        )
        pending["mapping"] = mapping.to_json()
        request.session[SESSION] = pending
        form = MappingForm(
            initial=MappingForm.initial_of(mapping), sheet=sheet, services=_services()
        )
        return _mapping_page(request, form=form, sheet=sheet, name=pending["name"], header_row=row)
    mapping = form.mapping(sheet)
    outcome = scorecard.import_workbook(
        path,
        actor=request.user,
        mapping=mapping,
        dry_run=step != "import",
        name=pending["name"],
    )
    if outcome.mapping is not None:
        pending["mapping"] = outcome.mapping.to_json()
        request.session[SESSION] = pending
    report = outcome.report
    if report.written:
        request.session.pop(SESSION, None)
        request.session[SESSION + "_mapping"] = pending["mapping"]
        path.unlink(missing_ok=True)
        return render(
            request,
            "indicators/scorecard_import_results.html",
            {
                "report": report,
                "name": pending["name"],
                "comparison": outcome.comparison,
                "counts": outcome.counts,
                "disagreements": outcome.disagreements,
            },
        )
    return _mapping_page(
        request,
        form=form,
        sheet=sheet,
        name=pending["name"],
        header_row=mapping.header_row,
        outcome=outcome,
        status=200 if report.ok else 422,
    )


def _upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "indicators/scorecard_import.html", {"form": form}, status=status)
    upload = form.cleaned_data["file"]
    name = Path(upload.name).name
    if too_large := limits.too_large(name, upload.size):
        form.add_error("file", too_large.message)
        return render(request, "indicators/scorecard_import.html", {"form": form}, status=413)
    path = _keep(upload)
    given: Mapping | None = form.cleaned_data["mapping"]
    try:
        sheet = scorecard.read_sheet(path, given.sheet if given and given.sheet else None)
    except scorecard.Unreadable as error:
        path.unlink(missing_ok=True)
        form.add_error("mapping" if given else "file", str(error))
        return render(request, "indicators/scorecard_import.html", {"form": form}, status=422)
    mapping = given or scorecard.guess(sheet)
    request.session[SESSION] = {"file": path.name, "name": name, "mapping": mapping.to_json()}
    columns = MappingForm(
        initial=MappingForm.initial_of(mapping), sheet=sheet, services=_services()
    )
    return _mapping_page(
        request, form=columns, sheet=sheet, name=name, header_row=mapping.header_row
    )


@access.require("team.manage")
def scorecard_import_mapping(request: HttpRequest) -> HttpResponse:
    """The mapping in hand (or the last one imported) as a JSON file to keep."""
    pending = request.session.get(SESSION)
    text = pending["mapping"] if pending else request.session.get(SESSION + "_mapping")
    if not text:
        return redirect("scorecard-import")
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="scorecard-mapping.json"'
    return response
