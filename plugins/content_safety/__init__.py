"""Pelican plugin: content that is safe to publish. Every piece of HTML an
author's file puts on a page (the body, and every field Pelican renders as
Markdown: FORMATTED_FIELDS, which holds the summary) may use only the HTML on
coproweek.checks.content_safety's lists; anything else is reported with its line and a fix. Links
to other sites get rel="noopener".

It runs on content_object_init, which every Pelican content object sends
(posts, pages, events, and any content type added later), so a new type is
checked as long as its objects are pelican.contents.Content.

Static files (published as they are) are checked too: SVG drawings against a
safe subset (coproweek.checks.svg), HTML files against the same allow-list,
and scripts and other programs refused (coproweek.checks.static_files)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from pelican import signals

import coproweek.checks
from coproweek import page_cache
from coproweek.build_cache import project_cache
from coproweek.problems import read_source, report_problem
from coproweek.source_text import markup_line

from coproweek.checks.content_safety import DEFAULT_IFRAME_HOSTS, add_noopener, find_unsafe_markup
from coproweek.checks.static_files import static_file_problems
from coproweek.config import plugin_settings


@dataclass(frozen=True)
class Settings:
    path: str                                           # Pelican's content folder (the cache is beside it)
    siteurl: str                                        # Pelican's; links to this host get no noopener
    formatted_fields: tuple                             # Pelican's; the fields it renders as Markdown
    iframe_allowed_hosts: tuple = DEFAULT_IFRAME_HOSTS  # also the Content-Security-Policy's (host_config)


@dataclass
class Build:
    settings: Settings
    # Bodies found safe, by source file: the body's digest -> the body with
    # rel="noopener" added. A body seen before, under the same rules and
    # settings, is not checked again; one with a problem is never kept.
    safe_bodies: page_cache.PageCache


_build: Build | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    settings = plugin_settings(Settings, pelican.settings, __name__)
    _build = Build(settings, _safe_bodies(settings)) if settings else None


def _safe_bodies(settings: Settings) -> page_cache.PageCache:
    """Kept beside the content folder, valid for these rules and settings only."""
    context = page_cache.digest(page_cache.code_digest(coproweek.checks), repr(settings))
    return page_cache.PageCache(project_cache(settings.path, "safe-bodies.sqlite"), context)


def check_content(content) -> None:
    source = getattr(content, "source_path", None)
    if _build is None or not source:
        return
    settings = _build.settings
    hosts = tuple(settings.iframe_allowed_hosts)
    own_host = urlsplit(settings.siteurl).hostname
    own_hosts = {own_host} if own_host else set()
    text = None

    html = getattr(content, "_content", None)
    if isinstance(html, str) and html:
        key = page_cache.digest(html)
        safe = _build.safe_bodies.get(source, key)
        if safe is None:
            found = find_unsafe_markup(html, hosts)
            text = read_source(source) if found else text
            for unsafe in found:
                report_problem(source, unsafe.what, unsafe.fix, line=markup_line(text, unsafe.snippet))
            safe = add_noopener(html, own_hosts)
            if not found:
                _build.safe_bodies.put(source, key, safe)
        content._content = safe

    for field in settings.formatted_fields:
        value = content.metadata.get(field)
        if not isinstance(value, str) or not value:
            continue
        for unsafe in find_unsafe_markup(value, hosts):
            report_problem(source, f"in the {field} line, {unsafe.what}", unsafe.fix, key=field)
        value = add_noopener(value, own_hosts)
        content.metadata[field] = value
        if field == "summary" and hasattr(content, "_summary"):
            content._summary = value


def check_static_files(generator) -> None:
    """Files copied as they are (content/images/, content/extra/): no code in
    drawings or HTML files, and no scripts or other programs at all."""
    if _build is None:
        return
    hosts = tuple(_build.settings.iframe_allowed_hosts)
    for static in generator.staticfiles:
        with open(static.source_path, "rb") as handle:
            data = handle.read()
        for problem in static_file_problems(static.relative_source_path, data, hosts):
            report_problem(static.source_path, problem.what, problem.fix, line=problem.line)


def keep_safe_bodies(pelican) -> None:
    if _build is not None:
        _build.safe_bodies.save()


def register() -> None:
    signals.initialized.connect(start)
    signals.finalized.connect(keep_safe_bodies)
    signals.content_object_init.connect(check_content)
    signals.static_generator_finalized.connect(check_static_files)
