"""Events as iCalendar feeds (RFC 5545 with RFC 7986 calendar properties).

Everything is built with the icalendar library; this module decides what goes in
and keeps the output byte-identical for the same events and the same build time:
no random UIDs, DTSTAMP is the build time, components in a fixed order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any, Callable
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rruleset, rrulestr
from icalendar import (
    Calendar, vCategory, vDDDLists, vDDDTypes, vDuration, vInt, vRecur, vText, vUri,
)
from icalendar import Event as VEvent
from icalendar.parser import Contentline

if TYPE_CHECKING:  # duck-typed at run time: importing the events package loads its Pelican glue
    from coproweek.events.model import Event

from .folding import fold_content_lines
from .plaintext import html_to_text
from .vtimezone import build_vtimezone

PRODID = "-//National Co-production Week//Events calendar feeds//EN"
UTC_ZONE_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu", "GMT0", "Etc/GMT"})

# Keyed by the values of events.model.Status and AttendanceMode.
_ICAL_STATUS = {"scheduled": "CONFIRMED", "rescheduled": "CONFIRMED", "postponed": "TENTATIVE",
                "cancelled": "CANCELLED"}
_STATUS_SENTENCE = {
    "cancelled": "This event is cancelled.",
    "postponed": "This event is postponed; a new date will follow.",
    "rescheduled": "This event has been moved to a new date.",
}
_NEVER = datetime(9999, 1, 1, tzinfo=timezone.utc)
_VTIMEZONE_MAX_YEARS = 30  # beyond this the open-ended last rule of each VTIMEZONE applies
_FREQUENCY_DAYS = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7, "DAILY": 1, "HOURLY": 1, "MINUTELY": 1, "SECONDLY": 1}


@dataclass(frozen=True)
class FeedOptions:
    uid_domain: str                  # UIDs are "<slug>@<uid_domain>", independent of SITEURL
    site_url: str                    # absolute base for the URL property, e.g. https://example.org
    build_time: datetime             # aware; written as DTSTAMP so rebuilds are byte-identical
    window_months: int = 12          # feeds keep events that ended up to this long ago
    ttl: timedelta = timedelta(hours=12)
    prodid: str = PRODID
    timezone: str = "Europe/London"  # the site's zone: the VTIMEZONE of a feed with no events

    @property
    def window_start(self) -> datetime:
        return self.build_time.astimezone(timezone.utc) - relativedelta(months=self.window_months)


def event_uid(event: Event, uid_domain: str) -> str:
    """An explicit `uid` wins; otherwise the slug at the configured domain, so the
    UID survives rebuilds, a new SITEURL and a moved page."""
    if event.uid.strip():
        return event.uid.strip()
    return f"{event.slug.strip('/').replace('/', '-')}@{uid_domain}"


def is_utc_zone(zone: ZoneInfo) -> bool:
    return getattr(zone, "key", "") in UTC_ZONE_NAMES


def _local(value: datetime | date, event: Event) -> datetime | date:
    """A start/end/exception time in the event's own time zone (naive means local);
    a date stays a date for all-day events and gains the start's time otherwise."""
    if event.all_day:
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, datetime):
        value = datetime.combine(value, event.start.timetz().replace(tzinfo=None))
    if value.tzinfo is None:
        return value.replace(tzinfo=event.timezone)
    return value.astimezone(event.timezone)


def _utc_instant(value: datetime | date, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    return datetime.combine(value, time(0), tzinfo=zone).astimezone(timezone.utc)


def _for_ical(value: datetime | date, event: Event) -> datetime | date:
    """UTC-zoned datetimes are written as UTC ("Z"), others with their TZID."""
    if isinstance(value, datetime) and is_utc_zone(event.timezone):
        return value.astimezone(timezone.utc)
    return value


def normalised_rrule(event: Event) -> vRecur:
    """The author's RRULE with UNTIL in the form RFC 5545 requires: a DATE for
    all-day events, a UTC date-time for timed ones (a date means "to the end of that
    day", a time without zone is local)."""
    rule = vRecur.from_ical(event.recurrence.rrule.strip().removeprefix("RRULE:"))
    if rule.get("FREQ", [None])[0] not in _FREQUENCY_DAYS:
        raise ValueError(f"the repeat rule {event.recurrence.rrule!r} has no valid FREQ")
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        if event.all_day:
            until = until.date() if isinstance(until, datetime) else until
        else:
            if not isinstance(until, datetime):
                until = datetime.combine(until, time(23, 59, 59))
            if until.tzinfo is None:
                until = until.replace(tzinfo=event.timezone)
            until = until.astimezone(timezone.utc)
        rule["UNTIL"] = [until]
    return rule


def _end_exclusive(event: Event, start: datetime | date, end: datetime | date | None) -> datetime | date:
    """DTEND: all-day events end the day after their last (inclusive) day."""
    if end is None:
        return start + event.duration
    end = _local(end, event)
    return end + timedelta(days=1) if event.all_day else end


def last_end(event: Event, rule: vRecur | None = None, exact: bool = True) -> datetime:
    """When the event's last occurrence ends, as a UTC instant. With exact=False a
    cheap upper bound for recurring events (UNTIL, or COUNT times the interval)."""
    start = _local(event.start, event)
    first_end = _utc_instant(_end_exclusive(event, start, event.end), event.timezone)
    if event.recurrence is None:
        return first_end
    rule = rule if rule is not None else normalised_rrule(event)
    if "UNTIL" not in rule and "COUNT" not in rule:
        return _NEVER  # the events plugin bounds every rule, but never expand forever
    if not exact:
        if "UNTIL" in rule:
            return _utc_instant(rule["UNTIL"][0], event.timezone) + event.duration + timedelta(days=1)
        interval = rule.get("INTERVAL", [1])[0]
        days = _FREQUENCY_DAYS.get(rule["FREQ"][0], 366) * interval * rule.get("COUNT", [1])[0]
        return first_end + timedelta(days=days + 1)
    # All-day rules run on naive midnights (their UNTIL is a DATE); timed ones in the zone.
    anchor = start if not event.all_day else datetime.combine(start, time(0))
    occurrences = rruleset()
    occurrences.rrule(rrulestr(rule.to_ical().decode(), dtstart=anchor))
    for excluded in event.recurrence.exdates:
        excluded = _local(excluded, event)
        occurrences.exdate(excluded if isinstance(excluded, datetime) else datetime.combine(excluded, time(0)))
    starts = list(occurrences)
    final_start = starts[-1] if starts else anchor
    if final_start.tzinfo is None:
        final_start = final_start.replace(tzinfo=event.timezone)
    return (final_start + event.duration).astimezone(timezone.utc)


def in_window(event: Event, window_start: datetime) -> bool:
    """Whether the event (any occurrence) ends on or after the window start. Cancelled
    events stay until they are past the window too, so subscribers see the change."""
    if _utc_instant(_local(event.start, event), event.timezone) >= window_start:
        return True
    if any(change.start is not None and _utc_instant(_local(change.start, event), event.timezone) >= window_start
           for change in event.occurrence_changes):
        return True
    if event.recurrence is None:
        return last_end(event) >= window_start
    rule = normalised_rrule(event)
    if last_end(event, rule, exact=False) < window_start:
        return False
    return last_end(event, rule, exact=True) >= window_start


def _location(event: Event) -> str:
    place = ""
    if event.venue:
        place = ", ".join(part.strip() for part in (event.venue.name, event.venue.address, event.venue.postcode)
                          if part and part.strip())
    if event.attendance.value == "online":
        return "Online"
    if event.attendance.value == "hybrid":
        return f"{place} (and online)" if place else "Online"
    return place


def page_url(event: Event, site_url: str) -> str:
    """The event page's absolute URL (empty without a site URL)."""
    if not event.url or not site_url:
        return ""
    if "://" in event.url:
        return event.url
    return f"{site_url.rstrip('/')}/{event.url.lstrip('/')}"


def description(event: Event, site_url: str, note: str = "", status=None, body_text: str | None = None) -> str:
    """Plain-text DESCRIPTION: status, the body, then booking, cost, access, organiser
    and a link to the event page. `status` and `note` are an occurrence's own."""
    own_note = event.status_note.strip() if status in (None, event.status) else ""
    status = (status or event.status).value
    parts = []
    if status in _STATUS_SENTENCE:
        parts.append(" ".join(filter(None, (_STATUS_SENTENCE[status], own_note))))
    if note.strip():
        parts.append(note.strip())
    if body_text is None:
        body_text = html_to_text(event.body_html)
    parts.append(body_text or event.summary.strip())
    if event.joining_url:
        parts.append(f"Join online: {event.joining_url}")
    if event.booking_url:
        parts.append(f"Book: {event.booking_url}")
    if event.cost.strip():
        parts.append(f"Cost: {event.cost.strip()}")
    access = [feature.label for feature in event.access]
    if access or event.access_details.strip() or event.access_contact.strip():
        lines = ["Access:"] + [f"• {label}" for label in access]
        if event.access_details.strip():
            lines.append(event.access_details.strip())
        if event.access_contact.strip():
            lines.append(f"Questions about access: {event.access_contact.strip()}")
        parts.append("\n".join(lines))
    if event.organiser:
        # In words, never as ORGANIZER: Outlook turns an event with an ORGANIZER into a
        # meeting invitation from that address.
        organiser = f"Organised by {event.organiser.name}" + (f" ({event.organiser.url})" if event.organiser.url else "")
        if event.organiser.email.strip():
            organiser += f". Contact: {event.organiser.email.strip()}"
        parts.append(organiser)
    page = page_url(event, site_url)
    if page:
        parts.append(f"More information: {page}")
    return "\n\n".join(part for part in parts if part)


def _summary(event: Event, status) -> str:
    # Some apps ignore STATUS:CANCELLED and show the event as if on: say it in words too.
    return f"Cancelled: {event.title}" if status.value == "cancelled" else event.title


def _exdate(value: datetime | date) -> vDDDLists:
    exdate = vDDDLists([value])
    if not isinstance(value, datetime):
        exdate.params["VALUE"] = "DATE"
    return exdate


def _categories(tags: tuple[str, ...]) -> vCategory:
    return vCategory(list(tags))


# (name, icalendar type or factory, Python value): the value is made on demand, so
# lines shared by many events (see _SHARED_LINES) are made once per feed.
Property = tuple[str, Callable[[Any], Any], Any]
# Their values are hashable and never zoned local times (equal aware datetimes in
# different zones compare equal, so those must not share a line).
_SHARED_LINES = frozenset({"DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "STATUS", "LOCATION", "CATEGORIES"})


def _vevent_properties(event: Event, options: FeedOptions, uid: str, body_text: str, page: str,
                       start, end, status, note: str = "") -> list[Property]:
    """The properties of one VEVENT, in the order written. vDDDTypes gives a date
    VALUE=DATE and a zoned date-time its TZID."""
    properties: list[Property] = [
        ("UID", vText, uid),
        ("DTSTAMP", vDDDTypes, options.build_time.astimezone(timezone.utc)),
        ("DTSTART", vDDDTypes, _for_ical(start, event)),
        ("DTEND", vDDDTypes, _for_ical(end, event)),
    ]
    if event.modified:
        properties.append(("LAST-MODIFIED", vDDDTypes, event.modified.astimezone(timezone.utc)))
    properties += [
        ("SEQUENCE", vInt, event.sequence),
        ("STATUS", vText, _ICAL_STATUS[status.value]),
        ("SUMMARY", vText, _summary(event, status)),
        ("DESCRIPTION", vText, description(event, options.site_url, note, status, body_text)),
    ]
    location = _location(event)
    if location:
        properties.append(("LOCATION", vText, location))
    if page:
        properties.append(("URL", vUri, page))
    if event.tags:
        properties.append(("CATEGORIES", _categories, tuple(event.tags)))
    return properties


def event_properties(event: Event, options: FeedOptions) -> list[list[Property]]:
    """The VEVENT for an event, then one per changed occurrence (same UID, with a
    RECURRENCE-ID naming the original start), each as its list of properties."""
    uid = event_uid(event, options.uid_domain)
    body_text = html_to_text(event.body_html)
    page = page_url(event, options.site_url)
    start = _local(event.start, event)
    end = _end_exclusive(event, start, event.end)
    master = _vevent_properties(event, options, uid, body_text, page, start, end, event.status)
    if event.recurrence is None:
        return [master]
    master.append(("RRULE", lambda rule: rule, normalised_rrule(event)))
    for excluded in sorted({_local(value, event) for value in event.recurrence.exdates}, key=str):
        # One EXDATE per line: some parsers read only the first of a comma-separated list.
        master.append(("EXDATE", _exdate, _for_ical(excluded, event)))
    components = [master]
    changes = sorted(event.occurrence_changes, key=lambda change: _utc_instant(
        _local(change.original_start, event), event.timezone))
    for change in changes:
        original = _local(change.original_start, event)
        moved_start = _local(change.start, event) if change.start is not None else original
        moved_end = _end_exclusive(event, moved_start, change.end)
        override = _vevent_properties(event, options, uid, body_text, page, moved_start, moved_end,
                                      change.status, change.note)
        override.insert(4, ("RECURRENCE-ID", vDDDTypes, _for_ical(original, event)))
        components.append(override)
    return components


def event_components(event: Event, options: FeedOptions) -> list[VEvent]:
    """event_properties as icalendar Event components."""
    components = []
    for properties in event_properties(event, options):
        component = VEvent()
        for name, make, value in properties:
            component.add(name, make(value))
        components.append(component)
    return components


def sort_key(event: Event, options: FeedOptions) -> tuple:
    return (_utc_instant(_local(event.start, event), event.timezone), event_uid(event, options.uid_domain))


def timezone_span(events: list[Event]) -> dict[str, tuple[int, int]]:
    """For each TZID the events use, the first and last year it must cover."""
    spans: dict[str, tuple[int, int]] = {}
    for event in events:
        if event.all_day or is_utc_zone(event.timezone):
            continue
        first = _local(event.start, event).year
        last = last_end(event, exact=False).year if event.recurrence else _local(event.end, event).year
        years = [first, last]
        years += [_local(change.start, event).year for change in event.occurrence_changes if change.start]
        years = [min(year, first + _VTIMEZONE_MAX_YEARS) for year in years]
        key = event.timezone.key
        known = spans.get(key, (min(years), max(years)))
        spans[key] = (min(known[0], *years), max(known[1], *years))
    return spans


@dataclass(frozen=True)
class Subscription:
    """What makes a file a calendar people subscribe to: its name, description and
    refresh interval. A single event's file has none of these: Outlook opens a file
    that names a calendar as a new calendar instead of adding the event to the
    user's own ([MS-OXCICAL]: X-WR-CALNAME is omitted for a single appointment)."""

    name: str
    description: str


def _calendar_properties(options: FeedOptions, subscription: Subscription | None) -> Calendar:
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", options.prodid)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if subscription is None:
        return calendar
    calendar.add("name", vText(subscription.name))
    calendar.add("x-wr-calname", vText(subscription.name))
    calendar.add("description", vText(subscription.description))
    calendar.add("x-wr-caldesc", vText(subscription.description))
    calendar.add("refresh-interval", vDuration(options.ttl), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(options.ttl))
    return calendar


def vtimezone_spans(events: list[Event], options: FeedOptions) -> dict[str, tuple[int, int]]:
    """The VTIMEZONEs a file carries: those its events use. A feed with no events at
    all still needs one component (RFC 5545: `1*(...)`; icalendar's Calendar.validate()
    and Outlook refuse an empty VCALENDAR), so it carries the site's own zone."""
    if not events:
        year = options.build_time.year
        return {options.timezone: (year, year)}
    return timezone_span(events)


def calendar_header(events: list[Event], options: FeedOptions, subscription: Subscription | None) -> Calendar:
    """The VCALENDAR with its properties and the VTIMEZONEs the events need."""
    calendar = _calendar_properties(options, subscription)
    for tzid, (first_year, last_year) in sorted(vtimezone_spans(events, options).items()):
        calendar.add_component(build_vtimezone(tzid, first_year, last_year))
    return calendar


def _content_line(name: str, value) -> str:
    return Contentline.from_parts(name, value.params, value, sorted=False)


class FeedWriter:
    """Writes feeds for one build. Each event's VEVENT lines are made once and
    reused by every feed it appears in (site-wide, tag, organiser, its own file)."""

    def __init__(self, options: FeedOptions) -> None:
        self.options = options
        self._event_lines: dict[int, tuple[Event, list[str]]] = {}
        self._shared_lines: dict[tuple[str, Any], str] = {}
        self._vtimezone_lines: dict[tuple[str, int, int], list[str]] = {}

    def event_lines(self, event: Event) -> list[str]:
        """The event's VEVENTs as content lines, made by icalendar's Contentline
        exactly as Component.content_lines(sorted=False) makes them (a test checks
        the bytes are the same) but without building a Component tree, and making
        lines that many events share (DTSTAMP, STATUS, CATEGORIES...) only once:
        together these halve the time for a large feed."""
        key = id(event)  # the value keeps the event alive, so its id is not reused
        if key not in self._event_lines:
            lines: list[str] = []
            shared = self._shared_lines
            for properties in event_properties(event, self.options):
                lines.append("BEGIN:VEVENT")
                for name, make, value in properties:
                    if name in _SHARED_LINES:
                        line = shared.get((name, value))
                        if line is None:
                            line = shared[(name, value)] = _content_line(name, make(value))
                    else:
                        line = _content_line(name, make(value))
                    lines.append(line)
                lines.append("END:VEVENT")
            self._event_lines[key] = (event, lines)
        return self._event_lines[key][1]

    def ordered(self, events: list[Event]) -> list[Event]:
        return sorted(events, key=lambda event: sort_key(event, self.options))

    def vtimezone_lines(self, tzid: str, first_year: int, last_year: int) -> list[str]:
        key = (tzid, first_year, last_year)
        if key not in self._vtimezone_lines:
            component = build_vtimezone(tzid, first_year, last_year)
            self._vtimezone_lines[key] = [line for line in component.content_lines(sorted=False) if line]
        return self._vtimezone_lines[key]

    def feed_bytes(self, events: list[Event], name: str, summary: str) -> bytes:
        """A subscription feed: calendar name, description and refresh interval."""
        return self.file_bytes(events, Subscription(name, summary))

    def event_file_bytes(self, event: Event) -> bytes:
        """One event's own file, to add it to the user's calendar: no calendar properties."""
        return self.file_bytes([event], None)

    def file_bytes(self, events: list[Event], subscription: Subscription | None) -> bytes:
        """The file as bytes: what icalendar would write for the same Calendar (a test
        checks against sitekit.testing.build_calendar), from the calendar properties, the VTIMEZONEs and each event's
        VEVENT lines made once per build, folded at 75 octets, CRLF line endings."""
        events = self.ordered(events)
        lines = [line for line in _calendar_properties(self.options, subscription).content_lines(sorted=False)
                 if line]
        end = lines.pop()
        assert end == "END:VCALENDAR"
        for tzid, (first_year, last_year) in sorted(vtimezone_spans(events, self.options).items()):
            lines.extend(self.vtimezone_lines(tzid, first_year, last_year))
        for event in events:
            lines.extend(self.event_lines(event))
        lines.append(end)
        return fold_content_lines(lines)


def subscription_events(events: list[Event], options: FeedOptions, current: list[Event] | None = None) -> list[Event]:
    """The events a subscription feed carries: those in the window; if none is, the
    event that ended last (cancelled or not), so that the feed is never a calendar
    without events (Outlook asks whether to add an empty feed at all, and a new
    subscriber sees nothing to show the subscription worked). `current` is
    events_in_window of a larger list, to save working it out again."""
    if current is None:
        window = events_in_window(events, options)
    else:
        in_window_ids = {id(event) for event in current}
        window = [event for event in events if id(event) in in_window_ids]
    if window or not events:
        return window
    return [max(events, key=lambda event: (last_end(event), event_uid(event, options.uid_domain)))]


def events_in_window(events: list[Event], options: FeedOptions) -> list[Event]:
    """The events a subscription feed carries: all that end after the window start
    (12 months before the build by default), cancelled ones included."""
    window_start = options.window_start
    return [event for event in events if in_window(event, window_start)]
