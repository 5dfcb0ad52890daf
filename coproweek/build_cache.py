"""Where a build keeps what it can reuse next time, and when that is stale.
Plain functions over settings and files; nothing here knows Pelican.

Pelican's own content cache keeps each source file's converted HTML and
metadata, checked against the file's hash, but it never notices that the
settings that shaped them changed (the Markdown extensions, say, or the tag
address pattern, which cached Tag objects carry). So each combination of
reading settings and reader code gets a folder of its own."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

# Settings that change as a build runs, or name where its output goes, and so
# say nothing about what reading a file gives.
_VOLATILE = {"OUTPUT_PATH", "WRITE_SELECTED", "CACHE_PATH", "LOAD_CONTENT_CACHE", "SHARE_CARD_DEFAULT"}
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
_DIGEST_NAME = re.compile(r"[0-9a-f]{16}")  # a settings_digest: the only folders cache_folder removes
KEEP = 4  # cache folders kept: local and production builds each have one


def _stable(value) -> str:
    """A text for a setting value that is the same in every process (functions
    by name, objects without their memory address)."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return _ADDRESS.sub("", repr(value))


def installed_versions(*packages: str) -> tuple[str, ...]:
    """The installed versions of `packages`, for settings_digest, read from
    their metadata: the Pallets projects are retiring `__version__` (MarkupSafe's
    is deprecated and gone in 3.1)."""
    return tuple(importlib.metadata.version(package) for package in packages)


def settings_digest(settings: dict, code_files: list[str | os.PathLike] = (), versions: tuple[str, ...] = ()) -> str:
    """A digest of everything that shapes what reading a file gives: every
    setting (but the volatile ones), the reader code's files and library versions."""
    stable = {key: value for key, value in settings.items() if key not in _VOLATILE}
    digest = hashlib.sha256(json.dumps(stable, sort_keys=True, default=_stable).encode())
    for path in sorted(map(str, code_files)):
        digest.update(path.encode())
        digest.update(Path(path).read_bytes())
    digest.update(repr(versions).encode())
    return digest.hexdigest()[:16]


def project_cache(content_path: str | os.PathLike, name: str, chosen: str | os.PathLike = "") -> Path:
    """Where a build keeps `name` (a file or folder): where a setting chose,
    else in cache/ beside the content folder, never committed; deleting it
    only makes the next build a cold one."""
    return Path(chosen) if chosen else Path(content_path).resolve().parent / "cache" / name


def cache_folder(root: str | os.PathLike, digest: str, keep: int = KEEP) -> Path:
    """The cache folder for `digest` (a settings_digest) under `root`, marked
    as just used; folders of other settings beyond the `keep` most recently
    used are removed. Only folders named like a digest are ever removed: a
    cache setting pointed by mistake at a folder of the project (content/,
    say) must not cost its other folders."""
    if not _DIGEST_NAME.fullmatch(digest):
        raise ValueError(f"not a settings digest: {digest!r}")
    root = Path(root)
    folder = root / digest
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)
    others = sorted((entry for entry in root.iterdir()
                     if entry.is_dir() and entry != folder and _DIGEST_NAME.fullmatch(entry.name)),
                    key=lambda entry: entry.stat().st_mtime, reverse=True)
    for stale in others[keep - 1:]:
        shutil.rmtree(stale, ignore_errors=True)
    return folder


class FileStamps:
    """Each file's stamp (the hash of its bytes Pelican's content cache checks
    a file against) worked out once a build. Pelican works it out afresh each
    time a cache asks, five times a file, though nothing is cached yet in a
    cold build: reading and hashing each file again. Kept by what os.stat
    says of the file (device, inode, size, modified and changed times), so a
    file written since, even in the same second, is hashed again."""

    def __init__(self) -> None:
        self._known: dict[tuple, object] = {}
        self.hashed = 0

    def remembering(self, stamp: Callable[[str], object], method: str) -> Callable[[str], object]:
        """`stamp` (a function of a file name, for CHECK_MODIFIED_METHOD
        `method`), answering from what this build already worked out."""

        def remembered(filename: str):
            try:
                status = os.stat(filename)
            except OSError:
                return stamp(filename)  # its own error, as without this
            key = (method, status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
            found = self._known.get(key)
            if found is None:
                self.hashed += 1
                found = self._known[key] = stamp(filename)
            return found

        return remembered
