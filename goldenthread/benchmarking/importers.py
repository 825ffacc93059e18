"""The benchmarking import kinds: authorities, groups, comparators and the LGBF.

Each reads its source's own columns and runs through ``imports.base.run_checked`` (every row
checked, one report, then a dry run or one atomic write); the performance team only.
Imported by ``BenchmarkingConfig.ready()``; each ``register`` line is one kind.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from goldenthread.benchmarking import lgbf, services
from goldenthread.imports.registry import Kind, Report, register


def _skip_unreadable_argument(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--skip-unreadable",
        action="store_true",
        help="leave out rows whose year or figures cannot be read (listed in the report) "
        "instead of refusing the file",
    )


def _comparator_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--source", default="LG Inform", help="whose measures the file holds")
    parser.add_argument(
        "--mapping",
        type=Path,
        help="CSV of kind (measure/authority), source, ours (a code, a name, or skip)",
    )
    _skip_unreadable_argument(parser)


def _comparators(path: Path, *, options: dict[str, Any], **kwargs: Any) -> Report:
    return services.comparators_import(
        path,
        source=options.get("source") or "LG Inform",
        mapping=options.get("mapping"),
        skip_unreadable=bool(options.get("skip_unreadable")),
        **kwargs,
    )


def _authorities(path: Path, *, options: dict[str, Any], **kwargs: Any) -> Report:
    return services.authorities_import(path, **kwargs)


def _groups(path: Path, *, options: dict[str, Any], **kwargs: Any) -> Report:
    return services.groups_import(path, **kwargs)


def _lgbf(path: Path, *, options: dict[str, Any], **kwargs: Any) -> Report:
    return lgbf.lgbf_import(path, skip_unreadable=bool(options.get("skip_unreadable")), **kwargs)


AUTHORITIES = register(
    Kind(
        name="authorities",
        help="UK local authorities (mySociety's uk_local_authorities.csv), keyed by GSS code",
        run=_authorities,
    )
)
GROUPS = register(
    Kind(
        name="groups",
        help="comparator groups: rows of group, gss_code[, kind, source, year]",
        run=_groups,
    )
)
COMPARATORS = register(
    Kind(
        name="comparators",
        help="comparator values: measure, authority, year, value[, numerator, denominator]",
        run=_comparators,
        add_arguments=_comparator_arguments,
    )
)
LGBF = register(
    Kind(
        name="lgbf",
        help="the Scottish LGBF data: a DIRECTORY with the three LGBF files",
        run=_lgbf,
        accepts_directory=True,
        add_arguments=_skip_unreadable_argument,
    )
)
