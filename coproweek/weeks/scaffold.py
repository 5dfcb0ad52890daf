"""The starting text for a new year's week (`invoke new-week 2028`). Knows
nothing of Pelican. The fields are explained in docs/writing-posts.md."""

from __future__ import annotations

from datetime import date, timedelta

from coproweek.placeholders import WEEK


def first_full_week_of_july(year: int) -> tuple[date, date]:
    """Monday to Friday of the first full week of July: the campaign's
    usual dates, for the author to change if this year's differ."""
    first = date(year, 7, 1)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    return monday, monday + timedelta(days=4)


def week_template(year: int) -> str:
    start, end = first_full_week_of_july(year)
    return f"""year: {year}
start: {start:%Y-%m-%d}
end: {end:%Y-%m-%d}
theme:
summary: National Co-production Week {year} runs from {start.day} to {end.day} July {year}.

{WEEK["body"]}, as the week is planned and after it:
what happened, who took part and what people learned.

## Use headings like this

Start headings with two hash signs (##). Check the start and end dates above,
and fill in the theme once it is announced.
"""


def parse_year(text: str) -> int:
    """The YEAR argument of `invoke new-week`, or ValueError in plain words."""
    if not text.isdigit() or len(text) != 4:
        raise ValueError(f"'{text}' is not a year: write it with four digits, such as 2028.")
    return int(text)
