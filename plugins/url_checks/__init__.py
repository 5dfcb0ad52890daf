"""Pelican plugin: every piece of content, tag and author gets exactly one
usable web address, and every file in the output has exactly one owner. Two
posts at one address, a title or tag with no letters to make an address
from, one too long for a file name, a Save_as/URL that is not an HTML page's
address or that lands on something the site writes itself (a list page, a
feed, the theme's or the host's files, a static file) are reported, with the
file, the line and the address, before anything is written (Pelican would
otherwise crash or overwrite silently).

A generator that writes pages of its own tells this plugin their paths with
an `output_paths()` method returning {path: what it is} (see events)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican import signals

from coproweek.checks.urls import (
    SITE_FILES,
    duplicate_addresses,
    long_segment,
    output_clashes,
    output_file,
    page_address_problem,
    slug_problem,
)
from coproweek.config import plugin_settings
from coproweek.editor import EDITOR_FOLDER
from coproweek.images.card import CARD_FOLDER
from coproweek.contents import contents_of
from coproweek.problems import report_problem, stop_if_problems


@dataclass(frozen=True)
class Settings:
    """No settings of its own: it reads Pelican's URL settings as they are,
    to know every address the site writes."""


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)


def _address_key(content) -> str:
    """The metadata line an author changes to change the address."""
    return next((key for key in ("save_as", "url", "slug") if key in content.metadata), "title")


_LISTS = {"index": "the blog's list of posts", "tags": "the list of topics", "authors": "the list of authors",
          "archives": "the blog archive", "categories": "the list of categories"}
_FEEDS = {"FEED_ALL_ATOM": "the Atom feed of all posts", "FEED_ALL_RSS": "the RSS feed of all posts",
          "FEED_ATOM": "the Atom feed", "FEED_RSS": "the RSS feed"}


def _later_pages(settings, save_as: str, what: str) -> dict[str, str]:
    """The folder of a paginated list's later pages (blog/page/), reserved."""
    found = {}
    for rule in settings.get("PAGINATION_PATTERNS", ()):
        if rule[0] != 1:
            base, name = os.path.split(save_as)
            values = {"save_as": save_as, "url": "", "name": os.path.splitext(save_as)[0], "number": "\0",
                      "base_name": base if name in ("index.htm", "index.html") else os.path.splitext(save_as)[0],
                      "extension": os.path.splitext(save_as)[1]}
            folder = rule[2].format(**values).split("\0")[0].lstrip("/")
            if folder.endswith("/"):
                found[folder] = f"the later pages of {what}"
    return found


def site_outputs(settings, context, generators) -> dict[str, str]:
    """Every file and folder the site writes itself, with what it is: the
    host's files, the theme's folder, share cards, feeds, list pages and any
    generator's own pages. No author's file may be written at one of them."""
    reserved = dict(SITE_FILES)
    reserved[settings.get("THEME_STATIC_DIR", "theme").strip("/") + "/"] = "the folder of the site's styles"
    reserved[CARD_FOLDER + "/"] = "the folder of share card images"
    if settings.get("BROWSER_EDITOR", True):
        reserved[EDITOR_FOLDER + "/"] = "the folder of the browser editor"
    reserved |= {settings[key]: what for key, what in _FEEDS.items() if settings.get(key)}
    for name in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            what = _LISTS.get(name, f"the site's {name} page")
            reserved[save_as] = what
            if name in settings.get("PAGINATED_TEMPLATES", {}):
                reserved |= _later_pages(settings, save_as, what)
    for template, save_as in settings.get("TEMPLATE_PAGES", {}).items():
        reserved[save_as] = "the home page" if save_as == "index.html" else f"the site's page from {template}"
    for kind, name, label in (("tags", "TAG", "posts tagged"), ("authors", "AUTHOR", "posts by"),
                              ("categories", "CATEGORY", "posts in")):
        for wrapper, _ in context.get(kind, ()):
            what = f"the list of {label} '{wrapper}'"
            if wrapper.save_as:
                reserved[wrapper.save_as] = what
                reserved |= _later_pages(settings, wrapper.save_as, what)
            for feed in ("ATOM", "RSS"):
                if pattern := settings.get(f"{name}_FEED_{feed}"):
                    reserved[pattern.format(slug=wrapper.slug)] = f"the {feed.title()} feed of {label} '{wrapper}'"
    for period in ("YEAR", "MONTH", "DAY"):
        if pattern := settings.get(f"{period}_ARCHIVE_SAVE_AS"):
            for article in context.get("articles", ()):
                reserved[pattern.format(date=article.date)] = f"the blog archive for {article.date:%Y}"
    for generator in generators:
        if hasattr(generator, "output_paths"):
            reserved |= generator.output_paths()
    return reserved


def check_output_owners(generators, contents) -> None:
    """Each author's page is HTML at an address of its own: not a feed, an
    image, a list page or a host's file (an HTML page saved there would
    replace it), and its URL is where it is written."""
    claims = [(content, output_file(content.save_as)) for content in contents if getattr(content, "save_as", "")]
    settings, context = generators[0].settings, generators[0].context
    reserved = site_outputs(settings, context, generators)
    by_source = {content.source_path: content for content, _ in claims}
    clashing = set()
    for source, path, what in output_clashes([(c.source_path, p) for c, p in claims], reserved):
        clashing.add(source)
        report_problem(source, f"this page would be published at /{path.removesuffix('index.html')}, which is {what}.",
                       "choose another address: change the Slug line, or remove the Save_as and URL lines so the "
                       "site chooses one.", key=_address_key(by_source[source]))
    for content in contents:
        chosen = [key for key in ("save_as", "url") if key in content.metadata]
        if not chosen:
            continue  # the site's own settings chose the address
        problem = page_address_problem(getattr(content, "save_as", "") or "", getattr(content, "url", "") or "")
        if problem and not (problem[0] == "save_as" and content.source_path in clashing):
            report_problem(content.source_path, problem[1], problem[2],
                           key=problem[0] if problem[0] in chosen else chosen[0])


def check_addresses(generators) -> None:
    if _build is None:
        return
    contents = list(contents_of(generators))
    by_source = {content.source_path: content for content in contents}
    statics = [static for generator in generators for static in getattr(generator, "staticfiles", ())]
    if generators:
        check_output_owners(generators, contents)
    claims = [(static.source_path, static.save_as) for static in statics]
    for content in contents:
        save_as = getattr(content, "save_as", "") or ""
        claims.append((content.source_path, save_as))
        if content.metadata.get("slug") is None or long_segment(save_as):
            problem = slug_problem("title", getattr(content, "title", ""), getattr(content, "slug", "") or "")
            if problem is None and long_segment(save_as):
                problem = slug_problem("title", content.title, long_segment(save_as))
            if problem:
                report_problem(content.source_path, *problem, key=_address_key(content))
        for kind, key, wrappers in (("tag", "tags", getattr(content, "tags", None) or ()),
                                    ("author", "author", getattr(content, "authors", None) or ())):
            for wrapper in wrappers:
                if problem := slug_problem(kind, wrapper.name, wrapper.slug or ""):
                    report_problem(content.source_path, *problem, key=key)
    for address, sources in duplicate_addresses(claims).items():
        for source in sources:
            if source not in by_source:
                continue  # a static file: the page written over it is the one to change
            others = ", ".join(os.path.basename(s) for s in sources if s != source)
            report_problem(
                source,
                f"this file and {others} would both be published at /{address.removesuffix('index.html')}.",
                "give one of them a different title, or add a 'Slug:' line with a different web address name.",
                key=_address_key(by_source[source]),
            )
    stop_if_problems()  # writing would crash or overwrite: stop before it starts


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(check_addresses)
