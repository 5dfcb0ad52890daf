"""Which of a build's queued pages can be kept from the last build, using
coproweek.render_memo: a page whose templates would read nothing different
is not rendered again; its files are linked from the published site into the
build's folder instead. What a post is, how to name one and where a page is
come from the writer plugin (ContentModel), so nothing here imports Pelican;
the job layout is the writer's queue: (name, template, context, relative_urls,
paginated, template_name, override_output, url) and keyword variables."""

from __future__ import annotations

import datetime
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from jinja2.defaults import DEFAULT_NAMESPACE

import coproweek
from coproweek import problems
from coproweek.build_cache import cache_folder, project_cache, settings_digest
from coproweek.publishing.staging import published_for
from coproweek.page_cache import PageCache
from coproweek.render_memo import CannotFingerprint, Fingerprint, Reads, Rendered, ValueCheck, link_kept, signature

# Context entries that change as pages are written, or name the build's own folder.
_PER_PAGE = {"localsiteurl", "output_file", "OUTPUT_PATH"}
# Filled by Pelican in the order a set of file names gives, which changes from
# run to run: no page can depend on their order, so they count by their entries.
_UNORDERED = ("generated_content", "static_content")
_SETTINGS_HOLDERS = frozenset({"settings", "_context"})  # covered by the setting digest and by identity


@dataclass(frozen=True)
class ContentModel:
    """What the site generator's content objects are, given by the writer."""
    tracked: tuple[type, ...]                      # posts and pages: counted by identity, their reads recorded
    identify: Callable[[Any], str]                 # a post's identity (its source file)
    place: Callable[[Any], str]                    # the address a post's values are read at now
    read_at: Callable[[Any, str, str], Any]        # a post's attribute as read at an address
    views: tuple[tuple[type, Callable[[Any], Any]], ...]  # kinds counted by what templates see of them
    address_of: Callable[[str], str]               # the address a page written at a path leaves for the next
    versions: tuple[str, ...]                      # library versions that shape rendering


def _setting_digest(settings: dict, versions: tuple[str, ...]) -> str:
    """Everything that shapes every page: the settings, the theme's files, the
    plugins' and the project's code, library versions and the build's day."""
    theme = Path(settings["THEME"])
    folders = [theme, *map(Path, settings.get("THEME_TEMPLATES_OVERRIDES", ()))]
    files = [path for folder in folders if folder.is_dir() for path in folder.rglob("*") if path.is_file()]
    code_roots = [Path(coproweek.__file__).parent, *map(Path, settings.get("PLUGIN_PATHS", ()))]
    files += [path for folder in code_roots if folder.is_dir() for path in folder.rglob("*.py")]
    today = os.environ.get("SITE_NOW", "") + datetime.date.today().isoformat()
    return settings_digest(settings, files, (*versions, today))


class KeptPages:
    """One build's decisions: which queued jobs are kept, and what to remember."""

    def __init__(self, settings: dict, output_path: str, memo: PageCache, model: ContentModel) -> None:
        self.settings = settings
        self.output_path = output_path
        self.published = published_for(output_path)
        self.memo = memo
        self.model = model
        self.fingerprint = Fingerprint(model.tracked, model.identify, _SETTINGS_HOLDERS, model.views)
        self.check = ValueCheck(self.fingerprint, model.read_at)
        self._contexts: dict[int, str | None] = {}
        self._environments: dict[int, str | None] = {}
        self._ambiguous: set[str] = set()
        self._counts = Counter({True: 0, False: 0})  # jobs remembered, by whether they were kept

    @classmethod
    def start(cls, settings: dict, output_path: str, jobs: list[dict], model: ContentModel,
              cache_path: str = "") -> KeptPages | None:
        """Load what the last build rendered (in `cache_path`, else cache/pages/
        beside the content) and fingerprint the shared context once."""
        if "PATH" not in settings or "THEME" not in settings:
            return None  # a writer outside a site build
        try:
            digest = _setting_digest(settings, model.versions)
            root = project_cache(settings["PATH"], "pages", cache_path)
            memo = PageCache(cache_folder(root, digest) / "rendered.sqlite", digest)
        except OSError:
            return None  # no cache folder: every page renders, as before
        kept = cls(settings, output_path, memo, model)
        kept._ambiguous = {name for name, count in Counter(job["args"][0] for job in jobs).items() if count > 1}
        for job in jobs:  # before the workers fork, so each starts knowing every post's identity
            kept._context_digest(job["args"][2])
        problems.on_build_end(lambda succeeded: succeeded and _save(memo))
        return kept

    def _context_digest(self, context: dict) -> str | None:
        if id(context) not in self._contexts:
            settings = self.settings
            shown = {key: value for key, value in context.items()  # settings are in the setting digest
                     if key not in _PER_PAGE and not (key in settings and settings[key] is value)}
            for key in _UNORDERED:
                if isinstance(shown.get(key), dict):
                    shown[key] = dict(sorted(shown[key].items()))
            try:
                self._contexts[id(context)] = self.fingerprint.digest(shown, shared=True)
            except CannotFingerprint:
                self._contexts[id(context)] = None
        return self._contexts[id(context)]

    def _environment_digest(self, environment) -> str | None:
        """What templates see beside their context: Jinja globals a plugin
        added, and the names of the filters and tests (their code is in the
        setting digest)."""
        if id(environment) not in self._environments:
            added = {name: value for name, value in environment.globals.items()
                     if value is not DEFAULT_NAMESPACE.get(name)}
            try:
                self._environments[id(environment)] = self.fingerprint.digest(
                    (added, sorted(environment.filters), sorted(environment.tests)))
            except CannotFingerprint:
                self._environments[id(environment)] = None
        return self._environments[id(environment)]

    def key(self, job: dict) -> str | None:
        """The digest of everything but the reads that decides the job's output;
        None for a job that is always rendered."""
        name, template, context, relative_urls, paginated, template_name, override_output, url = job["args"]
        if override_output or name in self._ambiguous:
            return None  # a page that overrides another's file (TEMPLATE_PAGES, save_as): rendered as Pelican does
        shared, environment = self._context_digest(context), self._environment_digest(template.environment)
        if shared is None or environment is None:
            return None
        # A page without relative links shows its posts' links as the page
        # before it left them (Pelican's localsiteurl): worked out just before
        # it would be rendered, in its own run, so this is the value it would see.
        start = "" if relative_urls else context.get("localsiteurl")
        try:
            return self.fingerprint.digest((shared, environment, name, template.name, relative_urls, paginated,
                                            template_name, url, start, job["kwargs"]), shared=True)
        except (CannotFingerprint, RecursionError):
            return None

    def keep(self, job: dict, key: str | None) -> tuple[list[str], Rendered] | None:
        """Link the job's files from the published site if nothing it read
        changed: the paths linked and the job's record, or None to render it."""
        last = self.memo.get(job["args"][0], key) if key is not None else None
        if last is None or not self.check.unchanged(last.reads):
            return None
        made = link_kept(last, self.published, self.output_path)
        if made is None:
            return None
        if last.files and job["args"][3]:  # Pelican leaves the last page's address for the next one
            job["args"][2]["localsiteurl"] = self.model.address_of(last.files[-1][0])
        return made, last

    def reads(self) -> Reads:
        return Reads(self.fingerprint, self.model.place)

    def rendered(self, job: dict, key: str | None, reads: Reads, paths: list[str]) -> Rendered | None:
        """What to remember of a job just rendered (None: render it next time too)."""
        recorded = self.check.recorded(reads) if key is not None else None
        if recorded is None:
            return None
        files = tuple((os.path.relpath(path, self.output_path), signature(path)) for path in paths)
        return Rendered(recorded, files)

    def remember(self, name: str, key: str | None, rendered: Rendered | None, was_kept: bool) -> None:
        """Keep the record of one job for the next build (the cache's new file
        replaces the old only once this build has succeeded). In the build's
        own process only: each record goes into the cache as it comes, so no
        process holds every page's reads at once (30 MiB at 3,000 posts)."""
        if rendered is not None and not (was_kept and self.memo.carry(name, key)):
            self.memo.put(name, key, rendered)
        self._counts[was_kept] += 1

    def say_how_many(self) -> None:
        if self._counts[True]:
            print(f"Pages: {self._counts[False]:,} rendered, {self._counts[True]:,} kept from the last build "
                  "(nothing their templates read had changed).", flush=True)


def _save(memo: PageCache) -> None:
    try:
        memo.save()
    except OSError:
        pass  # a full disk costs only the next build's speed
