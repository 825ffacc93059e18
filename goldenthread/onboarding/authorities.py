"""Which UK local authority a council is: its ONS GSS code checked against mySociety's list.

The benchmarking app's authority table when it has been loaded (it may be newer), otherwise
the copy packaged in ``data/`` (CC BY 4.0, mySociety; see ``data/README.md``), so a fresh
installation can check the code with no download.
"""

from __future__ import annotations

import csv
import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

from goldenthread.benchmarking.models import Authority

PACKAGED_LIST = Path(__file__).resolve().parent / "data" / "uk_local_authorities.csv"


@dataclass(frozen=True, slots=True)
class KnownAuthority:
    gss_code: str
    name: str
    short_name: str
    kind: str
    kind_name: str
    region: str
    nation: str
    ended: bool


@functools.cache
def packaged() -> tuple[KnownAuthority, ...]:
    with PACKAGED_LIST.open(newline="", encoding="utf-8") as handle:
        return tuple(
            KnownAuthority(
                gss_code=row["gss-code"],
                name=row["official-name"],
                short_name=row["nice-name"],
                kind=row["local-authority-type"],
                kind_name=row["local-authority-type-name"],
                region=row["region"],
                nation=row["nation"],
                ended=bool(row["end-date"]),
            )
            for row in csv.DictReader(handle)
        )


def known() -> tuple[KnownAuthority, ...]:
    """Every authority, from the loaded table if there is one, else the packaged list."""
    loaded = tuple(
        KnownAuthority(
            gss_code=a.gss_code,
            name=a.name,
            short_name=a.short_name,
            kind=a.kind,
            kind_name=a.kind_name,
            region=a.region,
            nation=a.nation,
            ended=a.end_date is not None,
        )
        for a in Authority.objects.order_by("short_name")
    )
    return loaded or packaged()


def find(gss_code: str) -> KnownAuthority | None:
    wanted = gss_code.strip().upper()
    return next((a for a in known() if a.gss_code == wanted), None)


def nearest(*, gss_code: str = "", name: str = "", limit: int = 5) -> list[KnownAuthority]:
    """The current authorities whose name is most like ``name`` or whose code is most like
    ``gss_code``: what to suggest for a code that is not in the list."""
    current = [a for a in known() if not a.ended]
    by_name: dict[str, KnownAuthority] = {}
    for authority in current:
        by_name[authority.short_name.casefold()] = authority
        by_name[authority.name.casefold()] = authority
    by_code = {a.gss_code: a for a in current}
    found: list[KnownAuthority] = []
    if name.strip():
        for match in difflib.get_close_matches(name.casefold(), by_name, n=limit, cutoff=0.5):
            found.append(by_name[match])
    if gss_code.strip():
        for match in difflib.get_close_matches(gss_code.upper(), by_code, n=limit, cutoff=0.6):
            found.append(by_code[match])
    return list(dict.fromkeys(found))[:limit]


def describe(authorities: list[KnownAuthority]) -> str:
    return ", ".join(f"{a.short_name} ({a.gss_code})" for a in authorities)
