"""Pelican plugin: pages' addresses worked out once. Pelican formats a page's
url and save_as from its settings each time they are read (about 40 µs, some
17,000 times in a 1,000-post build: templates, feeds and the checks all ask);
this puts coproweek.addresses.AddressMemo in front of that formatting, keyed
by every value the pattern reads, so the answers are Pelican's own. A build
that does not list the plugin gets Pelican's formatting back."""

from __future__ import annotations

import locale
import logging
from dataclasses import dataclass

from pelican import signals
from pelican.contents import Content

from coproweek.addresses import AddressMemo, comparable, fields_read
from coproweek.config import plugin_settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """None: listing the plugin turns it on."""


_build: AddressMemo | None = None  # this build's memo; None in a build that does not list the plugin
_pelicans_own = Content._expand_settings  # what the memo falls back to, and is checked against in tests

_MISSING = object()


def _value(content, name: str):
    """What Pelican's Content.url_format gives the pattern for `name` (it puts
    path, slug, lang, date, author and category over the metadata), as
    comparable() makes it; None when it must be formatted afresh."""
    if name == "path":
        own = content.metadata.get("path")
        return (comparable(own), content.source_path, content.settings.get("PATH")) if comparable(own) else None
    if name == "slug":
        return comparable(getattr(content, "slug", ""))
    if name == "lang":
        return comparable(getattr(content, "lang", "en"))
    if name == "date":
        # Without a date Pelican formats the time of asking: never kept.
        return comparable(content.date) if hasattr(content, "date") else None
    if name in ("author", "category"):
        return comparable(getattr(content, name).slug) if hasattr(content, name) else comparable("")
    value = content.metadata.get(name, _MISSING)
    return None if value is _MISSING else comparable(value)  # missing: Pelican's own KeyError


def _values(content, names: tuple[str, ...]) -> tuple | None:
    values = []
    for name in names:
        value = _value(content, name)
        if value is None:
            return None
        values.append(value)
    # Dates are worded in the locale Pelican set for the build (month names).
    values.append(locale.setlocale(locale.LC_TIME))
    return tuple(values)


def _remembered_expand_settings(self, key: str, klass: str | None = None) -> str:
    """Content._expand_settings, from the memo when the same pattern has read
    the same values before (Article and Page choose `klass` and call this)."""
    memo = _build
    if memo is None:  # start() puts Pelican's own back first; this only guards a stray call
        return _pelicans_own(self, key, klass)
    pattern = self.settings.get(f"{klass or self.__class__.__name__}_{key}".upper(), _MISSING)
    names = fields_read(pattern) if isinstance(pattern, str) else None
    values = _values(self, names) if names is not None else None
    return memo.address(pattern, values, lambda: _pelicans_own(self, key, klass))


def start(pelican) -> None:
    """A fresh memo for each build that lists the plugin (other settings,
    perhaps another locale); Pelican's own formatting for one that does not."""
    global _build
    _build = AddressMemo() if plugin_settings(Settings, pelican.settings, __name__) is not None else None
    Content._expand_settings = _remembered_expand_settings if _build is not None else _pelicans_own


def let_go(pelican) -> None:
    """finalized, after the pages are written (parallel_writer is listed
    first): the checks that follow ask a few times a page, and the build's
    memory peaks in them, so the memo (about 1 kB a post) is let go of."""
    global _build
    if _build is not None:
        logger.debug("Addresses: %d worked out, %d remembered", _build.worked_out, _build.kept)
        _build = AddressMemo()


def register() -> None:
    signals.initialized.connect(start)
    signals.finalized.connect(let_go)
