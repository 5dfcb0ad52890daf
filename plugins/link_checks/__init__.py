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
_LINK_MARKS = ("](", "href=", "src=", "{filename}", "{static}", "<http")


def remember_sources(generators) -> None:
    _sources.clear()
    for content in contents_of(generators):
        if getattr(content, "save_as", None):
            _sources.setdefault(content.save_as, content)


def _written_by(content, url: str) -> tuple[object, int | None]:
    """The content file (and line) that has the link: the page's own, or, for
    a link in a summary shown on a list page, the post it came from. An
    author's link is never blamed on the theme."""
    if content is not None and (line := source_line(read_source(content.source_path), url)):
        return content, line
    for other in dict.fromkeys(_sources.values()):
        text = read_source(other.source_path)
        # Only a line that writes a link counts here: a word in the text is no evidence.
        links = "\n".join(line if any(mark in line for mark in _LINK_MARKS) else "" for line in text.splitlines())
        if other is not content and (line := source_line(links, url)):
            return other, line
    return content, None


def check_links(pelican) -> None:
    site_url = pelican.settings.get("SITEURL", "") if not pelican.settings.get("RELATIVE_URLS") else ""
    theme = os.path.relpath(os.path.join(pelican.settings["THEME"], "templates"),
                            os.path.dirname(os.path.abspath(pelican.settings["PATH"])))
    cache = None
    if pelican.settings.get("LINK_CHECK_CACHE", True):  # each page's links and ids, kept by its bytes
        import coproweek.checks.links
        from coproweek import page_cache

        folder = pelican.settings.get("LINK_CHECK_CACHE_PATH") or os.path.join(
            os.path.dirname(os.path.abspath(pelican.settings["PATH"])), "cache", "links")
        cache = page_cache.PageCache(os.path.join(folder, "pages.pickle"),
                                     page_cache.code_digest(coproweek.checks.links, page_cache))
    broken_links = find_broken_links(pelican.output_path, site_url, cache)
    if cache is not None:
        cache.save()
    for broken in broken_links:
        content = _sources.get(broken.page)
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
    signals.all_generators_finalized.connect(remember_sources)
    signals.finalized.connect(check_links)
