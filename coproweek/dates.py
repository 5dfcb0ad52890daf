"""Dates as a UK writer means them, one rule for every date field of every
content type (a post's Date and Modified, an event's start, end, repeat-until,
except, cancelled-dates, moved...). Knows nothing of Pelican.

Only forms that cannot be misread are accepted: ISO (2018-04-05, with a time
if wanted) or the day, the month in words and the year (5 April 2018,
Thursday 5th April 2018 at 2.30pm). Anything else is refused with the reason
and the forms that work: 05/04/2018 is 5 April to a UK writer and 4 May to
the date library Pelican uses, and "July 2018" would be completed from the
day of the build. Hand-written because dateutil (Pelican's parser) guesses
exactly where we must not."""

from __future__ import annotations

import re
from datetime import date, datetime, time

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS |= {name[:3].lower(): number for name, number in zip(MONTH_NAMES, range(1, 13))}
_MONTHS["sept"] = 9

DATE_FORMS = "2018-07-03 or 3 July 2018"
DATE_TIME_FORMS = "2018-07-03 10:00, 3 July 2018 10am or 3 July 2018 2.30pm"

_TIME = r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:(?:T|\s+)(?:at\s+)?" + _TIME + r")?$", re.I)
_WORDS = re.compile(
    r"^(?:(?P<weekday>[a-z]+),?\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<monthname>[a-z]+)\.?,?\s+(?P<year>\d{4})"
    r"(?:,?\s+(?:at\s+)?" + _TIME + r")?$",
    re.I,
)
_TIME_ONLY = re.compile(r"^" + _TIME + r"$", re.I)
_WEEKDAYS = tuple(name.lower() for name in DAY_NAMES)

# Forms that are refused, each with the reason an author needs.
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})\s*[/.\-]\s*(?P<b>\d{1,2})\s*[/.\-]\s*(?P<year>\d{2}|\d{4})\b")
_MONTH_FIRST = re.compile(r"^(?:[a-z]+,?\s+)?(?P<monthname>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I)
_NO_DAY = re.compile(r"^(?:(?P<monthname>[a-z]+)\.?,?\s+(?P<year>\d{4})|(?P<year2>\d{4})(?:-(?P<month2>\d{1,2}))?|(?P<year3>\d{4})\s+(?P<monthname3>[a-z]+))$", re.I)
_NO_YEAR = re.compile(r"^(?:[a-z]+,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]+\.?$", re.I)
_TWO_DIGIT_YEAR = re.compile(r"^(?:[a-z]+,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\.?\s+\d{2}$", re.I)
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$", re.I)


class UnclearDate(ValueError):
    """A date the site will not guess at: `reason` completes a sentence that
    starts with the value ('"05/04/2018" could be...'), `fix` says what works."""

    def __init__(self, text: str, reason: str, fix: str) -> None:
        super().__init__(f'"{text}" {reason}')
        self.text, self.reason, self.fix = text, reason, fix


def _month(word: str) -> int | None:
    return _MONTHS.get(word.lower().rstrip("."))


def _clock(match: re.Match) -> time | None:
    hour, minute, second = int(match["hour"]), int(match["minute"] or 0), int(match["second"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"].lower().startswith("p") else 0)
    elif match["minute"] is None:
        return None  # "3 July 2018 16" is more likely a slip than 4pm
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _spelled(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def read_date(text: str) -> date | datetime:
    """A date, or a naive local date and time, from an author's text.
    Raises UnclearDate saying why and what to write instead."""
    text = " ".join(str(text).split())
    match = _ISO.match(text) or _WORDS.match(text)
    if match:
        return _from_match(text, match)
    raise _refusal(text)


def _from_match(text: str, match: re.Match) -> date | datetime:
    groups = match.groupdict()
    month = _month(groups["monthname"]) if groups.get("monthname") else int(groups["month"])
    if month is None:
        raise UnclearDate(text, f'has a month the site does not know ("{groups["monthname"]}").',
                          f"Write the month in full, for example {DATE_FORMS}.")
    try:
        day = date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        raise UnclearDate(text, "is not a day of the calendar (check the day and the month).",
                          f"Write a real date, for example {DATE_FORMS}.") from None
    weekday = (groups.get("weekday") or "").lower().rstrip(",")
    if weekday:
        named = next((i for i, name in enumerate(_WEEKDAYS) if weekday in (name, name[:3])), None)
        if named is None:
            raise UnclearDate(text, f'starts with "{groups["weekday"]}", which is not a day of the week.',
                              f"Write it as {DATE_FORMS}.")
        if named != day.weekday():
            raise UnclearDate(text, f"says {_WEEKDAYS[named].title()}, but {_spelled(day)} is a {_WEEKDAYS[day.weekday()].title()}.",
                              f"Check which is right, the day of the week or the date, and correct it (or write just {_spelled(day)}).")
    if groups.get("hour") is None:
        return day
    clock = _clock(match)
    if clock is None:
        raise UnclearDate(text, "has a time the site cannot read.",
                          f"Write the time like 09:30, 14:00, 10am or 2.30pm: for example {DATE_TIME_FORMS}.")
    return datetime.combine(day, clock)


def _refusal(text: str) -> UnclearDate:
    if not text:
        return UnclearDate(text, "is empty.", f"Write a date, for example {DATE_FORMS}.")
    local = _OFFSET.sub("", text).rstrip()
    if local != text and _ISO.match(local):
        return UnclearDate(text, "has a time-zone offset, which the site does not use here.",
                           f"Write the local time without the offset, as {local.replace('T', ' ')} (UK time for posts; "
                           "an event's zone goes on its timezone: line).")
    if match := _NUMERIC.match(text):
        a, b = int(match["a"]), int(match["b"])
        year = int(match["year"]) if len(match["year"]) == 4 else 2000 + int(match["year"])
        options = []
        for day, month in ((a, b), (b, a)):
            try:
                options.append(date(year, month, day))
            except ValueError:
                continue
        if len(options) == 2 and options[0] != options[1]:
            first, second = options
            return UnclearDate(
                text, f"could be {_spelled(first)} or {_spelled(second)}, so the site does not guess.",
                f"Write {first.isoformat()} or {_spelled(first)} (or {second.isoformat()} if you meant {_spelled(second)}).")
        example = options[0] if options else None
        suggestion = f"{example.isoformat()} or {_spelled(example)}" if example else DATE_FORMS
        return UnclearDate(text, "is written with numbers and slashes or dots, which UK and US readers read differently.",
                           f"Write {suggestion}.")
    if match := _MONTH_FIRST.match(text):
        month = _month(match["monthname"])
        if month:
            try:
                day = date(int(match["year"]), month, int(match["day"]))
                suggestion = f"{day.isoformat()} or {_spelled(day)}"
            except ValueError:
                suggestion = DATE_FORMS
            return UnclearDate(text, "puts the month before the day.", f"Write the day first: {suggestion}.")
    if _NO_DAY.match(text):
        return UnclearDate(text, "has no day, and the site does not fill one in (it would change with the day of the build).",
                           f"Write the whole date, for example {DATE_FORMS}.")
    if _NO_YEAR.match(text):
        return UnclearDate(text, "has no year, and the site does not fill one in (it would change with the year of the build).",
                           f"Add the year, for example {DATE_FORMS}.")
    if _TWO_DIGIT_YEAR.match(text):
        return UnclearDate(text, "has a two-digit year.", f"Write the year in full, for example {DATE_FORMS}.")
    return UnclearDate(text, "is not a date the site can read.",
                       f"Write it as {DATE_FORMS}, with a time if needed: {DATE_TIME_FORMS}.")


def parse_when(text: str) -> date | datetime | None:
    """read_date, or None when the text is not a date the site accepts."""
    try:
        return read_date(text)
    except UnclearDate:
        return None


def parse_time_only(text: str) -> time | None:
    """A time on its own ("16:00", "4pm", "4.30pm"), as in an event's `end: 16:00`."""
    match = _TIME_ONLY.match(" ".join(str(text).split()))
    return _clock(match) if match else None
