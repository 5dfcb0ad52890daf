"""Remembering pages' addresses by exactly what they are made from.

Pelican works out a page's url and save_as from a pattern in its settings
("blog/{date:%Y}/{date:%m}/{slug}/") every time a template or plugin asks:
a copy of the page's metadata, its source path made relative twice and a
strftime for each date field, about 40 µs, asked some 17,000 times in a
1,000-post build. `AddressMemo` keeps each formatted address under the
pattern and the values the pattern reads, compared by type and value, so an
answer is never stale: change a page's slug or date and its key changes with
it. A value it cannot compare safely (a list, an object) is never kept:
the address is worked out afresh. Knows nothing of Pelican; the
address_memo plugin puts it in front of Pelican's own formatting.
"""

from __future__ import annotations

import datetime
import re
import string
from collections.abc import Callable
from functools import lru_cache

# Values whose equality means the same formatted text. Subclasses (Pelican's
# SafeDatetime) count, with their type in the key.
_PLAIN_TYPES = (str, int, float, type(None), datetime.date)
_FIELD_NAME = re.compile(r"[^.\[]*")


@lru_cache(maxsize=256)
def fields_read(pattern: str) -> tuple[str, ...] | None:
    """The names a format pattern reads, in order: ("date", "slug") for
    "blog/{date:%Y}/{slug}/". None when the pattern cannot be read this way
    (positional or nested fields, or not a valid pattern): such a pattern is
    always formatted afresh."""
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError:
        return None
    for _, field, spec, _ in parsed:
        if field is None:
            continue
        name = _FIELD_NAME.match(field).group(0)
        if not name or name.isdigit() or "{" in (spec or ""):
            return None
        names.append(name)
    return tuple(dict.fromkeys(names))


def comparable(value) -> tuple | None:
    """`value` as part of a memo key, or None if equal keys could still
    format differently: a datetime is equal to another at the same instant
    in another time zone, and 1 == 1.0 == True."""
    if not isinstance(value, _PLAIN_TYPES):
        return None
    if isinstance(value, datetime.datetime):
        return type(value), value, value.tzinfo, value.fold
    return type(value), value


class AddressMemo:
    """Formatted addresses by (pattern, the values it reads, what else the
    caller says decides them). `kept` and `worked_out` count this build's
    answers."""

    def __init__(self) -> None:
        self._formatted: dict[tuple, str] = {}
        self.kept = 0
        self.worked_out = 0

    def address(self, pattern: str, values: tuple | None, format_afresh: Callable[[], str]) -> str:
        """The address for `pattern` with these `values` (each from
        comparable(), plus any context), from the memo or `format_afresh()`.
        `values` None: not kept, worked out afresh."""
        if values is None:
            self.worked_out += 1
            return format_afresh()
        key = (pattern, values)
        found = self._formatted.get(key)
        if found is not None:
            self.kept += 1
            return found
        self.worked_out += 1
        found = self._formatted[key] = format_afresh()
        return found
