"""Pelican plugin: no broken internal links. After the build, every link,
image and #anchor in every written page must resolve inside the site; and no
two pieces of content may claim the same URL. Problems name the Markdown file
and line when the link came from content, or the template otherwise."""

from __future__ import annotations

import os
from collections import defaultdict

from pelican import signals

from build_problems import report_problem, stop_if_problems

from .links import find_broken_links, source_line

_sources: dict[str, object] = {}  # save_as -> content object, for this build


def _contents(generators):
    for generator in generators:
        for name in ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages",
                     "translations", "events"):
            yield from getattr(generator, name, None) or ()


def check_unique_urls(generators) -> None:
    _sources.clear()
    claims = defaultdict(list)
    for content in _contents(generators):
        save_as = getattr(content, "save_as", "")
        if save_as and getattr(content, "source_path", None):
            claims[save_as].append(content)
    for save_as, contents in claims.items():
        paths = sorted({c.source_path for c in contents})
        _sources[save_as] = contents[0]
        if len(paths) > 1:
            for path in paths:
                others = ", ".join(os.path.basename(p) for p in paths if p != path)
                report_problem(
                    path,
                    f"this file and {others} would both be published at /{save_as.removesuffix('index.html')}.",
                    "give one of them a different title, or add a 'Slug:' line with a different web address name.",
                    key="slug" if "slug" in _read(path).lower() else "title",
                )
    stop_if_problems()  # Pelican would crash writing the second file


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return ""


def check_links(pelican) -> None:
    site_url = pelican.settings.get("SITEURL", "") if not pelican.settings.get("RELATIVE_URLS") else ""
    theme = os.path.relpath(os.path.join(pelican.settings["THEME"], "templates"),
                            os.path.dirname(os.path.abspath(pelican.settings["PATH"])))
    for broken in find_broken_links(pelican.output_path, site_url):
        content = _sources.get(broken.page)
        in_content = content is not None and broken.url in (getattr(content, "_content", "") or "")
        if in_content:
            text = _read(content.source_path)
            target = broken.url.split("/", 1)[-1] if broken.url.startswith("{") else broken.url
            report_problem(
                content.source_path,
                f"the link '{broken.url}' is broken: {broken.reason}",
                "check the address: copy it from the page you mean, or remove the link.",
                line=source_line(text, target) or source_line(text, broken.url),
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
    signals.all_generators_finalized.connect(check_unique_urls)
    signals.finalized.connect(check_links)
