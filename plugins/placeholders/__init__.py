"""Pelican plugin: a production build (CHECK_PLACEHOLDERS = True, as in
publishconf.py) fails if a file that would be published still holds words
the `invoke new-post` / `invoke new-event` starting files put there for the
author to replace ("Name of the venue", "events@example.org"…), naming the
line. Drafts are not published, so they may keep them.

It runs on content_object_init, so every content type is checked; a new
type's scaffold adds its placeholder words to texts.py."""

from __future__ import annotations

from dataclasses import dataclass

from pelican import signals

from coproweek.config import plugin_settings
from coproweek.drafts import is_draft
from coproweek.placeholders import find_placeholders
from coproweek.problems import read_source, report_problem


@dataclass(frozen=True)
class Settings:
    check_placeholders: bool = False  # publishconf.py: True


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)


def check_placeholders(content) -> None:
    source = getattr(content, "source_path", None)
    if _build is None or not _build.check_placeholders or not source or is_draft(content):
        return
    for line, phrase in find_placeholders(read_source(source)):
        report_problem(source, f"this line still has the example text \"{phrase}\" from the starting file.",
                       "replace it with the real details, or delete the line (or keep the file a draft "
                       "until it is ready).", line=line)


def register() -> None:
    signals.initialized.connect(start)
    signals.content_object_init.connect(check_placeholders)
