"""Pelican plugin: no broken internal links. After the build, every link,
image and #anchor in every written page must resolve inside the site.
Problems name the Markdown file and line when the link came from content, or
the template otherwise."""

from __future__ import annotations

import os

from pelican import signals

from coproweek.problems import read_source, report_problem
from coproweek.contents import contents_of

from coproweek.checks.links import find_broken_links, source_line

_sources: dict[str, object] = {}  # save_as -> content object, for this build


def remember_sources(generators) -> None:
    _sources.clear()
    for content in contents_of(generators):
        if getattr(content, "save_as", None):
            _sources.setdefault(content.save_as, content)


def check_links(pelican) -> None:
    site_url = pelican.settings.get("SITEURL", "") if not pelican.settings.get("RELATIVE_URLS") else ""
    theme = os.path.relpath(os.path.join(pelican.settings["THEME"], "templates"),
                            os.path.dirname(os.path.abspath(pelican.settings["PATH"])))
    for broken in find_broken_links(pelican.output_path, site_url):
        content = _sources.get(broken.page)
        line = source_line(read_source(content.source_path), broken.url) if content is not None else None
        if line:
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
    signals.all_generators_finalized.connect(remember_sources)
    signals.finalized.connect(check_links)
