"""Pelican plugin: iCalendar feeds of events (thin glue; the work is in serialise.py).

Writes events/calendar.ics (every event from CALENDAR_FEED_WINDOW_MONTHS ago on),
one feed per tag and per organiser, and one .ics beside each event page. Gives
templates the `calendar_links` filter (download, Google, Outlook.com and Microsoft
365 links for an event) and `calendar_feeds` in the context (subscribe URLs).

Events come from the events plugin: context["events"] (the Event objects), read
once all generators have their context. List this plugin after "events" and
before "host_config" (which gives every .ics file its text/calendar type).

Settings (all optional): CALENDAR_FEED_DOMAIN, CALENDAR_FEED_SITEURL,
CALENDAR_FEED_WINDOW_MONTHS, CALENDAR_FEED_TTL_HOURS, CALENDAR_FEED_NAME,
CALENDAR_FEED_DESC and the *_SAVE_AS paths in SETTING_DEFAULTS."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.generators import Generator

from coproweek.problems import report_problem

from coproweek.feeds import links
from coproweek.feeds.serialise import FeedOptions, FeedWriter, events_in_window, last_end

SETTING_DEFAULTS = {
    "CALENDAR_FEED_DOMAIN": "coproductionweek.org.uk",  # UIDs: <slug>@<domain>; never change it
    "CALENDAR_FEED_SITEURL": "",      # absolute site address for links in feeds; default SITEURL or https://<domain>
    "CALENDAR_FEED_WINDOW_MONTHS": 12,
    "CALENDAR_FEED_TTL_HOURS": 12,
    "CALENDAR_FEED_NAME": "",         # default "<SITENAME> events"
    "CALENDAR_FEED_DESC": "",
    "CALENDAR_FEED_SAVE_AS": "events/calendar.ics",
    "CALENDAR_TAG_FEED_SAVE_AS": "events/tags/{slug}.ics",
    "CALENDAR_ORGANISER_FEED_SAVE_AS": "events/organisers/{slug}.ics",
}

_build: dict = {}  # this build's settings, events and feed URLs (reset in `initialized`)


def _setting(settings, key: str):
    value = settings.get(key)
    return SETTING_DEFAULTS[key] if value is None or value == "" else value


def _site_url(settings) -> str:
    """Feeds and subscribe links need an absolute address even in a local build."""
    explicit = settings.get("CALENDAR_FEED_SITEURL") or ""
    site = settings.get("SITEURL") or ""
    if explicit:
        return explicit.rstrip("/")
    if site.startswith(("https://", "http://")):
        return site.rstrip("/")
    return f"https://{_setting(settings, 'CALENDAR_FEED_DOMAIN')}"


def _slugify(text: str) -> str:
    from coproweek.events.parse import slugify  # the events plugin's slugs, so feed and page paths match
    return slugify(text)


def event_ics_path(event) -> str:
    """events/<slug>/<slug>.ics beside the page events/<slug>/ (or its .html)."""
    url = event.url or f"events/{event.slug}/"
    folder = url if url.endswith("/") else url.rsplit("/", 1)[0] + "/"
    return f"{folder.lstrip('/')}{event.slug.rsplit('/', 1)[-1]}.ics"


def _feed_link(path: str, name: str) -> dict:
    https = f"{_build['site_url']}/{path}"
    return {"path": path, "https": https, "webcal": links.webcal_url(https),
            "google": links.google_subscribe_url(https), "name": name}


def calendar_links(event) -> dict:
    """Jinja filter: `{% set links = event | calendar_links %}`."""
    site_url = _build.get("site_url", "")
    return {
        "ics_path": event_ics_path(event),
        "google": links.google_calendar_url(event, site_url),
        "outlook_com": links.outlook_com_url(event, site_url),
        "microsoft_365": links.microsoft_365_url(event, site_url),
        "recurring": event.recurrence is not None,
        "cancelled": event.status.value == "cancelled",
    }


def start_build(pelican) -> None:
    _build.clear()
    settings = pelican.settings
    _build["site_url"] = _site_url(settings)
    filters = dict(settings.get("JINJA_FILTERS", {}))
    filters["calendar_links"] = calendar_links
    settings["JINJA_FILTERS"] = filters


def _find_events(generators) -> tuple[list, datetime | None]:
    for generator in generators:
        context = getattr(generator, "context", {})
        if "events" in context:
            return list(context["events"]), context.get("events_now")
    # Fallback: the events plugin's generator, whatever it put in the context.
    for generator in generators:
        if type(generator).__name__ == "EventsGenerator":
            models = getattr(generator, "event_models", None)
            if models is None:
                models = [getattr(item, "event", item) for item in getattr(generator, "events", [])]
            return list(models), None
    return [], None


def _build_time(settings, events_now: datetime | None) -> datetime:
    """DTSTAMP: the events plugin's "now" (SITE_NOW), so a rebuild is byte-identical."""
    if events_now is not None:
        return events_now
    from coproweek.events.listing import resolve_now
    return resolve_now(settings.get("SITE_NOW"), ZoneInfo(settings.get("TIMEZONE") or "Europe/London"))


def collect_events(generators) -> None:
    """After every generator has read its content: note the events and give the
    templates the feeds' addresses (context is shared by all generators)."""
    if not generators:
        return
    settings = generators[0].settings
    events, events_now = _find_events(generators)
    _build["events"] = events
    _build["now"] = _build_time(settings, events_now)
    name = _setting(settings, "CALENDAR_FEED_NAME") or f"{settings.get('SITENAME', 'Site')} events"
    feeds = {"all": _feed_link(_setting(settings, "CALENDAR_FEED_SAVE_AS"), name), "tags": {}, "organisers": {}}
    # Names that slugify alike ("Health", "health") share one feed, as they share a page.
    for event in events:
        for tag in event.tags:
            if _slugify(tag):
                path = _setting(settings, "CALENDAR_TAG_FEED_SAVE_AS").format(slug=_slugify(tag))
                feeds["tags"].setdefault(tag, _feed_link(path, f"{name}: {tag}"))
        if event.organiser and _slugify(event.organiser.name):
            organiser = event.organiser.name
            path = _setting(settings, "CALENDAR_ORGANISER_FEED_SAVE_AS").format(slug=_slugify(organiser))
            feeds["organisers"].setdefault(organiser, _feed_link(path, f"{name} by {organiser}"))
    _build["feeds"] = feeds
    for generator in generators:
        generator.context["calendar_feeds"] = feeds


def _by_path(feeds: dict[str, dict]) -> dict[str, tuple[dict, set[str]]]:
    """Feed path -> (its first feed entry, every name written to that path)."""
    grouped: dict[str, tuple[dict, set[str]]] = {}
    for key, feed in sorted(feeds.items()):
        grouped.setdefault(feed["path"], (feed, set()))[1].add(key)
    return grouped


class CalendarFeedsGenerator(Generator):
    """Writes the .ics files in the output phase, after the events plugin has
    resolved {filename} links in event bodies."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        if "events" not in _build:
            return
        settings = self.settings
        options = FeedOptions(
            uid_domain=_setting(settings, "CALENDAR_FEED_DOMAIN"),
            site_url=_build["site_url"],
            build_time=_build["now"],
            window_months=int(_setting(settings, "CALENDAR_FEED_WINDOW_MONTHS")),
            ttl=timedelta(hours=float(_setting(settings, "CALENDAR_FEED_TTL_HOURS"))),
        )
        feed_writer = FeedWriter(options)
        events = [event for event in _build["events"] if self._serialisable(feed_writer, event)]
        feeds = _build["feeds"]
        sitename = settings.get("SITENAME", "this site")
        description = _setting(settings, "CALENDAR_FEED_DESC") or f"Events from {sitename}. Updated when events change."
        current = events_in_window(events, options)
        self._write(feed_writer, feeds["all"], current, description)
        for path, (feed, tags) in _by_path(feeds["tags"]).items():
            self._write(feed_writer, feed, [e for e in current if tags.intersection(e.tags)],
                        f"{sitename} events about {feed['name'].rsplit(': ', 1)[-1]}.")
        for path, (feed, organisers) in _by_path(feeds["organisers"]).items():
            self._write(feed_writer, feed, [e for e in current if e.organiser and e.organiser.name in organisers],
                        f"{sitename} events run by {sorted(organisers)[0]}.")
        for event in events:
            self._write_file(event_ics_path(event), feed_writer.feed_bytes([event], event.title, event.summary or event.title))

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

    def _write(self, feed_writer: FeedWriter, feed: dict, events: list, description: str) -> None:
        self._write_file(feed["path"], feed_writer.feed_bytes(events, feed["name"], description))

    def _write_file(self, path: str, data: bytes) -> None:
        target = os.path.join(self.output_path, *path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)


def get_generators(pelican):
    return CalendarFeedsGenerator


def register() -> None:
    signals.initialized.connect(start_build)
    signals.all_generators_finalized.connect(collect_events)
    signals.get_generators.connect(get_generators)
