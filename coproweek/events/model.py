"""The event model: what an event is, independent of Pelican.

Parsing of author metadata into these objects lives in parse.py; recurrence
expansion in recurrence.py; human-readable times in timefmt.py. Other plugins
(calendar feeds, the audit, share cards) read these objects and nothing else."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import timefmt


class AttendanceMode(enum.Enum):
    IN_PERSON = "in person"
    ONLINE = "online"
    HYBRID = "hybrid"


class Status(enum.Enum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    RESCHEDULED = "rescheduled"


class AccessFeature(enum.Enum):
    """Structured access information. The value is the slug used in URLs
    (/events/access/<slug>/) and in the `access` metadata field."""

    STEP_FREE = "step-free"
    ACCESSIBLE_TOILET = "accessible-toilet"
    BSL = "bsl"
    LIVE_CAPTIONS = "captions"
    HEARING_LOOP = "hearing-loop"
    QUIET_ROOM = "quiet-room"
    EASY_READ = "easy-read"
    LARGE_PRINT = "large-print"
    ASSISTANCE_DOGS = "assistance-dogs"

    @property
    def label(self) -> str:
        return ACCESS_LABELS[self]


ACCESS_LABELS = {
    AccessFeature.STEP_FREE: "Step-free access",
    AccessFeature.ACCESSIBLE_TOILET: "Accessible toilet",
    AccessFeature.BSL: "British Sign Language (BSL) interpretation",
    AccessFeature.LIVE_CAPTIONS: "Live captions",
    AccessFeature.HEARING_LOOP: "Hearing loop",
    AccessFeature.QUIET_ROOM: "Quiet room",
    AccessFeature.EASY_READ: "Easy read materials",
    AccessFeature.LARGE_PRINT: "Large print",
    AccessFeature.ASSISTANCE_DOGS: "Assistance dogs welcome",
}


@dataclass(frozen=True)
class Venue:
    name: str = ""
    address: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class Organiser:
    name: str
    url: str = ""
    email: str = ""
    partner: bool = False  # run by a partner organisation, not the campaign


@dataclass(frozen=True)
class Recurrence:
    """A recurrence as an RFC 5545 RRULE string (without the "RRULE:" prefix),
    always bounded by UNTIL or COUNT, plus exception dates (EXDATE) given as
    local start datetimes (or dates for all-day events)."""

    rrule: str
    exdates: tuple[datetime | date, ...] = ()


@dataclass(frozen=True)
class OccurrenceChange:
    """One occurrence of a recurring event that was moved or cancelled
    (iCalendar RECURRENCE-ID). `original_start` identifies the occurrence."""

    original_start: datetime | date
    status: Status = Status.SCHEDULED
    start: datetime | date | None = None
    end: datetime | date | None = None
    note: str = ""


@dataclass
class Event:
    """One event. Timed events have aware `start`/`end` datetimes in `timezone`;
    all-day events have `date` start and *inclusive* `end` dates (a one-day
    event on 2 July has start == end == 2 July; feeds add a day for DTEND)."""

    slug: str
    title: str
    start: datetime | date
    end: datetime | date
    timezone: ZoneInfo
    source_path: str = ""
    summary: str = ""          # plain text, one or two sentences
    body_html: str = ""        # the Markdown body rendered to HTML
    attendance: AttendanceMode = AttendanceMode.IN_PERSON
    venue: Venue | None = None
    joining_url: str = ""
    organiser: Organiser | None = None
    booking_url: str = ""
    cost: str = "Free"         # "Free" or a price as the author wrote it, e.g. "£25"
    image: str = ""
    image_alt: str = ""
    tags: tuple[str, ...] = ()
    status: Status = Status.SCHEDULED
    draft: bool = False        # status: draft: kept off the public site until its author says so
    status_note: str = ""
    recurrence: Recurrence | None = None
    occurrence_changes: tuple[OccurrenceChange, ...] = ()
    access: tuple[AccessFeature, ...] = ()
    access_details: str = ""
    access_contact: str = ""
    uid: str = ""              # explicit iCalendar UID; empty means derive one
    sequence: int = 0          # iCalendar SEQUENCE, bumped by authors on change
    modified: datetime | None = None  # aware; iCalendar LAST-MODIFIED
    url: str = ""              # site-relative URL of the event page, e.g. events/2018/festival/
    extra: dict = field(default_factory=dict)
    previous_start: datetime | date | None = None  # for rescheduled events: where it used to be

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def duration(self) -> timedelta:
        if self.all_day:
            return (self.end - self.start) + timedelta(days=1)
        return self.end - self.start

    @property
    def is_free(self) -> bool:
        return self.cost.strip().lower() in {"", "free", "0", "£0"}

    # Helpers for templates and other plugins (added by the events plugin;
    # plain properties so any Jinja environment can use them without filters).

    @property
    def mode_label(self) -> str:
        return {
            AttendanceMode.IN_PERSON: "In person",
            AttendanceMode.ONLINE: "Online",
            AttendanceMode.HYBRID: "In person and online",
        }[self.attendance]

    @property
    def place(self) -> str:
        """Where, in a few words: "Friends House, NW1 2BJ", "Online",
        "Friends House, NW1 2BJ, and online"."""
        where = ", ".join(part for part in (self.venue.name, self.venue.postcode) if part) if self.venue else ""
        if self.attendance is AttendanceMode.ONLINE:
            return "Online"
        if self.attendance is AttendanceMode.HYBRID:
            return f"{where}, and online" if where else "Online and in person"
        return where

    @property
    def where(self) -> str:
        """"Online", "In person: Friends House, NW1 2BJ", "In person and online: ..."."""
        venue = ", ".join(part for part in (self.venue.name, self.venue.postcode) if part) if self.venue else ""
        if self.attendance is AttendanceMode.ONLINE or not venue:
            return self.mode_label
        return f"{self.mode_label}: {venue}"

    @property
    def zone_city(self) -> str:
        """"Toronto" for America/Toronto: how pages name a zone for readers."""
        return timefmt.zone_city(self.timezone)

    @property
    def is_partner(self) -> bool:
        return bool(self.organiser and self.organiser.partner)

    @property
    def is_called_off(self) -> bool:
        """Cancelled or postponed: not happening on its dates."""
        return self.status in (Status.CANCELLED, Status.POSTPONED)


@dataclass(frozen=True)
class Occurrence:
    """One dated instance of an event (the event itself when it does not repeat)."""

    event: Event
    start: datetime | date
    end: datetime | date
    status: Status = Status.SCHEDULED
    note: str = ""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def when(self) -> str:
        """"Tuesday 3 July 2018, 10am to 4pm (BST)"."""
        return timefmt.when(self.start, self.end)

    def time_of_day(self, on_day: date | None = None) -> str:
        """The time only, for lists under a day heading: "10am to 4pm (BST)"."""
        return timefmt.time_of_day(self.start, self.end, on_day)

    def when_in(self, zone_name: str) -> str:
        """The same times in another zone, or "" if that changes nothing."""
        zone = ZoneInfo(zone_name)
        if self.all_day or zone.key == self.event.timezone.key:
            return ""
        return timefmt.in_zone(self.start, self.end, zone)

    @property
    def start_iso(self) -> str:
        return timefmt.iso(self.start)

    @property
    def end_iso(self) -> str:
        return timefmt.iso(self.end)

    @property
    def first_day(self) -> date:
        return timefmt.as_date(self.start)

    @property
    def days(self) -> list[date]:
        return timefmt.days_of(self.start, self.end)

    @property
    def starts_at(self) -> datetime:
        """The instant it starts (all-day: midnight in the event's zone)."""
        if self.all_day:
            return datetime.combine(self.start, time(0), tzinfo=self.event.timezone)
        return self.start

    @property
    def ends_at(self) -> datetime:
        """The instant it ends (all-day: midnight after its last day)."""
        if self.all_day:
            return datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=self.event.timezone)
        return self.end

    @property
    def is_called_off(self) -> bool:
        return self.status in (Status.CANCELLED, Status.POSTPONED)

    @property
    def status_label(self) -> str:
        return "" if self.status is Status.SCHEDULED else self.status.value.capitalize()
