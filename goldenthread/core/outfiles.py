"""Write a file the command line was asked for, safely: never half-written, never over a file
that was not meant to be replaced, never through a symbolic link.

The file is written under a temporary name in the destination's folder and renamed into
place; a rename replaces a symbolic link at the destination rather than writing to wherever
it points, and leaves the old file whole if the writing fails.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["OutputError", "write_out"]


class OutputError(Exception):
    """The destination cannot be written; the message says why in one line."""


def write_out(path: Path, write: Callable[[Path], object], *, force: bool = False) -> Path:
    """Call ``write`` with a temporary path beside ``path``, then rename it to ``path``."""
    folder = path.parent
    if path.is_dir() and not path.is_symlink():
        raise OutputError(f"{path} is a folder: give the name of a file to write.")
    if not folder.is_dir():
        raise OutputError(f"The folder {folder} does not exist.")
    if os.path.lexists(path) and not force:
        raise OutputError(f"{path} already exists: add --force to replace it.")
    # The temporary name ends in the real one, so a writer that goes by the suffix (the PDF
    # converter) sees the format it is making.
    handle, name = tempfile.mkstemp(dir=folder, prefix=".writing-", suffix=f"-{path.name}")
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{path} could not be written: {error.strerror or error}.") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path
