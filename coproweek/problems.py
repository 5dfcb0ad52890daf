"""Author-facing build problems: collected, de-duplicated and worded for people
who write Markdown, not Python. Knows nothing of Pelican."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

from .source_text import read_header, source_lines


@dataclass(frozen=True)
class Problem:
    """One thing an author must fix: where, what is wrong, and how to fix it."""

    path: str
    line: int | None
    what: str
    fix: str = ""

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.what)

    def location(self) -> str:
        return f"{self.path}, line {self.line}" if self.line else self.path

    def __str__(self) -> str:
        text = f"{self.location()}: {self.what}"
        if self.fix:
            text += f"\n    How to fix it: {self.fix}"
        return text


@dataclass
class ProblemLog:
    """Every problem found in one build, so that all are reported together."""

    base_path: str = ""
    problems: list[Problem] = field(default_factory=list)
    # Worth telling the author, not worth stopping the build (GMT in summer).
    warnings: list[Problem] = field(default_factory=list)

    def add(self, path: str, what: str, fix: str = "", line: int | None = None) -> Problem:
        problem = Problem(self.relative(path), line, what, fix)
        if problem not in self.problems:
            self.problems.append(problem)
        return problem

    def warn(self, path: str, what: str, fix: str = "", line: int | None = None) -> Problem:
        warning = Problem(self.relative(path), line, what, fix)
        if warning not in self.warnings:
            self.warnings.append(warning)
        return warning

    def relative(self, path: str) -> str:
        """Paths as the author sees them in the project, not absolute ones."""
        if path and self.base_path and os.path.isabs(path):
            try:
                return os.path.relpath(path, self.base_path)
            except ValueError:
                return path
        return path

    def has_problem_for(self, path: str) -> bool:
        path = self.relative(path)
        return any(p.path == path for p in self.problems)

    def clear(self) -> None:
        self.problems.clear()
        self.warnings.clear()

    def warnings_report(self) -> str:
        """The warnings, for the end of a build; empty when there are none."""
        if not self.warnings:
            return ""
        lines = [f"Please check {'this' if len(self.warnings) == 1 else 'these'} (the build did not stop for it):", ""]
        for number, warning in enumerate(sorted(self.warnings, key=Problem.sort_key), start=1):
            lines.append(f"{number}. {warning}")
        return "\n".join(lines)

    def report(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"The site was not built: {count} {noun} to fix first.", ""]
        for number, problem in enumerate(sorted(self.problems, key=Problem.sort_key), start=1):
            lines.append(f"{number}. {problem}")
        return "\n".join(lines)


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: list[Problem]) -> str:
    """One `::error file=…,line=…::…` line per problem: GitHub Actions shows
    each as an annotation on that line of the file in a pull request."""
    lines = []
    for problem in sorted(problems, key=Problem.sort_key):
        where = [f"file={_escape_property(problem.path)}"] + ([f"line={problem.line}"] if problem.line else [])
        where.append(f"title={_escape_property('Build problem')}")
        message = problem.what + (f"\nHow to fix it: {problem.fix}" if problem.fix else "")
        lines.append(f"::error {','.join(where)}::{_escape_data(message)}")
    return "\n".join(lines)


def metadata_lines(text: str) -> dict[str, int]:
    """Map each metadata key (lower case) at the top of a Markdown file to its
    1-based line number, from the same header block python-markdown reads."""
    found: dict[str, int] = {}
    for entry in read_header(text).fields:
        found.setdefault(entry.key, entry.line)
    return found


def read_source(path: str) -> str:
    """An author's source file as text, for finding the line of a problem;
    empty if it cannot be read (that problem is reported elsewhere)."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def line_containing(text: str, snippet: str) -> int | None:
    """1-based number of the first line that contains `snippet`, ignoring case."""
    snippet = snippet.lower()
    return next((number for number, line in enumerate(source_lines(text), start=1) if snippet in line.lower()), None)


def metadata_line(path: str, key: str) -> int | None:
    """Line number of `key:` in the metadata block of the file at `path`."""
    return metadata_lines(read_source(path)).get(key.lower())


# The build's one problem log, shared by every plugin: each reports into it and
# the build_problems plugin shows it all and fails the build at the end.
problem_log = ProblemLog()
_end_of_build: list = []  # callbacks(succeeded: bool), registered per build
_output_checks: list = []  # callbacks(pelican), registered per build


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


def start_build(base_path: str) -> None:
    """Forget the last build's problems and callbacks. Paths in reports are
    shown relative to `base_path` (the folder holding content/)."""
    _end_of_build.clear()
    _output_checks.clear()
    problem_log.clear()
    problem_log.base_path = base_path


def on_build_end(callback) -> None:
    """Call `callback(succeeded)` once this build's problems are known, before
    it exits (atomic_output uses it to publish or discard the build)."""
    _end_of_build.append(callback)


def check_finished_output(callback) -> None:
    """Call `callback(pelican)` when every plugin has written its files and
    before the build's verdict, to check the finished output (drafts uses it
    to make sure no draft was published). Register it once per build."""
    _output_checks.append(callback)


class BuildFailed(SystemExit):
    """Raised at the end of a build that found problems; exits with code 1."""

    def __init__(self, report: str) -> None:
        super().__init__(1)
        self.report = report


def run_end_of_build(succeeded: bool) -> None:
    callbacks = list(_end_of_build)
    _end_of_build.clear()
    for callback in callbacks:
        callback(succeeded)


def fail_if_problems(_sender=None) -> None:
    """End of the build: run the end-of-build callbacks, then exit non-zero
    with the report if anything was found. At the real end of a build (the
    `finalized` signal gives the Pelican object), the finished-output checks
    run first."""
    if _sender is not None:
        checks = list(_output_checks)
        _output_checks.clear()
        for check in checks:
            check(_sender)
    succeeded = not problem_log.problems
    run_end_of_build(succeeded)
    if problem_log.warnings:
        print(problem_log.warnings_report(), file=sys.stderr)
    if not succeeded:
        report = problem_log.report()
        print(report, file=sys.stderr)
        annotate_for_github()
        raise BuildFailed(report)


def annotate_for_github() -> None:
    """On GitHub Actions, every problem also becomes an annotation on its
    Markdown file and line (GitHub reads these lines from the build's output)."""
    if os.environ.get("GITHUB_ACTIONS") == "true" and problem_log.problems:
        print(github_annotations(problem_log.problems), flush=True)


def stop_if_problems() -> None:
    """End the build now if problems were found: for problems that would make
    Pelican itself crash later (two pages written to one file, say)."""
    if problem_log.problems:
        fail_if_problems()
