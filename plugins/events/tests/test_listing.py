from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from coproweek.events.listing import Schedule, resolve_now
from coproweek.events.model import Event, OccurrenceChange, Recurrence, Status
from coproweek.events.recurrence import build_rrule
from sitekit.build import site_slugify

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2018, 6, 20, 0, 0, tzinfo=LONDON)


def at(*parts):
    return datetime(*parts, tzinfo=LONDON)


def event(slug, start, end, repeat=None, **kwargs):
    recurrence = Recurrence(build_rrule(start, **repeat)) if repeat else None
    return Event(slug=slug, title=slug.title(), start=start, end=end, timezone=LONDON, recurrence=recurrence, **kwargs)


def test_resolve_now_prefers_environment_then_setting():
    assert resolve_now("2018-06-20", LONDON, environ={}) == NOW
    assert resolve_now("2018-06-20", LONDON, environ={"SITE_NOW": "2027-01-02T09:30"}) == at(2027, 1, 2, 9, 30)
    assert resolve_now(date(2018, 6, 20), LONDON, environ={}) == NOW
    assert resolve_now("2018-06-20T12:00+00:00", LONDON, environ={}).utcoffset().total_seconds() == 0
    assert resolve_now(None, LONDON, environ={}).tzinfo is not None
    with pytest.raises(ValueError, match="SITE_NOW"):
        resolve_now("next tuesday", LONDON, environ={})


def test_upcoming_includes_events_under_way_and_excludes_finished_ones():
    week = event("week", date(2018, 6, 18), date(2018, 6, 22))
    finished = event("finished", at(2018, 6, 19, 10), at(2018, 6, 19, 12))
    later = event("later", at(2018, 7, 3, 10), at(2018, 7, 3, 16))
    schedule = Schedule([later, finished, week], NOW)
    assert [occ.event.slug for occ in schedule.upcoming()] == ["week", "later"]
    groups = schedule.by_day(schedule.upcoming())
    # The week is under way, so it shows under today, with its whole span.
    assert groups[0].day == date(2018, 6, 20)
    assert groups[0].entries[0][1] == "Monday 18 June to Friday 22 June 2018"
    assert [(year, [e.event.slug for e in entries]) for year, entries in schedule.past_by_year()] == [(2018, ["finished"])]


def test_all_day_event_is_past_only_after_its_last_day():
    today = event("today", date(2018, 6, 20), date(2018, 6, 20))
    assert Schedule([today], at(2018, 6, 20, 23, 59)).upcoming()
    assert not Schedule([today], at(2018, 6, 21, 0, 0)).upcoming()


def test_recurring_event_limited_to_the_horizon_but_always_shows_its_next_date():
    weekly = event("weekly", at(2018, 6, 5, 10), at(2018, 6, 5, 11), repeat={"repeat": "weekly", "count": 52})
    schedule = Schedule([weekly], NOW, horizon_days=28)
    starts = [occ.start.date() for occ in schedule.upcoming()]
    assert starts == [date(2018, 6, 26), date(2018, 7, 3), date(2018, 7, 10), date(2018, 7, 17)]
    far = event("far", at(2018, 12, 4, 10), at(2018, 12, 4, 11), repeat={"repeat": "weekly", "count": 3})
    assert [occ.start.date() for occ in Schedule([far], NOW, horizon_days=28).upcoming()] == [date(2018, 12, 4)]
    assert len(schedule.next_per_event()) == 1


def test_past_entries_collapse_a_repeating_event_per_year():
    weekly = event("weekly", at(2017, 12, 12, 10), at(2017, 12, 12, 11), repeat={"repeat": "weekly", "count": 5})
    years = Schedule([weekly], NOW).past_by_year()
    assert [(year, entries[0].count) for year, entries in years] == [(2018, 2), (2017, 3)]


def test_month_grid_has_multi_day_events_on_each_day_and_marks_today():
    week = event("week", date(2018, 6, 29), date(2018, 7, 3))
    months = Schedule([week], NOW).months()
    assert [m.key for m in months] == [(2018, 6), (2018, 7)]
    june, july = months
    assert june.next == (2018, 7) and july.previous == (2018, 6) and june.previous is None
    assert all(len(week_row) == 7 for week_row in june.weeks)
    days_with_event = [cell.day for row in july.weeks for cell in row if cell.entries]
    assert days_with_event == [date(2018, 7, 1), date(2018, 7, 2), date(2018, 7, 3)]
    assert [cell.day for row in june.weeks for cell in row if cell.is_today] == [date(2018, 6, 20)]
    assert july.days[0].entries[0][1] == "All day (day 3 of 5)"
    assert june.label == "June 2018"


def test_filters_by_tag_organiser_and_access():
    from coproweek.events.model import AccessFeature, Organiser

    one = event("one", at(2018, 7, 3, 10), at(2018, 7, 3, 11), tags=("Training",),
                organiser=Organiser("Carers Together"), access=(AccessFeature.BSL,))
    two = event("two", at(2018, 7, 4, 10), at(2018, 7, 4, 11), tags=("training", "London"))
    found = {(f.kind, f.slug): [e.slug for e in f.events] for f in Schedule([one, two], NOW).filters(site_slugify())}
    assert found == {("tag", "training"): ["one", "two"], ("tag", "london"): ["two"],
                     ("organiser", "carers-together"): ["one"], ("access", "bsl"): ["one"]}


def test_cancelled_status_reaches_lists():
    cancelled = event("off", at(2018, 7, 3, 10), at(2018, 7, 3, 11), status=Status.CANCELLED)
    occurrence = Schedule([cancelled], NOW).upcoming()[0]
    assert occurrence.is_called_off and occurrence.status_label == "Cancelled"


def test_going_ahead_ignores_past_cancelled_and_postponed_dates():
    past = event("past", at(2018, 6, 1, 10), at(2018, 6, 1, 12))
    cancelled = event("cancelled", at(2018, 7, 1, 10), at(2018, 7, 1, 12), status=Status.CANCELLED)
    postponed = event("postponed", date(2018, 8, 1), date(2018, 8, 2), status=Status.POSTPONED)
    # A weekly series whose two remaining dates are both cancelled one by one.
    series = event("series", at(2018, 6, 6, 10), at(2018, 6, 6, 11), repeat={"repeat": "weekly", "count": 4},
                   occurrence_changes=(OccurrenceChange(at(2018, 6, 20, 10), Status.CANCELLED),
                                       OccurrenceChange(at(2018, 6, 27, 10), Status.CANCELLED)))
    later = event("later", at(2018, 7, 3, 10), at(2018, 7, 3, 16))
    schedule = Schedule([past, cancelled, postponed, series, later], NOW)
    assert not schedule.going_ahead([past, cancelled, postponed, series])
    assert schedule.going_ahead([cancelled, later])
    assert schedule.going_ahead()
    assert not Schedule([], NOW).going_ahead()


def test_a_page_showing_the_schedule_is_kept_until_now_passes_an_event_or_the_day_changes():
    """The render memo keeps a page whose inputs are unchanged; without
    SITE_NOW "now" is the clock's, new on every build, and must not on its own
    make every page that shows events new (it made every page, with the
    schedule in every page's context)."""
    from coproweek.render_memo import Fingerprint

    talk = event("talk", at(2018, 6, 20, 10), at(2018, 6, 20, 12))
    recurring = event("club", at(2018, 6, 4, 18), at(2018, 6, 4, 19), repeat={"repeat": "weekly", "count": 30})

    def seen(moment):
        return Fingerprint((), str).digest(Schedule([talk, recurring], moment))

    assert seen(at(2018, 6, 20, 9, 0)) == seen(at(2018, 6, 20, 9, 59, 59, 999999))
    assert seen(at(2018, 6, 20, 11, 59)) == seen(at(2018, 6, 20, 10, 30))  # under way, still to come
    assert seen(at(2018, 6, 20, 12, 0)) != seen(at(2018, 6, 20, 11, 59))   # the talk is over
    assert seen(at(2018, 6, 21, 0, 0)) != seen(at(2018, 6, 20, 23, 59))    # another day
