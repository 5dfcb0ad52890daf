"""Guest-author profiles (role, organisation, bio) read from a TOML file that
comms staff edit. Knows nothing of Pelican."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass

from coproweek.source_text import source_lines


@dataclass(frozen=True)
class AuthorProfile:
    name: str
    role: str
    organisation: str
    bio: str = ""


class ProfileFileError(ValueError):
    """The profiles file cannot be used; `line` is where, when known."""

    def __init__(self, what: str, fix: str, line: int | None = None) -> None:
        super().__init__(what)
        self.what, self.fix, self.line = what, fix, line


_TOML_LINE = re.compile(r"\(at line (\d+)")
REQUIRED_FIELDS = ("role", "organisation")


def parse_profiles(text: str) -> dict[str, AuthorProfile]:
    """Profiles keyed by the author's name as posts write it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        raise ProfileFileError(
            f"this line is not written the way the file expects ({error}).",
            'each author starts with their name in quotes and brackets, like ["Pete Fleischmann"], '
            'followed by lines such as role = "Head of Co-production".',
            int(match[1]) if match else None,
        ) from None
    profiles = {}
    for name, fields in data.items():
        if not isinstance(fields, dict):
            raise ProfileFileError(
                f"'{name}' should be an author's name in brackets, with their details below it.",
                f'write ["{name}"] on its own line, then role = "…" and organisation = "…" beneath it.',
                _line_of(text, name),
            )
        missing = [field for field in REQUIRED_FIELDS if not str(fields.get(field, "")).strip()]
        if missing:
            lines_to_add = " and ".join(f'{field} = "…"' for field in missing)
            raise ProfileFileError(
                f"the author '{name}' has no {' or '.join(missing)}.",
                f'add {lines_to_add} under ["{name}"].',
                _line_of(text, name),
            )
        profiles[name] = AuthorProfile(
            name=name,
            role=str(fields["role"]).strip(),
            organisation=str(fields["organisation"]).strip(),
            bio=str(fields.get("bio", "")).strip(),
        )
    return profiles


def _line_of(text: str, name: str) -> int | None:
    for number, line in enumerate(source_lines(text), start=1):
        if name in line and line.lstrip().startswith("["):
            return number
    return None


def unknown_author_message(name: str, known: list[str]) -> tuple[str, str]:
    """What to tell an author whose post names someone with no profile."""
    close = difflib.get_close_matches(name, known, n=1)
    what = f"the author '{name}' is not in content/authors.toml."
    if close:
        fix = f"did you mean '{close[0]}'? Write the name exactly as it is in content/authors.toml."
    else:
        fix = "add the author to content/authors.toml (name, role and organisation), or correct the name."
    return what, fix
