"""The sample site's feeds, built by Pelican with SITE_NOW fixed, read by
icalendar, recurring-ical-events and Mozilla's ical.js."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
import recurring_ical_events
from icalendar import Calendar

from calendar_feeds.tests.test_icaljs import ICALJS, NODE, compare, needs_icaljs, run_icaljs
from sitekit.build import ROOT, build_site, site_settings

pytestmark = pytest.mark.slow
NOW = "2018-06-20"


def plugins() -> list[str]:
    names = [name for name in site_settings()["PLUGINS"] if name != "calendar_feeds"]
    if "events" not in names:
        names.append("events")
    # Before host_config, which gives every .ics file written so far its Content-Type.
    position = names.index("host_config") if "host_config" in names else len(names)
    return names[:position] + ["calendar_feeds"] + names[position:]


def build(output: Path) -> Path:
    build_site(ROOT / "content", output, PLUGINS=plugins(), SITE_NOW=NOW)
    return output


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("calendar-site") / "output")


def feeds(site: Path) -> list[Path]:
    return sorted(site.rglob("*.ics"))


def test_feeds_are_written_for_the_site_each_tag_organiser_and_event(site):
    names = {path.relative_to(site).as_posix() for path in feeds(site)}
    assert "events/calendar.ics" in names
    assert any(name.startswith("events/tags/") for name in names)
    assert any(name.startswith("events/organisers/") for name in names)
    event_pages = [p.parent for p in (site / "events").glob("*/index.html") if (p.parent / f"{p.parent.name}.ics").exists()]
    assert len(event_pages) >= 5


def test_every_feed_parses_with_icalendar_and_has_a_vtimezone_for_every_tzid(site):
    for path in feeds(site):
        data = path.read_bytes()
        calendar = Calendar.from_ical(data)
        assert str(calendar["METHOD"]) == "PUBLISH", path
        assert b"\n" not in data.replace(b"\r\n", b""), path
        assert all(len(line) <= 75 for line in data.split(b"\r\n")), path
        text = data.decode("utf-8")
        assert set(re.findall(r";TZID=([^:;]+)", text)) <= set(re.findall(r"\r\nTZID:(.+?)\r\n", text)), path
        assert "X-WR-TIMEZONE" not in text and "RDATE" not in text


@needs_icaljs
def test_every_feed_expands_the_same_in_icaljs_and_recurring_ical_events(site):
    start = date.fromisoformat(NOW)
    for path in feeds(site):
        compare(path, start - timedelta(days=366), start + timedelta(days=2 * 366))


def event_files(site: Path) -> list[Path]:
    return [path for path in feeds(site) if path.parent.parent.name == "events" and path.stem == path.parent.name]


def subscription_feeds(site: Path) -> list[Path]:
    files = set(event_files(site))
    return [path for path in feeds(site) if path not in files]


def test_event_files_name_no_calendar_and_feeds_do(site):
    assert len(event_files(site)) >= 5
    for path in event_files(site):
        calendar = Calendar.from_ical(path.read_bytes())
        assert set(calendar) == {"VERSION", "PRODID", "CALSCALE", "METHOD"}, path
    for path in subscription_feeds(site):
        assert {"NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"} <= set(Calendar.from_ical(path.read_bytes())), path


def test_every_feed_holds_an_event_and_no_organizer(site):
    """The sample site has tags and organisers whose events all ended before the
    feed's window: their feeds keep the event that ended last."""
    for path in feeds(site):
        calendar = Calendar.from_ical(path.read_bytes())
        calendar.validate()
        assert calendar.walk("VEVENT"), path
        assert not any("ORGANIZER" in event or "ATTENDEE" in event for event in calendar.walk("VEVENT")), path


@needs_icaljs
def test_icaljs_finds_an_event_in_every_subscription_feed(site):
    for path in subscription_feeds(site):
        assert "vevent" in run_icaljs("outline", str(path))["components"], path


def test_main_feed_keeps_recent_past_and_cancelled_events_and_drops_old_ones(site):
    calendar = Calendar.from_ical((site / "events" / "calendar.ics").read_bytes())
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    all_event_files = {path.parent.name for path in (site / "events").glob("*/*.ics")}
    assert {uid.split("@")[0] for uid in uids} <= all_event_files
    assert all(uid.endswith("@coproductionweek.org.uk") for uid in uids)
    statuses = {str(event.get("STATUS")) for event in calendar.walk("VEVENT")}
    assert "CONFIRMED" in statuses


def test_rebuild_is_byte_identical(site, tmp_path):
    again = build(tmp_path / "again")
    for path in feeds(site):
        assert (again / path.relative_to(site)).read_bytes() == path.read_bytes(), path


def test_host_files_serve_ics_as_text_calendar(site):
    headers = (site / "_headers").read_text(encoding="utf-8")
    block = headers[headers.index("/events/calendar.ics"):].splitlines()
    assert block[1].strip() == "Content-Type: text/calendar; charset=utf-8"
    for path in feeds(site):
        assert f"/{path.relative_to(site).as_posix()}\n" in headers
    assert "text/calendar" in (site / ".htaccess").read_text(encoding="utf-8")
    assert (site / ".nojekyll").exists()


def event_pages(site: Path):
    for page in sorted((site / "events").glob("*/index.html")):
        if (page.parent / f"{page.parent.name}.ics").exists():
            yield page, lxml.html.parse(str(page)).getroot()


def test_event_pages_link_to_their_ics_and_to_calendar_services(site):
    for page, root in event_pages(site):
        section = root.get_element_by_id("calendar-links-heading").getparent()
        hrefs = [a.get("href") for a in section.iter("a")]
        download = next(href for href in hrefs if href.endswith(".ics"))
        assert (page.parent / download).resolve() == (page.parent / f"{page.parent.name}.ics").resolve()
        cancelled = b"STATUS:CANCELLED" in (page.parent / f"{page.parent.name}.ics").read_bytes().split(b"BEGIN:VEVENT")[1]
        if cancelled:
            continue
        google = parse_qs(urlsplit(next(h for h in hrefs if "calendar.google.com" in h)).query)
        assert google["action"] == ["TEMPLATE"] and google["ctz"][0] and google["dates"][0]
        ics = Calendar.from_ical((page.parent / f"{page.parent.name}.ics").read_bytes())
        master = ics.walk("VEVENT")[0]
        if "RRULE" in master:
            assert google["recur"] == ["RRULE:" + master["RRULE"].to_ical().decode()]
        assert any(h.startswith("https://outlook.live.com/calendar/0/deeplink/compose?") for h in hrefs)
        assert any(h.startswith("https://outlook.office.com/calendar/0/deeplink/compose?") for h in hrefs)


def test_events_index_has_a_subscribe_box_without_javascript(site):
    root = lxml.html.parse(str(site / "events" / "index.html")).getroot()
    box = root.get_element_by_id("subscribe-heading").getparent()
    hrefs = [a.get("href") for a in box.iter("a")]
    assert "webcal://coproductionweek.org.uk/events/calendar.ics" in hrefs
    field = root.get_element_by_id("calendar-feed-address")
    assert field.get("readonly") is not None and field.get("value") == "https://coproductionweek.org.uk/events/calendar.ics"
    assert root.xpath('//label[@for="calendar-feed-address"]')
    text = " ".join(box.text_content().split())
    for words in ("Google Calendar", "From URL", "Apple Calendar", "Outlook"):
        assert words in text
    assert not box.xpath(".//script")


def test_years_later_every_feed_still_holds_an_event_and_its_page_says_none_is_coming(tmp_path):
    """Built in 2026, nine of the sample site's feeds (tags and organisers whose events
    are all from 2018) have nothing in their window: each keeps its last event."""
    site = tmp_path / "output"
    build_site(ROOT / "content", site, PLUGINS=plugins(), SITE_NOW="2026-11-26")
    window_start = date(2025, 11, 26)
    kept_last = []
    for path in subscription_feeds(site):
        calendar = Calendar.from_ical(path.read_bytes())
        calendar.validate()
        assert calendar.walk("VEVENT"), path
        if NODE and ICALJS.is_file():
            assert "vevent" in run_icaljs("outline", str(path))["components"], path
        if not recurring_ical_events.of(calendar).between(window_start, date(2100, 1, 1)):
            kept_last.append(path.relative_to(site).as_posix())
            assert len({str(event["UID"]) for event in calendar.walk("VEVENT")}) == 1, path
            page = lxml.html.parse(str(path.with_suffix("") / "index.html")).getroot()
            assert "There are no upcoming events here" in " ".join(page.text_content().split()), path
    assert "events/tags/festival.ics" in kept_last and len(kept_last) >= 9, kept_last
