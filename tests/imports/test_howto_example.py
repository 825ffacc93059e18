"""The example in docs/howto/add-an-import-kind.md works as written: its code, run as the
how-to says to put it in an app's importers module, registers a kind that the command lists
and that imports a file. If the framework changes under the how-to, this fails."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from goldenthread.imports.registry import REGISTRY
from goldenthread.reports.models import UnitCost

HOWTO = Path(__file__).resolve().parents[2] / "docs" / "howto" / "add-an-import-kind.md"


@pytest.fixture
def unitcosts_kind() -> Iterator[None]:
    """The how-to's code block, executed as if it were the app's importers module."""
    blocks = re.findall(r"```python\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.S)
    example = next(block for block in blocks if "register(" in block)
    assert "unitcosts" not in REGISTRY
    exec(compile(example, str(HOWTO), "exec"), {"__name__": "howto_example"})
    try:
        yield
    finally:
        REGISTRY.pop("unitcosts", None)


@pytest.mark.usefixtures("unitcosts_kind")
def test_the_howto_kind_is_listed_by_the_command() -> None:
    parser = load_command_class("goldenthread.imports", "import").create_parser(
        "goldenthread", "import"
    )
    assert re.search(
        r"^    unitcosts +unit costs: service, indicator, label$", parser.format_help(), re.M
    )


@pytest.mark.usefixtures("unitcosts_kind")
def test_the_howto_kind_checks_every_row_then_imports_all_or_nothing(
    tmp_path: Path, make_indicator: Any, service_unit: Any
) -> None:
    indicator = make_indicator(code="LPI 9")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"service,indicator,label\n{service_unit.code},LPI 9,Cost per case\nnope,LPI 9,x\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem in 2 rows"):
        call_command("import", "unitcosts", str(bad), "--no-progress", stderr=(err := StringIO()))
    assert "Row 3" in err.getvalue(), err.getvalue()
    assert not UnitCost.objects.exists()

    good = tmp_path / "good.csv"
    good.write_text(
        f"service,indicator,label\n{service_unit.code},LPI 9,Cost per case\n", encoding="utf-8"
    )
    call_command("import", "unitcosts", str(good), "--no-progress", stdout=StringIO())
    cost = UnitCost.objects.get()
    assert (cost.service, cost.indicator, cost.label) == (service_unit, indicator, "Cost per case")
