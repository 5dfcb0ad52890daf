"""Pelican plugin: iCalendar feeds of events (thin glue; the work is in serialise.py).

Writes events/calendar.ics (every event from CALENDAR_FEED_WINDOW_MONTHS ago on),
one feed per tag, per organiser and per access feature, and one .ics beside each
event page. Gives
templates the `calendar_links` filter (download, Google, Outlook.com and Microsoft
365 links for an event) and `calendar_feeds` in the context (subscribe URLs).

Events come from the events plugin: context["events"] (the Event objects), read
once all generators have their context. List this plugin after "events" and
before "host_config" (which gives every .ics file its text/calendar type).

Its settings, all optional, are in `Settings` below."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.generators import Generator

from pelican.utils import slugify as pelican_slugify

from coproweek.config import BLANK_IS_DEFAULT, plugin_settings
from coproweek.events.listing import resolve_now
from coproweek.feeds import links
from coproweek.feeds.serialise import FeedOptions, FeedWriter, events_in_window, last_end, subscription_events
from coproweek.problems import report_problem
from coproweek.slugs import SlugSettings, Slugify, is_usable


def _setting(default):
    """A setting where a blank value also means the default."""
    return field(default=default, metadata=BLANK_IS_DEFAULT)


@dataclass(frozen=True)
class Settings(SlugSettings):
    siteurl: str = ""                   # Pelican's
    sitename: str = "Site"              # Pelican's; names the feeds and describes them
    timezone: str = "Europe/London"     # Pelican's; "now" when the events plugin gives none
    site_now: object = None             # as the events plugin reads it
    calendar_feed_domain: str = _setting("coproductionweek.org.uk")  # UIDs: <slug>@<domain>; never change it
    calendar_feed_siteurl: str = ""     # absolute site address for links in feeds; default SITEURL or https://<domain>
    calendar_feed_window_months: int = _setting(12)
    calendar_feed_ttl_hours: float = _setting(12)
    calendar_feed_name: str = ""        # default "<SITENAME> events"
    calendar_feed_desc: str = ""        # default "Events from <SITENAME>. Updated when events change."
    calendar_feed_save_as: str = _setting("events/calendar.ics")
    calendar_tag_feed_save_as: str = _setting("events/tags/{slug}.ics")
    calendar_organiser_feed_save_as: str = _setting("events/organisers/{slug}.ics")
    calendar_access_feed_save_as: str = _setting("events/access/{slug}.ics")


@dataclass
class Build:
    settings: Settings
    site_url: str                       # absolute, even in a local build
    events: list | None = None          # the events plugin's Event objects, once read
    now: datetime | None = None
    feeds: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)  # (kind, slug) -> the events in that feed


_build: Build | None = None  # this build's state; None in a build that does not list the plugin


def _site_url(settings: Settings) -> str:
    """Feeds and subscribe links need an absolute address even in a local build."""
    if settings.calendar_feed_siteurl:
        return settings.calendar_feed_siteurl.rstrip("/")
    if settings.siteurl.startswith(("https://", "http://")):
        return settings.siteurl.rstrip("/")
    return f"https://{settings.calendar_feed_domain}"


def event_ics_path(event) -> str:
    """events/<slug>/<slug>.ics beside the page events/<slug>/ (or its .html)."""
    url = event.url or f"events/{event.slug}/"
    folder = url if url.endswith("/") else url.rsplit("/", 1)[0] + "/"
    return f"{folder.lstrip('/')}{event.slug.rsplit('/', 1)[-1]}.ics"


def _feed_link(path: str, name: str, description: str) -> dict:
    """A feed's address and every way to subscribe to it (for the templates)."""
    https = f"{_build.site_url}/{path}"
    return {"path": path, "https": https, "webcal": links.webcal_url(https),
            "google": links.google_subscribe_url(https), "google_add_by_url": links.GOOGLE_ADD_BY_URL,
            "outlook_com": links.outlook_com_subscribe_url(https, name),
            "microsoft_365": links.microsoft_365_subscribe_url(https, name),
            "name": name, "description": description}


def calendar_links(event) -> dict:
    """Jinja filter: `{% set links = event | calendar_links %}`."""
    site_url = _build.site_url if _build else ""
    return {
        "ics_path": event_ics_path(event),
        "google": links.google_calendar_url(event, site_url),
        "outlook_com": links.outlook_com_url(event, site_url),
        "microsoft_365": links.microsoft_365_url(event, site_url),
        "recurring": event.recurrence is not None,
        "cancelled": event.status.value == "cancelled",
    }


def start_build(pelican) -> None:
    global _build
    settings = plugin_settings(Settings, pelican.settings, __name__)
    _build = Build(settings, _site_url(settings)) if settings else None
    if _build is None:
        return
    filters = dict(pelican.settings.get("JINJA_FILTERS", {}))
    filters["calendar_links"] = calendar_links
    pelican.settings["JINJA_FILTERS"] = filters


def _find_events(generators) -> tuple[list, datetime | None]:
    for generator in generators:
        context = getattr(generator, "context", {})
        if "events" in context:
            schedule = context.get("events_schedule")
            return list(context["events"]), getattr(schedule, "now", None)
    # Fallback: the events plugin's generator, whatever it put in the context.
    for generator in generators:
        if type(generator).__name__ == "EventsGenerator":
            models = getattr(generator, "event_models", None)
            if models is None:
                models = [getattr(item, "event", item) for item in getattr(generator, "events", [])]
            return list(models), None
    return [], None


def _build_time(settings: Settings, events_now: datetime | None) -> datetime:
    """DTSTAMP: the events plugin's "now" (SITE_NOW), so a rebuild is byte-identical."""
    if events_now is not None:
        return events_now
    return resolve_now(settings.site_now, ZoneInfo(settings.timezone or "Europe/London"))


FILTER_FEEDS = ("tag", "organiser", "access")  # the events plugin's filter pages that have a feed


def filter_slugs(event, kind: str, slugify: Slugify) -> list[tuple[str, str]]:
    """(slug, name) of each tag, organiser or access feature of the event, by the
    site's one slug rule, as the events plugin slugs its filter pages, so a feed
    and its page match."""
    if kind == "tag":
        pairs = [(slugify(tag), tag) for tag in event.tags]
    elif kind == "organiser":
        pairs = [(slugify(event.organiser.name), event.organiser.name)] if event.organiser else []
    else:
        pairs = [(feature.value, feature.label) for feature in event.access]
    found: dict[str, str] = {}
    for slug, name in pairs:
        if is_usable(slug):
            found.setdefault(slug, name)
    return list(found.items())


def collect_events(generators) -> None:
    """After every generator has read its content: note the events and give the
    templates the feeds' addresses (context is shared by all generators):
    calendar_feeds.all, and calendar_feeds.tag / .organiser / .access by filter slug."""
    if _build is None or not generators:
        return
    settings = _build.settings
    slugify = settings.rule(pelican_slugify)  # the site's one slug rule, so feed and page addresses match
    events, events_now = _find_events(generators)
    _build.events = events
    _build.now = _build_time(settings, events_now)
    sitename = settings.sitename
    name = settings.calendar_feed_name or f"{sitename} events"
    description = settings.calendar_feed_desc or f"Events from {sitename}. Updated when events change."
    feeds: dict = {"all": _feed_link(settings.calendar_feed_save_as, name, description)}
    titles = {"tag": (f"{name}: {{}}", f"{sitename} events about {{}}."),
              "organiser": (f"{name} by {{}}", f"{sitename} events run by {{}}."),
              "access": (f"{name} with {{}}", f"{sitename} events with {{}}.")}
    members: dict[tuple[str, str], list] = {}
    for kind in FILTER_FEEDS:
        feeds[kind] = {}
        save_as = getattr(settings, f"calendar_{kind}_feed_save_as")
        for event in events:
            # Names that slugify alike ("Health", "health") share one feed, as they share a page.
            for slug, label in filter_slugs(event, kind, slugify):
                if slug not in feeds[kind]:
                    feed_name, feed_description = (title.format(label) for title in titles[kind])
                    feeds[kind][slug] = _feed_link(save_as.format(slug=slug), feed_name, feed_description)
                members.setdefault((kind, slug), []).append(event)
    _build.feeds = feeds
    _build.members = members
    for generator in generators:
        generator.context["calendar_feeds"] = feeds


class CalendarFeedsGenerator(Generator):
    """Writes the .ics files in the output phase, after the events plugin has
    resolved {filename} links in event bodies."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        if _build is None or _build.events is None:
            return
        settings = _build.settings
        options = FeedOptions(
            uid_domain=settings.calendar_feed_domain,
            site_url=_build.site_url,
            build_time=_build.now,
            window_months=int(settings.calendar_feed_window_months),
            ttl=timedelta(hours=float(settings.calendar_feed_ttl_hours)),
            timezone=getattr(_build.now.tzinfo, "key", None) or "Europe/London",
        )
        feed_writer = FeedWriter(options)
        events = [event for event in _build.events if self._serialisable(feed_writer, event)]
        feeds = _build.feeds
        current = events_in_window(events, options)
        serialisable = {id(event) for event in events}

        def write(feed: dict, chosen: list) -> None:
            chosen = subscription_events(chosen, options, current)
            self._write_file(feed["path"], feed_writer.feed_bytes(chosen, feed["name"], feed["description"]))

        write(feeds["all"], events)
        for kind in FILTER_FEEDS:
            for slug, feed in sorted(feeds[kind].items()):
                write(feed, [event for event in _build.members[(kind, slug)] if id(event) in serialisable])
        for event in events:
            self._write_file(event_ics_path(event), feed_writer.event_file_bytes(event))

    def _serialisable(self, feed_writer: FeedWriter, event) -> bool:
        """An event the feeds cannot represent is reported, not a traceback."""
        try:
            feed_writer.event_lines(event)
            last_end(event)
        except (ValueError, TypeError, KeyError, OverflowError) as error:
            report_problem(event.source_path or event.slug,
                           what=f"The calendar feed could not include this event: {error}.",
                           fix="Check the start, end, repeat and exception dates.", key="repeat")
            return False
        return True

    def _write_file(self, path: str, data: bytes) -> None:
        target = os.path.join(self.output_path, *path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)


def get_generators(pelican):
    return CalendarFeedsGenerator if _build is not None else None


def register() -> None:
    signals.initialized.connect(start_build)
    signals.all_generators_finalized.connect(collect_events)
    signals.get_generators.connect(get_generators)
