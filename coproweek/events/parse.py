"""Author metadata -> Event. Knows nothing of Pelican.

Authors write lower-case `key: value` lines at the top of a Markdown file
(see docs/writing-events.md). Every problem found is collected, not only the
first, each as plain English naming the field, so that an author can fix a
file in one go."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from coproweek.content_types import EVENT, FieldProblem, unknown_fields
from coproweek.dates import UnclearDate, parse_time_only, parse_when, read_date  # noqa: F401 (parse_when: re-exported)
from coproweek.drafts import DRAFT
from coproweek.slugs import Slugify, is_usable

from . import recurrence
from .model import (
    AccessFeature,
    AttendanceMode,
    Event,
    OccurrenceChange,
    Organiser,
    Recurrence,
    Status,
    Venue,
)
from .timefmt import long_date

DEFAULT_TIMEZONE = "Europe/London"

# Every field an event file may have (declared with the other content types,
# so posts, pages and events share one unknown-field rule).
FIELDS = EVENT.fields

DATE_EXAMPLE = "2018-07-03 (a whole day) or 2018-07-03 10:00 (a date and a time); 3 July 2018 10am works too"
ACCESS_SYNONYMS = {
    "step-free-access": AccessFeature.STEP_FREE,
    "accessible-toilets": AccessFeature.ACCESSIBLE_TOILET,
    "bsl-interpretation": AccessFeature.BSL,
    "british-sign-language": AccessFeature.BSL,
    "live-captions": AccessFeature.LIVE_CAPTIONS,
    "captioning": AccessFeature.LIVE_CAPTIONS,
    "induction-loop": AccessFeature.HEARING_LOOP,
    "quiet-space": AccessFeature.QUIET_ROOM,
    "easy-read-materials": AccessFeature.EASY_READ,
    "assistance-dogs-welcome": AccessFeature.ASSISTANCE_DOGS,
}
ATTENDANCE_WORDS = {
    "in person": AttendanceMode.IN_PERSON, "in-person": AttendanceMode.IN_PERSON,
    "online": AttendanceMode.ONLINE, "hybrid": AttendanceMode.HYBRID,
}
DRAFT_WORD = DRAFT  # status: draft keeps an event off the public site, as for posts
STATUS_WORDS = {status.value: status for status in Status} | {"canceled": Status.CANCELLED}
YES_WORDS, NO_WORDS = {"yes", "true"}, {"no", "false"}
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Time-of-year abbreviations people write for a zone, and the place they mean.
ZONE_ABBREVIATIONS = {
    "BST": "Europe/London", "UK": "Europe/London", "BRITISH SUMMER TIME": "Europe/London",
    "UK TIME": "Europe/London", "LONDON": "Europe/London", "GMT+1": "Europe/London", "UTC+1": "Europe/London",
    "IST": "Europe/Dublin", "IRISH STANDARD TIME": "Europe/Dublin",
    "CEST": "Europe/Paris", "EDT": "America/New_York", "CDT": "America/Chicago", "CST": "America/Chicago",
    "MDT": "America/Denver", "PDT": "America/Los_Angeles", "PST": "America/Los_Angeles",
    "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney",
}
_GREENWICH_ZONES = {"GMT", "UTC", "UCT", "ETC/GMT", "ETC/UTC", "ETC/UCT", "GMT0", "GREENWICH", "UNIVERSAL", "ZULU",
                    "ETC/GREENWICH", "ETC/UNIVERSAL", "ETC/ZULU", "ETC/GMT0", "ETC/GMT+0", "ETC/GMT-0", "GMT+0", "GMT-0"}
# Event pages live at events/<slug>/, beside these listing pages.
RESERVED_SLUGS = {"past", "access", "tags", "organisers", "calendar", "feeds", "page"}

_DURATION_PART = re.compile(r"(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>days?|d|hours?|hrs?|h|minutes?|mins?|m)(?![a-z])", re.I)
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class EventInvalid(ValueError):
    """Raised with every problem found in one event file."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.key}: {p.what}" for p in problems))
        self.problems = problems


def _text(value: object, joiner: str = " ") -> str:
    """python-markdown's meta extension gives a list of lines per key."""
    if isinstance(value, (list, tuple)):
        return joiner.join(str(line).strip() for line in value if str(line).strip())
    return "" if value is None else str(value).strip()


def parse_duration(text: str) -> timedelta | None:
    """"2 hours", "90 minutes", "1 hour 30 minutes", "1h30m", "3 days"."""
    remaining = text.lower().replace(",", " ").replace(" and ", " ")
    total = timedelta(0)
    found = False
    for match in _DURATION_PART.finditer(remaining):
        found = True
        amount, unit = float(match["amount"]), match["unit"][0]
        total += {"d": timedelta(days=amount), "h": timedelta(hours=amount), "m": timedelta(minutes=amount)}[unit]
    leftover = _DURATION_PART.sub("", remaining).strip()
    return total if found and not leftover and total > timedelta(0) else None


def parse_access(text: str) -> tuple[list[AccessFeature], list[str]]:
    """The access flags named in `text` (comma-separated slugs, labels or
    common synonyms) and the names that match none."""
    by_name = {feature.value: feature for feature in AccessFeature}
    by_name |= {_slugish(feature.label): feature for feature in AccessFeature}
    by_name |= ACCESS_SYNONYMS
    features, unknown = [], []
    for name in filter(None, (part.strip() for part in re.split(r"[,;]", text))):
        feature = by_name.get(_slugish(name))
        if feature is None:
            unknown.append(name)
        elif feature not in features:
            features.append(feature)
    return features, unknown


def _slugish(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _localise(value: datetime, zone: ZoneInfo) -> datetime | None:
    """Attach the zone; None when the wall time does not exist there (the
    hour skipped when the clocks go forward)."""
    aware = value.replace(tzinfo=zone)
    round_trip = aware.astimezone(ZoneInfo("UTC")).astimezone(zone)
    return aware if round_trip.replace(tzinfo=None) == value else None


def parse_event(
    metadata: Mapping[str, object],
    *,
    slugify: Slugify,
    slug: str = "",
    source_path: str = "",
    default_timezone: str = DEFAULT_TIMEZONE,
    default_organiser: Organiser | None = None,
    body_html: str = "",
    extra_fields: tuple[str, ...] = (),
) -> Event:
    """Build an Event from an event file's metadata (keys lower-case, values
    strings or lists of lines). `slugify` is the site's one slug rule
    (coproweek.slugs), for the page's slug and the tags' and organiser's
    addresses. Raises EventInvalid listing every problem;
    things worth a word that need not stop the build are in extra["warnings"]."""
    parser = _EventParser(metadata, default_timezone, extra_fields, slugify)
    event = parser.build(slug, source_path, default_organiser, body_html)
    event.extra["warnings"] = tuple(parser.warnings)
    if parser.problems:
        raise EventInvalid(parser.problems)
    return event


class _EventParser:
    def __init__(self, metadata: Mapping[str, object], default_timezone: str, extra_fields: tuple[str, ...],
                 slugify: Slugify) -> None:
        self.raw = {str(key).lower(): value for key, value in metadata.items()}
        self.slugify = slugify
        self.default_timezone = default_timezone
        self.extra_fields = extra_fields
        self.problems: list[FieldProblem] = []
        self.warnings: list[FieldProblem] = []  # worth a word, not worth stopping the build

    def problem(self, key: str, what: str, fix: str = "") -> None:
        self.problems.append(FieldProblem(key, what, fix))

    def get(self, key: str, joiner: str = " ") -> str:
        return _text(self.raw.get(key), joiner)

    def build(self, slug: str, source_path: str, default_organiser: Organiser | None, body_html: str) -> Event:
        self.check_field_names()
        title = self.get("title")
        if not title:
            self.problem("title", "The event has no title.", "Add a line such as: title: Co-production Festival")
        slug = self.parse_slug(slug)
        zone = self.parse_timezone()
        start, end = self.parse_times(zone)
        self.check_zone_season(zone, start)
        status = self.parse_status()
        event = Event(
            slug=slug,
            title=title,
            start=start,
            end=end,
            timezone=zone,
            source_path=source_path,
            summary=self.get("summary"),
            body_html=body_html,
            attendance=self.parse_attendance(),
            venue=self.parse_venue(),
            joining_url=self.parse_url("joining-link"),
            organiser=self.parse_organiser(default_organiser),
            booking_url=self.parse_url("booking"),
            cost=self.parse_cost(),
            image=self.get("image"),
            image_alt=self.get("image-alt"),
            tags=self.parse_tags(),
            status=status,
            draft=self.get("status").lower() == DRAFT_WORD,
            status_note=self.get("status-note"),
            access=self.parse_access(),
            access_details=self.get("access-details"),
            access_contact=self.get("access-contact"),
            uid=self.get("uid"),
            sequence=self.parse_sequence(),
            modified=self.parse_modified(zone),
        )
        event.previous_start = self.parse_previous_start(start, zone, status)
        event.recurrence = self.parse_recurrence(start)
        event.occurrence_changes = self.parse_occurrence_changes(event, zone)
        self.check_consistency(event)
        return event

    def check_field_names(self) -> None:
        for problem in unknown_fields(self.raw, EVENT, self.extra_fields):
            self.problem(problem.key, problem.what, problem.fix)

    def when(self, key: str, text: str, fix: str = "") -> date | datetime | None:
        """A date field read by the site's one date rule; None (and a
        problem saying why, with the forms that work) when it is unclear."""
        try:
            return read_date(text)
        except UnclearDate as error:
            self.problem(key, f"{error}", fix or f"{error.fix} For example: {key}: {DATE_EXAMPLE}.")
            return None

    def parse_slug(self, fallback: str) -> str:
        slug = self.get("slug") or self.slugify(fallback)
        if not SLUG_PATTERN.match(slug):
            self.problem("slug", f'The slug "{slug}" can only have lower-case letters, digits and single hyphens.',
                         "Rename the file or set slug: to something like co-production-festival-2018.")
        elif slug in RESERVED_SLUGS or slug.isdigit():
            self.problem("slug", f'The slug "{slug}" is the address of another events page.',
                         "Choose a longer slug, for example by adding the year.")
        return slug

    def parse_timezone(self) -> ZoneInfo:
        name = self.get("timezone") or self.default_timezone
        try:
            if name != name.strip() or not re.match(r"^[A-Za-z][A-Za-z0-9_+\-/]*$", name):
                raise ValueError(name)
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            suggestion = ZONE_ABBREVIATIONS.get(" ".join(name.upper().split()))
            if suggestion:
                hint = f' Did you mean "{suggestion}"? {name} is a name for the time of year, not a place.'
            else:
                close = difflib.get_close_matches(name, sorted(available_timezones()), n=1, cutoff=0.6)
                hint = f' Did you mean "{close[0]}"?' if close else ""
            self.problem("timezone", f'"{name}" is not a time zone the site knows.',
                         f"Use an IANA time zone name such as Europe/London or America/New_York.{hint}")
            return ZoneInfo(self.default_timezone)

    def check_zone_season(self, zone: ZoneInfo, start: date | datetime) -> None:
        """timezone: GMT (or UTC) on a summer date is an hour away from UK
        time, which is BST then: almost always meant as Europe/London."""
        if zone.key.upper() not in _GREENWICH_ZONES or isinstance(start, date) and start == date(1970, 1, 1):
            return
        moment = start if isinstance(start, datetime) else datetime.combine(start, time(12))
        local = moment.replace(tzinfo=None).replace(tzinfo=ZoneInfo("Europe/London"))
        if local.utcoffset():
            self.warnings.append(FieldProblem(
                "timezone", f"timezone: {zone.key} on {long_date(start)}: UK clocks are on British Summer Time (BST, "
                            f"GMT+1) then, so the event's times are shown an hour later in UK time.",
                "For UK time all year round write timezone: Europe/London (or leave the line out). "
                f"Keep {zone.key} only if the times really are {zone.key}."))

    def parse_times(self, zone: ZoneInfo) -> tuple[date | datetime, date | datetime]:
        placeholder = date(1970, 1, 1)
        start_text = self.get("start")
        if not start_text:
            self.problem("start", "The event has no start date.", f"Add a line such as: start: {DATE_EXAMPLE}")
            return placeholder, placeholder
        start = self.when("start", start_text)
        if start is None:
            return placeholder, placeholder
        if isinstance(start, datetime):
            start = self.localise("start", start, zone) or start.replace(tzinfo=zone)
        end_text, duration_text = self.get("end"), self.get("duration")
        if end_text and duration_text:
            self.problem("duration", "The event has both an end and a duration.", "Keep only one of them.")
            return start, start
        if duration_text:
            return start, self.end_from_duration(start, duration_text)
        if not end_text:
            if isinstance(start, datetime):
                self.problem("start", "The event has a start time but no end or duration.",
                             "Add end: 2018-07-03 16:00 (or just end: 16:00), or duration: 2 hours.")
                return start, start
            return start, start  # an all-day event on one day
        return start, self.parse_end(start, end_text, zone)

    def localise(self, key: str, value: datetime, zone: ZoneInfo) -> datetime | None:
        aware = _localise(value, zone)
        if aware is None:
            self.problem(key, f"{value:%H:%M} on {long_date(value)} does not exist in {zone.key}: "
                              "the clocks go forward that night.",
                         "Check the time; the hour after the clocks change is missing.")
        return aware

    def end_from_duration(self, start: date | datetime, text: str) -> date | datetime:
        length = parse_duration(text)
        if length is None:
            self.problem("duration", f'"{text}" is not a length of time the site understands.',
                         "Write it like 2 hours, 90 minutes, 1 hour 30 minutes or 3 days.")
            return start
        if isinstance(start, datetime):
            # Elapsed time: a 3-hour event over the clock change ends 3 real hours later.
            return (start.astimezone(ZoneInfo("UTC")) + length).astimezone(start.tzinfo)
        if length % timedelta(days=1):
            self.problem("duration", "An all-day event's duration must be whole days.",
                         "Write it like 3 days, or give start a time.")
            return start
        return start + length - timedelta(days=1)  # inclusive last day

    def parse_end(self, start: date | datetime, text: str, zone: ZoneInfo) -> date | datetime:
        clock = parse_time_only(text) if isinstance(start, datetime) else None
        if clock is not None:
            end = datetime.combine(start.date(), clock)
        else:
            end = self.when("end", text, f"Write it as {DATE_EXAMPLE}, or for an end on the same day just the time, like 16:00.")
        if end is None:
            return start
        if isinstance(start, datetime) != isinstance(end, datetime):
            self.problem("end", "Start and end must both have times, or both be dates only (an all-day event).",
                         "Add a time to both, or remove the times from both.")
            return start
        if isinstance(end, datetime):
            end = self.localise("end", end, zone) or end.replace(tzinfo=zone)
            if end <= start:
                self.problem("end", f"The event ends ({text}) before it starts ({self.get('start')}).",
                             "Check the dates and the times, including am and pm.")
                return start
        elif end < start:
            self.problem("end", f"The event ends ({text}) before it starts ({self.get('start')}).",
                         "Check the dates.")
            return start
        return end

    def parse_status(self) -> Status:
        text = self.get("status").lower()
        if not text or text == DRAFT_WORD:  # a draft is scheduled once its author says so
            return Status.SCHEDULED
        if text not in STATUS_WORDS:
            self.problem("status", f'"{self.get("status")}" is not an event status.',
                         "Write one of: scheduled, cancelled, postponed, rescheduled (or draft to keep it off the site).")
            return Status.SCHEDULED
        return STATUS_WORDS[text]

    def parse_previous_start(self, start: date | datetime, zone: ZoneInfo, status: Status) -> date | datetime | None:
        text = self.get("previous-start")
        if not text:
            return None
        if status is not Status.RESCHEDULED:
            self.problem("previous-start", "previous-start is only for rescheduled events.",
                         "Add status: rescheduled, or remove this line.")
            return None
        value = self.when("previous-start", text)
        if value is None:
            return None
        if isinstance(value, datetime) != isinstance(start, datetime):
            self.problem("previous-start", "previous-start and start must both have times, or both be dates only.",
                         "Write the old start the same way as the new one.")
            return None
        return (self.localise("previous-start", value, zone) or value.replace(tzinfo=zone)) if isinstance(value, datetime) else value

    def parse_attendance(self) -> AttendanceMode:
        text = " ".join(self.get("attendance").lower().split())
        if not text:
            return AttendanceMode.ONLINE if self.get("joining-link") and not self.get("venue") else AttendanceMode.IN_PERSON
        if text not in ATTENDANCE_WORDS:
            self.problem("attendance", f'"{self.get("attendance")}" is not a way of attending.',
                         "Write one of: in person, online, hybrid.")
            return AttendanceMode.IN_PERSON
        return ATTENDANCE_WORDS[text]

    def parse_venue(self) -> Venue | None:
        name, address, postcode = self.get("venue"), self.get("address", ", "), self.get("postcode").upper()
        if postcode and not re.match(r"^[A-Z0-9][A-Z0-9 -]{1,10}$", postcode):
            self.problem("postcode", f'"{postcode}" does not look like a postcode.', "Write it like SE1 2TH.")
        return Venue(name, address, postcode) if (name or address or postcode) else None

    def parse_url(self, key: str) -> str:
        value = self.get(key)
        if value and not (_URL.match(value) or value.startswith("{")):
            self.problem(key, f'"{value}" is not a web address.', "Give the full address, starting https://")
        return value

    def parse_organiser(self, default: Organiser | None) -> Organiser | None:
        name, url, email = self.get("organiser"), self.parse_url("organiser-url"), self.get("organiser-email")
        if email and not _EMAIL.match(email):
            self.problem("organiser-email", f'"{email}" is not an email address.', "Write it like events@example.org")
        partner_text = self.get("partner").lower()
        partner = False
        if partner_text in YES_WORDS:
            partner = True
        elif partner_text and partner_text not in NO_WORDS:
            self.problem("partner", f'partner must be yes or no, not "{self.get("partner")}".',
                         "Write partner: yes for an event run by a partner organisation.")
        if not name:
            if partner:
                self.problem("organiser", "A partner event must name its organiser.",
                             "Add organiser: with the partner organisation's name.")
            if url or email:
                self.problem("organiser", "organiser-url or organiser-email is given without an organiser name.",
                             "Add organiser: with the organisation's name.")
            return default
        if not is_usable(self.slugify(name)):
            self.problem("organiser", f'The organiser "{name}" has no letters or digits to make a web address from.',
                         "Write the name with letters A to Z or digits (it gets its own events page).")
        return Organiser(name=name, url=url, email=email, partner=partner)

    def parse_cost(self) -> str:
        text = self.get("cost")
        if not text or text.lower() in {"free", "0", "£0", "0.00", "£0.00"}:
            return "Free"
        return text

    def parse_tags(self) -> tuple[str, ...]:
        tags: list[str] = []
        for tag in re.split(r"[,;]", self.get("tags", ",")):
            tag = tag.strip()
            if tag and not is_usable(self.slugify(tag)):
                self.problem("tags", f'The tag "{tag}" has no letters or digits to make a web address from.',
                             "Write the tag with letters A to Z or digits.")
            elif tag and tag.lower() not in {t.lower() for t in tags}:
                tags.append(tag)
        return tuple(tags)

    def parse_access(self) -> tuple:
        features, unknown = parse_access(self.get("access", ","))
        for name in unknown:
            allowed = ", ".join(feature.value for feature in AccessFeature)
            self.problem("access", f'"{name}" is not an access feature the site knows.',
                         f"Use some of: {allowed}. Describe anything else in access-details.")
        return tuple(features)

    def parse_sequence(self) -> int:
        text = self.get("sequence")
        if not text:
            return 0
        if not text.isdigit():
            self.problem("sequence", f'sequence must be a whole number (0, 1, 2...), not "{text}".',
                         "Add 1 to it each time the date, time or place changes.")
            return 0
        return int(text)

    def parse_modified(self, zone: ZoneInfo) -> datetime | None:
        text = self.get("modified")
        if not text:
            return None
        value = self.when("modified", text)
        if value is None:
            return None
        if not isinstance(value, datetime):
            value = datetime.combine(value, time(0))
        return _localise(value, zone) or value.replace(tzinfo=zone)

    def parse_recurrence(self, start: date | datetime) -> Recurrence | None:
        repeat, rrule = self.get("repeat"), self.get("rrule")
        until_text, count_text, except_text = self.get("repeat-until"), self.get("repeat-count"), self.get("except", ",")
        if not (repeat or rrule):
            for key, value in (("repeat-until", until_text), ("repeat-count", count_text), ("except", except_text)):
                if value:
                    self.problem(key, f"{key} is given but the event does not repeat.",
                                 "Add repeat: (for example repeat: weekly) or remove this line.")
            return None
        if repeat and rrule:
            self.problem("rrule", "The event has both repeat and rrule.", "Keep only one of them.")
            return None
        until = count = None
        if until_text:
            until = self.when("repeat-until", until_text)
            if until is None:
                return None
            until = until.date() if isinstance(until, datetime) else until
        if count_text:
            if not count_text.isdigit() or int(count_text) < 1:
                self.problem("repeat-count", f'repeat-count must be a whole number, 1 or more, not "{count_text}".',
                             "For example repeat-count: 6.")
                return None
            count = int(count_text)
        if any(p.key in ("start", "end", "duration", "timezone") for p in self.problems):
            return None  # the start may be a placeholder: checking the rule would mislead
        key = "rrule" if rrule else ("repeat" if not (until_text or count_text) else
                                     ("repeat-until" if until_text else "repeat-count"))
        try:
            text = recurrence.build_rrule(start, repeat=repeat, until=until, count=count, rrule=rrule)
        except recurrence.RecurrenceError as error:
            self.problem(key if "never ends" not in error.what else ("rrule" if rrule else "repeat"),
                         error.what, error.fix)
            return None
        total = recurrence.count_occurrences(start, text)
        if total > recurrence.MAX_OCCURRENCES:
            self.problem(key, f"The event repeats more than {recurrence.MAX_OCCURRENCES} times.",
                         "Set an earlier repeat-until or a smaller repeat-count.")
            return None
        return Recurrence(text, self.parse_exceptions(start, text, except_text))

    def parse_exceptions(self, start: date | datetime, rrule: str, text: str) -> tuple:
        days: list[date] = []
        for part in filter(None, (piece.strip() for piece in text.split(","))):
            value = self.when("except", part, "List dates like: except: 2018-07-24, 2018-08-07 (or 24 July 2018).")
            if value is None:
                continue
            days.append(value.date() if isinstance(value, datetime) else value)
        matched, unmatched = recurrence.exception_starts(start, rrule, days)
        for day in unmatched:
            self.problem("except", f"{long_date(day)} is not one of the dates this event repeats on.",
                         "Check the date: it should be a day the event would otherwise happen.")
        return matched

    def parse_occurrence_changes(self, event: Event, zone: ZoneInfo) -> tuple[OccurrenceChange, ...]:
        """One date of a repeating event cancelled (it stays in calendars,
        marked cancelled) or moved; `except:` instead drops a date silently."""
        cancelled_text, moved_text = self.get("cancelled-dates", ","), self.get("moved", ";")
        if not (cancelled_text or moved_text):
            return ()
        if event.recurrence is None:
            for key, text in (("cancelled-dates", cancelled_text), ("moved", moved_text)):
                if text:
                    self.problem(key, f"{key} is for one date of a repeating event, but this event does not repeat.",
                                 "For a one-off event use status: cancelled or status: rescheduled instead.")
            return ()
        changes = []
        note = self.get("status-note")
        for original in self._occurrence_dates("cancelled-dates", event, cancelled_text.split(",")):
            changes.append(OccurrenceChange(original, Status.CANCELLED, note=note or "This date is cancelled."))
        moves = [piece.split(" to ", 1) for piece in moved_text.split(";") if piece.strip()]
        for parts in moves:
            if len(parts) != 2:
                self.problem("moved", f'"{" to ".join(parts).strip()}" does not say where the date moved to.',
                             "Write the old date, 'to', then the new date and time: moved: 2018-07-17 to 2018-07-18 14:00")
                continue
            originals = self._occurrence_dates("moved", event, [parts[0]])
            new_start = self._new_start(parts[1].strip(), originals[0] if originals else None, zone)
            if originals and new_start is not None:
                length = event.end - event.start
                changes.append(OccurrenceChange(originals[0], Status.RESCHEDULED, new_start, new_start + length,
                                                note or f"Moved from {long_date(originals[0])}."))
        excepted = set(event.recurrence.exdates)
        for change in changes:
            if change.original_start in excepted:
                self.problem("except", f"{long_date(change.original_start)} is in except: and is also cancelled or moved.",
                             "Keep the date in one place only: except: drops it, cancelled-dates: shows it as cancelled.")
        return tuple(changes)

    def _occurrence_dates(self, key: str, event: Event, texts: list[str]) -> list:
        days = []
        for text in filter(None, (piece.strip() for piece in texts)):
            value = self.when(key, text, "Write dates like 2018-07-17 or 17 July 2018.")
            if value is None:
                continue
            days.append(value.date() if isinstance(value, datetime) else value)
        matched, unmatched = recurrence.exception_starts(event.start, event.recurrence.rrule, days)
        for day in unmatched:
            self.problem(key, f"{long_date(day)} is not one of the dates this event repeats on.",
                         "Check the date: it should be a day the event would otherwise happen.")
        return list(matched)

    def _new_start(self, text: str, original, zone: ZoneInfo):
        value = self.when("moved", text, "Write the new date, and a time for a timed event: 2018-07-18 14:00")
        if value is None or original is None:
            return None
        if not isinstance(original, datetime):  # an all-day event moves to another day
            return value.date() if isinstance(value, datetime) else value
        if not isinstance(value, datetime):  # a new day at the usual time
            value = datetime.combine(value, original.astimezone(zone).time().replace(tzinfo=None))
        return self.localise("moved", value, zone)

    def check_consistency(self, event: Event) -> None:
        """Fields that are each fine but do not make sense together."""
        mode = event.attendance
        if mode in (AttendanceMode.IN_PERSON, AttendanceMode.HYBRID) and not (event.venue and event.venue.name):
            self.problem("venue", f"An event attended {mode.value} needs the name of its venue.",
                         "Add venue: (and address: and postcode:), or set attendance: online.")
        if mode in (AttendanceMode.ONLINE, AttendanceMode.HYBRID) and not (event.joining_url or event.booking_url):
            self.problem("joining-link", f"An {mode.value} event needs a joining-link or a booking link.",
                         "Add joining-link: or booking: so people know how to join.")
        if event.image and not event.image_alt:
            self.problem("image-alt", "The image has no text alternative.",
                         "Add image-alt: describing what the image shows, for people who cannot see it.")
        if event.status is not Status.SCHEDULED and not event.status_note:
            self.problem("status-note", f"A {event.status.value} event needs a note saying what changed.",
                         "Add status-note: for example \"Moved to 12 July because of the rail strike.\"")
