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




_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def body_lines(text: str):
    """(line number, line) for the text below the fields, with code left
    out (fenced blocks blanked, `code spans` replaced by spaces): where an
    author's markup and links are, as opposed to mentions of them."""
    lines = source_lines(text)
    header = read_header(text)
    start = (header.end_line - 1 if header.ended_by_text else header.end_line) if header.end_line else len(lines)
    fence = None
    for number, line in enumerate(lines[start:], start=start + 1):
        if fence:
            if line.lstrip().startswith(fence):
                fence = None
            continue
        if match := _FENCE.match(line):
            fence = match[1][0] * 3
            continue
        if line.startswith(("    ", "\t")):
            continue  # an indented code block (or a continuation: rarely markup)
        yield number, _CODE_SPAN.sub(lambda m: " " * len(m[0]), line)


def markup_line(text: str, snippet: str) -> int | None:
    """The line of `snippet` (an HTML tag, attribute or URL the build found)
    where it is markup in the body; else its first mention anywhere."""
    lowered = snippet.lower()
    found = next((number for number, line in body_lines(text) if lowered in line.lower()), None)
    if found is not None:
        return found
    return next((number for number, line in enumerate(source_lines(text), start=1) if lowered in line.lower()), None)


def link_line(text: str, needles) -> int | None:
    """The line where a link to one of `needles` (tried in order) is made:
    as a link's target ([text](url), href=, src=, <url>) in the body first,
    then any mention in the body, then any line at all."""
    body = list(body_lines(text))
    for needle in needles:
        targets = (f"]({needle}", f'="{needle}', f"='{needle}", f"<{needle}>", f"]: {needle}")
        for number, line in body:
            if any(target in line for target in targets):
                return number
    for needle in needles:
        for number, line in body:
            if needle in line:
                return number
    for needle in needles:
        for number, line in enumerate(source_lines(text), start=1):
            if needle in line:
                return number
    return None
