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
from dataclasses import dataclass

from pelican import signals
from pelican.readers import BaseReader

from coproweek.build_cache import FileStamps, cache_folder, installed_versions, project_cache, settings_digest
from coproweek.config import plugin_settings
from coproweek.problems import problem_log


def _reader_classes(cls=BaseReader):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _reader_classes(subclass)


@dataclass(frozen=True)
class Settings:
    path: str                     # Pelican's content folder
    cache_content: bool = False   # Pelican's: cache what its readers read
    content_cache_root: str = ""  # default: cache/pelican beside the content folder


@dataclass
class Build:
    settings: Settings
    stamps: FileStamps


_build: Build | None = None  # this build's state; None in a build that does not list the plugin


def use_cache_beside_content(pelican_object) -> None:
    global _build
    settings = plugin_settings(Settings, pelican_object.settings, __name__)
    _build = Build(settings, FileStamps()) if settings is not None else None
    if _build is None or not settings.cache_content:
        return
    every = pelican_object.settings  # all of them: any setting can change what is read
    code = {inspect.getsourcefile(cls) for cls in _reader_classes()}
    digest = settings_digest(every, sorted(path for path in code if path),
                             installed_versions("pelican", "markdown"))
    root = project_cache(settings.path, "pelican", settings.content_cache_root)
    every["CACHE_PATH"] = str(cache_folder(root, digest))


def never_cache_files_with_problems(readers) -> None:
    """A file reported while it was read (by our reader, or by Pelican's
    logged errors) is not cached, whatever the reader returned: the next build
    reads it, and reports it, again."""
    if _build is None:
        return
    cache_data = readers.cache_data

    def cache_if_clean(path, data):
        if not problem_log.has_problem_for(path):
            cache_data(path, data)

    readers.cache_data = cache_if_clean


def stamp_each_file_once(generator) -> None:
    """article/page_generator_init: the generator's cache and its readers'
    ask for a file's stamp through _build.stamps (each asks twice a file)."""
    if _build is None or not _build.settings.cache_content:
        return
    method = generator.settings["CHECK_MODIFIED_METHOD"]
    for cacher in (generator, getattr(generator, "readers", None)):
        stamp = getattr(cacher, "_filestamp_func", None)
        if stamp is not None:
            cacher._filestamp_func = _build.stamps.remembering(stamp, method)


def let_go_of_the_saved_cache(generator) -> None:
    """article/page_generator_finalized: Pelican has saved its caches of what
    was read (just before this signal) and reads them no more, but keeps them,
    a second copy of every post (24 MiB at 3,000 posts): let them go."""
    if _build is None:
        return
    for holder in (generator, getattr(generator, "readers", None)):
        if isinstance(getattr(holder, "_cache", None), dict):
            holder._cache = {}


def register() -> None:
    signals.initialized.connect(use_cache_beside_content)
    signals.readers_init.connect(never_cache_files_with_problems)
    signals.article_generator_init.connect(stamp_each_file_once)
    signals.page_generator_init.connect(stamp_each_file_once)
    signals.article_generator_finalized.connect(let_go_of_the_saved_cache)
    signals.page_generator_finalized.connect(let_go_of_the_saved_cache)
