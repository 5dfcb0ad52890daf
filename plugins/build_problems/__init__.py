"""Pelican plugin: no content error passes silently.

Every problem found while building (by Pelican itself or by our plugins through
`coproweek.problems.report_problem`) is collected, shown together in plain
English with the file and line, and the build exits non-zero. Tracebacks appear
only with --debug. The problem log itself lives in coproweek.problems; this
plugin connects it to Pelican's signals and logger."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass

from pelican import signals

from coproweek import problems
from coproweek.config import plugin_settings
from coproweek.pelican_messages import translate
from coproweek.problems import problem_log, report_problem

_CAPTURED = "build_problem_captured"


@dataclass(frozen=True)
class Settings:
    path: str            # Pelican's content folder; reports name files relative to its parent
    debug: bool = False  # pelican --debug: show tracebacks as they happen


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


class _CaptureHandler(logging.Handler):
    """Sits on the 'pelican' logger and turns its errors into problems."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        if _build is None:
            return
        error = sys.exc_info()[1]
        if record.exc_info and record.exc_info[1]:
            error = record.exc_info[1]
        translation = translate(record.getMessage(), error)
        if translation:
            # Pelican names files relative to the content folder in some messages.
            path = os.path.join(_build.path, translation.path)
            if not problem_log.has_problem_for(path):
                report_problem(path, translation.what, translation.fix, key=translation.key)
        elif record.levelno >= logging.CRITICAL:
            # The build has stopped. Problems found so far are the likely
            # cause (a bad setting, say); otherwise it is a fault in the builder.
            problems.run_end_of_build(succeeded=False)
            if problem_log.problems:
                print(problem_log.report(), file=sys.stderr)
                problems.annotate_for_github()
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
        return _build is None or _build.debug or not getattr(record, _CAPTURED, False)


_capture_handler = _CaptureHandler()
_hide_captured = _HideCaptured()


def start_build(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)
    if _build is None:
        return
    # Paths in reports are relative to the project: the folder holding content/.
    problems.start_build(os.path.dirname(os.path.abspath(_build.path)))
    pelican_logger = logging.getLogger("pelican")
    if _capture_handler not in pelican_logger.handlers:
        pelican_logger.addHandler(_capture_handler)
    for handler in logging.getLogger().handlers:
        if _hide_captured not in handler.filters:
            handler.addFilter(_hide_captured)
    # Connected here, not in register(), so it runs after every other
    # plugin's finalized receiver (the audit, the feeds) has reported.
    signals.finalized.connect(finish_build)


def finish_build(pelican) -> None:
    if _build is not None:
        problems.fail_if_problems(pelican)


def register() -> None:
    signals.initialized.connect(start_build)
