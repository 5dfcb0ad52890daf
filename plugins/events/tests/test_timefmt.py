from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from coproweek.events import timefmt

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def at(*parts, zone=LONDON):
    return datetime(*parts, tzinfo=zone)


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(10, 0, "10am"), (16, 0, "4pm"), (16, 30, "4:30pm"), (12, 0, "midday"), (0, 0, "midnight"), (0, 15, "12:15am"), (12, 5, "12:05pm")],
)
def test_clock_uses_gov_uk_style(hour, minute, expected):
    assert timefmt.clock(datetime(2018, 7, 3, hour, minute)) == expected


def test_same_day_event_in_summer_time():
    assert timefmt.when(at(2018, 7, 3, 10), at(2018, 7, 3, 16)) == "Tuesday 3 July 2018, 10am to 4pm (BST)"


def test_same_day_event_in_winter_time():
    assert timefmt.when(at(2018, 12, 4, 9, 30), at(2018, 12, 4, 11)) == "Tuesday 4 December 2018, 9:30am to 11am (GMT)"


def test_event_across_the_autumn_clock_change_shows_both_zones():
    # The clocks go back at 2am BST on Sunday 28 October 2018.
    start, end = at(2018, 10, 28, 0, 30), at(2018, 10, 28, 3)
    assert timefmt.when(start, end) == "Sunday 28 October 2018, 12:30am (BST) to 3am (GMT)"


def test_overnight_event_names_both_days():
    text = timefmt.when(at(2018, 7, 3, 18), at(2018, 7, 4, 11))
    assert text == "Tuesday 3 July 2018, 6pm to Wednesday 4 July 2018, 11am (BST)"


def test_event_ending_at_midnight_stays_on_one_day():
    assert timefmt.when(at(2018, 7, 3, 20), at(2018, 7, 4, 0)) == "Tuesday 3 July 2018, 8pm to midnight (BST)"
    assert timefmt.days_of(at(2018, 7, 3, 20), at(2018, 7, 4, 0)) == [date(2018, 7, 3)]


def test_all_day_ranges():
    assert timefmt.when(date(2018, 7, 2), date(2018, 7, 2)) == "Monday 2 July 2018"
    assert timefmt.when(date(2018, 7, 2), date(2018, 7, 6)) == "Monday 2 July to Friday 6 July 2018"
    assert timefmt.when(date(2018, 12, 31), date(2019, 1, 1)) == "Monday 31 December 2018 to Tuesday 1 January 2019"


def test_all_day_days_of_is_inclusive():
    assert timefmt.days_of(date(2018, 7, 2), date(2018, 7, 6)) == [date(2018, 7, d) for d in range(2, 7)]


def test_time_of_day_under_a_day_heading():
    assert timefmt.time_of_day(at(2018, 7, 3, 10), at(2018, 7, 3, 16)) == "10am to 4pm (BST)"
    assert timefmt.time_of_day(date(2018, 7, 2), date(2018, 7, 2)) == "All day"
    assert timefmt.time_of_day(date(2018, 7, 2), date(2018, 7, 6), date(2018, 7, 4)) == "All day (day 3 of 5)"
    assert timefmt.time_of_day(at(2018, 7, 3, 18), at(2018, 7, 4, 11), date(2018, 7, 4)) == "Until 11am (BST)"


def test_other_zone_shown_in_its_own_abbreviation_and_converted_to_uk_time():
    start, end = at(2018, 7, 5, 9, zone=NEW_YORK), at(2018, 7, 5, 11, zone=NEW_YORK)
    assert timefmt.when(start, end) == "Thursday 5 July 2018, 9am to 11am (EDT)"
    assert timefmt.in_zone(start, end, LONDON) == "Thursday 5 July 2018, 2pm to 4pm (BST)"
    assert timefmt.zone_city(NEW_YORK) == "New York"


def test_zone_without_abbreviation_becomes_utc_offset():
    assert timefmt.zone_abbreviation(at(2018, 7, 3, 10, zone=ZoneInfo("America/Sao_Paulo"))) == "UTC-3"
    assert timefmt.zone_abbreviation(at(2018, 7, 3, 10, zone=ZoneInfo("Asia/Kathmandu"))) == "UTC+5:45"


def test_iso_for_time_elements():
    assert timefmt.iso(at(2018, 7, 3, 10)) == "2018-07-03T10:00+01:00"
    assert timefmt.iso(date(2018, 7, 2)) == "2018-07-02"
