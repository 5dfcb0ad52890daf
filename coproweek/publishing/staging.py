"""Build into a staging folder and replace the published folder only when the
whole build succeeded, so a failed build never leaves a half-written site.
Plain filesystem functions; nothing here knows Pelican."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time

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


def published_for(folder: str) -> str:
    """The published folder a staging folder will replace; any other folder is its own."""
    parent, name = os.path.split(os.path.abspath(folder))
    stem, tag, _ = name.partition(_STAGING_TAG)
    return os.path.join(parent, stem[1:]) if tag and stem.startswith(".") and stem[1:] else os.path.abspath(folder)


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


class BuildLock:
    """One build of a folder at a time. A second build (a second terminal,
    `invoke livereload` while `invoke build` runs) waits for the first, saying
    so, instead of deleting its staging folder from under it. An OS lock
    (flock) on a file beside the output: released by the system if a build
    dies, so a crash never leaves the site locked."""

    def __init__(self, output: str) -> None:
        parent, name = os.path.split(os.path.abspath(output))
        self.path = os.path.join(parent, f".lock-{name}")
        self._handle = None

    def acquire(self, timeout: float, on_wait=None) -> bool:
        """Wait up to `timeout` seconds; `on_wait()` is called once if the
        lock is held by another build. False if it never came free."""
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        self._handle = open(self.path, "a+b")  # noqa: SIM115 (held for the whole build)
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(self._handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.release()
                    return False
                if not told and on_wait:
                    on_wait()
                    told = True
                time.sleep(0.2)

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file releases the lock
            self._handle = None
