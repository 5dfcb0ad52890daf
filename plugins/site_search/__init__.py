"""Pelican plugin: the search index, built by Pagefind after every build
(local or production: it starts as soon as the pages are written, beside
the checks that read them, and is waited for on `finalized`), and the
search page's own Content-Security-Policy (WebAssembly on /search/ and for
Pagefind's own files in /pagefind/, nowhere else).

Thin glue over coproweek.search. Settings (optional): SEARCH_URL (the search
page's address, default "search/"); SEARCH_CACHE_PATH (where the last index's
files are kept, so the next build writes only those that changed; default
cache/search beside the content folder); SEARCH_PART_BYTES (how much indexed
HTML Pagefind indexes at once: a larger site is indexed in parts, merged
into one index, so that Pagefind's memory stays bounded). Templates get SEARCH_URL and
SEARCH_BASE_URL, the site's path for Pagefind's result links."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from coproweek.build_cache import project_cache
from coproweek.config import plugin_settings
from coproweek.problems import report_problem
from coproweek.build_signals import pages_written
from coproweek.search import PART_BYTES, BUNDLE_FOLDER, SEARCH_PAGE_SOURCES, RunningIndex, SearchIndexFailed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    siteurl: str                  # Pelican's: its path is the base of result links
    path: str                     # Pelican's: the content folder, beside which the cache is
    default_lang: str = "en"      # Pelican's: the index's language
    search_url: str = "search/"   # the search page's address
    search_cache_path: str = ""   # default: cache/search beside the content folder
    search_part_bytes: int = PART_BYTES  # indexed HTML per part: bounds Pagefind's memory

    @property
    def seeds(self) -> Path:
        return project_cache(self.path, "search", self.search_cache_path)


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin
_running: list[RunningIndex | None] = [None]  # Pagefind, started when the pages were written


def allow_search_page_scripts(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)
    if _running[0] is not None:  # left by a build that stopped before its end
        _running[0].stop()
        _running[0] = None
    if _build is None:
        return
    settings = pelican.settings
    search_url = "/" + _build.search_url.strip("/") + "/"
    policies = dict(settings.get("CSP_PATH_SOURCES", {}))
    # The search page, and Pagefind's bundle: it runs its WebAssembly in a
    # worker, whose policy comes from the worker script's own response.
    policies[search_url] = SEARCH_PAGE_SOURCES
    policies[f"/{BUNDLE_FOLDER}/"] = SEARCH_PAGE_SOURCES
    settings["CSP_PATH_SOURCES"] = policies
    settings["SEARCH_BASE_URL"] = urlsplit(_build.siteurl).path.rstrip("/") + "/"
    settings["SEARCH_URL"] = _build.search_url  # for links and forms to the search page (404.html)


def start_indexing(output_path) -> None:
    """pages_written: Pagefind starts on the written pages at once and runs
    beside the audit and the link checks; index_site waits for it."""
    if _build is not None:
        _running[0] = _start(Path(output_path))


def _start(site: Path) -> RunningIndex:
    return RunningIndex(site, language=_build.default_lang, seeds=_build.seeds, budget=_build.search_part_bytes)


def index_site(pelican) -> None:
    if _build is None:
        return
    running, _running[0] = _running[0], None
    if running is None or running.site != Path(pelican.output_path):
        running = _start(Path(pelican.output_path))
    try:
        built = running.finish()
    except SearchIndexFailed as error:
        report_problem("(site build)", f"The search index was not built: {error}",
                       "Run the build again; if it fails again, send this message to the web team.")
        return
    parts = f" (made in {built.parts} parts)" if built.parts > 1 else ""
    log.info("Search index: %d pages%s in %.2f s", built.pages, parts, built.seconds)
    print(f"Search index: {built.pages} pages{parts} in {built.seconds:.2f} s.")


def register() -> None:
    signals.initialized.connect(allow_search_page_scripts)
    pages_written.connect(start_indexing)
    signals.finalized.connect(index_site)
