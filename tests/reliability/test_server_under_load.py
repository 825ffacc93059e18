"""The real server under load: no errors, and no acknowledged save lost across restarts."""

from __future__ import annotations

from typing import Any

from tests.conftest import sqlite_only


# One engine: the mix tests the application's pages and saves under load, and SQLite, with one
# writer at a time, is the stricter engine for concurrent saves.
@sqlite_only("the server under load tests the application, not the engine")
def test_the_load_mix_runs_without_errors_and_saves_drafts(child: Any) -> None:
    figures = child(
        "__import__('goldenthread.bench.load').bench.load.run("
        f"clients=5, seconds=3, data_dir={child.data_dir!r}, indicators=12)"
    )
    mix = figures["mix"]
    assert mix["errors"] == 0, mix["first_errors"]
    assert mix["outcomes"].get("saved", 0) > 0
    assert {"scorecard", "indicator", "return form", "return save"} <= set(mix["kinds"])
    assert figures["trivial"]["errors"] == 0
    assert figures["trivial"]["per_second"] > 0


# Both engines: whether a save acknowledged before a kill survives is the engine's durability
# (SQLite's journal in the killed process, PostgreSQL's commit in its own server).
def test_no_acknowledged_save_is_lost_when_the_server_is_stopped_or_killed(child: Any) -> None:
    figures = child(
        "__import__('goldenthread.bench.faults').bench.faults.restarted_under_load("
        f"clients=3, phase=1.5, data_dir={child.data_dir!r}, indicators=12)"
    )
    assert figures["acknowledged"] > 0
    assert figures["lost"] == 0, figures["first_lost"]
    assert figures["errors"] == 0
    assert len(figures["downtime_s"]) == 2  # stopped (SIGTERM) and killed (SIGKILL), restarted
