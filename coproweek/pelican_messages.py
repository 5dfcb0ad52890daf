"""Rewrites the error messages Pelican itself logs into plain English problems.

Pelican's default is to log "Could not process …", skip the file and exit 0, so
a post silently disappears; here each such message becomes a Problem instead."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Translation:
    path: str
    what: str
    fix: str
    key: str | None = None  # metadata key whose line the problem is on


_MISSING = re.compile(r"^Skipping (?P<path>.+): could not find information about '(?P<key>\w+)'$")
_STATUS = re.compile(r"^Unknown status '(?P<status>.*)' for file (?P<path>.+), skipping it")
_COULD_NOT_PROCESS = re.compile(r"^Could not process (?P<path>.+?)\s*$", re.S)

_FIELD_EXAMPLES = {
    "title": "Title: Co-production: not rocket science?",
    "date": "Date: 2018-04-16 09:00",
}


def translate(message: str, error: BaseException | None) -> Translation | None:
    """Plain-English version of one of Pelican's error messages, or None when
    the message is not about a content file."""
    if match := _MISSING.match(message):
        key = match["key"]
        example = _FIELD_EXAMPLES.get(key, f"{key.title()}: …")
        return Translation(
            match["path"],
            f"this file has no {key}, so it was left out of the site.",
            f"add a line such as '{example}' to the block of lines at the top of the file.",
        )
    if match := _STATUS.match(message):
        return Translation(
            match["path"],
            f"the status '{match['status']}' is not one the site knows.",
            "use 'Status: published' (or 'draft' to keep it off the site for now).",
            key="status",
        )
    if match := _COULD_NOT_PROCESS.match(message):
        detail = f" ({error})" if error else ""
        return Translation(
            match["path"],
            f"the file could not be read{detail}.",
            "check the lines at the top of the file: each must be 'Name: value', "
            "followed by one empty line and then the text.",
        )
    return None
