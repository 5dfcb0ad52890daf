"""Pelican plugin: a setting with a value the site cannot use is reported like
any content problem, naming the settings file and line."""

from __future__ import annotations

import os

from pelican import signals

from coproweek.problems import report_problem

from coproweek.checks.settings import check_settings, line_of_setting

SETTINGS_FILES = ("publishconf.py", "pelicanconf.py")  # most specific first


def _where(project: str, settings: dict, name: str) -> tuple[str, int | None]:
    files = [settings.get("SETTINGS_FILE")] if settings.get("SETTINGS_FILE") else []
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


def check(pelican) -> None:
    project = os.path.dirname(os.path.abspath(pelican.settings["PATH"]))
    for name, (what, fix) in check_settings(pelican.settings).items():
        path, line = _where(project, pelican.settings, name)
        report_problem(path, what, fix, line=line)


def register() -> None:
    signals.initialized.connect(check)
