"""Pelican plugin: content read on every core. Pelican reads posts one after
another in one process, and converting Markdown is the largest part of a cold
build. When a generator is made, this starts READ_WORKERS processes (default:
the machine's cores, at most 4; 1 reads in turn, as Pelican does) that read
its files ahead, in Pelican's own order, with the very reader Pelican would
use; Pelican's loop then takes each file's content and fields from them
instead of reading it (coproweek.read_ahead).

Nothing else changes: every signal, check and cache of Pelican's loop runs as
before, in the build's process. A file whose reading raised, logged or
reported a problem in a worker is read again by Pelican's loop, which reports
it as it always does; a file already in the content cache is not read ahead.
Must be listed after the plugins that choose the readers (metadata_checks)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.utils import file_suffix

from coproweek.config import plugin_settings, worker_count
from coproweek.read_ahead import ReadAhead

# Which settings list a generator's files, as its generate_context reads them.
_FILES = {ArticlesGenerator: ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"), PagesGenerator: ("PAGE_PATHS", "PAGE_EXCLUDES")}
FEWEST_FILES = 40  # below this, starting processes costs more than it saves


@dataclass(frozen=True)
class Settings:
    read_workers: int = 0  # processes that read content; 0: the machine's cores, at most 4; 1: in turn


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin
_reading: dict[int, ReadAhead] = {}  # id(generator) -> its files being read ahead


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)
    _reading.clear()


def read_ahead(generator) -> None:
    """article_generator_init, page_generator_init: start reading its files."""
    workers = worker_count(_build.read_workers) if _build is not None else 0
    if workers < 2 or type(generator) not in _FILES:
        return
    readers = generator.readers
    paths_setting, excludes_setting = _FILES[type(generator)]
    files = generator.get_files(generator.settings[paths_setting], exclude=generator.settings[excludes_setting])
    originals = {fmt: reader.read for fmt, reader in readers.readers.items()}
    unread = []
    for name in files:
        path = os.path.abspath(os.path.join(generator.path, name))  # as Readers.read_file names it
        if file_suffix(path) in originals and readers.get_cached_data(path, (None, None))[0] is None:
            unread.append(path)
    if len(unread) < FEWEST_FILES:
        return

    def read(path):
        return originals[file_suffix(path)](path)

    ahead = _reading[id(generator)] = ReadAhead(read, unread, workers, shared={"settings": generator.settings})
    for fmt, reader in readers.readers.items():
        reader.read = _taking_from(ahead, reader, originals[fmt])


def _taking_from(ahead: ReadAhead, reader, own_read):
    def read(source_path):
        result = ahead.take(source_path)
        if result is None:
            return own_read(source_path)
        reader._source_path = source_path  # as the reader's own read leaves it
        return result
    return read


def stop_reading(generator) -> None:
    """article_generator_finalized, page_generator_finalized."""
    ahead = _reading.pop(id(generator), None)
    if ahead is not None:
        ahead.close()


def register() -> None:
    signals.initialized.connect(start)
    signals.article_generator_init.connect(read_ahead)
    signals.page_generator_init.connect(read_ahead)
    signals.article_generator_finalized.connect(stop_reading)
    signals.page_generator_finalized.connect(stop_reading)
