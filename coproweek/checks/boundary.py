"""Nothing from outside the content folder is read or published. A symbolic
link in content/ (to a system folder, to a file elsewhere, to a folder that
holds it) would make the builder follow it and publish what it finds, or walk
in circles; a path an author writes ("../../") could reach out the same way.
Plain functions over the filesystem; nothing here knows Pelican."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkProblem:
    link: str     # the link, as a path inside the content folder
    target: str   # where it leads (as the link says)
    what: str
    fix: str


def is_within(path: str | os.PathLike, root: str | os.PathLike) -> bool:
    """True if `path`, with every link and ".." resolved, is inside `root`."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _problem(path: str, root: str) -> LinkProblem | None:
    target = os.readlink(path)
    relative = os.path.relpath(path, root)
    if not os.path.exists(path):
        return LinkProblem(relative, target, f"this is a link to '{target}', which does not exist.",
                           "delete the link, or put the file itself in the content folder.")
    if not is_within(path, root):
        return LinkProblem(relative, target, f"this is a link to '{target}', outside the content folder; "
                           "the site publishes only what is inside content/, so it was not read.",
                           "copy the file itself into the content folder (if it is meant to be public), "
                           "and delete the link.")
    if os.path.isdir(path) and is_within(os.path.dirname(os.path.abspath(path)), path):
        return LinkProblem(relative, target, f"this is a link to '{target}', a folder that holds the link "
                           "itself, so the build would go round in circles.", "delete the link.")
    return None


def links_leaving(root: str | os.PathLike) -> list[LinkProblem]:
    """Every symbolic link under `root` that leads outside it, to nothing, or
    to a folder holding it. Links are never followed while looking."""
    root = os.path.abspath(root)
    found = []
    for folder, folders, files in os.walk(root, followlinks=False):
        for name in sorted(folders + files):
            path = os.path.join(folder, name)
            if os.path.islink(path) and (problem := _problem(path, root)):
                found.append(problem)
    return found
