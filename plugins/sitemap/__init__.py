"""Pelican plugin: sitemap.xml (production builds, where SITEURL is a full
address) and robots.txt naming it; CANONICAL_ROOT for every page's
canonical link (theme/templates/base.html).

The sitemap has posts, pages, events and campaign weeks, and the lists a
visitor starts from (home, blog, events, past events, weeks); never drafts
(Pelican keeps them apart), never the tag, author, archive, month, filter or
later list pages, which only repeat what those pages link to. Pages named in
SITEMAP_EXCLUDE (addresses such as "thank-you/") are left out too."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican import signals

from coproweek.config import plugin_settings

from coproweek.sitemap import Entry, absolute, robots_txt, sitemap_xml

@dataclass(frozen=True)
class Settings:
    siteurl: str                     # Pelican's: a full address in production
    feed_domain: str = ""            # Pelican's: the local server, for local canonical links
    sitemap_exclude: tuple = ()      # page addresses to leave out, e.g. ("thank-you/",)
    index_url: str = "blog/"         # Pelican's: the blog list
    events_index_url: str = "events/"
    events_past_url: str = "events/past/"
    weeks_index_url: str = "weeks/"

    @property
    def is_production(self) -> bool:
        return self.siteurl.startswith(("https://", "http://"))


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin
_entries: list[Entry] = []


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)
    _entries.clear()
    if _build is not None:
        pelican.settings["CANONICAL_ROOT"] = _build.siteurl if _build.is_production else _build.feed_domain


def collect(generators) -> None:
    if _build is None:
        return
    excluded = set(_build.sitemap_exclude)
    site_url = _build.siteurl
    newest = None
    for generator in generators:
        for name in ("articles", "pages", "events"):
            found = getattr(generator, name, None)
            # Lists of content only (the events and weeks generators keep dicts called pages).
            for content in found if isinstance(found, list) else ():
                if getattr(content, "status", "published") == "draft" or content.url in excluded:
                    continue
                modified = getattr(content, "modified", None) or getattr(content, "date", None)
                event = getattr(content, "event", None)
                if event is not None:
                    modified = event.modified
                _entries.append(Entry(absolute(site_url, content.url), modified))
                if name == "articles" and (newest is None or content.date > newest):
                    newest = content.date
        for week in getattr(generator, "weeks", None) or ():
            _entries.append(Entry(absolute(site_url, week.url)))
    lists = ["", _build.index_url, _build.events_index_url, _build.events_past_url, _build.weeks_index_url]
    _entries.extend(Entry(absolute(site_url, url), newest if url == _build.index_url else None)
                    for url in lists if url not in excluded)


def write(pelican) -> None:
    if _build is None:
        return
    sitemap_url = None
    if _build.is_production:
        with open(os.path.join(pelican.output_path, "sitemap.xml"), "wb") as handle:
            handle.write(sitemap_xml(_entries))
        sitemap_url = absolute(_build.siteurl, "sitemap.xml")
    with open(os.path.join(pelican.output_path, "robots.txt"), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(robots_txt(sitemap_url))


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write)
