"""Hostile XLSX files built in the tests: a decompression bomb and a false dimension claim."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:C5000001"/><sheetData>'
)
# Without an ``r`` attribute every row is byte-for-byte the same, so 5 million of them
# (about 555 MB of XML) deflate to under 2 MB.
ROW = (
    '<row><c t="inlineStr"><is><t>BV 8</t></is></c><c t="inlineStr"><is><t>2025-26-Q1'
    "</t></is></c><c><v>9.5</v></c></row>"
)


def _skeleton(code: str = "BV 8") -> dict[str, bytes]:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "period", "value"])
    sheet.append([code, "2025-26-Q1", 9.5])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def decompression_bomb(path: Path, rows: int = 5_000_000) -> Path:
    """A valid XLSX whose one sheet is ``rows`` identical rows."""
    parts = _skeleton()
    block = ROW.encode() * 10_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != SHEET:
                archive.writestr(name, data)
        with archive.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(HEAD.encode())
            sheet.write(b'<row><c t="inlineStr"><is><t>indicator</t></is></c></row>')
            for _ in range(rows // 10_000):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return path


def false_dimension(path: Path, code: str = "NO SUCH") -> Path:
    """A two-row XLSX whose ``<dimension>`` claims A1:XFD2001 (16,384 columns, 2,001 rows);
    its one value is for indicator ``code`` (by default none, so an import refuses it)."""
    parts = _skeleton(code)
    parts[SHEET] = re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD2001"/>', parts[SHEET]
    )
    assert b"XFD2001" in parts[SHEET]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path
