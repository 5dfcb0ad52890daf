"""Pelican plugin: a Markdown reader that reports unreadable files and
unclear fields in plain English, with the line, instead of Pelican's "Could
not process" and a skipped file (or a field silently ignored). Covers
encoding, size, empty files, dates, unknown fields and the block of fields at
the top; and at the end of reading, files in content/ that the build did not
use. Other plugins check their own fields."""

from __future__ import annotations

import os
from dataclasses import dataclass

from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime

from coproweek.checks.header import header_problems
from coproweek.checks.metadata import Unreadable, date_problem, decode_source
from coproweek.checks.unused import MARKDOWN_EXTENSIONS, UNPUBLISHED_SOURCES, extension_variants, unused_files
from coproweek.config import plugin_settings
from coproweek.content_types import content_type_for
from coproweek.dates import UnclearDate, read_date
from coproweek.problems import metadata_line, report_problem


class ContentProblem(Exception):
    """Raised to make Pelican skip a file whose problem is already reported."""


class CheckedMarkdownReader(MarkdownReader):
    def read(self, source_path):
        with open(source_path, "rb") as handle:
            raw = handle.read()
        try:
            text = decode_source(raw)
        except Unreadable as unreadable:
            self._stop(source_path, *unreadable.finding)
        content_type = content_type_for(os.path.relpath(source_path, self.settings["PATH"]), self.settings)
        if content_type is not None:
            for problem in header_problems(text, content_type):
                report_problem(source_path, problem.what, problem.fix, line=problem.line)
        content, metadata = self._read_markdown(source_path, text)
        title = metadata.get("title")
        if isinstance(title, str) and not title.strip():
            self._stop(source_path, metadata_line(source_path, "title"), "the title line is empty.",
                       "write the title after 'Title:', for example 'Title: Co-production: not rocket science?'.")
        return content, metadata

    # One Markdown per reader, reset for each file, where Pelican's read makes
    # a new one (loading its extensions, about a seventh of reading a post).
    # Markdown's reset is made for this ("call it between convert()s").
    # Pelican takes the "meta" step out of the Markdown it converts summaries
    # with; _parse_metadata puts it back for the next file.
    _reused: Markdown | None = None

    def _read_markdown(self, source_path, text: str):
        """Pelican's MarkdownReader.read, with the reused Markdown and the
        text read() has already decoded (Pelican's opens the file again;
        Markdown turns \r\n and \r into \n itself, as Python's text mode did)."""
        self._source_path = source_path
        self._md = self._markdown()
        content = self._md.convert(text)
        return content, self._parse_metadata(self._md.Meta)

    def _markdown(self) -> Markdown:
        if self._reused is None:
            self._reused = Markdown(**self.settings["MARKDOWN"])
            # Markdown's registry has no public way to read a step's priority.
            self._meta_step = next((item.priority, self._reused.preprocessors["meta"])
                                   for item in self._reused.preprocessors._priority if item.name == "meta")
        return self._reused.reset()

    def _parse_metadata(self, meta):
        try:
            return super()._parse_metadata(meta)
        finally:
            if "meta" not in self._md.preprocessors:
                priority, step = self._meta_step
                self._md.preprocessors.register(step, "meta", priority)

    def process_metadata(self, name, value):
        if name in ("date", "modified"):
            # One rule for every date (coproweek.dates), not dateutil's
            # guesses: 05/04/2018 is refused, "July 2018" is not completed.
            try:
                when = read_date(" ".join(value) if isinstance(value, list) else value)
            except UnclearDate as error:
                what, fix = date_problem(name, error)
                self._stop(self._source_path, metadata_line(self._source_path, name), what, fix)
            return SafeDatetime(when.year, when.month, when.day, *((when.hour, when.minute, when.second)
                                                                  if hasattr(when, "hour") else ()))
        return super().process_metadata(name, value)

    @staticmethod
    def _stop(path, line, what, fix):
        report_problem(path, what, fix, line=line)
        raise ContentProblem(what)


@dataclass(frozen=True)
class Settings:
    """No settings of its own."""


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)


def use_checked_reader(readers) -> None:
    """Our reader for Markdown files, including ones whose extension differs
    only in case (post.MD, notes.Markdown), which Pelican would skip."""
    if _build is None:
        return
    extensions = set(CheckedMarkdownReader.file_extensions)
    extensions |= extension_variants(readers.settings["PATH"], MARKDOWN_EXTENSIONS)
    for extension in extensions:
        readers.reader_classes[extension] = CheckedMarkdownReader


def report_unused_files(generators) -> None:
    if _build is None or not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    used = set(context.get("generated_content", {})) | set(context.get("static_content", {}))
    used |= set(context.get(UNPUBLISHED_SOURCES, ()))
    for path, what, fix in unused_files(settings["PATH"], used, settings):
        report_problem(os.path.join(settings["PATH"], path), what, fix)


def register() -> None:
    signals.initialized.connect(start)
    signals.readers_init.connect(use_checked_reader)
    signals.all_generators_finalized.connect(report_unused_files)
