"""Pelican plugin: a setting with a value the site cannot use is reported like
any content problem, naming the settings file and line."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican import signals

from coproweek.checks.settings import check_settings, line_of_setting
from coproweek.config import plugin_settings
from coproweek.problems import report_problem

SETTINGS_FILES = ("publishconf.py", "pelicanconf.py")  # most specific first


@dataclass(frozen=True)
class Settings:
    path: str                # Pelican's content folder; the settings files are in its parent
    settings_file: str = ""  # the file this build was started with, searched first for a bad setting


def _where(project: str, settings: Settings, name: str) -> tuple[str, int | None]:
    files = [settings.settings_file] if settings.settings_file else []
    for file_name in [*files, *SETTINGS_FILES]:
        path = os.path.join(project, file_name)
        try:
            with open(path, encoding="utf-8") as handle:
                line = line_of_setting(handle.read(), name)
        except OSError:
            continue
        if line:
            return path, line
    return os.path.join(project, SETTINGS_FILES[-1]), None


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    """The whole job is done here, before anything is read."""
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)
    if _build is None:
        return
    project = os.path.dirname(os.path.abspath(_build.path))
    # Every setting of the build is checked, not only this plugin's own.
    for name, (what, fix) in check_settings(pelican.settings).items():
        path, line = _where(project, _build, name)
        report_problem(path, what, fix, line=line)


def register() -> None:
    signals.initialized.connect(start)
