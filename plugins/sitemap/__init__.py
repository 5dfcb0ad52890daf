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

from pelican import signals

from coproweek.sitemap import Entry, absolute, robots_txt, sitemap_xml

_entries: list[Entry] = []


def start(pelican) -> None:
    settings = pelican.settings
    site_url = settings.get("SITEURL", "") or ""
    settings["CANONICAL_ROOT"] = (site_url if site_url.startswith(("https://", "http://"))
                                  else settings.get("FEED_DOMAIN", "") or "")
    _entries.clear()


def _is_production(settings: dict) -> bool:
    return str(settings.get("SITEURL", "")).startswith(("https://", "http://"))


def collect(generators) -> None:
    settings = generators[0].settings if generators else {}
    excluded = set(settings.get("SITEMAP_EXCLUDE", ()))
    site_url = settings.get("SITEURL", "")
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
    lists = ["", settings.get("INDEX_URL", "blog/"), settings.get("EVENTS_INDEX_URL", "events/"),
             settings.get("EVENTS_PAST_URL", "events/past/"), settings.get("WEEKS_INDEX_URL", "weeks/")]
    _entries.extend(Entry(absolute(site_url, url), newest if url == settings.get("INDEX_URL") else None)
                    for url in lists if url not in excluded)


def write(pelican) -> None:
    settings = pelican.settings
    sitemap_url = None
    if _is_production(settings):
        with open(os.path.join(pelican.output_path, "sitemap.xml"), "wb") as handle:
            handle.write(sitemap_xml(_entries))
        sitemap_url = absolute(settings["SITEURL"], "sitemap.xml")
    with open(os.path.join(pelican.output_path, "robots.txt"), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(robots_txt(sitemap_url))


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write)
