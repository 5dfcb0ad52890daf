"""Pelican plugin: nothing from outside the content folder is read or
published. Before any generator reads a file, every symbolic link under
content/ is checked (without following it); a link that leads outside, to
nothing, or round in a circle stops the build with its name and a fix, so
the builder never reads what it points to (Pelican itself follows links)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican import signals

from coproweek.checks.boundary import links_leaving
from coproweek.config import plugin_settings
from coproweek.problems import report_problem, stop_if_problems


@dataclass(frozen=True)
class Settings:
    path: str  # Pelican's content folder


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def refuse_links_leaving_content(pelican) -> None:
    """The whole job is done here, on `initialized`, before anything is read."""
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)
    if _build is None:
        return
    content = _build.path
    problems = links_leaving(content)
    for problem in problems:
        report_problem(os.path.join(content, problem.link), problem.what, problem.fix)
    if problems:
        stop_if_problems()  # before anything is read through a link


def register() -> None:
    signals.initialized.connect(refuse_links_leaving_content)
