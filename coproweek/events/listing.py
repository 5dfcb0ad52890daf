"""What the events pages list: upcoming and past, month grids, filters.
Knows nothing of Pelican; "now" is always an argument."""

from __future__ import annotations

import calendar
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coproweek.dates import parse_when
from coproweek.slugs import Slugify, is_usable

from . import recurrence
from .model import Event, Occurrence
from .timefmt import DAY_ABBREVIATIONS, DAY_NAMES, long_date, month_year

# Recurring events appear at each occurrence up to this many days ahead on
# the upcoming list (every occurrence is still on the month pages), so that
# a weekly drop-in does not bury everything else.
DEFAULT_RECURRING_HORIZON_DAYS = 92


def resolve_now(setting: str | datetime | date | None, zone: ZoneInfo, environ: dict | None = None) -> datetime:
    """The build's "now": the SITE_NOW environment variable, else the SITE_NOW
    setting, else the clock. A date means the start of that day in `zone`."""
    environ = os.environ if environ is None else environ
    value = environ.get("SITE_NOW") or setting
    if not value:
        return datetime.now(zone)
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = parse_when(text)
        if parsed is None:
            raise ValueError(f'SITE_NOW "{value}" is not a date or an ISO date and time')
        value = parsed
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
    return value if value.tzinfo else value.replace(tzinfo=zone)


@dataclass(frozen=True)
class DayGroup:
    day: date
    entries: list  # of (Occurrence, time text for this day)

    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def label(self) -> str:
        return long_date(self.day)


@dataclass(frozen=True)
class PastEntry:
    """An event's past occurrences in one year: one line on the past page
    however often it repeated."""

    event: Event
    occurrences: list[Occurrence]

    @property
    def last(self) -> Occurrence:
        return self.occurrences[-1]

    @property
    def count(self) -> int:
        return len(self.occurrences)


@dataclass(frozen=True)
class MonthCell:
    day: date | None           # None pads the first and last weeks
    entries: tuple = ()        # Occurrences touching this day
    is_today: bool = False


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: list[list[MonthCell]]
    days: list[DayGroup]       # the list view of the same month
    previous: tuple[int, int] | None = None
    next: tuple[int, int] | None = None

    @property
    def label(self) -> str:
        return month_year(self.year, self.month)

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.month)


@dataclass
class Filter:
    """One filter page: events with a tag, by an organiser, or with an access feature."""

    kind: str                  # "tag", "organiser" or "access"
    slug: str
    name: str
    events: list[Event] = field(default_factory=list)


WEEKDAY_HEADINGS = tuple(zip(DAY_ABBREVIATIONS, DAY_NAMES))


class Schedule:
    """Every occurrence of every event, sorted, with "now" fixed."""

    def __init__(self, events: list[Event], now: datetime, horizon_days: int = DEFAULT_RECURRING_HORIZON_DAYS):
        self.events = events
        self.now = now
        self.today = now.date()
        self.horizon = now + timedelta(days=horizon_days)
        self.occurrences_of: dict[str, list[Occurrence]] = {
            event.slug: recurrence.occurrences(event) for event in events
        }
        self.all = sorted(
            (occ for occs in self.occurrences_of.values() for occ in occs),
            key=lambda occ: (occ.starts_at, occ.event.title),
        )
        self._past = [occ for occ in self.all if self.is_past(occ)]
        self._upcoming = self._upcoming_in_range()

    def is_past(self, occurrence: Occurrence) -> bool:
        return occurrence.ends_at <= self.now

    def __memo_view__(self) -> tuple:
        """What of the schedule a page can show (coproweek.render_memo keeps a
        page whose inputs did not change): the events, today's date, and which
        occurrences are over and which to come. Not the exact "now": it moves
        on every build without SITE_NOW, but changes a page only when it passes
        an occurrence's end (or the day changes)."""
        return self.events, self.today, self._past, self._upcoming

    def _upcoming_in_range(self) -> list[Occurrence]:
        found, seen_recurring = [], set()
        for occ in self.all:
            if self.is_past(occ):
                continue
            if occ.event.recurrence is not None:
                if occ.starts_at > self.horizon and occ.event.slug in seen_recurring:
                    continue
                seen_recurring.add(occ.event.slug)
            found.append(occ)
        return found

    def upcoming(self, events: list[Event] | None = None) -> list[Occurrence]:
        """Occurrences not yet over, soonest first; a recurring event's only
        up to the horizon (but at least its next one)."""
        if events is None:
            return self._upcoming
        wanted = {event.slug for event in events}
        return [occ for occ in self._upcoming if occ.event.slug in wanted]

    def next_per_event(self, events: list[Event] | None = None) -> list[Occurrence]:
        """Each upcoming event once, at its next occurrence: for the home page
        and the filter pages."""
        wanted = None if events is None else {event.slug for event in events}
        found, seen = [], set()
        for occ in self._upcoming:
            if occ.event.slug not in seen and (wanted is None or occ.event.slug in wanted):
                seen.add(occ.event.slug)
                found.append(occ)
        return found

    def going_ahead(self, events: list[Event] | None = None) -> bool:
        """Whether any of these events (all by default) has a date still to come
        that is not cancelled or postponed: what a calendar feed's page needs to say
        "no upcoming events" (a list of cancelled ones still counts as none)."""
        chosen = self.events if events is None else events
        return any(not self.is_past(occ) and not occ.is_called_off
                   for event in chosen for occ in self.occurrences_of[event.slug])

    def by_day(self, occurrences: list[Occurrence]) -> list[DayGroup]:
        """Group under the day each occurrence is next on (an event already
        under way shows under today)."""
        groups: dict[date, list] = defaultdict(list)
        for occ in occurrences:
            days = occ.days
            day = self.today if days[0] < self.today <= days[-1] else days[0]
            # Under its first (or today's) day, a long event shows its whole span.
            groups[day].append((occ, occ.when if len(days) > 1 else occ.time_of_day(day)))
        return [DayGroup(day, groups[day]) for day in sorted(groups)]

    def past_by_year(self, events: list[Event] | None = None) -> list[tuple[int, list[PastEntry]]]:
        """Past occurrences, by year newest first, one entry per event a year."""
        wanted = None if events is None else {event.slug for event in events}
        years: dict[int, dict[str, list[Occurrence]]] = defaultdict(dict)
        for occ in self._past:
            if wanted is None or occ.event.slug in wanted:
                years[occ.first_day.year].setdefault(occ.event.slug, []).append(occ)
        result = []
        for year in sorted(years, reverse=True):
            entries = [PastEntry(occs[0].event, occs) for occs in years[year].values()]
            entries.sort(key=lambda entry: entry.last.starts_at, reverse=True)
            result.append((year, entries))
        return result

    def months(self) -> list[Month]:
        """A calendar for every month that has an occurrence on any day."""
        by_day: dict[date, list[Occurrence]] = defaultdict(list)
        for occ in self.all:
            for day in occ.days:
                by_day[day].append(occ)
        keys = sorted({(day.year, day.month) for day in by_day})
        months = []
        for index, (year, month) in enumerate(keys):
            weeks = [
                [
                    MonthCell(day, tuple(by_day.get(day, ())), day == self.today) if day.month == month
                    else MonthCell(None)
                    for day in week
                ]
                for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
            ]
            days = [
                DayGroup(cell.day, [(occ, occ.time_of_day(cell.day)) for occ in cell.entries])
                for week in weeks for cell in week if cell.day and cell.entries
            ]
            months.append(Month(
                year, month, weeks, days,
                previous=keys[index - 1] if index > 0 else None,
                next=keys[index + 1] if index + 1 < len(keys) else None,
            ))
        return months

    def filters(self, slugify: Slugify) -> list[Filter]:
        """Every tag, organiser and access feature that some event has, each
        at the address `slugify` (the site's one slug rule) gives its name."""
        found: dict[tuple[str, str], Filter] = {}

        def add(kind: str, name: str, event: Event, slug: str | None = None) -> None:
            slug = slug or slugify(name)
            if not is_usable(slug):
                return
            entry = found.setdefault((kind, slug), Filter(kind, slug, name))
            entry.events.append(event)

        for event in self.events:
            for tag in event.tags:
                add("tag", tag, event)
            if event.organiser:
                add("organiser", event.organiser.name, event)
            for feature in event.access:
                add("access", feature.label, event, feature.value)
        order = {"tag": 0, "organiser": 1, "access": 2}
        return sorted(found.values(), key=lambda f: (order[f.kind], f.name.lower()))




