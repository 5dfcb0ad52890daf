"""The Pelican glue's own decisions: file paths, site address, bad events reported."""

from __future__ import annotations

from coproweek import problems
import calendar_feeds
from calendar_feeds import Build, CalendarFeedsGenerator, Settings, _site_url, event_ics_path
from coproweek.config import read_settings
from pelican.settings import DEFAULT_CONFIG
from coproweek.feeds.serialise import FeedWriter
from calendar_feeds.tests.builders import make_event, options
from coproweek.events.model import Recurrence


def test_event_ics_sits_beside_the_event_page():
    assert event_ics_path(make_event(slug="festival", url="events/festival/")) == "events/festival/festival.ics"
    assert event_ics_path(make_event(slug="festival", url="events/festival.html")) == "events/festival.ics"
    assert event_ics_path(make_event(slug="festival", url="")) == "events/festival/festival.ics"


def site_url(**settings) -> str:
    return _site_url(read_settings(Settings, {**DEFAULT_CONFIG, **settings}))


def test_feed_links_are_absolute_even_in_a_local_build():
    assert site_url(SITEURL="") == "https://coproductionweek.org.uk"
    assert site_url(SITEURL="https://example.org/") == "https://example.org"
    assert site_url(SITEURL="", CALENDAR_FEED_SITEURL="https://staging.example.org/") == "https://staging.example.org"
    assert site_url(SITEURL="../..", CALENDAR_FEED_DOMAIN="example.net") == "https://example.net"
    assert site_url(SITEURL="", CALENDAR_FEED_DOMAIN="") == "https://coproductionweek.org.uk"  # blank: the default


def test_an_event_the_feed_cannot_write_is_reported_to_the_author_not_raised():
    problems.problem_log.clear()
    bad = make_event(source_path="content/events/bad.md", recurrence=Recurrence("FREQ=SOMETIMES;COUNT=2"))
    try:
        assert not CalendarFeedsGenerator._serialisable(None, FeedWriter(options()), bad)
        (problem,) = problems.problem_log.problems
        assert "calendar feed could not include this event" in problem.what
        assert CalendarFeedsGenerator._serialisable(None, FeedWriter(options()), make_event())
    finally:
        problems.problem_log.clear()


def test_calendar_links_filter_gives_every_link(monkeypatch):
    monkeypatch.setattr(calendar_feeds, "_build", Build(Settings(slug_regex_substitutions=()), "https://coproductionweek.org.uk"))
    links = calendar_feeds.calendar_links(make_event())
    assert links["ics_path"] == "events/festival/festival.ics"
    assert links["google"].startswith("https://calendar.google.com/calendar/render?action=TEMPLATE&")
    assert links["outlook_com"].startswith("https://outlook.live.com/")
    assert links["microsoft_365"].startswith("https://outlook.office.com/")
    assert not links["recurring"] and not links["cancelled"]
