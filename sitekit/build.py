"""Build the site from Python, for tests and benchmarks: the same settings as
`invoke build`, with any folder of content and any output folder."""

from __future__ import annotations

import os
import shutil
import weakref
from pathlib import Path

import blinker

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


def disconnect_plugins() -> None:
    """Forget every plugin's signal receivers before a build in a process that
    has built before (tests, benchmarks).

    Pelican connects each plugin's receivers to signals that live as long as
    the process and never disconnects them, and blinker calls receivers in
    the order they were first connected. The plugins ignore a build that does
    not list them (coproweek.config.lists_plugin), so nothing leaks; but
    without this a later build would run the receivers in the first build's
    order rather than its own PLUGINS order (build_problems must start first
    and judge last). Forgetting them gives each build the order a fresh
    `pelican` process gives it."""
    from pelican.plugins import signals

    for signal in vars(signals).values():
        if isinstance(signal, blinker.NamedSignal):
            for reference in list(signal.receivers.values()):
                receiver = reference() if isinstance(reference, weakref.ref) else reference
                if receiver is not None:
                    signal.disconnect(receiver)


def build_site(content=None, output=None, settings_file="pelicanconf.py", standing_pages=True, **overrides) -> dict:
    """Build once; raises coproweek.problems.BuildFailed (a SystemExit) when the
    content has problems. Returns the settings used. A content folder other
    than the project's gets the standing pages (see add_standing_pages)
    unless `standing_pages` is False."""
    if content is not None and standing_pages and Path(content).resolve() != (ROOT / "content").resolve():
        add_standing_pages(content)
    settings = site_settings(content, output, settings_file, **overrides)
    disconnect_plugins()
    Pelican(settings).run()
    return settings


def site_slugify(**overrides):
    """The site's one slug rule (coproweek.slugs): Pelican's slugify with the
    project's settings, as the plugins use it. For tests and scaffolds."""
    from pelican.utils import slugify

    from coproweek.config import read_settings
    from coproweek.slugs import SlugSettings

    return read_settings(SlugSettings, site_settings(**overrides)).rule(slugify)
