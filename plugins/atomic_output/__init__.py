"""Pelican plugin: atomic output. Every build writes into a fresh staging
folder; output/ is replaced only when the whole build (content checks, feeds,
and the audit in production) succeeded. A failed build leaves output/ exactly
as it was. Must be listed after build_problems in PLUGINS."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from pelican import signals

from coproweek import problems
from coproweek.config import plugin_settings
from coproweek.publishing.staging import BuildLock, discard, make_staging, promote, remove_leftovers


@dataclass(frozen=True)
class Settings:
    output_path: str  # Pelican's; the published folder that staging replaces
    build_lock_timeout: float = 600  # seconds a build waits for another build of the same folder


@dataclass(frozen=True)
class Build:
    published: str    # output/
    staging: str      # where this build writes instead
    had_output: bool  # whether output/ held an earlier build


_build: Build | None = None  # this build's state; None in a build that does not list the plugin
_held: list[BuildLock] = []  # this process's lock on the output folder, released when its build ends


def _release_held() -> None:
    while _held:
        _held.pop().release()


def wait_for_other_builds(published: str, timeout: float) -> None:
    """One build of a folder at a time: a second one waits, saying so,
    instead of deleting the first one's staging folder from under it."""
    _release_held()  # a new build in this process means the last one is over
    lock = BuildLock(published)

    def say_waiting() -> None:
        print(f"Another build of this site is writing {published} now: this one will start when it has "
              "finished.", file=sys.stderr, flush=True)

    if not lock.acquire(timeout, say_waiting):
        print(f"The site was not built: another build of {published} has been running for over "
              f"{timeout:.0f} seconds.\n    How to fix it: wait for it to finish (or stop it with Ctrl+C "
              "in its window), then build again.", file=sys.stderr)
        raise SystemExit(1)
    _held.append(lock)


def stage_output(pelican) -> None:
    global _build
    settings = plugin_settings(Settings, pelican.settings, __name__)
    if settings is None:
        _build = None
        return
    published = settings.output_path
    wait_for_other_builds(published, settings.build_lock_timeout)
    had_output = os.path.isdir(published)
    remove_leftovers(published)
    _build = Build(published, make_staging(published), had_output)
    pelican.output_path = pelican.settings["OUTPUT_PATH"] = _build.staging
    problems.on_build_end(lambda succeeded: finish(pelican, succeeded))


def finish(pelican, succeeded: bool) -> None:
    try:
        _finish(pelican, succeeded)
    finally:
        _release_held()


def _finish(pelican, succeeded: bool) -> None:
    if _build is None:
        return
    if succeeded:
        promote(_build.staging, _build.published, background=True)
        pelican.output_path = pelican.settings["OUTPUT_PATH"] = _build.published
    else:
        discard(_build.staging)
        if _build.had_output:
            print(f"Nothing was changed in {_build.published}: it still holds the last good build.", file=sys.stderr)
        else:
            print(f"No site was written to {_build.published}.", file=sys.stderr)


def register() -> None:
    signals.initialized.connect(stage_output)
