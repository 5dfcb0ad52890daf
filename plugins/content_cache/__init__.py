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


def register() -> None:
    signals.initialized.connect(use_cache_beside_content)
