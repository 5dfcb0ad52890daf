"""The block of `Name: value` lines at the top of a Markdown file (read by
coproweek.source_text), and the mistakes in it that would otherwise lose words without a sound: a
first line of text swallowed as a field, a field given twice, a line that
looks like a field but is read as text, a misspelt name, a field too long.
Knows nothing of Pelican."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coproweek.source_text import read_header, source_lines

from coproweek.content_types import ContentType, field_limits, unknown_fields
from coproweek.checks.metadata import date_problem
from coproweek.dates import UnclearDate, read_date

# A line an author meant as a field that python-markdown does not read as one:
# a space before the colon ("Title : x") or inside the name ("Image alt: x").
_ALMOST_A_FIELD = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z][A-Za-z0-9_ -]{0,30}?)\s*:(?!//)")


@dataclass(frozen=True)
class LineProblem:
    line: int | None
    what: str
    fix: str


def _looks_like_text(value: str) -> bool:
    """A sentence rather than a field value: several words ending in a stop,
    or long. Titles and summaries are sentences too, but they are known fields."""
    words = value.split()
    return len(words) >= 4 and (value.rstrip()[-1:] in ".!?:" or len(value) > 60)


def header_problems(text: str, content_type: ContentType, check_names: bool = True,
                    check_dates: bool = True) -> list[LineProblem]:
    """Everything wrong with the block of fields at the top of `text`. A type
    whose own parser names unknown fields and reads its dates (events) turns
    those two checks off here."""
    header = read_header(text)
    problems: list[LineProblem] = []
    last = header.fields[-1] if header.fields else None
    unknown = {p.key: p for p in unknown_fields([f.key for f in header.fields], content_type)} if check_names else {}
    for entry in header.fields:
        if entry.key not in unknown:
            continue
        problem = unknown.pop(entry.key)
        if entry is last and _looks_like_text(entry.value):
            shown = f"{entry.name}: {entry.value}"
            shown = shown if len(shown) <= 60 else shown[:57].rstrip() + "…"
            guide = f" If it is meant as a field, the fields are listed in {content_type.guide}." if content_type.guide else ""
            problems.append(LineProblem(
                entry.line,
                f"this line ('{shown}') is read as a field called '{entry.key}', "
                f"not as the start of the text, because it comes straight after the fields above it.",
                f"if it is the first line of the text, put an empty line before it.{guide}"))
        else:
            problems.append(LineProblem(entry.line, problem.what, problem.fix))
    seen: dict[str, int] = {}
    for entry in header.fields:
        if entry.key in seen and entry.key not in content_type.list_fields:
            problems.append(LineProblem(entry.line, f"'{entry.name}:' is given twice (first on line {seen[entry.key]}).",
                                        "keep one of the two lines."))
        seen.setdefault(entry.key, entry.line)
    if header.ended_by_text and header.end_line:
        line = source_lines(text)[header.end_line - 1]
        almost = _ALMOST_A_FIELD.match(line)
        if almost and "-".join(almost["key"].lower().split()) in content_type.fields:
            name = almost["key"].strip()
            problems.append(LineProblem(
                header.end_line, f"this line looks like a field ('{name}:') but is read as text, so the fields "
                                 "end on the line above it.",
                "write the name as one word with no space before the colon, for example "
                f"'{name.replace(' ', '-').title() if content_type.name != 'event' else name.replace(' ', '-').lower()}: …'."))
        else:
            problems.append(LineProblem(
                header.end_line, "there is no empty line between the fields at the top and the text, so a first line "
                                 "of text that looks like 'Word: text' would be taken for a field.",
                f"put an empty line before line {header.end_line}."))
    if check_dates:
        for entry in header.fields:
            if entry.key in content_type.date_fields and entry.value:
                try:
                    read_date(entry.value)
                except UnclearDate as error:
                    what, fix = date_problem(entry.key, error)
                    problems.append(LineProblem(entry.line, what, fix))
    raw = {entry.key: entry.value for entry in header.fields}
    for problem in field_limits(raw, content_type):
        problems.append(LineProblem(header.line_of(problem.key), problem.what, problem.fix))
    return problems
