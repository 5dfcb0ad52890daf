"""Pelican plugin: drafts never reach the public.

Any content object whose status is "draft" (posts, pages, events, and any
content type added later whose objects are pelican.contents.Content) is
withheld from a production build (SHOW_DRAFTS = False, as in publishconf.py):
it is taken out of every list of every generator before anything is written
or drawn from it, so it has no page, share card, feed entry, tag, author or
archive listing, calendar entry or sitemap/search line. At the end, the built
site is searched for each draft's address; any trace fails the build.

A local build (SHOW_DRAFTS = True, as in pelicanconf.py) writes drafts at
their own address, marked "Draft" and `noindex` (see base.html), and still
keeps them out of lists and feeds.

A generator that builds derived lists while reading (as events does) should
leave drafts out itself (coproweek.drafts.without_drafts, showing_drafts);
the sweep here catches the lists it keeps as attributes."""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican import signals
from pelican.contents import Content

from coproweek.config import plugin_settings
from coproweek.drafts import is_draft, leaks, showing_drafts, without_drafts
from coproweek.problems import check_finished_output, report_problem


@dataclass(frozen=True)
class Settings:
    """No settings of its own: SHOW_DRAFTS is read by coproweek.drafts.showing_drafts,
    which the events plugin asks too."""


@dataclass
class Build:
    showing: bool                                               # SHOW_DRAFTS: a local build
    drafts: dict[str, Content] = field(default_factory=dict)    # source path -> draft seen


_build: Build | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    listed = plugin_settings(Settings, pelican.settings, __name__)
    _build = Build(showing_drafts(pelican.settings)) if listed else None
    if _build is not None:
        check_finished_output(check_nothing_leaked)


def note_draft(content) -> None:
    if _build is not None and is_draft(content) and getattr(content, "source_path", None):
        _build.drafts[content.source_path] = content


def withhold_drafts(generator) -> None:
    """Production: every list of content objects a generator keeps loses its
    drafts (Pelican's own drafts, draft_pages, …, and any other type's)."""
    if _build is None or _build.showing:
        return
    for value in list(vars(generator).values()):
        if isinstance(value, list) and any(isinstance(item, Content) and is_draft(item) for item in value):
            value[:] = without_drafts(value)


def withhold_from_all(generators) -> None:
    for generator in generators:
        withhold_drafts(generator)


def check_nothing_leaked(pelican) -> None:
    """Production: no page, feed or list of the built site may hold a draft."""
    if _build is None or _build.showing or not _build.drafts:
        return
    addresses = {source: (getattr(draft, "url", "") or "") for source, draft in _build.drafts.items()}
    for source, files in leaks(pelican.output_path, addresses).items():
        shown = ", ".join(sorted(files)[:5]) + (" and more" if len(files) > 5 else "")
        report_problem(source, f"this draft would be published: its address /{addresses[source].lstrip('/')} is in "
                       f"the built site ({shown}).",
                       "remove any link to it from published pages, or publish it (change its status line). "
                       "If no page links to it, tell the web team.", key="status")


def register() -> None:
    signals.initialized.connect(start)
    signals.content_object_init.connect(note_draft)
    signals.article_generator_finalized.connect(withhold_drafts)
    signals.page_generator_finalized.connect(withhold_drafts)
    signals.all_generators_finalized.connect(withhold_from_all)
