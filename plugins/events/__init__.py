"""Pelican plugin: events as a content type of their own.

Thin glue only: files under content/events/ are read with the site's Markdown
settings, turned into Event objects by parse.py, and written as event pages,
the upcoming and past lists, month calendars and filter pages. Events are
never articles, so they stay out of the blog index, feeds and archives.

Its settings, all optional, are in `Settings` below (SITE_NOW may also come
from the SITE_NOW environment variable)."""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import markdown
from markupsafe import Markup
from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator
from pelican.utils import slugify

from coproweek.checks.boundary import is_within
from coproweek.checks.header import header_problems
from coproweek.checks.metadata import Unreadable, decode_source
from coproweek.checks.unused import MARKDOWN_EXTENSIONS, UNPUBLISHED_SOURCES, extension_variants
from coproweek.config import plugin_settings
from coproweek.content_types import EVENT
from coproweek.drafts import showing_drafts
from coproweek.events import jsonld
from coproweek.events.listing import DEFAULT_RECURRING_HORIZON_DAYS, WEEKDAY_HEADINGS, Schedule, resolve_now
from coproweek.events.model import AccessFeature, Event, Organiser
from coproweek.events.parse import DEFAULT_TIMEZONE, DRAFT_WORD, EventInvalid, parse_event
from coproweek.events.recurrence import describe
from coproweek.events.timefmt import iso, long_date
from coproweek.markdown_files import markdown_converter
from coproweek.problems import report_problem, report_warning
from coproweek.slugs import SlugSettings


@dataclass(frozen=True)
class UrlSettings:
    """Where event pages go. Pelican's content objects read these from its
    settings, so `start` copies them there."""

    event_url: str = "events/{slug}/"
    event_save_as: str = "events/{slug}/index.html"
    event_lang_url: str = "events/{slug}-{lang}/"
    event_lang_save_as: str = "events/{slug}-{lang}/index.html"
    events_index_url: str = "events/"
    events_past_url: str = "events/past/"
    events_month_url: str = "events/{year}/{month:02d}/"
    events_tag_url: str = "events/tags/{slug}/"
    events_organiser_url: str = "events/organisers/{slug}/"
    events_access_url: str = "events/access/{slug}/"


@dataclass(frozen=True)
class Settings(UrlSettings, SlugSettings):
    siteurl: str = ""                   # Pelican's (JSON-LD needs absolute addresses)
    relative_urls: bool = False         # Pelican's
    markdown: dict = field(default_factory=dict)  # Pelican's MARKDOWN: events read like posts
    site_now: object = None             # "now" for upcoming/past: a date, "2018-06-20", or the SITE_NOW variable
    events_paths: tuple = ("events",)   # folders in content/ that hold events
    events_default_timezone: str = DEFAULT_TIMEZONE
    events_default_organiser: dict = field(default_factory=lambda: {
        "name": "Social Care Institute for Excellence (SCIE)", "url": "https://www.scie.org.uk/"})  # {} for none
    events_recurring_horizon_days: int = DEFAULT_RECURRING_HORIZON_DAYS


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    """Read the settings, give Pelican the URL settings its content objects
    read, and keep events out of the article and page readers (events are
    their own content type, whatever ARTICLE_PATHS says)."""
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)
    if _build is None:
        return
    url_settings = {name: getattr(_build, name) for name in asdict(UrlSettings())}
    pelican.settings.update({name.upper(): value for name, value in url_settings.items()})
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        excludes = list(pelican.settings.get(key, []))
        pelican.settings[key] = excludes + [path for path in _build.events_paths if path not in excludes]


FILTER_TITLES = {"tag": "Events tagged", "organiser": "Events run by", "access": "Events with"}


def save_as(url: str) -> str:
    """Clean URLs: events/past/ is written to events/past/index.html."""
    return url + "index.html" if url.endswith("/") else url


class EventPage(Content):
    """The Pelican content object behind an event page: gives events
    {filename} links both ways, and URLs from the EVENT_* settings."""

    mandatory_properties = ("title",)
    default_template = "events/event"

    def _expand_settings(self, key: str, klass: str | None = None) -> str:
        return super()._expand_settings(key, "event")


class EventsGenerator(Generator):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options = _build  # this build's Settings (get_generators gives Pelican this class only then)
        self.slugify = self.options.rule(slugify)  # the site's one slug rule, as for blog tags
        self.event_models: list[Event] = []     # the Event objects, also context["events"]
        self.pages: dict[str, EventPage] = {}
        # Pelican content objects, under the name other plugins look for
        # (like ArticlesGenerator.articles): each has .event, its Event.
        self.events: list[EventPage] = []
        self.schedule: Schedule | None = None
        # Events with status: draft: in no list, feed or calendar; their own
        # pages are written only when SHOW_DRAFTS is set (local builds).
        self.draft_events: list[EventPage] = []

    # Reading -----------------------------------------------------------

    def _markdown(self) -> markdown.Markdown:
        return markdown_converter(self.options.markdown)

    def _read(self, converter: markdown.Markdown, relative_path: str) -> tuple[str, dict] | None:
        """The file's HTML and fields, read with the same checks as posts
        (encoding, byte-order mark, size, the block of fields); None when it
        cannot be read, the problem reported with its line."""
        full_path = os.path.join(self.path, relative_path)
        try:
            with open(full_path, "rb") as handle:
                text = decode_source(handle.read())
        except Unreadable as unreadable:
            line, what, fix = unreadable.finding
            report_problem(full_path, what, fix, line=line)
            return None
        except OSError as error:
            report_problem(full_path, f"the file could not be opened ({error.strerror}).",
                           "check that it is a file you can open, then build again.")
            return None
        # parse_event names unknown fields and reads the dates itself.
        for problem in header_problems(text, EVENT, check_names=False, check_dates=False):
            report_problem(full_path, problem.what, problem.fix, line=problem.line)
        converter.reset()
        html = converter.convert(text)
        return html, dict(getattr(converter, "Meta", {}))

    def _default_organiser(self) -> Organiser | None:
        value = self.options.events_default_organiser
        return Organiser(value["name"], value.get("url", "")) if value else None

    def generate_context(self) -> None:
        zone_name = self.options.events_default_timezone
        try:
            ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            report_problem("pelicanconf.py", f'EVENTS_DEFAULT_TIMEZONE "{zone_name}" is not a time zone.',
                           "Use an IANA name such as Europe/London.")
            zone_name = DEFAULT_TIMEZONE
        converter = self._markdown()
        slugs: dict[str, str] = {}
        # Markdown files whatever the case of their extension (event.MD too).
        extensions = MARKDOWN_EXTENSIONS + tuple(extension_variants(self.path, MARKDOWN_EXTENSIONS))
        for relative_path in sorted(self.get_files(list(self.options.events_paths), extensions=extensions)):
            full_path = os.path.join(self.path, relative_path)
            read = self._read(converter, relative_path)
            if read is None:
                self._add_failed_source_path(relative_path)
                continue
            html, metadata = read
            try:
                event = parse_event(
                    metadata,
                    slugify=self.slugify,
                    slug=os.path.splitext(os.path.basename(relative_path))[0],
                    source_path=full_path,
                    default_timezone=zone_name,
                    default_organiser=self._default_organiser(),
                    body_html=html,
                )
            except EventInvalid as invalid:
                for problem in invalid.problems:
                    report_problem(full_path, problem.what, problem.fix, key=problem.key)
                self._add_failed_source_path(relative_path)
                continue
            if event.slug in slugs:
                report_problem(full_path, f'Another event, {slugs[event.slug]}, has the same slug "{event.slug}".',
                               "Give one of them a different slug: line, or rename the file.", key="slug")
                self._add_failed_source_path(relative_path)
                continue
            slugs[event.slug] = relative_path
            for warning in event.extra.get("warnings", ()):
                report_warning(full_path, warning.what, warning.fix, key=warning.key)
            if not self._resolve_image(event):
                report_problem(full_path, f'The image "{event.image}" is not in the content folder.',
                               "Put the image in content/images/ and write image: /images/<name>.", key="image")
                self._add_failed_source_path(relative_path)
                continue
            self._add_page(event, html, relative_path)

        try:
            now = resolve_now(self.options.site_now, ZoneInfo(zone_name))
        except ValueError as error:
            report_problem("pelicanconf.py", f"{error}.", "Write SITE_NOW as 2018-06-20 or 2018-06-20T09:00.")
            now = resolve_now(None, ZoneInfo(zone_name), environ={})
        self.event_models.sort(key=lambda event: (_start_datetime(event), event.slug))
        self.schedule = Schedule(self.event_models, now, int(self.options.events_recurring_horizon_days))
        self.context["events"] = self.event_models
        self.context["upcoming_events"] = self.schedule.next_per_event()
        self.context["upcoming_occurrences"] = self.schedule.upcoming()
        self.context["EVENTS_INDEX_URL"] = self.options.events_index_url
        self.context["events_schedule"] = self.schedule
        # The access filter pages, for pages outside /events/ (search without JavaScript).
        self.context["event_access_links"] = [
            (entry.name, self.options.events_access_url.format(slug=entry.slug))
            for entry in self.schedule.filters(self.slugify) if entry.kind == "access"]

    def _resolve_image(self, event: Event) -> bool:
        """Make a local image path site-relative; False if the file is missing."""
        if not event.image or "://" in event.image:
            return True
        image = event.image.removeprefix("{static}").lstrip("/")
        path = os.path.join(self.path, image)
        if not os.path.isfile(path) or not is_within(path, self.path):  # no "../" out of content/
            return False
        event.image = image
        return True

    def _add_page(self, event: Event, html: str, relative_path: str) -> None:
        page = EventPage(
            html,
            metadata={"title": event.title, "slug": event.slug, "date": _start_datetime(event),
                      **({"status": DRAFT_WORD} if event.draft else {})},
            settings=self.settings,
            source_path=os.path.join(self.path, relative_path),
            context=self.context,
        )
        page.event = event
        event.url = page.url
        event.extra["repeat_text"] = _describe(event)
        if event.draft:
            self.draft_events.append(page)
            if not showing_drafts(self.settings):
                # Read on purpose, kept off the site: not an unused file.
                self.context.setdefault(UNPUBLISHED_SOURCES, set()).add(page.get_relative_source_path())
                return
        else:
            self.events.append(page)
            self.event_models.append(event)
        self.pages[event.slug] = page
        self.add_source_path(page)
        self.add_static_links(page)

    def refresh_metadata_intersite_links(self) -> None:
        # Every generator has read its files now, so {filename} links resolve.
        for page in self.pages.values():
            page.event.body_html = page.content

    # Writing -----------------------------------------------------------

    def listing_urls(self) -> tuple[dict, dict, dict]:
        """The addresses of the lists: (index and past, filter pages, month pages)."""
        schedule = self.schedule
        urls = {
            "index": self.options.events_index_url,
            "past": self.options.events_past_url,
        }
        filter_urls = {(f.kind, f.slug): getattr(self.options, f"events_{f.kind}_url").format(slug=f.slug)
                       for f in schedule.filters(self.slugify)}
        month_urls = {m.key: self.options.events_month_url.format(year=m.year, month=m.month) for m in schedule.months()}
        return urls, filter_urls, month_urls

    def output_paths(self) -> dict[str, str]:
        """The files this generator writes that no author's file owns (url_checks
        makes sure no post or page claims one), each with what it is."""
        if self.schedule is None:
            return {}
        urls, filter_urls, month_urls = self.listing_urls()
        described = {urls["index"]: "the list of upcoming events", urls["past"]: "the list of past events"}
        described |= {url: f"the list of events for the {kind} '{slug}'" for (kind, slug), url in filter_urls.items()}
        described |= {url: f"the events calendar for {month}/{year}" for (year, month), url in month_urls.items()}
        return {save_as(url): what for url, what in described.items()}

    def generate_output(self, writer) -> None:
        if self.schedule is None:
            return
        schedule = self.schedule
        urls, filter_urls, month_urls = self.listing_urls()
        filters = schedule.filters(self.slugify)
        months = schedule.months()
        current_month = (schedule.today.year, schedule.today.month)
        calendar_start = min((key for key in month_urls if key >= current_month), default=max(month_urls, default=None))
        shared = {
            "events_urls": urls,
            "filter_urls": filter_urls,
            "month_urls": month_urls,
            "calendar_url": month_urls.get(calendar_start, ""),
            "access_features": list(AccessFeature),
            "tag_urls": {name: filter_urls[("tag", self.slugify(name))] for event in self.event_models for name in event.tags},
            "weekdays": WEEKDAY_HEADINGS,
            "month_labels": {m.key: m.label for m in months},
            "access_filters": [f for f in filters if f.kind == "access"],
            "today": schedule.today,
            "default_timezone": self.options.events_default_timezone,
        }
        relative = self.options.relative_urls

        def write(url: str, template: str, **values) -> None:
            writer.write_file(save_as(url), self.get_template(template), self.context,
                              relative_urls=relative, url=url, page_url=url, **shared, **values)

        site_url = self.options.siteurl
        drafts = [page.event for page in self.draft_events] if showing_drafts(self.settings) else []
        for event in [*self.event_models, *drafts]:
            if event.draft:  # a draft has a schedule of its own: it is in no list
                schedule = Schedule([event], self.schedule.now, int(self.options.events_recurring_horizon_days))
            occurrences = schedule.occurrences_of[event.slug]
            upcoming = [occ for occ in occurrences if not schedule.is_past(occ)]
            featured = upcoming[0] if upcoming else occurrences[-1]
            page = self.pages[event.slug]
            write(
                event.url, "events/event",
                event=event, page=page, occurrence=featured,
                upcoming=upcoming, past_count=len(occurrences) - len(upcoming),
                is_past=not upcoming,
                repeat_text=event.extra["repeat_text"],
                previous_when=long_date(event.previous_start) if event.previous_start else "",
                previous_iso=iso(event.previous_start) if event.previous_start else "",
                modified_when=long_date(event.modified) if event.modified else "",
                modified_iso=iso(event.modified) if event.modified else "",
                body_html=_BodyAtRenderTime(page),
                exception_dates=[long_date(day) for day in event.recurrence.exdates] if event.recurrence else [],
                organiser_page=filter_urls.get(("organiser", self.slugify(event.organiser.name))) if event.organiser else None,
                jsonld=Markup(jsonld.script_text(jsonld.event_jsonld(event, featured, site_url, event.url))),
            )
        schedule = self.schedule
        write(urls["index"], "events/index", days=schedule.by_day(schedule.upcoming()), filters=filters,
              has_upcoming=schedule.going_ahead())
        write(urls["past"], "events/past", years=schedule.past_by_year())
        for month in months:
            write(month_urls[month.key], "events/month", month=month)
        for entry in filters:
            write(
                filter_urls[(entry.kind, entry.slug)], "events/filter",
                filter=entry, filter_title=f"{FILTER_TITLES[entry.kind]} {_filter_name(entry)}",
                days=schedule.by_day(schedule.next_per_event(entry.events)),
                years=schedule.past_by_year(entry.events),
                has_upcoming=schedule.going_ahead(entry.events),
            )


_HEADING_TAG = re.compile(r"<(/?)h([1-5])\b", re.IGNORECASE)


def shift_headings(html: str) -> str:
    """Authors start body headings at ## as in blog posts; on the event page
    the body sits under an h2 ("About this event"), so each goes one down."""
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", html)


class _BodyAtRenderTime:
    """The event's body, rendered when the template prints it. Pelican sets
    the page's relative SITEURL ("../../") only inside writer.write_file, so
    {filename} links in the body resolve correctly only if read then."""

    def __init__(self, page) -> None:
        self.page = page

    def __html__(self) -> str:
        return shift_headings(self.page.content)


def _filter_name(entry) -> str:
    return entry.name if entry.kind != "tag" else f"“{entry.name}”"


def _describe(event: Event) -> str:
    return describe(event.recurrence, event.start) if event.recurrence else ""


def _start_datetime(event: Event) -> datetime:
    if isinstance(event.start, datetime):
        return event.start
    return datetime.combine(event.start, time(0), tzinfo=event.timezone)


def get_generators(pelican):
    return EventsGenerator if _build is not None else None


def register() -> None:
    signals.initialized.connect(start)
    signals.get_generators.connect(get_generators)
