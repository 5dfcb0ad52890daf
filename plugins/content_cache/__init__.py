"""Pelican plugin: Pelican's content cache (CACHE_CONTENT, reader layer), kept
beside the content folder (cache/pelican/, like the images' and cards'
caches) in a folder per combination of settings and reader code
(coproweek.build_cache), so a changed setting never serves stale pages.

A file whose hash is unchanged is not read again: its HTML and metadata come
from the cache. Everything after reading still runs on every build, cached or
not: content_object_init (content safety, images), the address, author and
link checks and the audit. A file with a problem is never cached, so it is
read, and reported, again until fixed. Must be listed before atomic_output,
which changes OUTPUT_PATH."""

from __future__ import annotations

import inspect
from pathlib import Path

import markdown
import pelican
from pelican import signals
from pelican.readers import BaseReader

from coproweek.build_cache import cache_folder, settings_digest
from coproweek.problems import problem_log


def _reader_classes(cls=BaseReader):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _reader_classes(subclass)


def use_cache_beside_content(pelican_object) -> None:
    settings = pelican_object.settings
    if not settings.get("CACHE_CONTENT"):
        return
    code = {inspect.getsourcefile(cls) for cls in _reader_classes()}
    digest = settings_digest(settings, sorted(path for path in code if path),
                             (pelican.__version__, markdown.__version__))
    root = settings.get("CONTENT_CACHE_ROOT") or Path(settings["PATH"]).resolve().parent / "cache" / "pelican"
    settings["CACHE_PATH"] = str(cache_folder(root, digest))


def never_cache_files_with_problems(readers) -> None:
    """A file reported while it was read (by our reader, or by Pelican's
    logged errors) is not cached, whatever the reader returned: the next build
    reads it, and reports it, again."""
    cache_data = readers.cache_data

    def cache_if_clean(path, data):
        if not problem_log.has_problem_for(path):
            cache_data(path, data)

    readers.cache_data = cache_if_clean


def register() -> None:
    signals.initialized.connect(use_cache_beside_content)
    signals.readers_init.connect(never_cache_files_with_problems)
