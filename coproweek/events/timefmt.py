"""Dates and times as people read them, in the style of GOV.UK:
"Tuesday 3 July 2018, 10am to 4pm (BST)". Knows nothing of Pelican.

Month and day names are spelled out here rather than taken from strftime so
that the output never depends on the machine's locale."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coproweek.dates import DAY_NAMES, MONTH_NAMES

DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def day_name(value: date | datetime) -> str:
    return DAY_NAMES[value.weekday()]


def month_year(year: int, month: int) -> str:
    """"July 2018"."""
    return f"{MONTH_NAMES[month - 1]} {year}"


def long_date(value: date | datetime, *, weekday: bool = True, month: bool = True, year: bool = True) -> str:
    """"Tuesday 3 July 2018" (the GOV.UK date style, no comma, no ordinal);
    without the weekday "3 July 2018"; without month and year "Tuesday 3"
    (the first day of a range whose last day names them). Also the theme's
    `long_date` filter (pelicanconf.py), so pages word dates the same way."""
    text = f"{value.day}"
    if month:
        text += f" {MONTH_NAMES[value.month - 1]}"
        if year:
            text += f" {value.year}"
    return f"{day_name(value)} {text}" if weekday else text


def clock(value: datetime | time) -> str:
    """"10am", "4:30pm", "midday", "midnight": GOV.UK style for times."""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{suffix}"


def zone_abbreviation(value: datetime) -> str:
    """"BST", "GMT", "CEST"; zones without a common abbreviation (their tzname
    is a bare offset such as "-03") become "UTC-3" or "UTC+5:30"."""
    name = value.tzname() or "UTC"
    if name[0] not in "+-":
        return name
    offset = value.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_city(zone: ZoneInfo) -> str:
    """"New York" for America/New_York: a place name readers recognise."""
    return str(zone.key).rsplit("/", 1)[-1].replace("_", " ")


def _ends_at_midnight_after(start: datetime, end: datetime) -> bool:
    return end.time() == time(0) and end.date() == start.date() + timedelta(days=1)


def when(start: date | datetime, end: date | datetime) -> str:
    """The full date and time of an occurrence, for event pages and lists.

    All-day events have dates with an inclusive end; timed events have aware
    datetimes, shown in their own zone with its abbreviation."""
    if not isinstance(start, datetime):
        return date_range(start, end)
    end = end.astimezone(start.tzinfo)
    start_zone, end_zone = zone_abbreviation(start), zone_abbreviation(end)
    if start.date() == end.date() or _ends_at_midnight_after(start, end):
        if start_zone == end_zone:
            return f"{long_date(start)}, {clock(start)} to {clock(end)} ({start_zone})"
        # The clocks change during the event: say so rather than hide it.
        return f"{long_date(start)}, {clock(start)} ({start_zone}) to {clock(end)} ({end_zone})"
    if start_zone == end_zone:
        return f"{long_date(start)}, {clock(start)} to {long_date(end)}, {clock(end)} ({start_zone})"
    return (
        f"{long_date(start)}, {clock(start)} ({start_zone}) to "
        f"{long_date(end)}, {clock(end)} ({end_zone})"
    )


def date_range(first: date, last: date) -> str:
    """"Monday 2 July 2018", or "Monday 2 July to Friday 6 July 2018" for
    several days (the year once when both days share it)."""
    if first == last:
        return long_date(first)
    if first.year == last.year:
        return f"{long_date(first, year=False)} to {long_date(last)}"
    return f"{long_date(first)} to {long_date(last)}"


def time_of_day(start: date | datetime, end: date | datetime, on_day: date | None = None) -> str:
    """The time part only, for lists already grouped under a day heading:
    "10am to 4pm (BST)", "All day", or for a long event on one of its days
    "Day 2 of 5" / "Until 11am (BST)"."""
    if not isinstance(start, datetime):
        if start == end:
            return "All day"
        day = ((on_day or start) - start).days + 1
        return f"All day (day {day} of {(end - start).days + 1})"
    end = end.astimezone(start.tzinfo)
    single_day = start.date() == end.date() or _ends_at_midnight_after(start, end)
    start_zone, end_zone = zone_abbreviation(start), zone_abbreviation(end)
    if single_day:
        if start_zone == end_zone:
            return f"{clock(start)} to {clock(end)} ({start_zone})"
        return f"{clock(start)} ({start_zone}) to {clock(end)} ({end_zone})"
    if on_day is None or on_day == start.date():
        return f"From {clock(start)} ({start_zone}), until {long_date(end)}, {clock(end)} ({end_zone})"
    if on_day == end.date():
        return f"Until {clock(end)} ({end_zone})"
    return "All day (continues)"


def in_zone(start: date | datetime, end: date | datetime, zone: ZoneInfo) -> str:
    """The same times seen from another zone (e.g. UK time for an event in New
    York), or "" for all-day events, which have no clock time to convert."""
    if not isinstance(start, datetime):
        return ""
    return when(start.astimezone(zone), end.astimezone(zone))


def iso(value: date | datetime) -> str:
    """Machine-readable form for <time datetime> and JSON-LD."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def days_of(start: date | datetime, end: date | datetime) -> list[date]:
    """Every calendar day an occurrence touches (local to its zone); an event
    ending exactly at midnight does not touch the next day."""
    first = as_date(start)
    if isinstance(end, datetime):
        end = end.astimezone(start.tzinfo)
        last = end.date() if end.time() != time(0) or end.date() == first else end.date() - timedelta(days=1)
    else:
        last = end
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
