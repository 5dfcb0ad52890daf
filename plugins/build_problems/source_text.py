"""Where things are in an author's source file: its lines numbered as an
editor numbers them, and the block of `Name: value` lines at the top read the
way python-markdown's meta extension reads it, keeping each line's number.
Knows nothing of Pelican."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """The lines of a source file as an editor and python-markdown number
    them. str.splitlines() also breaks at U+2028, U+0085 and form feeds,
    which shifts every later line number by one."""
    return _LINE_BREAK.split(text.removeprefix("\ufeff"))


@dataclass(frozen=True)
class HeaderField:
    key: str        # lower case, as Pelican and the events parser see it
    name: str       # as written
    value: str      # all its lines joined with newlines
    line: int


@dataclass(frozen=True)
class Header:
    fields: tuple[HeaderField, ...]
    end_line: int | None     # the line that ended the block (None: end of file)
    ended_by_text: bool      # no empty line between the fields and the text

    def line_of(self, key: str) -> int | None:
        return next((f.line for f in self.fields if f.key == key.lower()), None)

    def values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for entry in self.fields:
            found.setdefault(entry.key, entry.value)
        return found


def read_header(text: str) -> Header:
    lines = source_lines(text)
    fields: list[HeaderField] = []
    number = 0
    if lines and BEGIN_RE.match(lines[0]):
        number = 1
    while number < len(lines):
        line = lines[number]
        number += 1
        if line.strip() == "" or END_RE.match(line):
            return Header(tuple(fields), number, False)
        if match := META_RE.match(line):
            fields.append(HeaderField(match["key"].lower().strip(), match["key"], match["value"].strip(), number))
        elif (more := META_MORE_RE.match(line)) and fields:
            last = fields[-1]
            fields[-1] = HeaderField(last.key, last.name, f"{last.value}\n{more['value'].strip()}", last.line)
        else:
            return Header(tuple(fields), number, True)
    return Header(tuple(fields), None, False)


