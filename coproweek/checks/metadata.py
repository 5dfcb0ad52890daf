"""Checks on a Markdown source file's raw text, before Pelican reads it.
Plain functions: each returns None when the text is fine, or (line, what, fix)."""

from __future__ import annotations

import re

Finding = tuple[int | None, str, str]


def check_encoding(raw: bytes) -> Finding | None:
    """Text pasted from Word or email is sometimes saved in another encoding."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return (
            line,
            f"this line has a character that is not UTF-8 text (byte {raw[error.start]:#04x}), "
            "often a curly quote or dash pasted from Word or an email.",
            "retype the character on that line, or save the file again as 'UTF-8' in your editor.",
        )
    return None


# C0 controls but tab, newline and carriage return; DEL and the C1 controls;
# the two noncharacters U+FFFE and U+FFFF. One regular expression finds the
# first in C, where a loop over every character took a second per 1,000 posts.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def check_control_characters(text: str) -> Finding | None:
    """Invisible control characters (a vertical tab from Word, a NUL from a
    broken export) make pages invalid and can break calendar feeds."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return (
        text.count("\n", 0, found.start()) + 1,
        f"this line contains an invisible control character (U+{ord(found.group()):04X}), usually left over from "
        "copying and pasting.",
        "retype the line, or paste it as plain text (in many editors: Ctrl+Shift+V).",
    )


def check_not_empty(text: str) -> Finding | None:
    if not text.strip():
        return (
            None,
            "the file is empty.",
            "add a title line (for example 'Title: My post'), the other details, an empty line and "
            "then the text; or delete the file if it was created by mistake.",
        )
    return None


def date_problem(key: str, value: str) -> tuple[str, str]:
    """Plain words for a date Pelican could not read."""
    return (
        f"'{value.strip()}' in the {key} line is not a date the site can read.",
        f"write the {key} as year-month-day, with a time if you like: for example "
        f"'{key.title()}: 2018-04-16' or '{key.title()}: 2018-04-16 09:30'.",
    )
