"""One date rule for every date field: what a UK writer means, or a refusal
that says why and what works. Never a guess, never completed from today."""

from datetime import date, datetime, time

import pytest

from coproweek.dates import UnclearDate, parse_time_only, parse_when, read_date


@pytest.mark.parametrize("text, expected", [
    ("2018-04-05", date(2018, 4, 5)),
    ("2018-4-5", date(2018, 4, 5)),
    ("2018-04-05 09:30", datetime(2018, 4, 5, 9, 30)),
    ("2018-04-05T09:30:15", datetime(2018, 4, 5, 9, 30, 15)),
    ("2018-04-05 2:30pm", datetime(2018, 4, 5, 14, 30)),
    ("5 April 2018", date(2018, 4, 5)),
    ("5 Apr 2018", date(2018, 4, 5)),
    ("5th April 2018", date(2018, 4, 5)),
    ("22nd Sept 2018", date(2018, 9, 22)),
    ("Thursday 5 April 2018", date(2018, 4, 5)),
    ("Thursday, 5th of April 2018 at 2.30pm", datetime(2018, 4, 5, 14, 30)),
    ("5 April 2018 14.30", datetime(2018, 4, 5, 14, 30)),
    ("5 april 2018, 10am", datetime(2018, 4, 5, 10)),
    ("5 April 2018 12am", datetime(2018, 4, 5, 0, 0)),
    ("  5   April\t2018 ", date(2018, 4, 5)),
])
def test_unambiguous_forms_are_read_as_a_uk_writer_means(text, expected):
    assert read_date(text) == expected


@pytest.mark.parametrize("text, words", [
    ("05/04/2018", "could be 5 April 2018 or 4 May 2018"),
    ("5.4.2018", "could be 5 April 2018 or 4 May 2018"),
    ("05-04-2018", "could be 5 April 2018 or 4 May 2018"),
    ("13/04/2018", "numbers and slashes"),
    ("05/04/18", "could be 5 April 2018 or 4 May 2018"),
    ("July 2018", "has no day"),
    ("2018", "has no day"),
    ("2018-07", "has no day"),
    ("April 5, 2018", "puts the month before the day"),
    ("Thursday April 5 2018", "puts the month before the day"),
    ("5 April 18", "two-digit year"),
    ("2018-02-30", "not a day of the calendar"),
    ("30 February 2018", "not a day of the calendar"),
    ("5 Aprl 2018", "month the site does not know"),
    ("Friday 5 April 2018", "but 5 April 2018 is a Thursday"),
    ("2018-04-05 25:00", "time the site cannot read"),
    ("2018-04-05 13pm", "time the site cannot read"),
    ("2018-04-05 16", "time the site cannot read"),
    ("2018-04-05T09:00+01:00", "time-zone offset"),
    ("tomorrow", "not a date the site can read"),
    ("", "is empty"),
])
def test_everything_else_is_refused_with_the_reason(text, words):
    with pytest.raises(UnclearDate) as refused:
        read_date(text)
    assert words in refused.value.reason
    assert "2018" in refused.value.fix  # every refusal shows a form that works
    assert parse_when(text) is None


def test_an_ambiguous_date_suggests_both_readings_written_safely():
    with pytest.raises(UnclearDate) as refused:
        read_date("05/04/2018")
    assert "2018-04-05 or 5 April 2018" in refused.value.fix
    assert "2018-05-04 if you meant 4 May 2018" in refused.value.fix


def test_a_partial_date_is_never_completed_from_today():
    # dateutil, Pelican's parser, fills the missing day from the build day.
    for text in ("July 2018", "2018", "5 April", "April"):
        assert parse_when(text) is None


def test_times_on_their_own():
    assert parse_time_only("16:00") == time(16)
    assert parse_time_only("4.30pm") == time(16, 30)
    assert parse_time_only("4 pm") == time(16)
    assert parse_time_only("16") is None
    assert parse_time_only("25:00") is None
