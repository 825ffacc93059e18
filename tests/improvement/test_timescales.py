"""The date an action's timescale means, read from the words written in docs/sources.md#seed-003."""

from __future__ import annotations

from datetime import date

import pytest

from goldenthread.improvement.timescales import due_from_timescale


@pytest.mark.parametrize(
    ("words", "due"),
    [
        ("30 January 2007", date(2007, 1, 30)),
        ("End February 2007", date(2007, 2, 28)),
        ("End February 2008", date(2008, 2, 29)),
        ("March 2007", date(2007, 3, 31)),
        ("From 1 April 2007", date(2007, 4, 1)),
        ("Beginning May 2007", date(2007, 5, 1)),
        ("Before end March 2007", date(2007, 3, 31)),
        ("January to March 2007", date(2007, 3, 31)),
        ("September 2007 / October 2007", date(2007, 10, 31)),
        ("Sept 2007", date(2007, 9, 30)),
        ("To be discussed with the Head of Communications during 2007", date(2007, 12, 31)),
        (
            "Discussions to be completed by June 2007 and the detailed implementation plan in "
            "place by December 2007, with a view to the new arrangements operating from "
            "1 April 2008",
            date(2008, 4, 1),
        ),
        ("May 2007 and annually thereafter", date(2007, 5, 31)),
        ("31 February 2007", None),
        ("Ongoing", None),
        ("Immediately", None),
        ("At least monthly", None),
        ("As for Recc. 1", None),
        ("", None),
    ],
)
def test_timescale_words_give_the_date_they_mean(words: str, due: date | None) -> None:
    assert due_from_timescale(words) == due
