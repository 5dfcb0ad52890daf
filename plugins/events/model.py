"""The event model: what an event is, independent of Pelican.

Parsing of author metadata into these objects lives in parse.py; recurrence
expansion in recurrence.py; human-readable times in timefmt.py. Other plugins
(calendar feeds, the audit, share cards) read these objects and nothing else."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


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


@dataclass(frozen=True)
class Occurrence:
    """One dated instance of an event (the event itself when it does not repeat)."""

    event: Event
    start: datetime | date
    end: datetime | date
    status: Status = Status.SCHEDULED
    note: str = ""
