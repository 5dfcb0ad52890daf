"""VTIMEZONE components written with RRULE-based transitions, from zoneinfo data.

Hand-written because no library does this: icalendar 7's add_missing_timezones()
writes each observance as a comma-separated RDATE list, which Mozilla's ical.js
(Thunderbird) misreads, shifting times by an hour after a clock change.

zoneinfo does not expose its transition table, so we find the transitions by
sampling the UTC offset and bisecting to the minute. Transitions of the same kind
(standard or daylight) that happen in consecutive years on the same rule (for
example "last Sunday of March, 01:00 local") become one observance with a yearly
RRULE; anything irregular becomes a DTSTART-only observance for that one change.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_SAMPLE_STEP = timedelta(days=7)  # no zone changes its clocks twice within a week
_MIN_SCAN_YEARS = 8
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    at_utc: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str  # abbreviation after the change, e.g. "BST"
    is_daylight: bool

    @property
    def local_onset(self) -> datetime:
        """Wall-clock time of the change in the old offset, as VTIMEZONE's DTSTART wants it."""
        return (self.at_utc + self.offset_from).replace(tzinfo=None)

    def rule_candidates(self) -> frozenset[tuple]:
        """Yearly rules that put a change on this day: ("nth", n) for the nth weekday
        of the month, ("last",) for the last one, ("from", d) for the first weekday on
        or after day d (tzdata's "Sun>=8")."""
        day = self.local_onset.date()
        month_length = calendar.monthrange(day.year, day.month)[1]
        candidates: set[tuple] = {("nth", (day.day - 1) // 7 + 1)}
        if day.day + 7 > month_length:
            candidates.add(("last",))
        for first in range(max(1, day.day - 6), day.day + 1):
            if first + 6 <= month_length:
                candidates.add(("from", first))
        return frozenset(candidates)

    def shape(self) -> tuple:
        """What must stay equal for consecutive changes to share one RRULE."""
        onset = self.local_onset
        return (self.is_daylight, self.offset_from, self.offset_to, self.name,
                onset.month, onset.weekday(), onset.time())


def _offset(zone: ZoneInfo, moment_utc: datetime) -> tuple[timedelta, timedelta, str]:
    local = moment_utc.astimezone(zone)
    return local.utcoffset(), local.dst() or timedelta(0), local.tzname() or ""


def find_transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[Transition]:
    """Every change of UTC offset or abbreviation from 1 January of first_year
    to the end of last_year."""
    start = datetime(first_year, 1, 1, tzinfo=timezone.utc)
    end = datetime(last_year + 1, 1, 1, tzinfo=timezone.utc)
    transitions = []
    before, state = start, _offset(zone, start)
    while before < end:
        after = min(before + _SAMPLE_STEP, end)
        after_state = _offset(zone, after)
        if after_state != state:
            low, high = before, after  # state holds at low, has changed by high
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    break
                if _offset(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            new_state = _offset(zone, high)
            transitions.append(Transition(high, state[0], new_state[0], new_state[2], bool(new_state[1])))
            before, state = high, new_state
            continue
        before = after
    return transitions


def _rrule_for(rule: tuple, onset: datetime) -> dict:
    weekday = _WEEKDAYS[onset.weekday()]
    if rule[0] == "nth":
        return {"FREQ": "YEARLY", "BYMONTH": onset.month, "BYDAY": f"{rule[1]}{weekday}"}
    if rule[0] == "last":
        return {"FREQ": "YEARLY", "BYMONTH": onset.month, "BYDAY": f"-1{weekday}"}
    first = rule[1]
    return {"FREQ": "YEARLY", "BYMONTH": onset.month, "BYDAY": weekday,
            "BYMONTHDAY": list(range(first, first + 7))}


def _until(last: Transition) -> datetime:
    """UNTIL for a rule whose last change is `last`. RFC 5545 wants UTC, but some
    readers (icalendar's own among them) compare it with the local DTSTART times;
    the later of the two readings includes the last change either way, and the
    next change is months away, so neither reading adds one."""
    latest = max(last.at_utc.replace(tzinfo=None), last.local_onset)
    return latest.replace(tzinfo=timezone.utc)


def _preferred_rule(candidates: frozenset[tuple]) -> tuple:
    # tzdata's own spellings first: "last Sunday", "2nd Sunday" (for Sun>=8), then
    # "Sunday on or after the 23rd". A 4th or 5th weekday that is also the last is "last".
    order = {"last": 0, "nth": 1, "from": 2}
    return sorted(candidates, key=lambda rule: (order[rule[0]], rule[1:]))[0]


def _observance(first: Transition, rrule: dict | None):
    kind = TimezoneDaylight if first.is_daylight else TimezoneStandard
    observance = kind()
    observance.add("dtstart", first.local_onset)
    observance.add("tzoffsetfrom", first.offset_from)
    observance.add("tzoffsetto", first.offset_to)
    if first.name:
        observance.add("tzname", first.name)
    if rrule:
        observance.add("rrule", vRecur(rrule))
    return observance


def _group_runs(transitions: list[Transition]) -> list[tuple[list[Transition], frozenset]]:
    """Split each kind's transitions into runs of consecutive years on one rule."""
    runs: list[tuple[list[Transition], frozenset]] = []
    open_runs: dict[tuple, int] = {}  # shape -> index in runs of the run still growing
    for transition in transitions:
        shape, candidates = transition.shape(), transition.rule_candidates()
        index = open_runs.get(shape)
        if index is not None:
            members, rules = runs[index]
            common = rules & candidates
            if common and transition.at_utc.year == members[-1].at_utc.year + 1:
                members.append(transition)
                runs[index] = (members, common)
                continue
        open_runs[shape] = len(runs)
        runs.append(([transition], candidates))
    return runs


@lru_cache(maxsize=256)
def build_vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for `tzid` valid for every instant from first_year to last_year.

    The scan starts a year early so that the observance in force on 1 January of
    first_year has a DTSTART before it, and runs at least _MIN_SCAN_YEARS so that a
    rule is seen on enough different days to be told apart ("last Sunday" and "4th
    Sunday" agree in some years). The last run of each rule is left open (no UNTIL),
    as the zone's current rule continues."""
    zone = ZoneInfo(tzid)
    scan_from = first_year - 1
    last_year = max(last_year, scan_from + _MIN_SCAN_YEARS)
    transitions = find_transitions(zone, scan_from, last_year)
    component = Timezone()
    component.add("tzid", tzid)
    start = datetime(scan_from, 1, 1, tzinfo=timezone.utc)
    if not transitions or transitions[0].at_utc.year > scan_from:
        # No change early in the range (or none at all): state the offset in force.
        offset, dst, name = _offset(zone, start)
        component.add_component(
            _observance(Transition(start - offset, offset, offset, name, bool(dst)), None)
        )
    runs = _group_runs(transitions)
    last_run_of_shape = {members[0].shape(): index for index, (members, _) in enumerate(runs)}
    for index, (members, rules) in enumerate(runs):
        first = members[0]
        if len(members) == 1:
            component.add_component(_observance(first, None))
            continue
        rrule = _rrule_for(_preferred_rule(rules), first.local_onset)
        is_last_of_kind = last_run_of_shape[first.shape()] == index
        reaches_end = members[-1].at_utc.year == last_year
        if not (is_last_of_kind and reaches_end):
            rrule["UNTIL"] = _until(members[-1])
        component.add_component(_observance(first, rrule))
    return component

