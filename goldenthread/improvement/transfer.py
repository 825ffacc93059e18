"""Import and export of action plans.

The file is one table (CSV, or the first sheet of an XLSX) with a ``Record`` column saying what
each row is:

=============== ==============================================================================
plan            Reference (the plan's short name), Kind, Text (title), Detail (subtitle)
key             Reference (initials), Text (name), Detail (role)
recommendation  Recommendation (number), Text, Detail (the council's response)
action          Recommendation, Action (letter), Text, Timescale (as written), Due (optional:
                read from the timescale when empty), Leads (initials in the key, or roles,
                separated by commas), Status
progress        Recommendation, Action (letter; empty for the recommendation as a whole),
                Text, Status, Date, By
=============== ==============================================================================

The export writes that table as the workbook's first sheet (so an exported file imports
again unchanged) and the progress report in the layout of docs/sources.md#seed-003 after it; the
.docx and .pdf are the progress report alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction

from goldenthread.core.clock import today as clock_today
from goldenthread.core.csvfiles import csv_text
from goldenthread.documents import Heading, PageBreak, Paragraph, Sheet, Table
from goldenthread.documents.blocks import Block
from goldenthread.imports import base
from goldenthread.imports.readers import CellError, Row, normalise_header, read_table
from goldenthread.imports.registry import Problem, Progress, Report
from goldenthread.improvement import selectors, services
from goldenthread.improvement.models import ActionPlan, ActionStatus, Recommendation
from goldenthread.improvement.timescales import due_from_timescale
from goldenthread.organisation.models import Council

COLUMNS = [
    "Record",
    "Reference",
    "Kind",
    "Recommendation",
    "Action",
    "Text",
    "Detail",
    "Timescale",
    "Due",
    "Leads",
    "Status",
    "Date",
    "By",
]
RECORDS = ("plan", "key", "recommendation", "action", "progress")
STATUS_BY_WORD = {
    **{s.value: s.value for s in ActionStatus},
    **{s.label.lower(): s.value for s in ActionStatus},
}
KIND_BY_WORD = {
    **{k.value: k.value for k in ActionPlan.Kind},
    **{k.label.lower(): k.value for k in ActionPlan.Kind},
}
# Status colours for the documents (GOV.UK tag colours, light).
STATUS_FILL = {
    "not_started": "F3F2F1",
    "on_track": "CCE2D8",
    "at_risk": "FFF7BF",
    "delayed": "FCD6C3",
    "overdue": "F4CDC6",
    "complete": "BBD4EA",
    "cancelled": "F3F2F1",
}


# ---------------------------------------------------------------------------------------------
# Import


@dataclass
class _Action:
    row: int
    letter: str
    text: str
    timescale: str
    due: date | None
    leads: list[services.Lead]
    status: str


@dataclass
class _Recommendation:
    row: int
    number: int
    text: str
    response: str
    actions: list[_Action] = field(default_factory=list)
    progress: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Parsed:
    ref: str = ""
    kind: str = ""
    title: str = ""
    subtitle: str = ""
    key: dict[str, tuple[str, str]] = field(default_factory=dict)
    recommendations: dict[int, _Recommendation] = field(default_factory=dict)


def _text(value: Any) -> str:
    if value is None or isinstance(value, CellError):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date: write it as 2007-02-28 or 28/02/2007.")


def _number(value: Any) -> int:
    text = _text(value)
    try:
        number = Decimal(text)
    except ArithmeticError as error:
        raise ValueError(f"“{text}” is not a recommendation number.") from error
    if number != number.to_integral_value() or number < 1:
        raise ValueError(f"“{text}” is not a recommendation number.")
    return int(number)


def parse(path: Path) -> tuple[Parsed, list[Problem], int]:
    """The plan a file describes and every problem with it; the number of rows read."""
    table = read_table(path)
    if isinstance(table, Problem):
        return Parsed(), [table], 0
    columns = {normalise_header(h): i for i, h in enumerate(table.header)}
    problems: list[Problem] = []
    missing = [c for c in ("Record", "Text") if c.lower() not in columns]
    if missing:
        names = ", ".join(missing)
        return Parsed(), [Problem(None, None, f"The file has no {names} column.")], len(table.rows)

    def cell(row: Row, name: str) -> Any:
        index = columns.get(name.lower())
        return row.cells[index] if index is not None and index < len(row.cells) else None

    parsed = Parsed()

    def recommendation_of(row: Row, missing: str) -> _Recommendation | None:
        """The recommendation an action or progress row names; None, with the problem noted,
        if it names none or one not in the file (``missing``, which may say ``{number}``)."""
        try:
            number = _number(cell(row, "Recommendation"))
        except ValueError as error:
            problems.append(Problem(row.number, "Recommendation", str(error)))
            return None
        rec = parsed.recommendations.get(number)
        if rec is None:
            problems.append(Problem(row.number, "Recommendation", missing.format(number=number)))
        return rec

    plan_row: int | None = None
    key_rows: dict[str, int] = {}
    pending_progress: list[tuple[Row, int | None]] = []
    for row in table.rows:
        n = row.number
        for name in COLUMNS:
            if isinstance(cell(row, name), CellError):
                problems.append(Problem(n, name, cell(row, name).message))
        record = _text(cell(row, "Record")).lower()
        text = _text(cell(row, "Text"))
        if record not in RECORDS:
            problems.append(
                Problem(n, "Record", f"“{record}” is not one of: {', '.join(RECORDS)}.")
            )
            continue
        if record == "plan":
            if plan_row is not None:
                problems.append(
                    Problem(n, "Record", f"A second plan row (the first is row {plan_row}).")
                )
                continue
            plan_row = n
            parsed.ref = _text(cell(row, "Reference"))
            parsed.title = text
            parsed.subtitle = _text(cell(row, "Detail"))
            kind = _text(cell(row, "Kind")).lower()
            parsed.kind = KIND_BY_WORD.get(kind, "")
            if not parsed.ref:
                problems.append(Problem(n, "Reference", "The plan needs a reference."))
            if not text:
                problems.append(Problem(n, "Text", "The plan needs a title."))
            if not parsed.kind:
                problems.append(
                    Problem(n, "Kind", f"“{kind}” is not a kind of plan: use one of "
                            f"{', '.join(ActionPlan.Kind.values)}.")
                )  # fmt: skip
        elif record == "key":
            initials = _text(cell(row, "Reference"))
            if not initials or not text:
                problems.append(Problem(n, "Reference", "A key row needs initials and a name."))
            elif initials in key_rows:
                problems.append(
                    Problem(n, "Reference", f"“{initials}” is in the key twice (row {key_rows[initials]}).")
                )  # fmt: skip
            else:
                key_rows[initials] = n
                parsed.key[initials] = (text, _text(cell(row, "Detail")))
        elif record == "recommendation":
            try:
                number = _number(cell(row, "Recommendation"))
            except ValueError as error:
                problems.append(Problem(n, "Recommendation", str(error)))
                continue
            if number in parsed.recommendations:
                first = parsed.recommendations[number].row
                problems.append(
                    Problem(n, "Recommendation", f"Recommendation {number} is repeated (first on row {first}).")
                )  # fmt: skip
                continue
            if not text:
                problems.append(Problem(n, "Text", f"Recommendation {number} has no text."))
            parsed.recommendations[number] = _Recommendation(
                n, number, text, _text(cell(row, "Detail"))
            )
        elif record == "action":
            rec = recommendation_of(
                row, "Recommendation {number} has no recommendation row above this action."
            )
            if rec is None:
                continue
            letter = _text(cell(row, "Action"))
            if not text:
                problems.append(Problem(n, "Text", f"Action {rec.number}{letter} has no text."))
            timescale = _text(cell(row, "Timescale"))
            try:
                due = _date(cell(row, "Due"))
            except ValueError as error:
                problems.append(Problem(n, "Due", str(error)))
                due = None
            status_word = _text(cell(row, "Status")).lower() or "not_started"
            status = STATUS_BY_WORD.get(status_word, "")
            if not status:
                problems.append(Problem(n, "Status", _status_message(status_word)))
            leads = services.parse_leads(_text(cell(row, "Leads")))
            for lead in leads:
                if lead.initials and lead.initials not in parsed.key:
                    problems.append(
                        Problem(n, "Leads", f"“{lead.initials}” is not in the key to leads.")
                    )
            rec.actions.append(
                _Action(
                    n, letter, text, timescale,
                    due if due is not None else due_from_timescale(timescale), leads, status,
                )
            )  # fmt: skip
        else:
            pending_progress.append((row, None))
    for row, _ in pending_progress:
        n = row.number
        rec = recommendation_of(row, "There is no recommendation {number}.")
        if rec is None:
            continue
        letter = _text(cell(row, "Action"))
        if letter and letter not in {a.letter for a in rec.actions}:
            problems.append(
                Problem(n, "Action", f"Recommendation {rec.number} has no action “{letter}”.")
            )
        text = _text(cell(row, "Text"))
        if not text:
            problems.append(Problem(n, "Text", "A progress update needs its text."))
        status_word = _text(cell(row, "Status")).lower()
        status = STATUS_BY_WORD.get(status_word, "") if status_word else ""
        if status_word and not status:
            problems.append(Problem(n, "Status", _status_message(status_word)))
        try:
            on = _date(cell(row, "Date"))
        except ValueError as error:
            problems.append(Problem(n, "Date", str(error)))
            on = None
        rec.progress.append(
            {"letter": letter, "text": text, "status": status, "on": on, "by": _text(cell(row, "By"))}
        )  # fmt: skip
    if plan_row is None:
        problems.append(Problem(None, "Record", "The file has no plan row."))
    if not parsed.recommendations and not problems:
        problems.append(Problem(None, "Record", "The file has no recommendations."))
    return parsed, problems, len(table.rows)


def _status_message(word: str) -> str:
    labels = ", ".join(s.label.lower() for s in ActionStatus)
    return f"“{word}” is not a status: use one of {labels}."


def actionplan_import(
    path: Path,
    *,
    actor: User | AnonymousUser | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    ref: str = "",
    council: Council | None = None,
) -> Report:
    """Import one action plan, all or nothing. ``ref`` imports it under another reference."""

    def check(path: Path, report: Report) -> Callable[[], None] | None:
        return actionplan_check(
            path, report, actor=actor, progress=progress, ref=ref, council=council
        )

    return base.run_checked(path, kind="actionplan", check=check, dry_run=dry_run)


def actionplan_check(
    path: Path,
    report: Report,
    *,
    actor: User | AnonymousUser | None,
    progress: Progress | None,
    ref: str,
    council: Council | None,
) -> Callable[[], None] | None:
    """The plan the file describes, every row checked; what would create it."""
    parsed, problems, report.rows = parse(path)
    if ref:
        parsed.ref = ref
    council = council or Council.objects.current()
    if council is None:
        problems.append(Problem(None, None, "There is no council to import the plan into."))
    elif parsed.ref and ActionPlan.objects.filter(council=council, ref=parsed.ref).exists():
        problems.append(
            Problem(None, "Reference", f"A plan with the reference “{parsed.ref}” exists already: "
                    "import with --ref to give this one another.")
        )  # fmt: skip
    report.problems = problems
    if problems or council is None:
        return None
    actions = sum(len(r.actions) for r in parsed.recommendations.values())
    report.changes = [
        f"Create plan “{parsed.title}” ({parsed.ref}): {len(parsed.recommendations)} "
        f"recommendations, {actions} actions, {len(parsed.key)} people in the key."
    ]
    report.created = report.rows
    into = council

    def write() -> None:
        try:
            _write(parsed, into, actor, progress, report.rows)
        except ValidationError as error:
            report.problems = [Problem(None, None, m) for m in error.messages]
            report.created = 0

    return write


def _write(
    parsed: Parsed,
    council: Council,
    actor: User | AnonymousUser | None,
    progress: Progress | None,
    total: int,
) -> ActionPlan:
    done = 0
    with transaction.atomic():
        plan = services.plan_create(
            actor, council=council, ref=parsed.ref, kind=parsed.kind,
            title=parsed.title, subtitle=parsed.subtitle,
        )  # fmt: skip
        for initials, (name, role) in parsed.key.items():
            services.key_add(actor, plan, initials, name, role)
        for rec in parsed.recommendations.values():
            saved = services.recommendation_add(actor, plan, rec.number, rec.text, rec.response)
            by_letter: dict[str, Any] = {}
            for item in rec.actions:
                action = services.action_add(
                    actor, saved, text=item.text, letter=item.letter, timescale=item.timescale,
                    due=item.due, leads=", ".join(str(lead) for lead in item.leads),
                    status=item.status,
                )  # fmt: skip
                by_letter.setdefault(item.letter, action)
                done += 1
                if progress:
                    progress(done, total)
            for update in rec.progress:
                services.progress_add(
                    actor, saved, text=update["text"], action=by_letter.get(update["letter"]),
                    on=update["on"], status=update["status"], by=update["by"],
                    update_action=False,
                )  # fmt: skip
    return plan


# ---------------------------------------------------------------------------------------------
# Export


def plan_rows(plan: ActionPlan, recommendations: list[Recommendation]) -> list[list[Any]]:
    """The plan as the import table: header first."""
    rows: list[list[Any]] = [COLUMNS]

    def row(**values: Any) -> list[Any]:
        return [values.get(c.lower(), "") for c in COLUMNS]

    rows.append(row(record="plan", reference=plan.ref, kind=plan.kind, text=plan.title, detail=plan.subtitle))  # fmt: skip
    for key in plan.key.all():
        rows.append(row(record="key", reference=key.initials, text=key.name, detail=key.role))
    for rec in recommendations:
        rows.append(row(record="recommendation", recommendation=rec.number, text=rec.text, detail=rec.response))  # fmt: skip
        for action in rec.actions.all():
            rows.append(
                row(
                    record="action", recommendation=rec.number, action=action.letter,
                    text=action.text, timescale=action.timescale, due=action.due,
                    leads=services.leads_text(list(action.leads.all())),
                    status=action.get_status_display(),
                )
            )  # fmt: skip
        for update in rec.progress.all():
            rows.append(
                row(
                    record="progress", recommendation=rec.number,
                    action=update.action.letter if update.action else "", text=update.text,
                    status=update.get_status_display() if update.status else "",
                    date=update.on, by=update.by,
                )
            )  # fmt: skip
    return rows


def _key_line(key: Any) -> str:
    return f"{key.name} – {key.role}" if key.role else key.name


def _lettered(letter: str, text: str) -> str:
    return f"{letter}) {text}" if letter else text


def report_blocks(
    plan: ActionPlan, recommendations: list[Recommendation], today: date
) -> list[Block]:
    """The progress report in the layout of docs/sources.md#seed-003."""
    blocks: list[Block] = [Heading(plan.title.upper(), 0)]
    if plan.subtitle:
        blocks.append(Paragraph(plan.subtitle.upper(), bold=True))
    keys = list(plan.key.all())
    if keys:
        blocks.append(Heading("RESPONSIBILITIES: KEY TO LEADS", 1))
        blocks.append(Table(["Initials", "Name and role"], [[k.initials, _key_line(k)] for k in keys], [1, 5]))  # fmt: skip
    for rec in recommendations:
        blocks.append(PageBreak())
        blocks.append(Heading(f"RECOMMENDATION {rec.number}", 1))
        blocks.extend(Paragraph(p) for p in _paragraphs(rec.text))
        blocks.append(Heading("RESPONSE", 2))
        blocks.extend(Paragraph(p) for p in _paragraphs(rec.response))
        actions = list(rec.actions.all())
        if actions:
            rows, fills = [], []
            for action in actions:
                shown = action.shown_status(today)  # the one status rule
                rows.append([
                    _lettered(action.letter, action.text), action.timescale,
                    services.leads_text(list(action.leads.all())), shown.label,
                ])  # fmt: skip
                fills.append(STATUS_FILL[shown.value])
            blocks.append(Table(["ACTION", "TIMESCALE", "LEAD", "STATUS"], rows, [6, 3, 2, 1.6], fills))  # fmt: skip
        blocks.append(Heading(f"PROGRESS WITH R{rec.number}", 2))
        updates = list(rec.progress.all())
        if not updates:
            blocks.append(Paragraph("No progress reported yet."))
        for update in updates:
            blocks.append(Paragraph(_progress_line(update)))
    return blocks


def _progress_line(update: Any) -> str:
    extra = [x for x in (update.on and f"{update.on:%d %B %Y}", update.by) if x]
    if update.status:
        extra.insert(0, update.get_status_display())
    suffix = f" ({', '.join(extra)})" if extra else ""
    return _lettered(update.action.letter if update.action else "", update.text) + suffix


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n") if p.strip()] or [""]


def report_sheet(blocks: list[Block]) -> Sheet:
    """The progress report as a worksheet: headings in bold, tables as rows."""
    rows: list[list[Any]] = []
    bold: set[int] = set()
    fills: dict[tuple[int, int], str] = {}
    for block in blocks:
        if isinstance(block, Heading):
            if rows:
                rows.append([])
            bold.add(len(rows))
            rows.append([block.text])
        elif isinstance(block, Paragraph):
            if block.bold:
                bold.add(len(rows))
            rows.append([block.text])
        elif isinstance(block, Table):
            bold.add(len(rows))
            rows.append(list(block.header))
            for index, values in enumerate(block.rows):
                if index < len(block.shading) and block.shading[index]:
                    fills[(len(rows), len(values) - 1)] = block.shading[index] or ""
                rows.append(list(values))
    return Sheet("Progress report", rows, bold, widths=[70, 35, 25, 16], fills=fills)


def export(plan: ActionPlan, fmt: str, out: Path, *, today: date | None = None) -> Path:
    """Write the plan as docx, pdf, xlsx or csv to ``out``."""
    from goldenthread.documents import docx_to_pdf, write_docx, write_xlsx

    today = today or clock_today()
    recommendations = selectors.plan_full(plan)
    if fmt == "csv":
        text = csv_text(plan_rows(plan, recommendations))
        out.write_text(text, encoding="utf-8-sig", newline="")
        return out
    blocks = report_blocks(plan, recommendations, today)
    if fmt == "xlsx":
        data = plan_rows(plan, recommendations)
        write_xlsx(
            [
                Sheet("Action plan", data, {0}, widths=[15, 14, 12, 15, 8, 60, 50, 30, 12, 20, 12, 12, 15], freeze_header=True),
                report_sheet(blocks),
            ],
            out,
        )  # fmt: skip
        return out
    if fmt == "docx":
        write_docx(blocks, out, title=plan.title)
        return out
    if fmt == "pdf":
        import tempfile

        with tempfile.TemporaryDirectory(prefix="gt-export-") as work:
            source = Path(work) / f"{plan.ref}.docx"
            write_docx(blocks, source, title=plan.title)
            docx_to_pdf(source, out)
        return out
    raise ValueError(f"Unknown format {fmt!r}: use docx, pdf, xlsx or csv.")


def grouped_progress(recommendation: Recommendation) -> dict[str, list[Any]]:
    """Progress updates by action letter ("" for the recommendation as a whole)."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for update in recommendation.progress.all():
        groups[update.action.letter if update.action else ""].append(update)
    return groups
