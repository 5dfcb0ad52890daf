"""Pelican plugin: atomic output. Every build writes into a fresh staging
folder; output/ is replaced only when the whole build (content checks, feeds,
and the audit in production) succeeded. A failed build leaves output/ exactly
as it was. Must be listed after build_problems in PLUGINS."""

from __future__ import annotations

import os
import sys

from pelican import signals

from coproweek import problems

from coproweek.publishing.staging import discard, make_staging, promote, remove_leftovers


def stage_output(pelican) -> None:
    published = pelican.settings["OUTPUT_PATH"]
    had_output = os.path.isdir(published)
    remove_leftovers(published)
    staging = make_staging(published)
    pelican.output_path = pelican.settings["OUTPUT_PATH"] = staging

    def finish(succeeded: bool) -> None:
        if succeeded:
            promote(staging, published)
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
