"""The ``goldenthread`` command: every Django management command, plus demo, serve and bench."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.settings")
    if args[:1] == ["demo"]:
        # The demo serves plain HTTP on loopback: no HTTPS redirect or secure-only cookies.
        os.environ.setdefault("GOLDENTHREAD_HTTPS", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["goldenthread", *args])


if __name__ == "__main__":
    main()
