"""How many periods in a row have missed target, for escalation."""

from goldenthread.status import Rag, missed_in_a_row

A, G, M, N, R, X = Rag.AMBER, Rag.GREEN, Rag.MISSING, Rag.NOT_DUE, Rag.RED, Rag.NOT_RATED


def test_the_council_example_counts_the_trailing_misses_behind_an_open_period() -> None:
    assert missed_in_a_row([R, G, A, R, N]) == 2


def test_amber_and_red_both_count_as_misses() -> None:
    assert missed_in_a_row([A, R, A]) == 3


def test_a_green_latest_period_means_no_current_run() -> None:
    assert missed_in_a_row([R, R, G]) == 0


def test_missing_and_not_rated_end_a_run() -> None:
    assert missed_in_a_row([R, M, R]) == 1
    assert missed_in_a_row([R, X, A, A]) == 2


def test_a_not_due_period_before_the_run_ends_it() -> None:
    assert missed_in_a_row([R, N, R]) == 1


def test_only_open_periods_or_nothing_count_as_zero() -> None:
    assert missed_in_a_row([N, N]) == 0
    assert missed_in_a_row([]) == 0


def test_statuses_read_back_from_storage_as_strings_still_count() -> None:
    assert missed_in_a_row([Rag("red"), "amber", "not_due"]) == 2  # type: ignore[list-item]
