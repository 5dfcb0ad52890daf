"""Pelican plugin: a Markdown reader that reports unreadable files in plain
English, with the line, instead of Pelican's "Could not process" and a skipped
file. Covers encoding, empty files and dates; other plugins check their own
fields."""

from __future__ import annotations

from dataclasses import dataclass

from pelican import signals
from pelican.readers import MarkdownReader

from coproweek.checks.metadata import check_control_characters, check_encoding, check_not_empty, date_problem
from coproweek.config import plugin_settings
from coproweek.problems import metadata_line, report_problem

_DATE_KEYS = {"date", "modified"}


class ContentProblem(Exception):
    """Raised to make Pelican skip a file whose problem is already reported."""


class CheckedMarkdownReader(MarkdownReader):
    def read(self, source_path):
        with open(source_path, "rb") as handle:
            raw = handle.read()
        if finding := check_encoding(raw):
            self._stop(source_path, *finding)
        text = raw.decode("utf-8")
        if finding := check_not_empty(text) or check_control_characters(text):
            self._stop(source_path, *finding)
        content, metadata = super().read(source_path)
        title = metadata.get("title")
        if isinstance(title, str) and not title.strip():
            self._stop(source_path, metadata_line(source_path, "title"), "the title line is empty.",
                       "write the title after 'Title:', for example 'Title: Co-production: not rocket science?'.")
        return content, metadata

    def process_metadata(self, name, value):
        try:
            return super().process_metadata(name, value)
        except (ValueError, OverflowError):
            if name not in _DATE_KEYS:
                raise
            what, fix = date_problem(name, value)
            self._stop(self._source_path, metadata_line(self._source_path, name), what, fix)

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
    if _build is None:
        return
    for extension in CheckedMarkdownReader.file_extensions:
        readers.reader_classes[extension] = CheckedMarkdownReader


def register() -> None:
    signals.initialized.connect(start)
    signals.readers_init.connect(use_checked_reader)
