"""Repeating events: from the author's words ("weekly", "every 3 days",
"monthly on the first Tuesday") or an expert RRULE to a bounded RFC 5545
RRULE, and from that to dated occurrences. Knows nothing of Pelican.

python-dateutil does the rule arithmetic; this module only translates the
author's phrases and checks what dateutil would silently accept (a rule that
never ends, a start date the rule skips, an exception that is not an
occurrence)."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from .model import Event, Occurrence, Recurrence

# A ceiling on occurrences so that a typo ("repeat-count: 10000") cannot
# produce a site with ten thousand calendar entries.
MAX_OCCURRENCES = 1000

ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
ALLOWED_PARTS = {
    "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH",
    "BYSETPOS", "BYWEEKNO", "BYYEARDAY", "WKST",
}
_UNIT_FREQUENCY = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
_SIMPLE_REPEATS = {
    "daily": ("DAILY", 1), "every day": ("DAILY", 1),
    "weekly": ("WEEKLY", 1), "every week": ("WEEKLY", 1),
    "fortnightly": ("WEEKLY", 2), "every fortnight": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1), "every month": ("MONTHLY", 1),
    "yearly": ("YEARLY", 1), "annually": ("YEARLY", 1), "every year": ("YEARLY", 1),
}
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_WORDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_EVERY_N = re.compile(r"^every (?P<n>\d+) (?P<unit>day|week|month|year)s?$")
_MONTHLY_BY_WEEKDAY = re.compile(
    r"^(?:monthly|every month) on the (?P<ordinal>first|second|third|fourth|last) "
    r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)$"
)
REPEAT_EXAMPLES = (
    "weekly, fortnightly, monthly, daily, yearly, every 3 days, every 2 weeks, "
    "or monthly on the first Tuesday"
)


class RecurrenceError(ValueError):
    """A repeat the author wrote that cannot be used; `what` and `fix` are
    plain English for the build report."""

    def __init__(self, what: str, fix: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.fix = fix


def rule_from_repeat(repeat: str) -> str:
    """The FREQ/INTERVAL/BYDAY part of an RRULE for the author's phrase."""
    phrase = " ".join(repeat.lower().split())
    if phrase in _SIMPLE_REPEATS:
        frequency, interval = _SIMPLE_REPEATS[phrase]
        return f"FREQ={frequency}" + (f";INTERVAL={interval}" if interval > 1 else "")
    match = _EVERY_N.match(phrase)
    if match and int(match["n"]) >= 1:
        interval = int(match["n"])
        return f"FREQ={_UNIT_FREQUENCY[match['unit']]}" + (f";INTERVAL={interval}" if interval > 1 else "")
    match = _MONTHLY_BY_WEEKDAY.match(phrase)
    if match:
        weekday = _WEEKDAY_CODES[_WEEKDAY_WORDS.index(match["weekday"])]
        return f"FREQ=MONTHLY;BYDAY={_ORDINALS[match['ordinal']]}{weekday}"
    raise RecurrenceError(
        f'"{repeat}" is not a way of repeating that the site understands.',
        f"Write one of: {REPEAT_EXAMPLES}. For anything else, use an rrule field.",
    )


def _until_value(until: date | datetime, start: date | datetime) -> str:
    """UNTIL as RFC 5545 wants it: a DATE for all-day events; for timed
    events (which have a TZID) a UTC time, here the end of the local day."""
    if not isinstance(start, datetime):
        return (until.date() if isinstance(until, datetime) else until).strftime("%Y%m%d")
    if not isinstance(until, datetime):
        until = datetime.combine(until, time(23, 59, 59), tzinfo=start.tzinfo)
    elif until.tzinfo is None:
        until = until.replace(tzinfo=start.tzinfo)
    return until.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def _parse_until(text: str, start: date | datetime) -> date | datetime:
    for pattern, is_date in (("%Y%m%d", True), ("%Y%m%dT%H%M%S", False), ("%Y%m%dT%H%M%SZ", False)):
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        if is_date:
            return parsed.date()
        if text.endswith("Z"):
            return parsed.replace(tzinfo=ZoneInfo("UTC"))
        return parsed.replace(tzinfo=start.tzinfo) if isinstance(start, datetime) else parsed
    raise RecurrenceError(
        f'UNTIL={text} in the rrule is not a date.',
        "Write UNTIL as YYYYMMDD, for example UNTIL=20181231.",
    )


def build_rrule(
    start: date | datetime,
    *,
    repeat: str = "",
    until: date | None = None,
    count: int | None = None,
    rrule: str = "",
) -> str:
    """A bounded RRULE (no "RRULE:" prefix) for an event starting at `start`,
    from either the plain fields or an expert rrule. Raises RecurrenceError."""
    if rrule:
        parts = _rrule_parts(rrule)
        if until is not None or count is not None:
            raise RecurrenceError(
                "The rrule field cannot be combined with repeat-until or repeat-count.",
                "Put UNTIL or COUNT inside the rrule, or use repeat instead of rrule.",
            )
    else:
        parts = _rrule_parts(rule_from_repeat(repeat))
        if until is not None and count is not None:
            raise RecurrenceError(
                "Give repeat-until or repeat-count, not both.",
                "Keep the one that says when the repeats stop.",
            )
        if until is not None:
            parts["UNTIL"] = _until_value(until, start)
        if count is not None:
            parts["COUNT"] = str(count)
    if "UNTIL" in parts:
        parts["UNTIL"] = _until_value(_parse_until(parts["UNTIL"], start), start)
    _check_bounded(parts, bool(rrule))
    text = ";".join(f"{key}={value}" for key, value in parts.items())
    _check_with_dateutil(text, start)
    return text


def _rrule_parts(text: str) -> dict[str, str]:
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for piece in filter(None, text.split(";")):
        key, sep, value = piece.partition("=")
        key, value = key.strip().upper(), value.strip().upper()
        if not sep or not value or key not in ALLOWED_PARTS:
            raise RecurrenceError(
                f'"{piece}" in the rrule is not a part of a repeat rule the site understands.',
                "Write the rule as in RFC 5545, for example FREQ=WEEKLY;BYDAY=TU;COUNT=6.",
            )
        parts[key] = value
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise RecurrenceError(
            "The rrule has no FREQ, or one the site does not support.",
            "Start the rule with FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY.",
        )
    if "COUNT" in parts and (not parts["COUNT"].isdigit() or int(parts["COUNT"]) < 1):
        raise RecurrenceError("COUNT in the rrule must be a whole number, 1 or more.", "For example COUNT=6.")
    return parts


def _check_bounded(parts: dict[str, str], expert: bool) -> None:
    if "UNTIL" not in parts and "COUNT" not in parts:
        if expert:
            raise RecurrenceError(
                "The rrule never ends: it has neither UNTIL nor COUNT.",
                "Add UNTIL=YYYYMMDD (the last possible date) or COUNT=N (how many times).",
            )
        raise RecurrenceError(
            "The event repeats but never ends.",
            "Add repeat-until: YYYY-MM-DD (the last possible date) or repeat-count: N (how many times).",
        )
    if "UNTIL" in parts and "COUNT" in parts:
        raise RecurrenceError("The rrule has both UNTIL and COUNT.", "Keep only one of them.")


def _check_with_dateutil(text: str, start: date | datetime) -> None:
    try:
        rule = rrulestr(text, dtstart=_dtstart(start))
        first = next(iter(rule), None)
    except (ValueError, TypeError) as error:
        raise RecurrenceError(
            f"The repeat rule {text} cannot be used: {error}.",
            "Check it against RFC 5545, or use repeat: weekly with repeat-until.",
        ) from None
    if first is None:
        raise RecurrenceError(
            "The repeat rule never happens: its end is before the event's start.",
            "Check repeat-until (or UNTIL) is after start.",
        )
    if _from_dtstart(first, start) != start:
        # RFC 5545 counts DTSTART as an occurrence even when the rule skips
        # it, and dateutil does not: insist they agree so feeds and pages match.
        raise RecurrenceError(
            "The event's start is not one of the dates its repeat rule gives.",
            "Make start the first date the event happens on (for example the first Tuesday).",
        )


def _dtstart(start: date | datetime) -> datetime:
    return start if isinstance(start, datetime) else datetime.combine(start, time(0))


def _from_dtstart(value: datetime, start: date | datetime) -> date | datetime:
    return value if isinstance(start, datetime) else value.date()


def occurrence_starts(start: date | datetime, rrule: str, limit: int = MAX_OCCURRENCES + 1) -> tuple[date | datetime, ...]:
    """Start of every occurrence, in the event's local wall time (10am stays
    10am across a daylight saving change), at most `limit` of them."""
    return _occurrence_starts(start, rrule)[:limit]


@functools.lru_cache(maxsize=4096)
def _occurrence_starts(start: date | datetime, rrule: str) -> tuple[date | datetime, ...]:
    # Cached: parsing, the exception check, the page and the lists all need
    # the same expansion, and dateutil's is the slow part of a build.
    rule = rrulestr(rrule, dtstart=_dtstart(start))
    return tuple(_from_dtstart(value, start) for value in itertools.islice(rule, MAX_OCCURRENCES + 1))


def exception_starts(start: date | datetime, rrule: str, except_dates: list[date]) -> tuple[tuple, list[date]]:
    """The occurrence starts that `except_dates` cancel, and the dates that
    match no occurrence (almost always a typo the author should hear about)."""
    by_day = {(value.date() if isinstance(value, datetime) else value): value
              for value in occurrence_starts(start, rrule)}
    matched = tuple(by_day[day] for day in except_dates if day in by_day)
    unmatched = [day for day in except_dates if day not in by_day]
    return matched, unmatched


def occurrences(event: Event) -> list[Occurrence]:
    """Every dated occurrence of the event, soonest first, without the
    exception dates and with per-occurrence changes applied."""
    base = Occurrence(event, event.start, event.end, event.status, event.status_note)
    if event.recurrence is None:
        return [base]
    length = event.end - event.start
    excluded = set(event.recurrence.exdates)
    changes = {change.original_start: change for change in event.occurrence_changes}
    found = []
    for start in occurrence_starts(event.start, event.recurrence.rrule, MAX_OCCURRENCES):
        if start in excluded:
            continue
        occurrence = replace(base, start=start, end=start + length)
        change = changes.get(start)
        if change is not None:
            occurrence = replace(
                occurrence,
                start=change.start or occurrence.start,
                end=change.end or occurrence.end,
                status=change.status,
                note=change.note,
            )
        found.append(occurrence)
    return found


def count_occurrences(start: date | datetime, rrule: str) -> int:
    return len(occurrence_starts(start, rrule))


_FREQUENCY_NOUNS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
_POSITION_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def describe(recurrence: Recurrence, start: date | datetime) -> str:
    """"Every Tuesday until Tuesday 31 July 2018", or a general sentence for
    rules too intricate to put in words."""
    from .timefmt import DAY_NAMES, long_date  # local: timefmt is light, keeps import order simple

    parts = dict(piece.split("=", 1) for piece in recurrence.rrule.split(";"))
    frequency, interval = parts["FREQ"], int(parts.get("INTERVAL", "1"))
    simple_keys = {"FREQ", "INTERVAL", "COUNT", "UNTIL"}
    if frequency == "WEEKLY" and set(parts) <= simple_keys:
        what = f"Every {DAY_NAMES[start.weekday()]}" if interval == 1 else (
            f"Every {interval} weeks on {DAY_NAMES[start.weekday()]}")
    elif frequency == "MONTHLY" and set(parts) <= simple_keys | {"BYDAY"} and "BYDAY" in parts:
        match = re.fullmatch(r"(-?\d)([A-Z]{2})", parts["BYDAY"])
        if not match or int(match[1]) not in _POSITION_WORDS:
            return "Repeats: see the dates listed"
        day = DAY_NAMES[_WEEKDAY_CODES.index(match[2])]
        what = f"On the {_POSITION_WORDS[int(match[1])]} {day} of every month"
    elif set(parts) <= simple_keys:
        noun = _FREQUENCY_NOUNS[frequency]
        what = f"Every {noun}" if interval == 1 else f"Every {interval} {noun}s"
    else:
        return "Repeats: see the dates listed"
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        return f"{what}, {count} time{'s' if count != 1 else ''}"
    occurrences_list = occurrence_starts(start, recurrence.rrule)
    return f"{what}, until {long_date(occurrences_list[-1])}"
