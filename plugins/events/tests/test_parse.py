from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coproweek.events.model import AccessFeature, AttendanceMode, Organiser, Status
from coproweek.events.parse import EventInvalid, parse_duration, parse_when
from coproweek.events.parse import parse_event as parse_with_rule
from sitekit.build import site_slugify

SLUGIFY = site_slugify()


def parse_event(metadata, **kwargs):
    return parse_with_rule(metadata, slugify=SLUGIFY, **kwargs)

LONDON = ZoneInfo("Europe/London")

FESTIVAL = {
    "title": ["Co-production Festival"],
    "start": ["2018-07-03 10:00"],
    "end": ["2018-07-03 16:00"],
    "attendance": ["in person"],
    "venue": ["Friends House"],
    "address": ["173 Euston Road", "London"],
    "postcode": ["nw1 2bj"],
    "organiser": ["Social Care Institute for Excellence"],
    "organiser-url": ["https://www.scie.org.uk/"],
    "partner": ["no"],
    "booking": ["https://example.org/book"],
    "cost": ["free"],
    "summary": ["A day of workshops."],
    "tags": ["festival, London"],
    "access": ["step-free, BSL, live captions, Hearing loop"],
    "access-details": ["Lifts to all floors."],
    "access-contact": ["events@scie.org.uk"],
    "sequence": ["2"],
}


def parse(overrides=None, remove=(), **kwargs):
    metadata = {k: v for k, v in FESTIVAL.items() if k not in remove}
    metadata.update(overrides or {})
    return parse_event(metadata, slug="festival", source_path="content/events/festival.md", **kwargs)


def problems(overrides=None, remove=()):
    with pytest.raises(EventInvalid) as caught:
        parse(overrides, remove)
    return {(p.key, p.what) for p in caught.value.problems}


def keys(overrides=None, remove=()):
    return {key for key, _ in problems(overrides, remove)}


def test_full_event():
    event = parse()
    assert event.title == "Co-production Festival"
    assert event.start == datetime(2018, 7, 3, 10, tzinfo=LONDON)
    assert event.end - event.start == timedelta(hours=6)
    assert event.timezone.key == "Europe/London"
    assert event.venue.address == "173 Euston Road, London"
    assert event.venue.postcode == "NW1 2BJ"
    assert event.attendance is AttendanceMode.IN_PERSON
    assert event.organiser == Organiser("Social Care Institute for Excellence", "https://www.scie.org.uk/")
    assert event.cost == "Free" and event.is_free
    assert event.tags == ("festival", "London")
    assert event.access == (AccessFeature.STEP_FREE, AccessFeature.BSL, AccessFeature.LIVE_CAPTIONS, AccessFeature.HEARING_LOOP)
    assert event.sequence == 2
    assert event.status is Status.SCHEDULED
    assert not event.all_day


def test_time_only_end_and_duration():
    assert parse({"end": ["4pm"]}).end == datetime(2018, 7, 3, 16, tzinfo=LONDON)
    event = parse({"duration": ["1 hour 30 minutes"]}, remove=["end"])
    assert event.end == datetime(2018, 7, 3, 11, 30, tzinfo=LONDON)


def test_all_day_events_one_day_and_several():
    one = parse({"start": ["2018-07-02"]}, remove=["end"])
    assert one.all_day and one.start == one.end == date(2018, 7, 2)
    week = parse({"start": ["2018-07-02"], "end": ["2018-07-06"]})
    assert week.duration == timedelta(days=5)
    by_duration = parse({"start": ["2018-07-02"], "duration": ["5 days"]}, remove=["end"])
    assert by_duration.end == date(2018, 7, 6)


def test_other_time_zone():
    event = parse({"timezone": ["America/New_York"], "start": ["2018-07-05 09:00"], "end": ["11:00"]})
    assert event.start.utcoffset() == timedelta(hours=-4)


def test_default_timezone_from_settings():
    event = parse_event({"title": "T", "start": "2018-07-03 10:00", "end": "11:00", "venue": "Hall"},
                        slug="t", default_timezone="Europe/Paris")
    assert event.timezone.key == "Europe/Paris"


def test_default_organiser_used_when_none_given():
    scie = Organiser("SCIE", "https://www.scie.org.uk/")
    event = parse_event({"title": "T", "start": "2018-07-03", "venue": "Hall"}, slug="t", default_organiser=scie)
    assert event.organiser == scie


def test_weekly_online_drop_in_with_exception():
    event = parse({"attendance": ["online"], "joining-link": ["https://meet.example.org/x"],
                   "start": ["2018-06-05 10:00"], "end": ["11:00"],
                   "repeat": ["weekly"], "repeat-until": ["2018-07-31"], "except": ["2018-07-03"]},
                  remove=["venue", "address", "postcode"])
    assert event.recurrence.rrule == "FREQ=WEEKLY;UNTIL=20180731T225959Z"
    assert event.recurrence.exdates == (datetime(2018, 7, 3, 10, tzinfo=LONDON),)


def test_cancelled_with_note():
    event = parse({"status": ["Cancelled"], "status-note": ["Venue closed."]})
    assert event.status is Status.CANCELLED and event.status_note == "Venue closed."


@pytest.mark.parametrize(
    ("overrides", "remove", "key", "words"),
    [
        ({}, ["title"], "title", "no title"),
        ({}, ["start"], "start", "no start"),
        ({"start": ["3rd of July"]}, [], "start", "has no year"),
        ({"start": ["2018-02-30 10:00"]}, [], "start", "not a day of the calendar"),
        ({"start": ["2018-07-03 25:00"]}, [], "start", "has a time the site cannot read"),
        ({"end": ["2018-07-03 09:00"]}, [], "end", "before it starts"),
        ({"end": ["2018-07-02"]}, [], "end", "both have times"),
        ({"start": ["2018-07-06"], "end": ["2018-07-02"]}, [], "end", "before it starts"),
        ({"end": ["tomorrow"]}, [], "end", "not a date"),
        ({"duration": ["a while"]}, ["end"], "duration", "not a length"),
        ({"duration": ["2 hours"]}, [], "duration", "both an end and a duration"),
        ({}, ["end"], "start", "no end or duration"),
        ({"timezone": ["Europe/Londres"]}, [], "timezone", "not a time zone"),
        ({"timezone": ["BST"]}, [], "timezone", "not a time zone"),
        ({"status": ["maybe"]}, [], "status", "not an event status"),
        ({"status": ["postponed"]}, [], "status-note", "needs a note"),
        ({"access": ["ramps, bsl"]}, [], "access", '"ramps" is not an access feature'),
        ({"attendance": ["by carrier pigeon"]}, [], "attendance", "not a way of attending"),
        ({"attendance": ["online"]}, ["booking"], "joining-link", "needs a joining-link"),
        ({}, ["venue"], "venue", "needs the name of its venue"),
        ({"booking": ["www.example.org"]}, [], "booking", "not a web address"),
        ({"partner": ["perhaps"]}, [], "partner", "yes or no"),
        ({"partner": ["yes"]}, ["organiser"], "organiser", "must name its organiser"),
        ({"image": ["/images/x.jpg"]}, [], "image-alt", "no text alternative"),
        ({"sequence": ["two"]}, [], "sequence", "whole number"),
        ({"modified": ["last week"]}, [], "modified", "not a date"),
        ({"adress": ["1 High St"]}, [], "adress", "'adress' is not a field an event can have"),
        ({"tags": ["training, ***"]}, [], "tags", "no letters or digits"),
        ({"organiser": ["---"]}, [], "organiser", "no letters or digits"),
        ({"slug": ["Festival 2018"]}, [], "slug", "lower-case"),
        ({"slug": ["past"]}, [], "slug", "another events page"),
        ({"repeat": ["weekly"]}, [], "repeat", "never ends"),
        ({"rrule": ["FREQ=WEEKLY;BYDAY=TU"]}, [], "rrule", "never ends"),
        ({"repeat": ["now and then"], "repeat-count": ["3"]}, [], "repeat-count", "not a way of repeating"),
        ({"rrule": ["FREQ=FORTNIGHTLY;COUNT=2"]}, [], "rrule", "FREQ"),
        ({"repeat": ["weekly"], "repeat-count": ["lots"]}, [], "repeat-count", "whole number"),
        ({"repeat": ["weekly"], "repeat-until": ["soon"]}, [], "repeat-until", "not a date"),
        ({"repeat": ["daily"], "repeat-count": ["5000"]}, [], "repeat-count", "more than 1000"),
        ({"repeat": ["weekly"], "repeat-count": ["3"], "except": ["2018-07-04"]}, [], "except", "not one of the dates"),
        ({"except": ["2018-07-04"]}, [], "except", "does not repeat"),
        ({"start": ["2018-03-25 01:30"], "end": ["03:00"]}, [], "start", "does not exist"),
    ],
)
def test_each_bad_field_is_named_in_plain_english(overrides, remove, key, words):
    found = problems(overrides, remove)
    assert any(k == key and words in what for k, what in found), found


def test_every_problem_is_reported_at_once():
    assert keys({"status": ["maybe"], "timezone": ["Mars/Olympus"], "access": ["ramps"]}, ["title"]) >= {
        "status", "timezone", "access", "title"}


def test_misspelt_field_suggests_the_right_one():
    found = problems({"organizer": ["SCIE"]})
    assert any('Did you' in what or k == "organizer" for k, what in found)


def test_parse_when_accepts_friendly_forms():
    assert parse_when("2018-07-03") == date(2018, 7, 3)
    assert parse_when("2018-07-03T10:00") == datetime(2018, 7, 3, 10)
    assert parse_when("2018-07-03 2:30pm") == datetime(2018, 7, 3, 14, 30)
    assert parse_when("Tuesday 3 July 2018, 10am") == datetime(2018, 7, 3, 10)
    assert parse_when("3 Jul 2018") == date(2018, 7, 3)
    assert parse_when("2018-07-03 13pm") is None
    assert parse_when("03/07/2018") is None


def test_parse_duration():
    assert parse_duration("90 minutes") == timedelta(minutes=90)
    assert parse_duration("1h30m") == timedelta(minutes=90)
    assert parse_duration("2 hours and 15 minutes") == timedelta(hours=2, minutes=15)
    assert parse_duration("0 hours") is None
    assert parse_duration("2 fortnights") is None


def test_duration_across_the_autumn_clock_change_is_elapsed_time():
    event = parse({"start": ["2018-10-28 00:30"], "duration": ["3 hours"]}, remove=["end"])
    assert event.end.tzname() == "GMT"
    assert (event.end.astimezone(ZoneInfo("UTC")) - event.start.astimezone(ZoneInfo("UTC"))) == timedelta(hours=3)
    assert event.end.hour == 2 and event.end.minute == 30


def test_end_written_as_wall_time_across_the_spring_clock_change():
    event = parse({"start": ["2018-03-25 00:00"], "end": ["03:00"]})
    assert event.start.tzname() == "GMT" and event.end.tzname() == "BST"
    assert event.end.astimezone(ZoneInfo("UTC")) - event.start.astimezone(ZoneInfo("UTC")) == timedelta(hours=2)


def test_rescheduled_with_previous_start():
    event = parse({"status": ["rescheduled"], "status-note": ["Moved a week."], "previous-start": ["2018-06-26 10:00"]})
    assert event.previous_start == datetime(2018, 6, 26, 10, tzinfo=LONDON)
    assert keys({"previous-start": ["2018-06-26 10:00"]}) == {"previous-start"}


WEEKLY = {"start": ["2018-06-05 10:00"], "end": ["11:00"], "repeat": ["weekly"], "repeat-until": ["2018-07-31"]}


def test_one_date_of_a_repeating_event_cancelled_and_another_moved():
    from coproweek.events.recurrence import occurrences

    event = parse({**WEEKLY, "cancelled-dates": ["2018-06-19"], "moved": ["2018-06-26 to 2018-06-27 14:00; 2018-07-10 to 2018-07-11"]})
    by_original = {change.original_start: change for change in event.occurrence_changes}
    cancelled = by_original[datetime(2018, 6, 19, 10, tzinfo=LONDON)]
    assert cancelled.status is Status.CANCELLED and cancelled.start is None
    moved = by_original[datetime(2018, 6, 26, 10, tzinfo=LONDON)]
    assert moved.status is Status.RESCHEDULED
    assert (moved.start, moved.end) == (datetime(2018, 6, 27, 14, tzinfo=LONDON), datetime(2018, 6, 27, 15, tzinfo=LONDON))
    assert "Moved from" in moved.note
    same_time = by_original[datetime(2018, 7, 10, 10, tzinfo=LONDON)]
    assert same_time.start == datetime(2018, 7, 11, 10, tzinfo=LONDON)  # a new day keeps the usual time
    shown = {(o.start, o.status) for o in occurrences(event)}
    assert (datetime(2018, 6, 19, 10, tzinfo=LONDON), Status.CANCELLED) in shown
    assert (datetime(2018, 6, 27, 14, tzinfo=LONDON), Status.RESCHEDULED) in shown


@pytest.mark.parametrize("overrides, key, words", [
    ({"cancelled-dates": ["2018-06-20"]}, "cancelled-dates", "not one of the dates this event repeats on"),
    ({"cancelled-dates": ["someday"]}, "cancelled-dates", "not a date the site can read"),
    ({"moved": ["2018-06-26"]}, "moved", "does not say where the date moved to"),
    ({"moved": ["2018-06-26 to whenever"]}, "moved", "not a date the site can read"),
    ({"moved": ["2018-03-20 to 2018-03-25 01:30"], "start": ["2018-03-13 01:30"], "end": ["02:00"],
      "repeat-until": ["2018-04-30"]}, "moved", "does not exist"),
    ({"except": ["2018-06-19"], "cancelled-dates": ["2018-06-19"]}, "except", "also cancelled or moved"),
])
def test_bad_occurrence_changes_are_named(overrides, key, words):
    found = problems({**WEEKLY, **overrides})
    assert any(k == key and words in what for k, what in found), found


def test_occurrence_changes_need_a_repeating_event():
    assert ("cancelled-dates" in keys({"cancelled-dates": ["2018-07-03"]}))
