"""Pelican plugin: no broken internal links. After the build, every link,
image and #anchor in every written page must resolve inside the site.
Problems name the Markdown file and line when the link came from content, or
the template otherwise."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pelican import signals

import coproweek.checks.links
from coproweek import page_cache
from coproweek.build_cache import project_cache
from coproweek.build_signals import pages_parsed
from coproweek.checks.links import find_broken_links, source_line
from coproweek.config import plugin_settings, worker_count
from coproweek.contents import contents_of
from coproweek.problems import read_source, report_problem

_LINK_MARKS = ("](", "href=", "src=", "{filename}", "{static}", "<http")


@dataclass(frozen=True)
class Settings:
    path: str                    # Pelican's content folder
    theme: str                   # Pelican's theme folder (templates named in problems)
    siteurl: str                 # Pelican's; absolute links to it are internal
    relative_urls: bool = False  # Pelican's; relative links need no SITEURL
    link_check_cache: bool = True  # keep each page's links and ids, by its bytes, between builds
    link_check_cache_path: str = ""  # default: cache/links beside the content folder
    link_check_workers: int = 0  # processes that read pages; 0: the machine's cores, at most 4


@dataclass
class Build:
    settings: Settings
    sources: dict[str, object] = field(default_factory=dict)  # save_as -> content object
    parsed: tuple[str, dict] | None = None  # (output folder, pages another check parsed: see pages_parsed)


_build: Build | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    settings = plugin_settings(Settings, pelican.settings, __name__)
    _build = Build(settings) if settings else None


def remember_sources(generators) -> None:
    if _build is None:
        return
    for content in contents_of(generators):
        if getattr(content, "save_as", None):
            _build.sources.setdefault(content.save_as, content)


def _written_by(content, url: str) -> tuple[object, int | None]:
    """The content file (and line) that has the link: the page's own, or, for
    a link in a summary shown on a list page, the post it came from. An
    author's link is never blamed on the theme."""
    if content is not None and (line := source_line(read_source(content.source_path), url)):
        return content, line
    for other in dict.fromkeys(_build.sources.values()):
        text = read_source(other.source_path)
        # Only a line that writes a link counts here: a word in the text is no evidence.
        links = "\n".join(line if any(mark in line for mark in _LINK_MARKS) else "" for line in text.splitlines())
        if other is not content and (line := source_line(links, url)):
            return other, line
    return content, None


def take_parsed_pages(output_path, links) -> None:
    """pages_parsed: the audit's parse of each page, so it is not parsed twice."""
    if _build is not None:
        _build.parsed = (output_path, links)


def check_links(pelican) -> None:
    if _build is None:
        return
    settings = _build.settings
    site_url = settings.siteurl if not settings.relative_urls else ""
    project = os.path.dirname(os.path.abspath(settings.path))
    theme = os.path.relpath(os.path.join(settings.theme, "templates"), project)
    cache = None
    if settings.link_check_cache:  # each page's links and ids, kept by its bytes
        folder = project_cache(settings.path, "links", settings.link_check_cache_path)
        cache = page_cache.PageCache(folder / "pages.sqlite",
                                     page_cache.code_digest(coproweek.checks.links, page_cache))
    workers = worker_count(settings.link_check_workers)
    parsed = _build.parsed[1] if _build.parsed and _build.parsed[0] == pelican.output_path else None
    _build.parsed = None  # not held through the rest of the build
    broken_links = find_broken_links(pelican.output_path, site_url, cache, workers, parsed)
    if cache is not None:
        cache.save()
    for broken in broken_links:
        content = _build.sources.get(broken.page)
        written_by, line = _written_by(content, broken.url)
        if line:
            content = written_by
            report_problem(
                content.source_path,
                f"the link '{broken.url}' on the page /{broken.page} is broken: {broken.reason}",
                "check the address: copy it from the page you mean, or remove the link.",
                line=line,
            )
        else:
            template = getattr(content, "template", None)
            where = f"{theme}/{template}.html" if template else theme
            report_problem(
                where,
                f"the page /{broken.page} has a broken link '{broken.url}': {broken.reason}",
                "this link comes from the theme, not from content: ask the web team to fix the template.",
            )


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(remember_sources)
    pages_parsed.connect(take_parsed_pages)
    signals.finalized.connect(check_links)
