"""Pelican plugin: atomic output. Every build writes into a fresh staging
folder; output/ is replaced only when the whole build (content checks, feeds,
and the audit in production) succeeded. A failed build leaves output/ exactly
as it was. Must be listed after build_problems in PLUGINS."""

from __future__ import annotations

import os
import sys

from pelican import signals

from coproweek import problems

from coproweek.publishing.staging import BuildLock, discard, make_staging, promote, remove_leftovers

# Seconds a build waits for another build of the same folder to finish.
DEFAULT_LOCK_TIMEOUT = 600
_held: list[BuildLock] = []  # this process's lock, released when its build ends


def _release_held() -> None:
    while _held:
        _held.pop().release()


def stage_output(pelican) -> None:
    published = pelican.settings["OUTPUT_PATH"]
    _release_held()  # a new build in this process means the last one is over
    lock = BuildLock(published)
    timeout = float(pelican.settings.get("BUILD_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))

    def say_waiting() -> None:
        print(f"Another build of this site is writing {published} now: this one will start when it has "
              "finished.", file=sys.stderr, flush=True)

    if not lock.acquire(timeout, say_waiting):
        print(f"The site was not built: another build of {published} has been running for over "
              f"{timeout:.0f} seconds.\n    How to fix it: wait for it to finish (or stop it with Ctrl+C "
              "in its window), then build again.", file=sys.stderr)
        raise SystemExit(1)
    _held.append(lock)
    had_output = os.path.isdir(published)
    remove_leftovers(published)
    staging = make_staging(published)
    pelican.output_path = pelican.settings["OUTPUT_PATH"] = staging

    def finish(succeeded: bool) -> None:
        try:
            _finish(succeeded)
        finally:
            _release_held()

    def _finish(succeeded: bool) -> None:
        if succeeded:
            promote(staging, published, background=True)
            pelican.output_path = pelican.settings["OUTPUT_PATH"] = published
        else:
            discard(staging)
            if had_output:
                print(f"Nothing was changed in {published}: it still holds the last good build.", file=sys.stderr)
            else:
                print(f"No site was written to {published}.", file=sys.stderr)

    problems.on_build_end(finish)


def register() -> None:
    signals.initialized.connect(stage_output)
