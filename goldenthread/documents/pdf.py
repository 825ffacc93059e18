"""PDF by converting a .docx with LibreOffice, headless.

Each conversion uses its own LibreOffice profile in a temporary directory, so conversions
running at the same time (parallel tests, two exports at once) do not fight over one profile,
and a timeout so a stuck conversion fails instead of hanging.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 180


class DocumentError(Exception):
    """A document could not be produced; the message says why."""


def soffice() -> str:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise DocumentError(
        "LibreOffice is not installed, so a PDF cannot be made: run `make tools` "
        "(it installs libreoffice-writer-nogui)."
    )


def convert(source: Path, out_dir: Path, *, to: str, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Convert ``source`` with LibreOffice to format ``to`` ("pdf", "docx") in ``out_dir``.

    LibreOffice runs in its own process group, so a conversion that hangs is stopped with
    every process it started.
    """
    program = soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gt-lo-profile-") as profile:
        command = [
            program,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        process = subprocess.Popen(  # nosec B603  # LibreOffice with our own file paths, no shell
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise DocumentError(
                f"LibreOffice took longer than {timeout} s to convert {source.name}."
            ) from error
    made = out_dir / f"{source.stem}.{to.split(':')[0]}"
    if process.returncode != 0 or not made.exists():
        raise DocumentError(
            f"LibreOffice could not convert {source.name}: "
            f"{(stderr or stdout).strip()[-500:] or 'no output'}"
        )
    return made


# LibreOffice's PDF export options (JSON, LibreOffice 7.4 and later): a tagged PDF (its
# structure tree: headings, tables with header cells, figures with their alternative text),
# bookmarks from the headings, and the document's title shown in the window, for PDF/UA.
TAGGED_WRITER_PDF = "pdf:writer_pdf_Export:" + json.dumps(
    {
        "UseTaggedPDF": {"type": "boolean", "value": "true"},
        "ExportBookmarks": {"type": "boolean", "value": "true"},
        "PDFUACompliance": {"type": "boolean", "value": "true"},
    }
)


def to_pdf(
    content: bytes, suffix: str, *, timeout: float = TIMEOUT_SECONDS, tagged: bool = False
) -> bytes:
    """A .docx or .xlsx, as bytes, made into a PDF, as bytes; ``tagged`` (a .docx only) for a
    tagged, PDF/UA-marked PDF."""
    to = TAGGED_WRITER_PDF if tagged and suffix == ".docx" else "pdf"
    with tempfile.TemporaryDirectory(prefix="gt-pdf-") as work:
        source = Path(work) / f"document{suffix}"
        source.write_bytes(content)
        return convert(source, Path(work) / "out", to=to, timeout=timeout).read_bytes()


def docx_to_pdf(docx: Path, pdf: Path, *, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Write ``pdf`` from ``docx``; raise DocumentError if LibreOffice is missing or fails."""
    with tempfile.TemporaryDirectory(prefix="gt-pdf-") as work:
        made = convert(docx, Path(work), to="pdf", timeout=timeout)
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(made), str(pdf))
    return pdf
