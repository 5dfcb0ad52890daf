"""Which `Name: value` lines each kind of content may have, and the limits on
them. One declaration per content type; a new type (campaign weeks, say)
declares its own with `register_content_type` and gets the same checks: an
unknown or misspelt field fails with "did you mean", dates follow one rule
(dates.py), and no field, tag list or file is larger than the site can take.
Knows nothing of Pelican."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

# Limits: far above anything a real post needs, far below what makes a build
# run for minutes (each tag is a page and a feed; a field is printed on many).
MAX_FILE_BYTES = 1_000_000        # about 150,000 words
MAX_TAGS = 30
MAX_TITLE_CHARACTERS = 200
MAX_FIELD_CHARACTERS = 2_000      # any other single field, a summary included
MAX_TAG_CHARACTERS = 60


@dataclass(frozen=True)
class ContentType:
    """One kind of content: what it is called in messages, the fields its
    files may have (lower case), which of them are dates, which setting names
    its folders, and the guide that lists its fields."""

    name: str
    fields: tuple[str, ...]
    date_fields: tuple[str, ...] = ()
    paths_setting: str = ""
    guide: str = ""
    # Names people often write for a field the site calls something else.
    hints: dict[str, str] = field(default_factory=dict)
    list_fields: tuple[str, ...] = ("tags",)


POST = ContentType(
    name="post",
    fields=("title", "date", "modified", "author", "authors", "tags", "summary", "status", "slug",
            "save_as", "url", "template"),
    date_fields=("date", "modified"),
    paths_setting="ARTICLE_PATHS",
    guide="docs/writing-posts.md",
    hints={"tag": "tags", "category": "tags", "categories": "tags", "keywords": "tags", "topics": "tags",
           "description": "summary", "excerpt": "summary", "updated": "modified", "published": "date",
           "by": "author", "writer": "author", "draft": "status"},
)
PAGE = ContentType(
    name="page",
    fields=("title", "slug", "summary", "status", "modified", "save_as", "url", "template"),
    date_fields=("modified",),
    paths_setting="PAGE_PATHS",
    guide="docs/writing-posts.md",
    hints={"description": "summary", "excerpt": "summary", "updated": "modified", "draft": "status"},
)
EVENT = ContentType(
    name="event",
    fields=(
        "title", "slug", "start", "end", "duration", "timezone",
        "attendance", "venue", "address", "postcode", "joining-link",
        "organiser", "organiser-url", "organiser-email", "partner",
        "booking", "cost", "summary", "image", "image-alt", "tags",
        "status", "status-note", "previous-start",
        "repeat", "repeat-until", "repeat-count", "except", "rrule", "cancelled-dates", "moved",
        "access", "access-details", "access-contact",
        "uid", "sequence", "modified",
    ),
    date_fields=("start", "end", "previous-start", "repeat-until", "except", "cancelled-dates", "moved", "modified"),
    paths_setting="EVENTS_PATHS",
    guide="docs/writing-events.md",
    hints={"organizer": "organiser", "organizer-url": "organiser-url", "organizer-email": "organiser-email",
           "tag": "tags", "date": "start", "begins": "start", "finish": "end", "ends": "end",
           "location": "venue", "place": "venue", "url": "booking", "link": "booking",
           "time-zone": "timezone", "tz": "timezone"},
)

_CONTENT_TYPES: dict[str, ContentType] = {}


def register_content_type(content_type: ContentType) -> ContentType:
    _CONTENT_TYPES[content_type.name] = content_type
    return content_type


for _type in (POST, PAGE, EVENT):
    register_content_type(_type)


def content_types() -> tuple[ContentType, ...]:
    return tuple(_CONTENT_TYPES.values())


def content_type_for(relative_path: str, settings: dict) -> ContentType | None:
    """The type whose folders (its *_PATHS setting) hold a file, by its path
    relative to the content folder; None for a folder no type declares."""
    parts = relative_path.replace("\\", "/").split("/")
    best, best_depth = None, 0
    for content_type in content_types():
        for folder in settings.get(content_type.paths_setting) or ():
            folder_parts = [p for p in folder.replace("\\", "/").split("/") if p]
            if parts[: len(folder_parts)] == folder_parts and len(folder_parts) > best_depth:
                best, best_depth = content_type, len(folder_parts)
    return best


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field: `key` is the field whose line to show."""

    key: str
    what: str
    fix: str = ""


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def unknown_fields(keys, content_type: ContentType, extra_fields: tuple[str, ...] = ()) -> list[FieldProblem]:
    """A problem for each field name the type does not have, with the
    nearest known name: a misspelt field would otherwise vanish."""
    known = content_type.fields + tuple(extra_fields)
    problems = []
    for key in keys:
        key = str(key).lower()
        if key in known:
            continue
        close = content_type.hints.get(key) or next(iter(difflib.get_close_matches(key, known, n=1, cutoff=0.6)), None)
        hint = f"Did you mean '{close}'? " if close else ""
        listed = f"The fields {_a(content_type.name)} can have are listed in {content_type.guide}." if content_type.guide else ""
        problems.append(FieldProblem(key, f"'{key}' is not a field {_a(content_type.name)} can have, so it would be ignored.",
                                     f"{hint}{listed}".strip()))
    return problems


def _length(value) -> int:
    if isinstance(value, (list, tuple)):
        return sum(len(str(item)) for item in value)
    return len(str(value))


def _items(value) -> list[str]:
    """The entries of a comma-separated field ("a, b; c"), as written."""
    text = ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    return [item.strip() for item in text.replace(";", ",").split(",") if item.strip()]


def field_limits(metadata: dict, content_type: ContentType) -> list[FieldProblem]:
    """Fields longer than the site takes, and lists with too many entries.
    `metadata` holds the raw text of each field (lower-case keys)."""
    problems = []
    for key, value in metadata.items():
        key = str(key).lower()
        if key in content_type.list_fields:
            items = _items(value)
            if len(items) > MAX_TAGS:
                problems.append(FieldProblem(key, f"this {content_type.name} has {len(items)} {key}; the limit is {MAX_TAGS}.",
                                             f"keep the {MAX_TAGS} that matter most: each one is a page of its own."))
            long_items = [item for item in items if len(item) > MAX_TAG_CHARACTERS]
            if long_items:
                problems.append(FieldProblem(key, f"the {key[:-1] if key.endswith('s') else key} '{long_items[0][:40]}…' is "
                                                  f"{len(long_items[0])} characters long; the limit is {MAX_TAG_CHARACTERS}.",
                                             "shorten it to a few words, and separate topics with commas."))
            continue
        limit = MAX_TITLE_CHARACTERS if key == "title" else MAX_FIELD_CHARACTERS
        length = _length(value)
        if length > limit:
            problems.append(FieldProblem(key, f"the {key} is {length:,} characters long; the limit is {limit:,}.",
                                         f"shorten the {key}" + (" (the text of the post goes below the empty line)."
                                                                 if key != "title" else ".")))
    return problems


def file_size_problem(size: int) -> str | None:
    if size > MAX_FILE_BYTES:
        return (f"the file is {size / 1_000_000:.1f} MB; the limit for one file of text is "
                f"{MAX_FILE_BYTES / 1_000_000:.0f} MB.")
    return None
