"""The serialiser, checked by parsing its output with icalendar and expanding it
with recurring-ical-events (libraries written by others)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from calendar_feeds.tests.builders import BUILD_TIME, LONDON, NEW_YORK, TRICKY_TEXT, make_event, options
from icalendar import Calendar

from coproweek.feeds.serialise import (
    FeedWriter, Subscription, event_uid, events_in_window, normalised_rrule, subscription_events,
)
from sitekit.testing import build_calendar, calendar_bytes
from coproweek.events.model import (
    AccessFeature, AttendanceMode, OccurrenceChange, Organiser, Recurrence, Status, Venue,
)


def feed(events, **option_changes) -> bytes:
    return FeedWriter(options(**option_changes)).feed_bytes(events, "Co-production Week events", "Every event")


def parsed(events, **option_changes) -> Calendar:
    return Calendar.from_ical(feed(events, **option_changes))


def vevents(calendar: Calendar):
    return calendar.walk("VEVENT")


def unfolded_lines(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


# Calendar properties -------------------------------------------------------

def test_calendar_has_the_subscription_properties():
    lines = unfolded_lines(feed([make_event()]))
    for expected in ["BEGIN:VCALENDAR", "VERSION:2.0",
                     "PRODID:-//National Co-production Week//Events calendar feeds//EN",
                     "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "NAME:Co-production Week events",
                     "X-WR-CALNAME:Co-production Week events", "X-WR-CALDESC:Every event",
                     "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H"]:
        assert expected in lines
    assert not any(line.startswith("X-WR-TIMEZONE") for line in lines)
    header = lines[: lines.index("BEGIN:VTIMEZONE")]
    assert not any(line.startswith("UID") for line in header)  # no random calendar UID


def test_ttl_is_configurable():
    lines = unfolded_lines(feed([make_event()], ttl=timedelta(hours=6)))
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines and "X-PUBLISHED-TTL:PT6H" in lines


def test_crlf_line_endings_only_and_no_long_lines():
    data = feed([make_event(title=TRICKY_TEXT * 3, body_html=f"<p>{TRICKY_TEXT * 10}</p>")])
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")


# Round trip of every field -------------------------------------------------

def test_every_field_round_trips_through_icalendar():
    event = make_event(
        title=TRICKY_TEXT,
        body_html=f"<p>{TRICKY_TEXT.replace(chr(10), '<br>')}</p><ul><li>Tea, coffee; cake</li></ul>",
        venue=Venue("Café Zoë’s", "1 High Street, Leeds", "LS1 1AA"),
        organiser=Organiser("Zoë’s Group, Leeds", "https://zoe.example.org", "events@zoe.example.org"),
        booking_url="https://tickets.example.org/e/1?a=1&b=2",
        cost="£5, concessions free",
        tags=("health, care", "Zoë’s; talk"),
        access=(AccessFeature.STEP_FREE, AccessFeature.BSL),
        access_details="Lift to all floors; quiet room on request.",
        access_contact="access@example.org",
        sequence=3,
        modified=datetime(2018, 6, 1, 14, 30, tzinfo=LONDON),
    )
    (component,) = vevents(parsed([event]))
    assert str(component["SUMMARY"]) == TRICKY_TEXT
    assert str(component["UID"]) == "festival@coproductionweek.org.uk"
    assert component["DTSTART"].dt == datetime(2018, 7, 2, 10, 0, tzinfo=LONDON)
    assert component["DTSTART"].params["TZID"] == "Europe/London"
    assert component["DTEND"].dt == datetime(2018, 7, 2, 12, 30, tzinfo=LONDON)
    assert component["DTSTAMP"].dt == BUILD_TIME.astimezone(timezone.utc)
    assert component["LAST-MODIFIED"].dt == datetime(2018, 6, 1, 13, 30, tzinfo=timezone.utc)
    assert component["SEQUENCE"] == 3
    assert str(component["STATUS"]) == "CONFIRMED"
    assert str(component["LOCATION"]) == "Café Zoë’s, 1 High Street, Leeds, LS1 1AA"
    assert str(component["URL"]) == "https://coproductionweek.org.uk/events/festival/"
    assert [str(tag) for tag in component["CATEGORIES"].cats] == ["health, care", "Zoë’s; talk"]
    assert "ORGANIZER" not in component and "ATTENDEE" not in component  # Outlook: a meeting invitation
    description = str(component["DESCRIPTION"])
    assert "Organised by Zoë’s Group, Leeds (https://zoe.example.org). Contact: events@zoe.example.org" in description
    assert TRICKY_TEXT in description
    assert "• Tea, coffee; cake" in description
    assert "Book: https://tickets.example.org/e/1?a=1&b=2" in description
    assert "Cost: £5, concessions free" in description
    assert "Access:\n• Step-free access\n• British Sign Language (BSL) interpretation\n" \
           "Lift to all floors; quiet room on request.\nQuestions about access: access@example.org" in description
    assert "More information: https://coproductionweek.org.uk/events/festival/" in description
    assert "<" not in description  # plain text, not HTML


def test_text_escaping_is_rfc5545():
    lines = unfolded_lines(feed([make_event(title="a, b; c \\ d\ne")]))
    assert "SUMMARY:a\\, b\\; c \\\\ d\\ne" in lines


def test_online_and_hybrid_locations():
    online = make_event(attendance=AttendanceMode.ONLINE, venue=None, joining_url="https://meet.example.org/x")
    hybrid = make_event(slug="h", attendance=AttendanceMode.HYBRID, venue=Venue("Town Hall", "", "LS1 1AA"))
    by_uid = {str(c["UID"]): c for c in vevents(parsed([online, hybrid]))}
    assert str(by_uid["festival@coproductionweek.org.uk"]["LOCATION"]) == "Online"
    assert "Join online: https://meet.example.org/x" in str(by_uid["festival@coproductionweek.org.uk"]["DESCRIPTION"])
    assert str(by_uid["h@coproductionweek.org.uk"]["LOCATION"]) == "Town Hall, LS1 1AA (and online)"


def test_organizer_only_with_an_email():
    (component,) = vevents(parsed([make_event(organiser=Organiser("SCIE", "https://www.scie.org.uk/"))]))
    assert "ORGANIZER" not in component
    assert "Organised by SCIE (https://www.scie.org.uk/)" in str(component["DESCRIPTION"])


def test_no_last_modified_without_a_modified_date():
    (component,) = vevents(parsed([make_event(modified=None)]))
    assert "LAST-MODIFIED" not in component


# Times ----------------------------------------------------------------------

def test_all_day_event_has_date_values_and_exclusive_end():
    one_day = make_event(start=date(2018, 7, 2), end=date(2018, 7, 2))
    lines = unfolded_lines(feed([one_day]))
    assert "DTSTART;VALUE=DATE:20180702" in lines
    assert "DTEND;VALUE=DATE:20180703" in lines
    assert "BEGIN:VTIMEZONE" not in lines  # dates need no zone


def test_multi_day_all_day_event_ends_the_day_after_its_last_day():
    lines = unfolded_lines(feed([make_event(start=date(2018, 7, 2), end=date(2018, 7, 6))]))
    assert "DTEND;VALUE=DATE:20180707" in lines


def test_every_tzid_has_its_vtimezone_in_the_same_file():
    events = [make_event(), make_event(slug="ny", timezone=NEW_YORK,
                                       start=datetime(2018, 11, 20, 18, tzinfo=NEW_YORK),
                                       end=datetime(2018, 11, 20, 20, tzinfo=NEW_YORK))]
    data = feed(events).decode()
    used = set(re.findall(r";TZID=([^:;]+)", data))
    defined = set(re.findall(r"^TZID:(.+?)\r$", data, flags=re.M))
    assert used == defined == {"Europe/London", "America/New_York"}
    assert "RDATE" not in data


def test_utc_events_are_written_in_utc_without_a_vtimezone():
    utc = ZoneInfo("UTC")
    event = make_event(timezone=utc, start=datetime(2018, 7, 2, 9, tzinfo=utc), end=datetime(2018, 7, 2, 10, tzinfo=utc))
    lines = unfolded_lines(feed([event]))
    assert "DTSTART:20180702T090000Z" in lines
    assert "BEGIN:VTIMEZONE" not in lines


def test_dtstamp_is_utc_and_the_build_time():
    lines = unfolded_lines(feed([make_event()]))
    assert "DTSTAMP:20180620T080000Z" in lines


# Identity and updates -------------------------------------------------------

def test_uid_is_stable_and_independent_of_site_url():
    event = make_event()
    first = vevents(parsed([event], site_url="https://staging.example.net"))[0]["UID"]
    second = vevents(parsed([event], site_url=""))[0]["UID"]
    assert first == second == "festival@coproductionweek.org.uk"


def test_explicit_uid_wins():
    assert event_uid(make_event(uid="  2018-festival@scie.org.uk "), "x.org") == "2018-festival@scie.org.uk"


def test_same_content_and_build_time_give_identical_bytes():
    def events():
        return [make_event(title=TRICKY_TEXT), make_event(slug="b", start=date(2018, 7, 3), end=date(2018, 7, 3)),
                make_event(slug="c", timezone=NEW_YORK, start=datetime(2018, 8, 1, 9, tzinfo=NEW_YORK),
                           end=datetime(2018, 8, 1, 10, tzinfo=NEW_YORK))]
    assert feed(events()) == feed(list(reversed(events())))
    assert feed(events()) != feed(events(), build_time=BUILD_TIME + timedelta(days=1))


def test_fast_writer_matches_icalendars_own_serialisation(feed_options):
    events = [make_event(title=TRICKY_TEXT, organiser=Organiser("O", "", "o@example.org"), tags=("a", "b")),
              make_event(slug="weekly", recurrence=Recurrence("FREQ=WEEKLY;COUNT=4",
                                                               (datetime(2018, 7, 9, 10, 0),)),
                         occurrence_changes=(OccurrenceChange(datetime(2018, 7, 16, 10, 0), Status.CANCELLED),)),
              make_event(slug="day", start=date(2018, 7, 3), end=date(2018, 7, 3))]
    writer = FeedWriter(feed_options)
    assert writer.feed_bytes(events, "N", "D") == calendar_bytes(build_calendar(events, feed_options, Subscription("N", "D")))
    for event in events:
        assert writer.event_file_bytes(event) == calendar_bytes(build_calendar([event], feed_options, None))
    assert writer.feed_bytes([], "N", "D") == calendar_bytes(build_calendar([], feed_options, Subscription("N", "D")))


def test_sequence_and_status_of_a_cancelled_event():
    (component,) = vevents(parsed([make_event(status=Status.CANCELLED, status_note="The venue flooded.", sequence=2)]))
    assert str(component["STATUS"]) == "CANCELLED"
    assert component["SEQUENCE"] == 2
    assert str(component["SUMMARY"]) == "Cancelled: Co-production festival"
    assert str(component["DESCRIPTION"]).startswith("This event is cancelled. The venue flooded.")


def test_postponed_event_is_tentative():
    (component,) = vevents(parsed([make_event(status=Status.POSTPONED)]))
    assert str(component["STATUS"]) == "TENTATIVE"


# Window -------------------------------------------------------------------

def test_window_keeps_events_that_ended_within_twelve_months_including_cancelled(feed_options):
    recent = make_event(slug="recent", start=datetime(2017, 7, 1, 10, tzinfo=LONDON),
                        end=datetime(2017, 7, 1, 11, tzinfo=LONDON), status=Status.CANCELLED)
    old = make_event(slug="old", start=datetime(2017, 6, 1, 10, tzinfo=LONDON), end=datetime(2017, 6, 1, 11, tzinfo=LONDON))
    old_all_day = make_event(slug="old-day", start=date(2017, 6, 19), end=date(2017, 6, 19))
    series = make_event(slug="series", start=datetime(2016, 1, 4, 10, tzinfo=LONDON),
                        end=datetime(2016, 1, 4, 11, tzinfo=LONDON),
                        recurrence=Recurrence("FREQ=WEEKLY;COUNT=80"))  # last one 10 July 2017
    ended_series = make_event(slug="ended", start=datetime(2016, 1, 4, 10, tzinfo=LONDON),
                              end=datetime(2016, 1, 4, 11, tzinfo=LONDON),
                              recurrence=Recurrence("FREQ=WEEKLY;UNTIL=20170601"))
    # The window starts 20 June 2017 08:00 UTC: a last day of 20 June is in, 19 June is out.
    daily_to_the_20th = make_event(slug="daily-to-20th", start=date(2017, 6, 1), end=date(2017, 6, 1),
                                   recurrence=Recurrence("FREQ=DAILY;UNTIL=20170620"))
    daily_20th_excepted = make_event(slug="daily-20th-excepted", start=date(2017, 6, 1), end=date(2017, 6, 1),
                                     recurrence=Recurrence("FREQ=DAILY;UNTIL=20170620", (date(2017, 6, 20),)))
    kept = events_in_window([recent, old, old_all_day, series, ended_series, daily_to_the_20th, daily_20th_excepted],
                            feed_options)
    assert [event.slug for event in kept] == ["recent", "series", "daily-to-20th"]
    assert [event.slug for event in events_in_window([recent], options(window_months=6))] == []


# Recurrence ---------------------------------------------------------------

def weekly(**fields):
    return make_event(
        slug="weekly", start=datetime(2018, 3, 8, 18, 30, tzinfo=LONDON), end=datetime(2018, 3, 8, 20, 0, tzinfo=LONDON),
        recurrence=Recurrence("FREQ=WEEKLY;UNTIL=20181115", (datetime(2018, 4, 5, 18, 30),)), **fields)


def test_rrule_until_is_written_in_utc_for_timed_events():
    rule = normalised_rrule(weekly())
    assert rule.to_ical() == b"FREQ=WEEKLY;UNTIL=20181115T235959Z"
    all_day = make_event(start=date(2018, 7, 2), end=date(2018, 7, 2),
                         recurrence=Recurrence("FREQ=DAILY;UNTIL=20180705T120000Z"))
    assert normalised_rrule(all_day).to_ical() == b"FREQ=DAILY;UNTIL=20180705"


def occurrences(calendar: Calendar, start, end):
    return recurring_ical_events.of(calendar).between(start, end)


def test_weekly_event_keeps_its_local_time_across_british_summer_time_changes():
    calendar = parsed([weekly()])
    found = occurrences(calendar, date(2018, 3, 1), date(2018, 12, 1))
    starts = [occurrence["DTSTART"].dt for occurrence in found]
    assert {start.astimezone(LONDON).time() for start in starts} == {datetime(2018, 1, 1, 18, 30).time()}
    assert {start.astimezone(timezone.utc).hour for start in starts} == {17, 18}  # BST and GMT
    assert datetime(2018, 4, 5, 18, 30, tzinfo=LONDON) not in starts  # EXDATE
    assert len(starts) == 37 - 1  # 8 March to 15 November, less the EXDATE


def test_changed_and_cancelled_occurrences_use_recurrence_id():
    event = weekly(occurrence_changes=(
        OccurrenceChange(datetime(2018, 3, 15, 18, 30), Status.CANCELLED, note="Half term."),
        OccurrenceChange(datetime(2018, 3, 22, 18, 30, tzinfo=LONDON),
                         start=datetime(2018, 3, 23, 12, 0, tzinfo=LONDON), note="Moved to Friday lunchtime."),
    ))
    components = vevents(parsed([event]))
    assert len(components) == 3 and len({str(c["UID"]) for c in components}) == 1
    cancelled, moved = components[1], components[2]
    assert cancelled["RECURRENCE-ID"].dt == datetime(2018, 3, 15, 18, 30, tzinfo=LONDON)
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Half term." in str(cancelled["DESCRIPTION"])
    assert moved["RECURRENCE-ID"].dt == datetime(2018, 3, 22, 18, 30, tzinfo=LONDON)
    assert moved["DTSTART"].dt == datetime(2018, 3, 23, 12, 0, tzinfo=LONDON)
    assert moved["DTEND"].dt == datetime(2018, 3, 23, 13, 30, tzinfo=LONDON)
    found = occurrences(parsed([event]), date(2018, 3, 14), date(2018, 3, 25))
    by_start = {o["DTSTART"].dt: str(o.get("STATUS")) for o in found}
    assert by_start[datetime(2018, 3, 15, 18, 30, tzinfo=LONDON)] == "CANCELLED"
    assert datetime(2018, 3, 23, 12, 0, tzinfo=LONDON) in by_start
    assert datetime(2018, 3, 22, 18, 30, tzinfo=LONDON) not in by_start


def test_all_day_recurring_event_exdate_is_a_date():
    event = make_event(start=date(2018, 7, 2), end=date(2018, 7, 2),
                       recurrence=Recurrence("FREQ=DAILY;COUNT=5", (date(2018, 7, 4),)))
    lines = unfolded_lines(feed([event]))
    assert "EXDATE;VALUE=DATE:20180704" in lines
    found = occurrences(parsed([event]), date(2018, 7, 1), date(2018, 7, 10))
    assert [o["DTSTART"].dt for o in found] == [date(2018, 7, d) for d in (2, 3, 5, 6)]


@pytest.mark.parametrize("bad_rule", ["", "FREQ=SOMETIMES", "COUNT=3"])
def test_unreadable_rrule_raises_value_error(bad_rule):
    with pytest.raises(ValueError):
        normalised_rrule(make_event(recurrence=Recurrence(bad_rule)))


def test_a_rule_without_end_is_kept_and_not_expanded_forever(feed_options):
    endless = make_event(start=datetime(2010, 1, 4, 10, tzinfo=LONDON), end=datetime(2010, 1, 4, 11, tzinfo=LONDON),
                         recurrence=Recurrence("FREQ=WEEKLY"))
    assert events_in_window([endless], feed_options) == [endless]
    assert b"RRULE:FREQ=WEEKLY\r\n" in feed([endless])


# A single event's file (issue 10, item 13) ---------------------------------

def single_event_kinds():
    return [
        make_event(title=TRICKY_TEXT, organiser=Organiser("Zoë’s Group", "", "events@zoe.example.org")),
        make_event(slug="day", start=date(2018, 7, 3), end=date(2018, 7, 5), status=Status.CANCELLED),
        make_event(slug="weekly", recurrence=Recurrence("FREQ=WEEKLY;COUNT=4", (datetime(2018, 7, 9, 10, 0),)),
                   occurrence_changes=(OccurrenceChange(datetime(2018, 7, 16, 10, 0), Status.CANCELLED),)),
        make_event(slug="utc", timezone=ZoneInfo("UTC"), start=datetime(2018, 7, 2, 9, tzinfo=ZoneInfo("UTC")),
                   end=datetime(2018, 7, 2, 10, tzinfo=ZoneInfo("UTC"))),
    ]


@pytest.mark.parametrize("event", single_event_kinds(), ids=lambda event: event.slug)
def test_a_single_event_file_names_no_calendar(event, feed_options):
    data = FeedWriter(feed_options).event_file_bytes(event)
    calendar = Calendar.from_ical(data)
    # Anything more (NAME, X-WR-CALNAME, a calendar DESCRIPTION, REFRESH-INTERVAL,
    # X-PUBLISHED-TTL, a calendar UID...) makes it a calendar that Outlook opens as new.
    assert set(calendar) == {"VERSION", "PRODID", "CALSCALE", "METHOD"}
    lines = unfolded_lines(data)
    header = lines[: next(i for i, line in enumerate(lines[1:], 1) if line.startswith("BEGIN:"))]
    assert not [line for line in header if line.split(":")[0].split(";")[0] not in
                ("BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD")]
    assert calendar.walk("VEVENT")
    calendar.validate()


def test_a_subscription_feed_still_names_itself(feed_options):
    calendar = Calendar.from_ical(FeedWriter(feed_options).feed_bytes(single_event_kinds(), "N", "D"))
    assert {"NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"} <= set(calendar)


def test_no_organizer_or_attendee_in_any_file(feed_options):
    """Outlook turns an imported event with an ORGANIZER into a meeting invitation."""
    writer = FeedWriter(feed_options)
    events = single_event_kinds()
    for data in [writer.feed_bytes(events, "N", "D")] + [writer.event_file_bytes(event) for event in events]:
        text = data.decode("utf-8").replace("\r\n ", "")
        assert "\r\nORGANIZER" not in text and "\r\nATTENDEE" not in text
    assert "Contact: events@zoe.example.org" in writer.feed_bytes(events[:1], "N", "D").decode().replace("\r\n ", "")


# Never an empty calendar (issue 10, item 14) ----------------------------------

def test_a_feed_with_no_events_still_holds_a_component(feed_options):
    calendar = Calendar.from_ical(FeedWriter(feed_options).feed_bytes([], "N", "D"))
    calendar.validate()  # icalendar refuses a VCALENDAR without a component
    (zone,) = calendar.subcomponents
    assert zone.name == "VTIMEZONE" and str(zone["TZID"]) == "Europe/London"
    other = Calendar.from_ical(FeedWriter(options(timezone="America/New_York")).feed_bytes([], "N", "D"))
    assert str(other.subcomponents[0]["TZID"]) == "America/New_York"


def _ended(slug, year, month, **fields):
    return make_event(slug=slug, start=datetime(year, month, 1, 10, tzinfo=LONDON),
                      end=datetime(year, month, 1, 11, tzinfo=LONDON), **fields)


def test_a_feed_whose_events_are_all_old_keeps_the_one_that_ended_last(feed_options):
    old = _ended("old", 2016, 3)
    older = _ended("older", 2015, 3)
    # A weekly series that started before "old" but whose last date (June 2016) is later.
    series = make_event(slug="series", start=datetime(2016, 1, 4, 10, tzinfo=LONDON),
                        end=datetime(2016, 1, 4, 11, tzinfo=LONDON), recurrence=Recurrence("FREQ=WEEKLY;COUNT=26"))
    cancelled = _ended("cancelled", 2016, 5, status=Status.CANCELLED)
    assert subscription_events([older, old, cancelled], feed_options) == [cancelled]
    assert subscription_events([old, series, older, cancelled], feed_options) == [series]
    assert subscription_events([older], feed_options) == [older]
    assert subscription_events([], feed_options) == []


def test_a_feed_with_events_in_the_window_keeps_only_those(feed_options):
    old, recent = _ended("old", 2016, 3), _ended("recent", 2017, 9, status=Status.CANCELLED)
    assert subscription_events([old, recent], feed_options) == [recent]
    everything = [old, recent, make_event()]
    window = events_in_window(everything, feed_options)
    assert subscription_events([old, recent], feed_options, window) == [recent]
    assert subscription_events([old], feed_options, window) == [old]
