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
import sqlite3
import tempfile
import weakref
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


def _remove_unsaved(path: Path, owner: int) -> None:
    if os.getpid() == owner:  # never from a forked worker: the file is its parent's
        path.unlink(missing_ok=True)


class PageCache:
    """page (a path inside the built site) -> (key, result), in one SQLite
    file, each result pickled on its own. A build reads a result only when it
    asks for it: a whole pickle loaded every page's result at once, and saving
    it held a copy more (measured at 3,000 posts: 25 MiB to load the link
    checks' cache, 26 more while saving it).

    What this build used or made goes into a new file beside the old, which
    replaces it on save() (pages no longer built drop out). Forked worker
    processes can ask too: each opens its own connection to the old file,
    and only the process that made the cache writes."""

    _SCHEMA = ("CREATE TABLE entries (page TEXT PRIMARY KEY, key TEXT, result BLOB)",
               "CREATE TABLE about (name TEXT PRIMARY KEY, value TEXT)")

    def __init__(self, path: str | os.PathLike, context: str) -> None:
        self.path = Path(path)
        self.context = context
        self.hits = 0
        self.misses = 0
        self._owner = os.getpid()
        self._readers: dict[int, sqlite3.Connection | None] = {}
        self._new: sqlite3.Connection | None = None
        self._new_path: Path | None = None
        self._forget_unsaved: weakref.finalize | None = None
        self._saved = False  # save() has replaced the file once in this build

    def _old(self) -> sqlite3.Connection | None:
        """This process's connection to the last build's file, if it is one of this context."""
        pid = os.getpid()
        if pid not in self._readers:
            self._readers[pid] = None
            try:
                connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                             check_same_thread=False)
                stored = connection.execute("SELECT value FROM about WHERE name = 'context'").fetchone()
                if stored == (self.context,):
                    self._readers[pid] = connection
                else:
                    connection.close()
            except sqlite3.Error:
                pass  # no cache yet, or not one of ours: start afresh
        return self._readers[pid]

    def _writer(self) -> sqlite3.Connection:
        if self._new is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".saving-", suffix=".sqlite", dir=self.path.parent)
            os.close(handle)
            self._new_path = Path(temporary)
            # A build that stops before save() leaves no file behind.
            self._forget_unsaved = weakref.finalize(self, _remove_unsaved, self._new_path, self._owner)
            self._new = sqlite3.connect(temporary, isolation_level=None, check_same_thread=False)
            self._new.execute("PRAGMA journal_mode = OFF")  # written whole or thrown away: no journal needed
            self._new.execute("PRAGMA synchronous = OFF")
            if self._saved:
                self._new.execute("ATTACH DATABASE ? AS saved", (str(self.path),))
            self._new.execute("BEGIN")
            for statement in self._SCHEMA:
                self._new.execute(statement)
            self._new.execute("INSERT INTO about VALUES ('context', ?)", (self.context,))
            if self._saved:
                # Saved once already in this build: the new file starts from
                # what that save wrote, or saving again would lose it.
                self._new.execute("INSERT INTO entries SELECT page, key, result FROM saved.entries")
        return self._new

    def _stored(self, page: str, key: str) -> bytes | None:
        """The pickled result stored for `page` under `key` by the last build."""
        old = self._old()
        row = old.execute("SELECT key, result FROM entries WHERE page = ?", (page,)).fetchone() if old else None
        return row[1] if row is not None and row[0] == key else None

    def _keep(self, page: str, key: str, data: bytes) -> None:
        self._writer().execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", (page, key, data))

    def get(self, page: str, key: str) -> Any | None:
        """The result stored for `page` under `key`, or None; a hit is kept
        for the next build."""
        data = self._stored(page, key)
        if data is not None:
            try:
                result = pickle.loads(data)
            except (EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError, ImportError):
                data = None  # from other code: made again
        if data is None:
            self.misses += 1
            return None
        self.hits += 1
        if os.getpid() == self._owner:
            self._keep(page, key, data)
        return result

    def has(self, page: str, key: str) -> bool:
        """Whether the last build stored a result for `page` under `key`
        (without reading it, nor keeping it for the next build)."""
        old = self._old()
        row = old.execute("SELECT key FROM entries WHERE page = ?", (page,)).fetchone() if old else None
        return row is not None and row[0] == key

    def carry(self, page: str, key: str) -> bool:
        """Keep the result stored for `page` under `key` for the next build as
        it is, without reading it (a worker process read it): whether there was one."""
        data = self._stored(page, key)
        if data is not None:
            self._keep(page, key, data)
        return data is not None

    def put(self, page: str, key: str, result: Any) -> None:
        self._keep(page, key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def save(self) -> None:
        """Write what this build used or made, whole or not at all. Saving
        again keeps what the first save wrote, with what came after it."""
        if self._saved and self._new is None:
            return  # nothing used or made since the last save
        writer = self._writer()
        writer.execute("COMMIT")
        writer.close()
        self._new = None
        for reader in self._readers.values():
            if reader is not None:
                reader.close()
        self._readers = {}
        os.replace(self._new_path, self.path)
        self._forget_unsaved.detach()
        self._saved = True
