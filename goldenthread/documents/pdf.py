"""PDF by converting a .docx with LibreOffice, headless.

Each conversion uses its own LibreOffice profile in a temporary directory, so conversions
running at the same time (parallel tests, two exports at once) do not fight over one profile,
and a timeout so a stuck conversion fails instead of hanging.
"""

from __future__ import annotations

import shutil
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


def convert(source: Path, out_dir: Path, *, to: str, timeout: int = TIMEOUT_SECONDS) -> Path:
    """Convert ``source`` with LibreOffice to format ``to`` ("pdf", "docx") in ``out_dir``."""
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
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise DocumentError(
                f"LibreOffice took more than {timeout} seconds to convert {source.name}."
            ) from error
    made = out_dir / f"{source.stem}.{to.split(':')[0]}"
    if result.returncode != 0 or not made.exists():
        raise DocumentError(
            f"LibreOffice could not convert {source.name}: "
            f"{(result.stderr or result.stdout).strip() or 'no output'}"
        )
    return made


def docx_to_pdf(docx: Path, pdf: Path, *, timeout: int = TIMEOUT_SECONDS) -> Path:
    """Write ``pdf`` from ``docx``; raise DocumentError if LibreOffice is missing or fails."""
    with tempfile.TemporaryDirectory(prefix="gt-pdf-") as work:
        made = convert(docx, Path(work), to="pdf", timeout=timeout)
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(made), str(pdf))
    return pdf
