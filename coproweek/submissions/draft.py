"""A submitted event -> the text of a draft event file, and its problems.
Knows nothing of Pelican.

The submission is untrusted: every value is made one line of plain text
(a line break in a value would otherwise start a new field or end the
header), and the description becomes Markdown that shows exactly what was
typed (markup and Markdown syntax escaped), so nothing a visitor sends can
add HTML, links or fields to the page. The file starts `status: draft`, so
the site does not publish it until the comms team changes that line."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from coproweek.events.parse import parse_access
from coproweek.slugs import Slugify
from coproweek.forms import HONEYPOT_FIELD

from .exports import Submission

EVENT_FORM = "event"
# Form fields copied into the event file under the same name.
COPIED = ("title", "attendance", "venue", "address", "postcode", "joining-link", "organiser", "organiser-url",
          "organiser-email", "access-details", "booking", "cost")
# Fields of the form that are not event fields (kept out of the file).
PRIVATE = ("contact-name",)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


class NotAnEvent(ValueError):
    """A submission that must not become an event file (spam, another form)."""


@dataclass(frozen=True)
class Draft:
    slug: str
    text: str
    contact: str           # who sent it, for the reviewer, never published
    ignored: tuple[str, ...]  # fields in the submission that the form does not have


def one_line(value: str | list[str]) -> str:
    """Plain text on one line: control characters and line breaks (any
    Unicode kind) become spaces, runs of spaces one."""
    if isinstance(value, list):
        value = ", ".join(value)
    characters = (" " if unicodedata.category(character).startswith(("C", "Z")) else character for character in value)
    return " ".join("".join(characters).split())


def literal_markdown(text: str) -> str:
    """Markdown that displays `text` as typed: paragraphs kept, HTML and
    Markdown syntax escaped. (No library escapes Markdown for python-markdown,
    so this does: &, < and > as entities, every other special character with
    the backslash escapes python-markdown documents.)"""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        line = one_line(block)
        if line:
            line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            paragraphs.append(_MARKDOWN_SPECIAL.sub(r"\\\1", line))
    return "\n\n".join(paragraphs)


def _value(submission: Submission, name: str) -> str:
    return one_line(submission.fields.get(name, ""))


def _date(submission: Submission) -> str:
    day, month, year = (_value(submission, f"date-{part}") for part in ("day", "month", "year"))
    if not (day or month or year):
        return _value(submission, "date")  # a form service that sends one date field
    if day.isdigit() and month.isdigit() and year.isdigit():
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    return f"{day} {month} {year}".strip()


def _access(submission: Submission) -> str:
    """The ticked features, whether the export gives a list or joins them."""
    value = submission.fields.get("access", "")
    names = value if isinstance(value, list) else re.split(r"[,;\n]", value)
    features, unknown = parse_access(", ".join(one_line(name) for name in names))
    return ", ".join([feature.value for feature in features] + unknown)


def _summary(description: str) -> str:
    """The first sentence of the description, as the listings' summary."""
    text = one_line(description)
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return first if len(first) <= 200 else first[:197].rsplit(" ", 1)[0] + "..."


def make_draft(submission: Submission, slugify: Slugify) -> Draft:
    """The draft event file for one submission; NotAnEvent for spam or a
    submission of another form. `slugify` is the site's slug rule (coproweek.slugs)."""
    if submission.form and submission.form != EVENT_FORM:
        raise NotAnEvent(f'it was sent with the "{submission.form}" form, not the event form.')
    if _value(submission, HONEYPOT_FIELD):
        raise NotAnEvent("it filled in the hidden anti-spam field, so it was sent by a program, not a person.")
    date = _date(submission)
    start_time, end_time = _value(submission, "start-time"), _value(submission, "end-time")
    description = submission.fields.get("description", "")
    description = description if isinstance(description, str) else "\n\n".join(description)
    lines = {
        "title": _value(submission, "title"),
        "start": f"{date} {start_time}".strip(),
        "end": end_time,
        **{name: _value(submission, name) for name in COPIED if name != "title"},
        "access": _access(submission),
        "summary": _summary(description),
        "status": "draft",
    }
    header = "\n".join(f"{name}: {value}".rstrip() for name, value in lines.items())
    body = literal_markdown(description)
    known = {*COPIED, *PRIVATE, "access", "description", "start-time", "end-time", "date", HONEYPOT_FIELD,
             "date-day", "date-month", "date-year"}
    ignored = tuple(sorted(name for name in submission.fields if name not in known))
    return Draft(slug=_slug(lines["title"], date, slugify), text=f"{header}\n\n{body}\n" if body else f"{header}\n",
                 contact=_value(submission, "contact-name"), ignored=ignored)


def _slug(title: str, date: str, slugify: Slugify) -> str:
    year = date[:4] if date[:4].isdigit() else ""
    slug = "-".join(part for part in (slugify(title)[:60].strip("-"), year) if part)
    return slug or "submitted-event"
