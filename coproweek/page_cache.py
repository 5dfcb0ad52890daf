"""Results of work on built pages (the audit's findings, the links and ids a
page holds), kept between builds so a page that did not change is not parsed
or checked again. Plain Python; nothing here knows Pelican.

Each result is stored with the key of everything that decided it: the page's
own bytes and, per page, whatever else the caller names (the Markdown it came
from, say). The whole cache also has a context (the checking code, the CSS,
the settings): when that changes, nothing in it is used."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Iterable


def digest(*parts: bytes | str) -> str:
    """One hex digest of several parts (kept apart, so ("ab", "c") != ("a", "bc"))."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def files_digest(paths: Iterable[str | os.PathLike], root: str | os.PathLike | None = None) -> str:
    """A digest of files' names and bytes (in a stable order)."""
    parts: list[bytes | str] = []
    for path in sorted(Path(p) for p in paths):
        parts += [path.relative_to(root).as_posix() if root else str(path), path.read_bytes()]
    return digest(*parts)


def code_digest(*packages) -> str:
    """A digest of the Python source of modules or packages: a change to the
    checking code makes every cached result stale."""
    files = []
    for package in packages:
        location = Path(package.__file__)
        files += sorted(location.parent.rglob("*.py")) if location.name == "__init__.py" else [location]
    return files_digest(files)


class PageCache:
    """page (a path inside the built site) -> (key, result), in one pickle file."""

    def __init__(self, path: str | os.PathLike, context: str) -> None:
        self.path = Path(path)
        self.context = context
        self.hits = 0
        self.misses = 0
        self._old: dict[str, tuple[str, Any]] = {}
        self._new: dict[str, tuple[str, Any]] = {}
        try:
            with open(self.path, "rb") as stream:
                stored_context, entries = pickle.load(stream)
            if stored_context == context:
                self._old = entries
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError, ImportError):
            pass  # no cache yet, or one from other code: start afresh

    def get(self, page: str, key: str) -> Any | None:
        """The result stored for `page` under `key`, or None; a hit is kept
        for the next build."""
        entry = self._old.get(page)
        if entry is not None and entry[0] == key:
            self.hits += 1
            self._new[page] = entry
            return entry[1]
        self.misses += 1
        return None

    def put(self, page: str, key: str, result: Any) -> None:
        self._new[page] = (key, result)

    def save(self) -> None:
        """Write what this build used or made (pages no longer built drop out),
        whole or not at all."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".saving-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((self.context, self._new), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
