"""Read a CSV or XLSX file into rows, each with the row number a spreadsheet shows.

Nothing here raises for a bad file: anything that is not a readable CSV or XLSX becomes a
``Problem`` for the whole file, and a cell that cannot be read (a formula without a saved
value, an Excel error) becomes a ``CellError`` the importer reports against its row and column.

CSV: UTF-8 with or without a byte-order mark, else Windows-1252 (what Excel on Windows saves
as "CSV"); comma, semicolon or tab separated, decided from the header line.
XLSX: the first worksheet, read with openpyxl in read-only mode with ``data_only=True`` so a
formula gives the value Excel saved with it. Dates come back as ``datetime``; a number shown
as a percentage (0.93 shown as 93%) is read as what the owner sees (93).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from goldenthread.core.csvfiles import from_spreadsheet_cell
from goldenthread.imports import limits
from goldenthread.imports.registry import Problem

__all__ = [
    "Cell",
    "CellError",
    "Row",
    "Stream",
    "Table",
    "Unreadable",
    "normalise_header",
    "open_rows",
    "read_table",
]

# Excel files start as a zip archive; Excel 97-2003 files as an OLE2 compound document.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The largest file accepted, so a mistaken upload of something huge fails fast and clearly.
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class CellError:
    """A cell whose value could not be read; the message says why."""

    message: str


Cell = str | int | float | Decimal | datetime | date | time | bool | CellError | None


@dataclass
class Row:
    number: int
    cells: list[Cell]


@dataclass
class Table:
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    format: str = "CSV"


@dataclass
class Stream:
    """A file's header and its rows read as they are needed, so a large CSV is never held
    whole in memory. ``lines`` counts the file's lines, for a progress bar (a quoted cell
    may span lines, so it is an upper bound on the rows)."""

    header: list[str]
    rows: Iterator[Row]
    lines: int
    format: str = "CSV"


class Unreadable(Exception):
    """Raised by a ``Stream``'s rows when the rest of the file cannot be read."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def normalise_header(text: Any) -> str:
    """'Remedial_Action ', 'remedial-action' and 'REMEDIAL  ACTION' all read 'remedial action'."""
    return re.sub(r"[\s_\-]+", " ", str(text or "")).strip(" *").strip().lower()


def read_table(path: Path, name: str | None = None) -> Table | Problem:
    """The file's header and non-blank rows, or the one problem that stops it being read."""
    name = name or path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            return Problem(None, None, f"{name} is larger than {MAX_BYTES // 2**20} MB.")
        data = path.read_bytes()
    except OSError as error:
        return Problem(None, None, f"{name} could not be opened: {error.strerror or error}.")
    return read_bytes(data, name)


def open_rows(path: Path, name: str | None = None) -> Stream | Problem:
    """Like ``read_table``, but a CSV's rows are read from the file as they are used (the
    file is open until they are all read), so memory does not grow with the file. XLSX is
    read whole, as ``read_table`` reads it."""
    name = name or path.name
    suffix = Path(name).suffix.lower()
    try:
        with path.open("rb") as source:
            start = source.read(len(OLE_MAGIC))
        if path.stat().st_size > MAX_BYTES:
            return Problem(None, None, f"{name} is larger than {MAX_BYTES // 2**20} MB.")
    except OSError as error:
        return Problem(None, None, f"{name} could not be opened: {error.strerror or error}.")
    if suffix in ("", ".csv", ".txt", ".tsv") and not start.startswith((ZIP_MAGIC, OLE_MAGIC)):
        return _stream_csv(path, name)
    table = read_table(path, name)
    if isinstance(table, Problem):
        return table
    return Stream(table.header, iter(table.rows), len(table.rows) + 1, table.format)


def read_bytes(data: bytes, name: str) -> Table | Problem:
    suffix = Path(name).suffix.lower()
    if data.startswith(OLE_MAGIC) or suffix == ".xls":
        return Problem(
            None,
            None,
            f"{name} is an old Excel (.xls) file: save it as .xlsx or CSV and try again.",
        )
    if data.startswith(ZIP_MAGIC) or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, name)
    if suffix not in ("", ".csv", ".txt", ".tsv"):
        return Problem(None, None, f"{name} is not a CSV or XLSX file.")
    return _read_csv(data, name)


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Windows saves "CSV" in the ANSI code page; five byte values are unassigned
        # in Windows-1252, so a file with them is neither and is refused rather than guessed.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _binary(name: str) -> Problem:
    return Problem(None, None, f"{name} is not a CSV file: it contains binary data.")


def _not_text(name: str) -> Problem:
    return Problem(
        None,
        None,
        f"{name} is not readable text: save it as CSV UTF-8 (or Windows-1252) and try again.",
    )


def _read_csv(data: bytes, name: str) -> Table | Problem:
    if b"\x00" in data:
        return _binary(name)
    text = _decode(data)
    if text is None:
        return _not_text(name)
    stream = _csv_stream(io.StringIO(text, newline=""), name, lines=text.count("\n") + 1)
    if isinstance(stream, Problem):
        return stream
    table = Table(header=stream.header, format="CSV")
    try:
        table.rows.extend(stream.rows)
    except Unreadable as unreadable:
        return unreadable.problem
    return table


def _stream_csv(path: Path, name: str) -> Stream | Problem:
    """Check the whole file's encoding in one pass over its bytes (decoding and keeping
    nothing), then read its rows from the file as they are needed."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 1
        try:
            with path.open("rb") as source:
                while block := source.read(1 << 20):
                    if b"\x00" in block:
                        return _binary(name)
                    decoder.decode(block)
                    lines += block.count(b"\n")
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        except OSError as error:
            return Problem(None, None, f"{name} could not be read: {error.strerror or error}.")
        text = path.open(encoding=encoding, newline="")
        stream = _csv_stream(text, name, lines=lines)
        if isinstance(stream, Problem):
            text.close()
        return stream
    return _not_text(name)


def _csv_stream(text: io.TextIOBase, name: str, *, lines: int) -> Stream | Problem:
    """The header and a generator of the non-blank rows of CSV text (closed when read)."""
    first_line = text.readline()
    text.seek(0)
    reader = csv.reader(text, delimiter=_delimiter(first_line))
    try:
        header = next(reader, None)
    except csv.Error as error:
        return Problem(1, None, f"The CSV could not be read here: {error}.")
    if header is None or not any(h.strip() for h in header):
        return Problem(None, None, f"{name} is empty: the first row must name the columns.")
    if len(header) > limits.limits().columns:
        return limits.too_many_columns(1)
    return Stream([str(h) for h in header], _csv_rows(reader, text), lines, "CSV")


def _csv_rows(reader: Iterable[list[str]], text: io.TextIOBase) -> Iterator[Row]:
    number = 1
    columns = limits.limits().columns
    try:
        for number, record in enumerate(reader, start=2):
            if len(record) > columns:
                raise Unreadable(limits.too_many_columns(number))
            if "".join(record).strip():  # not blank: some cell has more than spaces
                yield Row(number, [from_spreadsheet_cell(cell) for cell in record])
    except csv.Error as error:
        raise Unreadable(
            Problem(number + 1, None, f"The CSV could not be read here: {error}.")
        ) from error
    finally:
        text.close()


def _read_xlsx(data: bytes, name: str) -> Table | Problem:
    import openpyxl  # imported here: only XLSX uploads pay for loading it

    if too_big := limits.check_zip(io.BytesIO(data), name):
        return too_big
    try:
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            for sheet in (*values.worksheets[:1], *formulas.worksheets[:1]):
                # The sheet's own <dimension> claim sizes every row in read-only mode: a
                # tiny file claiming A1:XFD2001 would be read as 32 million cells.
                sheet.reset_dimensions()
            return _xlsx_rows(values.worksheets, formulas.worksheets, name)
        finally:
            values.close()
            formulas.close()
    except zipfile.BadZipFile:
        return Problem(None, None, f"{name} is not a valid XLSX file (the archive is damaged).")
    # openpyxl and the XML and zip libraries under it raise many kinds of error on a damaged
    # file (KeyError, ValueError, TypeError, EOFError, zlib and XML errors); whatever it is,
    # the answer for the person uploading is the same.
    except Exception as error:
        reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        return Problem(None, None, f"{name} could not be read as an XLSX file ({reason}).")


def _xlsx_rows(values: Sequence[Any], formulas: Sequence[Any], name: str) -> Table | Problem:
    if not values:
        return Problem(None, None, f"{name} has no worksheet.")
    table: Table | None = None
    pairs = zip(
        values[0].iter_rows(values_only=False),
        formulas[0].iter_rows(values_only=True),
        strict=False,
    )
    most = limits.limits()
    for number, (cells, raw) in enumerate(pairs, start=1):
        if number > most.rows:
            return limits.too_many_rows(number)
        if len(cells) > most.columns:
            return limits.too_many_columns(number)
        row = [_xlsx_cell(cell, raw[i] if i < len(raw) else None) for i, cell in enumerate(cells)]
        if table is None:
            if any(value not in (None, "") for value in row):
                # The first row with anything in it names the columns; rows keep the
                # numbers the spreadsheet shows, so a title row above does not shift them.
                table = Table(header=["" if v is None else str(v) for v in row], format="XLSX")
            continue
        if any(value is not None and value != "" for value in row):
            table.rows.append(Row(number, row))
    if table is None:
        return Problem(None, None, f"{name} is empty: the first row must name the columns.")
    return table


def _xlsx_cell(cell: Any, raw: Any) -> Cell:
    value = getattr(cell, "value", None)
    if value is None:
        if isinstance(raw, str) and raw.startswith("="):
            return CellError(
                f"the formula {raw[:40]} has no saved value: open the file in Excel or "
                "LibreOffice, let it calculate, save it and try again"
            )
        return None
    if cell.data_type == "e":
        return CellError(f"the cell shows the Excel error {value}")
    shown_as_percent = "%" in (getattr(cell, "number_format", "") or "")
    if isinstance(value, int | float) and not isinstance(value, bool) and shown_as_percent:
        return Decimal(repr(value)) * 100
    return value
