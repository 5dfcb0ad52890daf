"""Live preview for `invoke livereload`: after a full build, saving a post or
page whose change is to its body only re-renders that one page, in about the
time a browser takes to reload, instead of rebuilding the site.

The fast path reads the changed file through the same reader (and so the same
metadata checks), fires content_object_init (content safety, images,
placeholders, drafts), re-attaches author profiles and share cards, writes the
page exactly as a full build would, and checks that page's links and
accessibility. It says on the console what it skipped: list pages, feeds, the
other pages and the site-wide link check and audit, none of which a change to
one body can alter except through the summary, the title, the date, the
address, tags, authors, images or status, so a change to any of those (or to
any other file) runs the full build instead. Nothing is published from a
preview: `invoke build`, `invoke publish` and the production build always
build in full, with every check.

Pelican builds have no memory of earlier ones, so the generators of the last
full build are kept here (connected to Pelican's signals by `enable()`)."""

from __future__ import annotations

import copy
import os
import re
import time
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer

_building: dict = {}  # what the build under way has shown us
_last: dict = {}      # the last full build that succeeded: its generators and settings

# What list pages, feeds, cards and other pages show of a post: a change to
# any of these needs the full build.
_SHOWN_ELSEWHERE = ("title", "date", "modified", "slug", "status", "summary", "save_as", "url", "template",
                    "lang", "category", "tags", "authors", "translation_of")
_IMAGE_SOURCES = re.compile(r"""\b(?:src|srcset)\s*=\s*["']([^"']*)["']""")


def _remember_generators(generators) -> None:
    _building["generators"] = generators


def _remember_build(pelican) -> None:
    _building["settings"] = pelican.settings


def enable() -> None:
    """Keep each build's generators (call once, before the first build)."""
    signals.all_generators_finalized.connect(_remember_generators)
    signals.finalized.connect(_remember_build)


def full_build(run) -> bool:
    """Run a full build with `run()` (it raises SystemExit when the build has
    problems); a build that succeeded becomes the base for previews."""
    _building.clear()
    _last.clear()
    try:
        run()
    except SystemExit:
        return False
    if "generators" in _building and "settings" in _building:
        _last.update(_building)
        _auditor(_last["settings"])  # parse the CSS now, not at the first save
    return True


def _auditor(settings: dict):
    """One auditor for the previews after a full build: it keeps the parsed
    CSS (a change to the theme runs a full build, which starts afresh)."""
    from coproweek.audit.engine import AuditOptions, Auditor
    from coproweek.audit.sources import SourceMap

    if "auditor" not in _last:
        output = Path(settings["OUTPUT_PATH"]).resolve()
        theme = Path(settings["THEME"]).resolve()
        source_map = SourceMap(project_root=Path(settings["PATH"]).resolve().parent, template_dir=theme / "templates")
        source_map.css_prefixes[f"{settings.get('THEME_STATIC_DIR', 'theme').strip('/')}/"] = \
            source_map.display(theme / "static") + "/"
        auditor = _last["auditor"] = Auditor(output, AuditOptions.from_settings(settings), source_map)
        for page in ("index.html",):  # load the theme's style sheets once
            if (output / page).is_file():
                auditor.run(pages=[page])
    return _last["auditor"]


def _owner(path: str):
    """(generator, content) of the last build that came from `path`, or None."""
    for generator in _last["generators"]:
        if not isinstance(generator, (ArticlesGenerator, PagesGenerator)):
            continue
        lists = ("articles", "hidden_articles") if isinstance(generator, ArticlesGenerator) else ("pages", "hidden_pages")
        for name in lists:
            for content in getattr(generator, name, None) or ():
                if os.path.abspath(content.source_path) == path:
                    return generator, content, name
    return None


def _images(content) -> set[str]:
    return set(_IMAGE_SOURCES.findall(getattr(content, "_content", "") or ""))


def _same_outside(old, new) -> bool:
    for key in _SHOWN_ELSEWHERE:
        if str(getattr(old, key, None)) != str(getattr(new, key, None)):
            return False
    return _images(old) == _images(new)


def _replace(container, old, new) -> None:
    """Put `new` where `old` was in the build's lists (and lists in dicts or pairs)."""
    if isinstance(container, list):
        for index, item in enumerate(container):
            if item is old:
                container[index] = new
            elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], list):
                _replace(item[1], old, new)
    elif isinstance(container, dict):
        for value in container.values():
            if isinstance(value, list):
                _replace(value, old, new)


_CONTENT_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                  "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


def _holding_only(generator, content):
    """A shallow copy of `generator` whose content lists hold only `content`
    (in its published list), with no tags, authors or categories to go over."""
    view = copy.copy(generator)
    home = "articles" if isinstance(generator, ArticlesGenerator) else "pages"
    for name in _CONTENT_LISTS:
        if hasattr(generator, name):
            setattr(view, name, [content] if name == home else [])
    for name in ("authors", "tags", "categories"):
        if hasattr(generator, name):
            setattr(view, name, type(getattr(generator, name))())
    return view


def preview(changed: list[str]) -> str | None:
    """Re-render the pages of `changed` files if only their bodies changed.
    Returns what was done, for the console, or None when a full build is needed."""
    from coproweek.problems import problem_log

    if not _last or not changed:
        return None
    started = time.perf_counter()
    paths = [os.path.abspath(path) for path in changed]
    owners = [_owner(path) for path in paths]
    if any(owner is None for owner in owners):
        return None  # a new, removed or non-content file, or an event: the full build knows what it affects
    settings = _last["settings"]
    problem_log.clear()
    written = []
    for path, (generator, old, list_name) in zip(paths, owners):
        content_class = Article if isinstance(generator, ArticlesGenerator) else Page
        try:
            new = generator.readers.read_file(
                base_path=generator.path, path=os.path.relpath(path, generator.path), content_class=content_class,
                context=generator.context)
        except Exception:  # noqa: BLE001 - reported by our reader, or left for the full build to report
            return None
        if problem_log.problems or not _same_outside(old, new):
            return None
        for name in ("articles", "hidden_articles", "pages", "hidden_pages", "translations"):
            _replace(getattr(generator, name, None), old, new)
        for value in generator.context.values():
            _replace(value, old, new)
        generator.add_source_path(new)
        written.append((generator, new))
    # Author profiles, share cards and the like attach what they attach at the
    # end of reading, shown a copy of the generator that holds just this file.
    for generator, content in written:
        finalized = (signals.article_generator_finalized if isinstance(generator, ArticlesGenerator)
                     else signals.page_generator_finalized)
        finalized.send(_holding_only(generator, content))
    output = settings["OUTPUT_PATH"]
    writer = Writer(output, settings=settings)
    for generator, content in written:
        write = partial(writer.write_file, relative_urls=settings["RELATIVE_URLS"])
        template = generator.get_template(content.template)
        if isinstance(content, Article):
            write(content.save_as, template, generator.context, article=content,
                  category=getattr(content, "category", None), override_output=hasattr(content, "override_save_as"),
                  url=content.url, blog=True)
        else:
            write(content.save_as, template, generator.context, page=content,
                  override_output=hasattr(content, "override_save_as"), url=content.url)
    checks = _check_pages(settings, [content for _, content in written])
    seconds = time.perf_counter() - started
    pages = ", ".join(f"/{content.save_as}" for _, content in written)
    return (f"Live preview: re-rendered {pages} in {seconds:.2f} s. Checked: reading, content safety, images, "
            f"{checks}. Skipped until the next full build (`invoke build`, which `invoke publish` always runs): "
            "list pages, feeds, other pages, and the link check and audit of other pages.")


def _check_pages(settings: dict, contents) -> str:
    """The written pages' links and accessibility; problems printed as a build prints them."""
    from coproweek.audit.reports import console_report, safe_print
    from coproweek.audit.sources import PageOrigin
    from coproweek.checks.links import broken_links_on, source_line
    from coproweek.problems import problem_log, read_source, report_problem

    auditor = _auditor(settings)
    source_map = auditor.tracer.map
    theme = Path(settings["THEME"]).resolve()
    site_url = settings.get("SITEURL", "") if not settings.get("RELATIVE_URLS") else ""
    for content in contents:
        template = theme / "templates" / f"{content.template}.html"
        source_map.pages[content.save_as] = PageOrigin(
            content=source_map.display(Path(content.source_path).resolve()),
            template=source_map.display(template) if template.exists() else None)
        for broken in broken_links_on(str(auditor.root), content.save_as, site_url):
            line = source_line(read_source(content.source_path), broken.url)
            report_problem(content.source_path, f"the link '{broken.url}' on the page /{broken.page} is broken: "
                           f"{broken.reason}", "check the address: copy it from the page you mean, or remove the link.",
                           line=line)
    result = auditor.run(pages=[content.save_as for content in contents])
    if result.findings:
        safe_print(console_report(result, [], detail_limit=5))
    if problem_log.problems:
        print(problem_log.report())
    return f"the page's links and accessibility ({len(result.findings)} audit findings)"
