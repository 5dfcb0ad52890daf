"""Feeds and their pages for inputs the sample site lacks (issue 10, items 13-15):
an access feature whose events are all cancelled, a tag whose only events are a
weekly series and a one-off that ended years ago, an organiser with an email
address, and a site with no events at all. Built by Pelican, read by icalendar
and Mozilla's ical.js."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from icalendar import Calendar

from calendar_feeds.tests.test_icaljs import NODE, run_icaljs
from calendar_feeds.tests.test_site_feeds import plugins
from events.tests.site_build import FIXTURE
from sitekit.build import build_site

pytestmark = pytest.mark.slow
NOW = "2018-06-20"
SITE = "https://coproductionweek.org.uk"

EVENTS = {
    "signing-cafe-2027.md": """title: Signing café
start: 2027-03-01 10:00
end: 12:00
venue: Deaf Centre
postcode: LS1 1AA
organiser: Deaf Co-op
organiser-email: hello@deafcoop.example.org
status: cancelled
status-note: The interpreters are not available.
summary: A café in British Sign Language.
tags: signing
access: bsl
""",
    "signing-walk-2027.md": """title: Signing walk
start: 2027-04-01
venue: Roundhay Park
organiser: Deaf Co-op
organiser-email: hello@deafcoop.example.org
status: cancelled
status-note: The interpreters are not available.
summary: A walk in British Sign Language.
tags: signing
access: bsl
""",
    "old-weekly-2016.md": """title: Old weekly talks
start: 2016-01-05 18:00
end: 19:00
repeat: weekly
repeat-until: 2016-03-29
venue: Town Hall
postcode: LS1 1AA
organiser: Old Org
summary: Talks that ended long ago.
tags: archive talks
access: large-print
""",
    "old-one-off-2015.md": """title: Old one-off talk
start: 2015-05-01 18:00
end: 19:00
venue: Town Hall
postcode: LS1 1AA
organiser: Old Org
summary: A talk that ended long ago.
tags: archive talks
access: large-print
""",
    "future-2027.md": """title: A day going ahead
start: 2027-05-01 10:00
end: 16:00
venue: Town Hall
postcode: LS1 1AA
organiser: Deaf Co-op
summary: This one is on.
tags: ahead
access: step-free
""",
}


def build(tmp_path: Path, events: dict[str, str]) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    shutil.rmtree(content / "events")
    (content / "events").mkdir()
    for name, text in events.items():
        (content / "events" / name).write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    build_site(content, output, PLUGINS=plugins(), SITE_NOW=NOW)
    return output


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("edge-feeds"), EVENTS)


def uids(path: Path) -> list[str]:
    return sorted(str(event["UID"]).split("@")[0] for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT")
                  if "RECURRENCE-ID" not in event)


def page(site: Path, path: str):
    return lxml.html.parse(str(site / path / "index.html")).getroot()


def says_none_upcoming(root) -> bool:
    return "There are no upcoming events here" in " ".join(root.text_content().split())


def test_feed_of_an_access_feature_whose_events_are_all_cancelled(site):
    path = site / "events" / "access" / "bsl.ics"
    calendar = Calendar.from_ical(path.read_bytes())
    calendar.validate()
    assert {str(event["STATUS"]) for event in calendar.walk("VEVENT")} == {"CANCELLED"}
    assert uids(path) == ["signing-cafe-2027", "signing-walk-2027"]
    text = path.read_bytes().decode().replace("\r\n ", "")
    assert "ORGANIZER" not in text and "Contact: hello@deafcoop.example.org" in text
    assert str(calendar["X-WR-CALNAME"]).endswith("with British Sign Language (BSL) interpretation")
    # The page lists them (as cancelled) and says none is coming up.
    assert says_none_upcoming(page(site, "events/access/bsl"))
    assert says_none_upcoming(page(site, "events/tags/signing"))


def test_feed_whose_events_all_ended_before_the_window_keeps_the_last_one(site):
    for path in (site / "events" / "tags" / "archive-talks.ics", site / "events" / "access" / "large-print.ics",
                 site / "events" / "organisers" / "old-org.ics"):
        calendar = Calendar.from_ical(path.read_bytes())
        calendar.validate()
        assert uids(path) == ["old-weekly-2016"], path  # the series ended after the one-off
        if NODE:
            assert run_icaljs("outline", str(path))["components"].count("vevent") == 1
    assert says_none_upcoming(page(site, "events/tags/archive-talks"))
    # ...while the site-wide feed has events in its window and leaves the old ones out.
    assert "old-weekly-2016" not in uids(site / "events" / "calendar.ics")


def test_pages_with_events_going_ahead_do_not_say_none(site):
    for path in ("events", "events/access/step-free", "events/tags/ahead", "events/organisers/deaf-co-op"):
        assert not says_none_upcoming(page(site, path)), path


FILTER_PAGES = ["events/access/bsl", "events/access/large-print", "events/access/step-free", "events/tags/signing",
                "events/tags/archive-talks", "events/tags/ahead", "events/organisers/deaf-co-op",
                "events/organisers/old-org"]


@pytest.mark.parametrize("path", ["events"] + FILTER_PAGES)
def test_every_feed_page_offers_every_way_to_subscribe(site, path):
    root = page(site, path)
    box = root.get_element_by_id("subscribe-heading").getparent()
    address = root.get_element_by_id("calendar-feed-address").get("value")
    feed_path = "events/calendar.ics" if path == "events" else f"{path}.ics"
    assert address == f"{SITE}/{feed_path}" and (site / feed_path).is_file()
    hrefs = [a.get("href") for a in box.iter("a")]
    assert f"webcal://coproductionweek.org.uk/{feed_path}" in hrefs
    google = next(h for h in hrefs if h.startswith("https://calendar.google.com/calendar/render?"))
    assert parse_qs(urlsplit(google).query)["cid"] == [f"webcal://coproductionweek.org.uk/{feed_path}"]
    assert "https://calendar.google.com/calendar/r/settings/addbyurl" in hrefs
    name = str(Calendar.from_ical((site / feed_path).read_bytes())["X-WR-CALNAME"])
    for host in ("outlook.live.com", "outlook.office.com"):
        link = next(h for h in hrefs if h.startswith(f"https://{host}/calendar/0/addfromweb?"))
        assert parse_qs(urlsplit(link).query) == {"url": [address], "name": [name]}
    download = next(a for a in box.iter("a") if a.get("download") is not None).get("href")
    assert download.endswith(feed_path)


def test_every_filter_page_with_a_feed_has_the_box(site):
    filter_pages = sorted(p.parent.relative_to(site).as_posix()
                          for kind in ("tags", "organisers", "access")
                          for p in (site / "events" / kind).glob("*/index.html"))
    assert filter_pages == sorted(FILTER_PAGES)
    feeds = sorted(p.relative_to(site).with_suffix("").as_posix()
                   for kind in ("tags", "organisers", "access") for p in (site / "events" / kind).glob("*.ics"))
    assert feeds == filter_pages  # one feed per filter page, and a page for every feed


def test_a_site_with_no_events_still_publishes_a_valid_main_feed(tmp_path):
    site = build(tmp_path, {})
    calendar = Calendar.from_ical((site / "events" / "calendar.ics").read_bytes())
    calendar.validate()
    assert [component.name for component in calendar.subcomponents] == ["VTIMEZONE"]
    assert str(calendar.subcomponents[0]["TZID"]) == "Europe/London"
    assert says_none_upcoming(page(site, "events"))
