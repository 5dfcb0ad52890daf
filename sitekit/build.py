"""Build the site from Python, for tests and benchmarks: the same settings as
`invoke build`, with any folder of content and any output folder."""

from __future__ import annotations

import os
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent


def site_settings(content: str | os.PathLike | None = None, output: str | os.PathLike | None = None,
                  settings_file: str = "pelicanconf.py", **overrides) -> dict:
    """pelicanconf.py (or another settings file of the project) with paths made
    absolute, so a build works from any working directory."""
    override = {
        "PATH": str(content or ROOT / "content"),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        **({"OUTPUT_PATH": str(output)} if output else {}),
        **overrides,
    }
    return read_settings(str(ROOT / settings_file), override=override)


def build_site(content=None, output=None, settings_file="pelicanconf.py", **overrides) -> dict:
    """Build once; raises build_problems.BuildFailed (a SystemExit) when the
    content has problems. Returns the settings used."""
    settings = site_settings(content, output, settings_file, **overrides)
    Pelican(settings).run()
    return settings
