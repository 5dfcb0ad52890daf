"""Pelican plugin: no content error passes silently.

Every problem found while building (by Pelican itself or by our plugins through
`report_problem`) is collected, shown together in plain English with the file
and line, and the build exits non-zero. Tracebacks appear only with --debug."""

from __future__ import annotations

import logging
import os
import sys

from pelican import signals

from .pelican_messages import translate
from .problems import Problem, ProblemLog, line_containing, metadata_line, metadata_lines, read_source
from .source_text import link_line, markup_line, source_lines

__all__ = ["Problem", "ProblemLog", "line_containing", "link_line", "markup_line", "source_lines", "metadata_line", "metadata_lines", "read_source", "report_problem", "report_warning", "problem_log", "on_build_end", "stop_if_problems"]

problem_log = ProblemLog()
_settings: dict = {}
_end_of_build: list = []  # callbacks(succeeded: bool), registered per build
_CAPTURED = "build_problem_captured"


def report_warning(path: str, what: str, fix: str = "", line: int | None = None, key: str | None = None) -> Problem:
    """Record something the author should check that need not stop the build."""
    if line is None and key:
        line = metadata_line(path, key)
    return problem_log.warn(path, what, fix, line)


def report_problem(path: str, what: str, fix: str = "", line: int | None = None, key: str | None = None) -> Problem:
    """Record a problem an author must fix. Give `line`, or the metadata `key`
    whose line the problem is on."""
    if line is None and key:
        line = metadata_line(path, key)
    return problem_log.add(path, what, fix, line)


class _CaptureHandler(logging.Handler):
    """Sits on the 'pelican' logger and turns its errors into problems."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if record.exc_info and record.exc_info[1]:
            error = record.exc_info[1]
        translation = translate(record.getMessage(), error)
        if translation:
            # Pelican names files relative to the content folder in some messages.
            path = os.path.join(_settings.get("PATH", ""), translation.path)
            if not problem_log.has_problem_for(path):
                report_problem(path, translation.what, translation.fix, key=translation.key)
        elif record.levelno >= logging.CRITICAL:
            # The build has stopped. Problems found so far are the likely
            # cause (a bad setting, say); otherwise it is a fault in the builder.
            _run_end_of_build(succeeded=False)
            if problem_log.problems:
                print(problem_log.report(), file=sys.stderr)
            else:
                print(
                    "The site could not be built because of an error inside the site builder "
                    f"(not in your writing): {record.getMessage()}\n"
                    "Run the build again with --debug and send the output to the web team.",
                    file=sys.stderr,
                )
        else:
            report_problem("(site build)", record.getMessage())
        setattr(record, _CAPTURED, True)


class _HideCaptured(logging.Filter):
    """Keeps captured records (and their tracebacks) off the console unless
    debugging: the author sees them once, in the final report."""

    def filter(self, record: logging.LogRecord) -> bool:
        return _settings.get("DEBUG", False) or not getattr(record, _CAPTURED, False)


_capture_handler = _CaptureHandler()
_hide_captured = _HideCaptured()


def on_build_end(callback) -> None:
    """Call `callback(succeeded)` once this build's problems are known, before
    it exits (atomic_output uses it to publish or discard the build)."""
    _end_of_build.append(callback)


def start_build(pelican) -> None:
    _end_of_build.clear()
    _settings.clear()
    _settings.update(pelican.settings)
    problem_log.clear()
    # Paths in reports are relative to the project: the folder holding content/.
    problem_log.base_path = os.path.dirname(os.path.abspath(pelican.settings["PATH"]))
    pelican_logger = logging.getLogger("pelican")
    if _capture_handler not in pelican_logger.handlers:
        pelican_logger.addHandler(_capture_handler)
    for handler in logging.getLogger().handlers:
        if _hide_captured not in handler.filters:
            handler.addFilter(_hide_captured)
    # Connected here, not in register(), so it runs after every other
    # plugin's finalized receiver (the audit, the feeds) has reported.
    signals.finalized.connect(fail_if_problems)


class BuildFailed(SystemExit):
    """Raised at the end of a build that found problems; exits with code 1."""

    def __init__(self, report: str) -> None:
        super().__init__(1)
        self.report = report


def _run_end_of_build(succeeded: bool) -> None:
    callbacks = list(_end_of_build)
    _end_of_build.clear()
    for callback in callbacks:
        callback(succeeded)


def fail_if_problems(pelican) -> None:
    succeeded = not problem_log.problems
    _run_end_of_build(succeeded)
    if problem_log.warnings:
        print(problem_log.warnings_report(), file=sys.stderr)
    if not succeeded:
        report = problem_log.report()
        print(report, file=sys.stderr)
        raise BuildFailed(report)


def stop_if_problems() -> None:
    """End the build now if problems were found: for problems that would make
    Pelican itself crash later (two pages written to one file, say)."""
    if problem_log.problems:
        fail_if_problems(None)


def register() -> None:
    signals.initialized.connect(start_build)
