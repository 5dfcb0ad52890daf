"""Build the site from Python, for tests and benchmarks: the same settings as
`invoke build`, with any folder of content and any output folder."""

from __future__ import annotations

import os
import shutil
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


def add_standing_pages(content: str | os.PathLike) -> None:
    """Give a test's content folder the site's standing pages (About,
    Accessibility, Get involved) that the theme's menu and footer link to,
    where it has none of its own, so link_checks finds a complete site."""
    pages = Path(content) / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for page in (ROOT / "content" / "pages").glob("*.md"):
        if not (pages / page.name).exists():
            shutil.copy(page, pages / page.name)


def build_site(content=None, output=None, settings_file="pelicanconf.py", standing_pages=True, **overrides) -> dict:
    """Build once; raises build_problems.BuildFailed (a SystemExit) when the
    content has problems. Returns the settings used. A content folder other
    than the project's gets the standing pages (see add_standing_pages)
    unless `standing_pages` is False."""
    if content is not None and standing_pages and Path(content).resolve() != (ROOT / "content").resolve():
        add_standing_pages(content)
    settings = site_settings(content, output, settings_file, **overrides)
    Pelican(settings).run()
    return settings
