"""Campaign weeks as content: one file a year in content/weeks/<year>.md.
Knows nothing of Pelican.

A week file has lower-case `key: value` lines at the top, like an event file
(see docs/writing-posts.md, "Campaign weeks"), then a Markdown body for the
year's highlights. Every problem in a file is collected, not only the first."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from coproweek.events.parse import FieldProblem, parse_when
from coproweek.events.timefmt import long_date

FIELDS = ("year", "start", "end", "theme", "summary", "tag")
CAMPAIGN_TAG = "Co-production Week"
_YEAR = re.compile(r"^\d{4}$")


class WeekInvalid(ValueError):
    """Raised with every problem found in one week file."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.key}: {p.what}" for p in problems))
        self.problems = problems


@dataclass
class Week:
    """One year's campaign week: `start` and `end` are its first and last
    days (inclusive)."""

    year: int
    start: date
    end: date
    theme: str = ""
    summary: str = ""          # plain text
    tag: str = ""              # posts with this tag belong to the week
    body_html: str = ""
    source_path: str = ""
    url: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.tag = self.tag or f"{CAMPAIGN_TAG} {self.year}"

    @property
    def date_parts(self) -> tuple[str, str]:
        """("Monday 2", "Friday 6 July 2018"): the first and last days in
        GOV.UK style, the month and year said once where they are shared."""
        last = long_date(self.end)
        if self.start == self.end:
            return last, ""
        if (self.start.year, self.start.month) == (self.end.year, self.end.month):
            return long_date(self.start).rsplit(" ", 2)[0], last
        return long_date(self.start, year=self.start.year != self.end.year), last

    @property
    def dates(self) -> str:
        """"Monday 2 to Friday 6 July 2018"."""
        return " to ".join(part for part in self.date_parts if part)

    def is_running(self, today: date) -> bool:
        return self.start <= today <= self.end

    def covers(self, start: date, end: date) -> bool:
        """Whether a span of days (an event's) overlaps the week."""
        return start <= self.end and end >= self.start

    def has_post(self, tags: list[str], published: date) -> bool:
        """A post belongs to the week when it has the week's own tag, or the
        campaign's tag and was published in the week's year."""
        names = {name.strip().lower() for name in tags}
        return self.tag.lower() in names or (CAMPAIGN_TAG.lower() in names and published.year == self.year)


def _text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(line).strip() for line in value if str(line).strip())
    return "" if value is None else str(value).strip()


def parse_week(metadata: Mapping[str, object], *, file_year: str = "", body_html: str = "",
               source_path: str = "") -> Week:
    """Build a Week from a week file's metadata (keys lower-case, values
    strings or lists of lines, as python-markdown's meta extension gives).
    `file_year` is the file's name without .md. Raises WeekInvalid."""
    raw = {str(key).lower(): _text(value) for key, value in metadata.items()}
    problems: list[FieldProblem] = []

    def problem(key: str, what: str, fix: str) -> None:
        problems.append(FieldProblem(key, what, fix))

    for key in raw:
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.6)
            hint = f'Did you mean "{close[0]}"? ' if close else ""
            problem(key, f'"{key}" is not a field a campaign week can have.',
                    f"{hint}The fields are year, start, end, theme, summary and tag (docs/writing-posts.md).")

    year_text = raw.get("year") or file_year
    year = int(year_text) if _YEAR.match(year_text or "") else 0
    if not year:
        problem("year", f'"{year_text}" is not a year.' if year_text else "The week has no year.",
                "Name the file after the year, such as content/weeks/2027.md, or add a line such as: year: 2027")
    elif _YEAR.match(file_year) and int(file_year) != year:
        problem("year", f"The file is named {file_year}.md but says year: {year}.",
                f"Rename the file to {year}.md, or correct the year line.")

    start = _day(raw, "start", problem)
    end = _day(raw, "end", problem)
    if start and end and end < start:
        problem("end", f"The week ends ({long_date(end)}) before it starts ({long_date(start)}).",
                "Check both dates: end: is the last day of the week.")
    if start and year and start.year != year:
        problem("start", f"The week starts on {long_date(start)}, which is not in {year}.",
                f"Give its first day in {year}, or correct the year.")
    if problems:
        raise WeekInvalid(problems)
    return Week(year=year, start=start, end=end, theme=raw.get("theme", ""), summary=raw.get("summary", ""),
                tag=raw.get("tag", ""), body_html=body_html, source_path=source_path)


def _day(raw: dict, key: str, problem) -> date | None:
    word = "first" if key == "start" else "last"
    text = raw.get(key, "")
    if not text:
        problem(key, f"The week has no {key} date.", f"Add a line with its {word} day, such as: {key}: 2027-07-05")
        return None
    value = parse_when(text)
    if value is None or isinstance(value, datetime):
        problem(key, f'"{text}" is not a day the site understands.',
                f"Write the {word} day of the week as 2027-07-05 or 5 July 2027 (no time).")
        return None
    return value


def duplicate_years(weeks: list[Week]) -> list[tuple[Week, Week]]:
    """Pairs (first, later) of weeks that are for the same year."""
    seen: dict[int, Week] = {}
    pairs = []
    for week in weeks:
        if week.year in seen:
            pairs.append((seen[week.year], week))
        else:
            seen.setdefault(week.year, week)
    return pairs


@dataclass(frozen=True)
class HomeWeek:
    """The week the home page leads with, and how: "running", "next" or
    "past" (then the next one is still being planned)."""

    week: Week
    state: str


def week_for_home(weeks: list[Week], today: date) -> HomeWeek | None:
    """The week running today, otherwise the next one, otherwise the latest."""
    ordered = sorted(weeks, key=lambda week: week.start)
    for week in ordered:
        if week.is_running(today):
            return HomeWeek(week, "running")
    upcoming = [week for week in ordered if week.start > today]
    if upcoming:
        return HomeWeek(upcoming[0], "next")
    return HomeWeek(ordered[-1], "past") if ordered else None
