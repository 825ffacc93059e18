"""How big an import file may be, checked before and while it is parsed (ADR 0006).

An XLSX is a zip of XML: a 2 MB upload can unpack to 555 MB of sheet XML, and a sheet whose
``<dimension>`` claims ``A1:XFD2001`` makes openpyxl's read-only mode pad every row to 16,384
cells. Either holds a web worker until gunicorn kills it. So the archive's members are
measured from its directory (the uncompressed sizes it declares bound what Python's zipfile
will inflate: it stops at the declared size) before openpyxl opens it, and rows and columns
are counted as they stream. The limits are settings (``IMPORT_MAX_*``), read from the
environment.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

from goldenthread.imports.registry import Problem

__all__ = ["Limits", "check_zip", "limits"]

MB = 1024 * 1024
# Members this small are not worth a ratio check: a blank sheet compresses 200:1 and is harmless.
SMALL_MEMBER = MB


@dataclass(frozen=True)
class Limits:
    upload_bytes: int
    unzipped_bytes: int
    ratio: int
    rows: int
    columns: int


def limits() -> Limits:
    """The limits in force (settings, so a test or a council can change them)."""
    return Limits(
        upload_bytes=settings.IMPORT_MAX_UPLOAD_MB * MB,
        unzipped_bytes=settings.IMPORT_MAX_UNZIPPED_MB * MB,
        ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
        rows=settings.IMPORT_MAX_ROWS,
        columns=settings.IMPORT_MAX_COLUMNS,
    )


def too_large(name: str, size: int) -> Problem | None:
    """A problem if a file of ``size`` bytes is over the upload limit."""
    limit = limits().upload_bytes
    if size > limit:
        return Problem(
            None, None, f"{name} is larger than {limit // MB} MB: split it and try again."
        )
    return None


def check_zip(source: Path | IO[bytes], name: str) -> Problem | None:
    """A problem if the archive would unpack to more than the limits allow; ``None`` if it is
    within them or is not a zip at all (the reader then says what is wrong with it)."""
    limit = limits()
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    total = 0
    for member in members:
        total += member.file_size
        if total > limit.unzipped_bytes:
            return Problem(
                None,
                None,
                f"{name} unpacks to more than {limit.unzipped_bytes // MB} MB: "
                "split it into smaller files and try again.",
            )
        packed = max(member.compress_size, 1)
        if member.file_size > SMALL_MEMBER and member.file_size / packed > limit.ratio:
            return Problem(
                None,
                None,
                f"{name} is compressed more than {limit.ratio} to 1, which a spreadsheet of "
                "figures never is: save it again from Excel and try again.",
            )
    return None


def too_many_rows(number: int) -> Problem:
    return Problem(
        number,
        None,
        f"The file has more than {limits().rows:,} rows: split it and import each part.",
    )


def too_many_columns(number: int) -> Problem:
    return Problem(
        number,
        None,
        f"The row has more than {limits().columns} columns: a template has far fewer.",
    )
