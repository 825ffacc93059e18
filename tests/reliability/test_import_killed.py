"""An import killed with SIGKILL while it writes leaves nothing, and runs again cleanly."""

from __future__ import annotations

from typing import Any


# Both engines: the import writes differently on each (COPY on PostgreSQL) and what a kill
# mid-transaction leaves behind is the engine's rollback.
def test_an_import_killed_mid_write_leaves_no_values_and_runs_again_exactly_once(
    child: Any,
) -> None:
    figures = child(
        "__import__('goldenthread.bench.faults').bench.faults.import_killed("
        "rows=12000, indicators=30, delay=0.3)"
    )
    assert figures["in_write"] and figures["killed_in_write"], figures
    assert figures["exit_status"] == -9
    assert figures["partial_values"] == 0
    assert figures["partial_audit"] == 0
    assert figures["rerun_values"] == 12000
    assert figures["rerun_audit"] == 12000
    assert figures["rerun_matches_file"]
