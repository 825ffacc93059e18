"""The import benchmark keeps working: it builds its council and imports every row."""

from __future__ import annotations

import pytest

from goldenthread.bench import imports


# Both engines: on PostgreSQL the import is also timed against COPY.
@pytest.mark.django_db
def test_import_benchmark_imports_every_row_and_re_imports_nothing() -> None:
    figures = imports.run(rows=150, indicators=10)
    assert figures["rows"] == 150
    assert int(str(figures["rows_per_second"])) > 0
    if figures["database"] == "postgresql":
        assert figures["ratio_to_copy"] is not None
