"""Builders for the calendar feed tests: Event objects made directly."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from coproweek.feeds.serialise import FeedOptions
from coproweek.events.model import Event

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
BUILD_TIME = datetime(2018, 6, 20, 9, 0, tzinfo=LONDON)
TRICKY_TEXT = "Café – Zoë’s talk 🎉, with commas; semicolons \\ backslashes\nand a new line"


def options(**changes) -> FeedOptions:
    values = {"uid_domain": "coproductionweek.org.uk", "site_url": "https://coproductionweek.org.uk",
              "build_time": BUILD_TIME}
    return FeedOptions(**(values | changes))


def make_event(**fields) -> Event:
    values = {
        "slug": "festival",
        "title": "Co-production festival",
        "start": datetime(2018, 7, 2, 10, 0, tzinfo=LONDON),
        "end": datetime(2018, 7, 2, 12, 30, tzinfo=LONDON),
        "timezone": LONDON,
        "summary": "A day of talks.",
        "body_html": "<p>A day of talks.</p>",
        "url": "events/festival/",
        "modified": datetime(2018, 5, 1, 8, 0, tzinfo=timezone.utc),
    }
    return Event(**(values | fields))
