"""The parts a report is made of, independent of the format it is written in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 0 is the document title


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    style: str = ""  # a Word paragraph style, such as "List Bullet"


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    # Relative column widths (any unit); empty for equal widths.
    widths: list[float] = field(default_factory=list)
    # Optional fill colour (hex, no #) per row, for a status colour.
    shading: Sequence[str | None] = field(default_factory=list)


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | PageBreak
