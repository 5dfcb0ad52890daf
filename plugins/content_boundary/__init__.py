"""Pelican plugin: nothing from outside the content folder is read or
published. Before any generator reads a file, every symbolic link under
content/ is checked (without following it); a link that leads outside, to
nothing, or round in a circle stops the build with its name and a fix, so
the builder never reads what it points to (Pelican itself follows links)."""

from __future__ import annotations

import os

from pelican import signals

from coproweek.checks.boundary import links_leaving
from coproweek.problems import report_problem, stop_if_problems


def refuse_links_leaving_content(pelican) -> None:
    content = pelican.settings["PATH"]
    problems = links_leaving(content)
    for problem in problems:
        report_problem(os.path.join(content, problem.link), problem.what, problem.fix)
    if problems:
        stop_if_problems()  # before anything is read through a link


def register() -> None:
    signals.initialized.connect(refuse_links_leaving_content)
