"""Feeds read by Mozilla's ical.js (Node) agree with recurring-ical-events (Python).

ical.js reads the VTIMEZONEs inside the file, as Thunderbird does; the Python side
resolves TZIDs with the zoneinfo database. Agreement on every occurrence as UTC
instants over two years therefore checks our hand-written VTIMEZONEs as well."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from coproweek.feeds.serialise import FeedWriter
from calendar_feeds.tests.builders import BUILD_TIME, LONDON, NEW_YORK, TRICKY_TEXT, make_event, options
from coproweek.feeds.vtimezone import find_transitions
from coproweek.events.model import AttendanceMode, OccurrenceChange, Recurrence, Status, Venue

SCRIPT = Path(__file__).with_name("expand_with_icaljs.mjs")
NODE = shutil.which("node")
ICALJS = Path(__file__).resolve().parents[3] / "node_modules" / "ical.js" / "package.json"


def _missing_tools() -> str:
    """Why these tests cannot run here, or "" when they can."""
    if NODE is None:
        return "Node.js is not installed (./scripts/install-test-tools needs Node 20)"
    if not ICALJS.is_file():
        return "the npm package ical.js is not installed: run ./scripts/install-test-tools (npm ci)"
    return ""


needs_icaljs = pytest.mark.skipif(bool(_missing_tools()), reason=_missing_tools() or "tools present")
pytestmark = needs_icaljs


def run_icaljs(*arguments: str):
    completed = subprocess.run([NODE, str(SCRIPT), *arguments], capture_output=True, encoding="utf-8", timeout=120,
                               cwd=SCRIPT.parent)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def _as_json(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def python_occurrences(path: Path, first: date, last: date) -> list[dict]:
    calendar = Calendar.from_ical(path.read_bytes())
    return [
        {"uid": str(o["UID"]), "start": _as_json(o["DTSTART"].dt), "end": _as_json(o["DTEND"].dt),
         "status": str(o.get("STATUS", "")), "summary": str(o["SUMMARY"]),
         "description": str(o.get("DESCRIPTION", "")), "location": str(o.get("LOCATION", ""))}
        for o in recurring_ical_events.of(calendar).between(first, last)
    ]


def compare(path: Path, first: date, last: date) -> list[dict]:
    ours = python_occurrences(path, first, last)
    theirs = run_icaljs("occurrences", str(path), first.isoformat(), last.isoformat())

    def key(occurrence):
        return occurrence["start"], occurrence["uid"]
    assert sorted(theirs, key=key) == sorted(ours, key=key)
    return ours


def zoned(zone: ZoneInfo, *args) -> datetime:
    return datetime(*args, tzinfo=zone)


def varied_events():
    sydney, jerusalem, casablanca = ZoneInfo("Australia/Sydney"), ZoneInfo("Asia/Jerusalem"), ZoneInfo("Africa/Casablanca")
    return [
        make_event(slug="weekly-london", title=TRICKY_TEXT, body_html=f"<p>{TRICKY_TEXT}</p>",
                   venue=Venue("Café Zoë’s", "1 High Street, Leeds", "LS1 1AA"),
                   start=zoned(LONDON, 2018, 7, 5, 18, 30), end=zoned(LONDON, 2018, 7, 5, 20, 0),
                   recurrence=Recurrence("FREQ=WEEKLY;UNTIL=20200402", (datetime(2018, 11, 1, 18, 30),)),
                   occurrence_changes=(
                       OccurrenceChange(datetime(2018, 10, 25, 18, 30), Status.CANCELLED, note="Half term"),
                       OccurrenceChange(zoned(LONDON, 2019, 3, 28, 18, 30), start=zoned(LONDON, 2019, 3, 29, 9, 0),
                                        end=zoned(LONDON, 2019, 3, 29, 10, 0)),
                   )),
        make_event(slug="monthly-new-york", timezone=NEW_YORK, start=zoned(NEW_YORK, 2018, 7, 10, 19, 0),
                   end=zoned(NEW_YORK, 2018, 7, 10, 20, 30), attendance=AttendanceMode.ONLINE,
                   recurrence=Recurrence("FREQ=MONTHLY;BYDAY=2TU;COUNT=24")),
        make_event(slug="fortnightly-sydney", timezone=sydney, start=zoned(sydney, 2018, 9, 2, 9, 0),
                   end=zoned(sydney, 2018, 9, 2, 10, 0), recurrence=Recurrence("FREQ=WEEKLY;INTERVAL=2;COUNT=40")),
        make_event(slug="weekly-jerusalem", timezone=jerusalem, start=zoned(jerusalem, 2019, 3, 1, 1, 30),
                   end=zoned(jerusalem, 2019, 3, 1, 3, 0), recurrence=Recurrence("FREQ=WEEKLY;COUNT=60")),
        make_event(slug="weekly-casablanca", timezone=casablanca, start=zoned(casablanca, 2019, 4, 7, 12, 30),
                   end=zoned(casablanca, 2019, 4, 7, 13, 0), recurrence=Recurrence("FREQ=WEEKLY;COUNT=30")),
        make_event(slug="one-day", start=date(2018, 7, 2), end=date(2018, 7, 2)),
        make_event(slug="festival-week", start=date(2019, 7, 1), end=date(2019, 7, 5), status=Status.CANCELLED),
        make_event(slug="daily-all-day", start=date(2019, 3, 30), end=date(2019, 3, 30),
                   recurrence=Recurrence("FREQ=DAILY;COUNT=5", (date(2019, 4, 1),))),
        make_event(slug="utc", timezone=ZoneInfo("UTC"), start=zoned(ZoneInfo("UTC"), 2018, 10, 28, 1, 30),
                   end=zoned(ZoneInfo("UTC"), 2018, 10, 28, 2, 30)),
        # Not across a clock change as well: ical.js then adds the exact duration to the
        # wall-clock start and puts the end an hour out (icalendar reads DTEND right).
        make_event(slug="crosses-midnight", start=zoned(LONDON, 2019, 7, 26, 23, 30),
                   end=zoned(LONDON, 2019, 7, 27, 3, 0)),
    ]


def test_occurrences_over_two_years_agree_with_icaljs(tmp_path):
    path = tmp_path / "calendar.ics"
    path.write_bytes(FeedWriter(options()).feed_bytes(varied_events(), "Events", "All"))
    found = compare(path, BUILD_TIME.date(), BUILD_TIME.date() + timedelta(days=2 * 366))
    assert len(found) > 150
    london = [o for o in found if o["uid"].startswith("weekly-london")]
    assert {o["start"][11:16] for o in london} == {"17:30", "18:30", "09:00"}  # BST, GMT and the moved one
    assert any(o["summary"] == TRICKY_TEXT for o in found)
    assert any(TRICKY_TEXT.replace("\n", " ") in o["description"] for o in found)  # HTML: a newline is a space
    assert any(o["location"] == "Café Zoë’s, 1 High Street, Leeds, LS1 1AA" for o in found)
    assert {"start": "2018-07-02", "end": "2018-07-03"}.items() <= next(
        o for o in found if o["uid"].startswith("one-day")).items()


def unambiguous(local: datetime, zone: ZoneInfo) -> bool:
    """Neither in the hour skipped nor the hour repeated by a clock change."""
    aware = local.replace(tzinfo=zone)
    round_trip = aware.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
    return round_trip == local and aware.utcoffset() == aware.replace(fold=1).utcoffset()


def test_icaljs_reads_our_vtimezones_as_zoneinfo_does(tmp_path):
    zones = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Jerusalem", "Africa/Casablanca",
             "America/Sao_Paulo", "Europe/Moscow"]
    events = [make_event(slug=name.replace("/", "-"), timezone=ZoneInfo(name),
                         start=zoned(ZoneInfo(name), 2010, 1, 5, 12), end=zoned(ZoneInfo(name), 2010, 1, 5, 13),
                         recurrence=Recurrence("FREQ=YEARLY;UNTIL=20301231")) for name in zones]
    path = tmp_path / "zones.ics"
    path.write_bytes(FeedWriter(options()).feed_bytes(events, "Zones", "Zones"))
    local_times = {datetime(year, month, 15, 12) for year in range(2010, 2031) for month in (1, 7)}
    for name in zones:
        for transition in find_transitions(ZoneInfo(name), 2010, 2030):
            onset = transition.local_onset
            local_times |= {onset + timedelta(minutes=minutes) for minutes in range(-150, 151, 30)}
    local_times = sorted(local_times)
    read = run_icaljs("instants", str(path), *(t.isoformat() for t in local_times))
    assert set(read) == set(zones)
    checked = 0
    for name in zones:
        zone = ZoneInfo(name)
        for local, entry in zip(local_times, read[name]):
            if unambiguous(local, zone):
                assert entry["instant"] == _as_json(local.replace(tzinfo=zone)), (name, local)
                checked += 1
    assert checked > 5000


def test_icaljs_reads_no_calendar_properties_in_an_event_file_and_a_component_in_an_empty_feed(tmp_path):
    writer = FeedWriter(options())
    event_file, empty_feed = tmp_path / "event.ics", tmp_path / "empty.ics"
    event_file.write_bytes(writer.event_file_bytes(varied_events()[0]))
    empty_feed.write_bytes(writer.feed_bytes([], "Events", "None yet"))
    event_outline = run_icaljs("outline", str(event_file))
    assert event_outline["properties"] == ["version", "prodid", "calscale", "method"]
    assert event_outline["components"].count("vevent") == 3  # the series, a cancelled and a moved date
    empty_outline = run_icaljs("outline", str(empty_feed))
    assert "x-wr-calname" in empty_outline["properties"] and empty_outline["components"] == ["vtimezone"]
