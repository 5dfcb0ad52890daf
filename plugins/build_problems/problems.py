"""Author-facing build problems: collected, de-duplicated and worded for people
who write Markdown, not Python. Knows nothing of Pelican."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field


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

    def add(self, path: str, what: str, fix: str = "", line: int | None = None) -> Problem:
        problem = Problem(self.relative(path), line, what, fix)
        if problem not in self.problems:
            self.problems.append(problem)
        return problem

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


_METADATA_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+)\s*:")


def metadata_lines(text: str) -> dict[str, int]:
    """Map each metadata key (lower case) at the top of a Markdown file to its
    1-based line number. python-markdown's meta extension keeps no positions,
    so this reads the same header block it reads: lines up to the first blank."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        match = _METADATA_LINE.match(line)
        if match:
            found.setdefault(match["key"].lower(), number)
    return found


def read_source(path: str) -> str:
    """An author's source file as text, for finding the line of a problem;
    empty if it cannot be read (that problem is reported elsewhere)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def line_containing(text: str, snippet: str) -> int | None:
    """1-based number of the first line that contains `snippet`, ignoring case."""
    snippet = snippet.lower()
    return next((number for number, line in enumerate(text.splitlines(), start=1) if snippet in line.lower()), None)


def metadata_line(path: str, key: str) -> int | None:
    """Line number of `key:` in the metadata block of the file at `path`."""
    return metadata_lines(read_source(path)).get(key.lower())
