"""Checks on a Markdown source file's raw text, before Pelican reads it.
Plain functions: each returns None when the text is fine, or (line, what, fix)."""

from __future__ import annotations

import re

from coproweek.content_types import file_size_problem
from coproweek.dates import UnclearDate
from coproweek.source_text import source_lines

Finding = tuple[int | None, str, str]


_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def check_encoding(raw: bytes) -> Finding | None:
    """Text pasted from Word or email is sometimes saved in another encoding:
    Windows-1252 ("ANSI"), or UTF-16 (Notepad's "Unicode")."""
    if raw.startswith(_UTF16_MARKS) or raw[:200].count(b"\x00") > 20:
        return (
            None,
            "the file is saved as UTF-16 ('Unicode' in Notepad and Word), not as UTF-8 text.",
            "open it and save it again with the encoding 'UTF-8'.",
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = len(source_lines(raw[: error.start].decode("utf-8", errors="replace")))
        return (
            line,
            f"this line has a character that is not UTF-8 text (byte {raw[error.start]:#04x}), "
            "often a curly quote or dash pasted from Word or an email: the file was saved as "
            "Windows-1252 ('ANSI') or another older encoding.",
            "retype the character on that line, or save the file again as 'UTF-8' in your editor.",
        )
    return None


def check_size(raw: bytes) -> Finding | None:
    if problem := file_size_problem(len(raw)):
        return (None, problem, "split it into several posts, or move large pasted material (data, images as text) out of it.")
    return None


class Unreadable(ValueError):
    """A source file the site cannot read as text; `finding` says where and why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding[1])
        self.finding = finding


def decode_source(raw: bytes, check_empty: bool = True) -> str:
    """An author's file as text, for every reader of content (posts, pages,
    events): size, encoding, emptiness and control characters checked in
    one place, and a byte-order mark (which Windows editors add) removed.
    Raises Unreadable with the line and the fix."""
    if finding := check_size(raw) or check_encoding(raw):
        raise Unreadable(finding)
    text = raw.decode("utf-8").removeprefix("\ufeff")
    if finding := (check_empty and check_not_empty(text)) or check_control_characters(text):
        raise Unreadable(finding)
    return text


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
        len(source_lines(text[:found.start()])),  # lines counted as an editor counts them
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


def date_problem(key: str, error: UnclearDate) -> tuple[str, str]:
    """Plain words for a date the site will not read, and the forms that work."""
    value = error.text.strip()
    return (f"'{value}' in the {key} line {error.reason}",
            f"{error.fix} The line then reads, for example, '{key.title()}: 2018-04-16 09:30'.")
