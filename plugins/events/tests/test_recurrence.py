from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from coproweek.events import recurrence
from coproweek.events.model import Event, OccurrenceChange, Recurrence, Status

LONDON = ZoneInfo("Europe/London")


def at(*parts):
    return datetime(*parts, tzinfo=LONDON)


def event(start, end, rrule="", exdates=(), **kwargs):
    rec = Recurrence(rrule, tuple(exdates)) if rrule else None
    return Event(slug="e", title="E", start=start, end=end, timezone=LONDON, recurrence=rec, **kwargs)


@pytest.mark.parametrize(
    ("phrase", "rule"),
    [
        ("weekly", "FREQ=WEEKLY"),
        ("Fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
        ("every 3 days", "FREQ=DAILY;INTERVAL=3"),
        ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("monthly", "FREQ=MONTHLY"),
        ("monthly on the first Tuesday", "FREQ=MONTHLY;BYDAY=1TU"),
        ("every month on the last friday", "FREQ=MONTHLY;BYDAY=-1FR"),
    ],
)
def test_repeat_phrases(phrase, rule):
    assert recurrence.rule_from_repeat(phrase) == rule


@pytest.mark.parametrize("phrase", ["sometimes", "every 0 days", "weekly on mondays and", "every -1 weeks"])
def test_unknown_repeat_phrase_is_refused(phrase):
    with pytest.raises(recurrence.RecurrenceError, match="not a way of repeating"):
        recurrence.rule_from_repeat(phrase)


def test_until_is_utc_end_of_local_day_for_timed_events():
    rule = recurrence.build_rrule(at(2018, 6, 5, 10), repeat="weekly", until=date(2018, 7, 31))
    assert rule == "FREQ=WEEKLY;UNTIL=20180731T225959Z"


def test_until_is_a_date_for_all_day_events():
    assert recurrence.build_rrule(date(2018, 6, 5), repeat="weekly", count=3) == "FREQ=WEEKLY;COUNT=3"
    assert recurrence.build_rrule(date(2018, 6, 5), repeat="weekly", until=date(2018, 7, 31)) == "FREQ=WEEKLY;UNTIL=20180731"


def test_weekly_keeps_local_time_across_daylight_saving_change():
    start = at(2018, 10, 16, 10)
    rule = recurrence.build_rrule(start, repeat="weekly", count=4)
    starts = recurrence.occurrence_starts(start, rule)
    assert [s.hour for s in starts] == [10, 10, 10, 10]
    assert [s.tzname() for s in starts] == ["BST", "BST", "GMT", "GMT"]
    assert starts[2].utcoffset() != starts[1].utcoffset()


def test_never_ending_repeat_is_refused():
    with pytest.raises(recurrence.RecurrenceError, match="never ends"):
        recurrence.build_rrule(at(2018, 6, 5, 10), repeat="weekly")
    with pytest.raises(recurrence.RecurrenceError, match="never ends"):
        recurrence.build_rrule(at(2018, 6, 5, 10), rrule="FREQ=WEEKLY;BYDAY=TU")


@pytest.mark.parametrize(
    "rrule",
    ["FREQ=SOMETIMES;COUNT=2", "FREQ=WEEKLY;COUNT=x", "FREQ=WEEKLY;BYBANANA=1;COUNT=2", "nonsense", "FREQ=WEEKLY;UNTIL=2018;"],
)
def test_unparseable_rrule_is_refused(rrule):
    with pytest.raises(recurrence.RecurrenceError):
        recurrence.build_rrule(at(2018, 6, 5, 10), rrule=rrule)


def test_expert_rrule_with_date_until_is_normalised_to_utc():
    rule = recurrence.build_rrule(at(2018, 6, 5, 10), rrule="RRULE:freq=weekly;byday=TU;until=20180626")
    assert rule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20180626T225959Z"
    assert len(recurrence.occurrence_starts(at(2018, 6, 5, 10), rule)) == 4


def test_start_that_the_rule_skips_is_refused():
    # 5 June 2018 is a Tuesday; the rule says Wednesdays.
    with pytest.raises(recurrence.RecurrenceError, match="not one of the dates"):
        recurrence.build_rrule(at(2018, 6, 5, 10), rrule="FREQ=WEEKLY;BYDAY=WE;COUNT=3")


def test_until_before_start_is_refused():
    with pytest.raises(recurrence.RecurrenceError, match="never happens"):
        recurrence.build_rrule(at(2018, 6, 5, 10), repeat="weekly", until=date(2018, 6, 1))


def test_count_and_until_together_are_refused():
    with pytest.raises(recurrence.RecurrenceError, match="not both"):
        recurrence.build_rrule(at(2018, 6, 5, 10), repeat="weekly", until=date(2018, 7, 1), count=3)


def test_occurrences_skip_exception_dates_and_keep_length():
    start = at(2018, 6, 5, 10)
    rule = recurrence.build_rrule(start, repeat="weekly", count=4)
    matched, unmatched = recurrence.exception_starts(start, rule, [date(2018, 6, 12), date(2018, 6, 13)])
    assert matched == (at(2018, 6, 12, 10),)
    assert unmatched == [date(2018, 6, 13)]
    found = recurrence.occurrences(event(start, at(2018, 6, 5, 11, 30), rule, matched))
    assert [o.start.day for o in found] == [5, 19, 26]
    assert all(o.end - o.start == at(2018, 6, 5, 11, 30) - start for o in found)


def test_all_day_recurrence_yields_dates():
    start = date(2018, 7, 2)
    rule = recurrence.build_rrule(start, repeat="every 7 days", count=2)
    found = recurrence.occurrences(event(start, date(2018, 7, 3), rule))
    assert [(o.start, o.end) for o in found] == [(date(2018, 7, 2), date(2018, 7, 3)), (date(2018, 7, 9), date(2018, 7, 10))]


def test_event_status_reaches_every_occurrence_and_changes_apply():
    start = at(2018, 6, 5, 10)
    rule = recurrence.build_rrule(start, repeat="weekly", count=3)
    change = OccurrenceChange(at(2018, 6, 12, 10), Status.CANCELLED, note="Trainer ill")
    cancelled = event(start, at(2018, 6, 5, 11), rule, status=Status.POSTPONED, occurrence_changes=(change,))
    statuses = [(o.status, o.note) for o in recurrence.occurrences(cancelled)]
    assert statuses == [(Status.POSTPONED, ""), (Status.CANCELLED, "Trainer ill"), (Status.POSTPONED, "")]


def test_single_event_is_one_occurrence():
    found = recurrence.occurrences(event(at(2018, 7, 3, 10), at(2018, 7, 3, 16)))
    assert len(found) == 1 and found[0].start == at(2018, 7, 3, 10)


def test_describe():
    start = at(2018, 6, 5, 10)
    weekly = Recurrence(recurrence.build_rrule(start, repeat="weekly", until=date(2018, 7, 31)))
    assert recurrence.describe(weekly, start) == "Every Tuesday, until Tuesday 31 July 2018"
    monthly = Recurrence(recurrence.build_rrule(start, repeat="monthly on the first tuesday", count=3))
    assert recurrence.describe(monthly, start) == "On the first Tuesday of every month, 3 times"
