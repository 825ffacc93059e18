"""Write import templates as CSV (UTF-8 with a byte-order mark, so Excel reads £ and – right)
or XLSX. The headers are the importers' own column names, so a template imports unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from goldenthread.imports.definitions import FIELDS as DEFINITION_FIELDS
from goldenthread.imports.selectors import TemplateRow
from goldenthread.indicators.models import Indicator

__all__ = ["definitions_table", "targets_table", "to_csv", "to_xlsx", "values_table"]

Table = tuple[list[str], list[list[Any]]]

VALUES_HEADER = [
    "indicator",
    "title",
    "period",
    "unit",
    "value",
    "numerator",
    "denominator",
    "commentary",
    "remedial action",
    "estimated",
    "forecast",
    "state",
]
TARGETS_HEADER = ["indicator", "title", "period", "value", "lower", "upper", "stretch", "note"]


def _number(value: Decimal | None) -> Decimal | None:
    """Stored figures without the database's trailing zeros (12.500000 → 12.5)."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def values_table(rows: Iterable[TemplateRow]) -> Table:
    body = []
    for row in rows:
        actual = row.actual
        body.append(
            [
                row.indicator.code,
                row.indicator.title,
                row.period.code,
                row.indicator.get_unit_display(),
                _number(actual.value) if actual else None,
                _number(actual.numerator) if actual else None,
                _number(actual.denominator) if actual else None,
                actual.commentary if actual else "",
                actual.remedial_action if actual else "",
                _yes(actual.is_estimated) if actual else "",
                _number(actual.forecast) if actual else None,
                actual.get_state_display() if actual else "Not started",
            ]
        )
    return VALUES_HEADER, body


def targets_table(rows: Iterable[TemplateRow]) -> Table:
    body = []
    for row in rows:
        target = row.target
        body.append(
            [
                row.indicator.code,
                row.indicator.title,
                row.period.code,
                _number(target.value) if target else None,
                _number(target.lower) if target else None,
                _number(target.upper) if target else None,
                _yes(target.is_stretch) if target else "",
                target.note if target else "",
            ]
        )
    return TARGETS_HEADER, body


def definitions_table(indicators: Iterable[Indicator]) -> Table:
    header = ["code", *(column for column, _, _ in DEFINITION_FIELDS)]
    body = []
    for indicator in indicators:
        line: list[Any] = [indicator.code]
        for _, field, kind in DEFINITION_FIELDS:
            value = getattr(indicator, field)
            if kind == "owner":
                value = value.user.username if value else ""
            elif kind == "service":
                value = value.code
            elif kind == "yes_no":
                value = _yes(value)
            elif isinstance(value, Decimal):
                value = _number(value)
            line.append(value)
        body.append(line)
    return header, body


def to_csv(header: Sequence[str], body: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for line in body:
        writer.writerow(["" if cell is None else cell for cell in line])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(header: Sequence[str], body: Iterable[Sequence[Any]], *, title: str) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            # Control characters pasted into commentary cannot be stored in XLSX's XML.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if isinstance(value, str) and value.startswith("="):
            # Text someone typed that starts with "=" stays text, never a formula.
            text = WriteOnlyCell(sheet, value=value)
            text.data_type = "s"
            return text
        return value

    sheet.append(list(header))
    for line in body:
        sheet.append([cell(value) for value in line])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
