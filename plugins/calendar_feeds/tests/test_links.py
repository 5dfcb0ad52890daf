from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from coproweek.feeds.links import (
    google_calendar_url, google_subscribe_url, microsoft_365_subscribe_url, microsoft_365_url,
    outlook_com_subscribe_url, outlook_com_url, webcal_url,
)
from calendar_feeds.tests.builders import LONDON, TRICKY_TEXT, make_event
from coproweek.events.model import AttendanceMode, Recurrence, Venue

SITE = "https://coproductionweek.org.uk"


def query(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    return {key: values[0] for key, values in parse_qs(parts.query, strict_parsing=True).items()}


def test_google_link_for_a_timed_event_uses_local_times_and_ctz():
    event = make_event(title=TRICKY_TEXT, venue=Venue("Town Hall", "1 High St", "LS1 1AA"))
    url = google_calendar_url(event, SITE)
    assert url.startswith("https://calendar.google.com/calendar/render?")
    params = query(url)
    assert params["action"] == "TEMPLATE"
    assert params["text"] == TRICKY_TEXT
    assert params["dates"] == "20180702T100000/20180702T123000"
    assert params["ctz"] == "Europe/London"
    assert params["location"] == "Town Hall, 1 High St, LS1 1AA"
    assert params["details"].endswith(f"{SITE}/events/festival/")
    assert "recur" not in params
    assert " " not in url and "\n" not in url


def test_google_link_for_an_all_day_event_has_an_exclusive_end_date():
    params = query(google_calendar_url(make_event(start=date(2018, 7, 2), end=date(2018, 7, 2)), SITE))
    assert params["dates"] == "20180702/20180703"


def test_google_link_for_a_recurring_event_carries_the_rrule():
    event = make_event(start=datetime(2018, 3, 8, 18, 30, tzinfo=LONDON), end=datetime(2018, 3, 8, 20, tzinfo=LONDON),
                       recurrence=Recurrence("FREQ=WEEKLY;UNTIL=20181115"))
    assert query(google_calendar_url(event, SITE))["recur"] == "RRULE:FREQ=WEEKLY;UNTIL=20181115T235959Z"


def test_outlook_links_use_iso_times_with_offsets():
    for make, host in ((outlook_com_url, "outlook.live.com"), (microsoft_365_url, "outlook.office.com")):
        url = make(make_event(), SITE)
        assert urlsplit(url).netloc == host
        params = query(url)
        assert params["rru"] == "addevent" and params["path"] == "/calendar/action/compose"
        assert params["startdt"] == "2018-07-02T10:00:00+01:00"
        assert params["enddt"] == "2018-07-02T12:30:00+01:00"
        assert params["allday"] == "false"
        assert params["subject"] == "Co-production festival"


def test_outlook_link_for_an_all_day_event():
    params = query(outlook_com_url(make_event(start=date(2018, 7, 2), end=date(2018, 7, 3)), SITE))
    assert (params["startdt"], params["enddt"], params["allday"]) == ("2018-07-02", "2018-07-04", "true")


def test_online_event_location_is_its_joining_link():
    event = make_event(attendance=AttendanceMode.ONLINE, joining_url="https://meet.example.org/x")
    assert query(google_calendar_url(event, SITE))["location"] == "https://meet.example.org/x"


def test_webcal_and_google_subscribe_links():
    feed = "https://coproductionweek.org.uk/events/calendar.ics"
    assert webcal_url(feed) == "webcal://coproductionweek.org.uk/events/calendar.ics"
    assert query(google_subscribe_url(feed))["cid"] == "webcal://coproductionweek.org.uk/events/calendar.ics"


@pytest.mark.parametrize("make, host", [(outlook_com_subscribe_url, "outlook.live.com"),
                                        (microsoft_365_subscribe_url, "outlook.office.com")])
def test_outlook_subscribe_links_fill_in_the_feed_address_and_name(make, host):
    feed = "https://example.org/sub/events/tags/health-&-care.ics?v=1"
    name = "Co-production Week events: Zoë’s “health & care”"
    link = make(feed, name)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", host, "/calendar/0/addfromweb")
    # The https address (Outlook fetches it itself; it refuses webcal:), every character escaped.
    assert parse_qs(parts.query) == {"url": [feed], "name": [name]}
    assert parts.query.count("&") == 1  # the "&" in the address and the name are escaped
