"""RRULE-based VTIMEZONEs agree with the zoneinfo database at every instant.

icalendar turns each VTIMEZONE back into a time zone by expanding its own
observances (lookup_tzid=False, so it cannot quietly use the system's zone of the
same name); we compare its UTC offsets with zoneinfo hour by hour around every
clock change and daily in between."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from coproweek.feeds.vtimezone import build_vtimezone, find_transitions

ZONES_WITH_REGULAR_RULES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Jerusalem",
                            "Pacific/Auckland"]
ZONES = ZONES_WITH_REGULAR_RULES + ["America/Santiago", "Asia/Tokyo", "Africa/Casablanca", "America/Sao_Paulo",
                                    "Europe/Moscow"]


def instants(zone: ZoneInfo, first_year: int, last_year: int, hours_around_changes):
    moment = datetime(first_year, 1, 1, 12, tzinfo=timezone.utc)
    while moment.year <= last_year:
        yield moment
        moment += timedelta(days=1)
    for transition in find_transitions(zone, first_year, last_year):
        for hours in hours_around_changes:
            yield transition.at_utc + timedelta(hours=hours, minutes=30)


def assert_offsets_match(tzid: str, hours_around_changes) -> None:
    zone = ZoneInfo(tzid)
    rebuilt = build_vtimezone(tzid, 2010, 2030).to_tz(lookup_tzid=False)
    for moment in instants(zone, 2010, 2030, hours_around_changes):
        assert moment.astimezone(rebuilt).utcoffset() == moment.astimezone(zone).utcoffset(), moment


@pytest.mark.parametrize("tzid", ZONES_WITH_REGULAR_RULES)
def test_offsets_match_zoneinfo_at_every_instant(tzid):
    assert_offsets_match(tzid, range(-3, 4))


@pytest.mark.parametrize("tzid", ZONES)
def test_offsets_match_zoneinfo_outside_the_repeated_hour(tzid):
    # dateutil (behind icalendar's to_tz) picks the wrong side of the repeated hour
    # after a one-off change written as a DTSTART-only observance, so only that hour
    # is skipped here; test_icaljs.py checks these zones with ical.js instead.
    assert_offsets_match(tzid, [-3, -2, 1, 2, 3])


@pytest.mark.parametrize("tzid", ZONES_WITH_REGULAR_RULES)
def test_regular_zones_use_one_rrule_per_observance_and_no_rdate(tzid):
    component = build_vtimezone(tzid, 2018, 2020)
    observances = component.subcomponents
    data = component.to_ical().decode()
    assert "RDATE" not in data
    assert all("RRULE" in observance for observance in observances[-2:])
    assert len(observances) <= 4


def test_europe_london_is_last_sunday_of_march_and_october_at_01_utc():
    lines = build_vtimezone("Europe/London", 2018, 2018).to_ical().decode().split("\r\n")
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in lines
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in lines
    assert "DTSTART:20170326T010000" in lines and "DTSTART:20171029T020000" in lines
    assert "TZOFFSETFROM:+0000" in lines and "TZOFFSETTO:+0100" in lines


def test_new_york_is_second_sunday_of_march_and_first_of_november():
    data = build_vtimezone("America/New_York", 2018, 2018).to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in data
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in data


def test_a_zone_without_clock_changes_has_one_fixed_observance():
    component = build_vtimezone("Asia/Tokyo", 2018, 2018)
    (observance,) = component.subcomponents
    assert observance["TZOFFSETFROM"].td == observance["TZOFFSETTO"].td == timedelta(hours=9)


def test_a_rule_that_ended_gets_an_until():
    # Moscow kept summer time until 2010, then stayed on +04 and moved to +03 in 2014.
    data = build_vtimezone("Europe/Moscow", 2009, 2016).to_ical().decode()
    assert "UNTIL=2010" in data
    assert "DTSTART:20141026T020000" in data  # the one-off change back to +03
