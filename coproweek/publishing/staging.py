"""Build into a staging folder and replace the published folder only when the
whole build succeeded, so a failed build never leaves a half-written site.
Plain filesystem functions; nothing here knows Pelican."""

from __future__ import annotations

import os
import shutil
import tempfile

_STAGING_TAG = ".building-"
_RETIRED_TAG = ".previous-"


def _siblings(output: str, tag: str) -> list[str]:
    parent, name = os.path.split(os.path.abspath(output))
    prefix = f".{name}{tag}"
    if not os.path.isdir(parent):
        return []
    return [os.path.join(parent, entry) for entry in os.listdir(parent) if entry.startswith(prefix)]


def remove_leftovers(output: str) -> None:
    """Staging folders of builds that crashed, and retired copies a crash left."""
    for path in _siblings(output, _STAGING_TAG) + _siblings(output, _RETIRED_TAG):
        shutil.rmtree(path, ignore_errors=True)


def make_staging(output: str) -> str:
    """A new empty folder beside `output` (same filesystem, so renames are atomic)."""
    parent, name = os.path.split(os.path.abspath(output))
    os.makedirs(parent, exist_ok=True)
    return tempfile.mkdtemp(prefix=f".{name}{_STAGING_TAG}", dir=parent)


def promote(staging: str, output: str, background: bool = False) -> None:
    """Put the finished build in place of `output`. Two renames: the old site is
    set aside, the new one takes its name, then the old one is removed (with
    `background`, by another process while this one goes on: deleting
    thousands of files took longer than the rest of a warm build's writing)."""
    output = os.path.abspath(output)
    retired = None
    if os.path.exists(output):
        parent, name = os.path.split(output)
        retired = tempfile.mkdtemp(prefix=f".{name}{_RETIRED_TAG}", dir=parent)
        os.rmdir(retired)
        os.rename(output, retired)
    try:
        os.rename(staging, output)
    except OSError:
        if retired:
            os.rename(retired, output)  # put the old site back
        raise
    # Pelican makes its output readable to the world; mkdtemp made ours private.
    os.chmod(output, 0o755)
    if retired and background:
        remove_in_background(retired)
    elif retired:
        shutil.rmtree(retired, ignore_errors=True)


def remove_in_background(folder: str) -> None:
    """Delete `folder` in a detached process (forked twice, so nothing waits
    for it or is left a zombie). If it never finishes, the next build's
    remove_leftovers does the rest. Without fork, delete it now."""
    if not hasattr(os, "fork"):
        shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child == 0:
        try:
            if os.fork() == 0:
                # Let go of the build's output streams, so nothing reading them
                # (a terminal, a test capturing them) waits for the deleting.
                quiet = os.open(os.devnull, os.O_RDWR)
                for stream in (0, 1, 2):
                    os.dup2(quiet, stream)
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def discard(staging: str) -> None:
    shutil.rmtree(staging, ignore_errors=True)
