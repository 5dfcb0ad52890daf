"""`invoke import-event FILE`: every submission in an export becomes a draft
file in content/events/, checked by the events parser as the build would
check it once published. Nothing is overwritten."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from coproweek.events.parse import EventInvalid, parse_event
from coproweek.markdown_files import markdown_converter
from coproweek.problems import metadata_line
from coproweek.slugs import Slugify

from .draft import NotAnEvent, make_draft, one_line
from .exports import read_export


@dataclass
class ImportReport:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)     # spam, other forms
    problems: list[str] = field(default_factory=list)    # in drafts written
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.skipped

    def text(self) -> str:
        lines = [f"Wrote {len(self.written)} draft event file(s)" + (":" if self.written else ".")]
        lines += [f"  {path}" for path in self.written]
        for title, entries in (("Not imported", self.skipped), ("To fix before publishing", self.problems),
                               ("For the reviewer", self.notes)):
            if entries:
                lines += ["", f"{title}:"] + [f"  {entry}" for entry in entries]
        if self.written:
            lines += ["", "Each file says status: draft, so the site does not show it yet. Check it, fix anything "
                          "listed above, then change the status line to: status: scheduled"]
        return "\n".join(lines)


def _free_path(folder: Path, slug: str) -> Path:
    for number in range(1, 1000):
        path = folder / (f"{slug}.md" if number == 1 else f"{slug}-{number}.md")
        if not path.exists():
            return path
    raise FileExistsError(f"{folder}/{slug}.md and 998 more already exist.")


def import_events(export: Path, project: Path, settings: dict, slugify: Slugify) -> ImportReport:
    """Write a draft for every event submission in `export`; raises
    exports.ExportUnreadable for a file it cannot read. `settings` are the
    site's (MARKDOWN, EVENTS_DEFAULT_TIMEZONE); `slugify` its slug rule."""
    report = ImportReport()
    folder = project / "content" / "events"
    folder.mkdir(parents=True, exist_ok=True)
    converter = markdown_converter(settings.get("MARKDOWN", {}))
    for submission in read_export(export):
        label = f"Submission {submission.number}"
        try:
            draft = make_draft(submission, slugify)
        except NotAnEvent as reason:
            report.skipped.append(f"{label}: {reason}")
            continue
        path = _free_path(folder, draft.slug)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(draft.text)
        shown = os.path.relpath(path, project)
        report.written.append(shown)
        if draft.contact:
            report.notes.append(f"{shown}: sent by {draft.contact} (not published).")
        if draft.ignored:
            names = ", ".join(one_line(name)[:40] for name in draft.ignored)
            report.notes.append(f"{shown}: fields the form does not have were left out: {names}.")
        converter.reset()
        body = converter.convert(draft.text)
        metadata = dict(getattr(converter, "Meta", {}))
        if not "".join(metadata.get("organiser", [])).strip():
            # The site would name its own default organiser: wrong for someone else's event.
            report.problems.append(f"{shown}, line {metadata_line(str(path), 'organiser')}: the submission names no "
                                   "organiser. How to fix it: ask the sender who runs the event and add it.")
        try:
            parse_event(metadata, slugify=slugify, slug=path.stem, source_path=str(path),
                        default_timezone=settings.get("EVENTS_DEFAULT_TIMEZONE", "Europe/London"), body_html=body)
        except EventInvalid as invalid:
            for problem in invalid.problems:
                line = metadata_line(str(path), problem.key)
                where = f"{shown}, line {line}" if line else shown
                report.problems.append(f"{where}: {problem.what}" + (f" How to fix it: {problem.fix}" if problem.fix else ""))
    return report
