"""Pelican plugin: share cards. Every post, page and event gets a 1200×630
Open Graph / Twitter card image (card.py) and the attributes the
partials/social_meta.html template reads:

    share_card_url, share_card_alt, share_card_width, share_card_height, share_url

Home and list pages use SHARE_CARD_DEFAULT (a dict with the same keys, set
here). Cards are drawn only when their inputs change (cache/cards/).
Its settings, all optional, are in `Settings` below."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from coproweek.build_cache import project_cache
from coproweek.config import plugin_settings, worker_count
from coproweek.events import timefmt
from coproweek.images.card import HEIGHT, WIDTH, CardCache, CardProblem, CardStyle, CardText, card_relpath
from coproweek.images.theme_colours import root_custom_properties
from coproweek.problems import report_problem

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    path: str                            # Pelican's content folder
    theme: str                           # Pelican's theme folder
    sitename: str                        # Pelican's; the campaign named on cards by default
    siteurl: str = ""                    # Pelican's; cards need absolute addresses when it is set
    site_tagline: str = ""               # the home page card's second line
    campaign_hashtag: str = ""
    share_card_campaign: str | None = None      # default: SITENAME
    share_card_stylesheet: str = ""      # default: the theme's static/css/main.css
    share_card_background_property: str = "--colour-brand"
    share_card_text_property: str = "--colour-brand-text"
    share_card_cache_path: str = ""      # default: cache/cards beside the content folder
    share_card_workers: int = 0          # 0: the number of CPUs, at most 4


class CardMaker:
    """One build's cards: the style read from the theme, the cache, and what
    to publish at the end."""

    def __init__(self, settings: Settings) -> None:
        content_path = Path(settings.path).resolve()
        self.workers = worker_count(settings.share_card_workers)
        self.cache = CardCache(project_cache(content_path, "cards", settings.share_card_cache_path))
        self.site_url = settings.siteurl.rstrip("/")
        self.campaign = settings.sitename if settings.share_card_campaign is None else settings.share_card_campaign
        self.hashtag = settings.campaign_hashtag
        self.stylesheet = Path(settings.share_card_stylesheet or Path(settings.theme) / "static" / "css" / "main.css")
        properties = root_custom_properties(self.stylesheet) if self.stylesheet.is_file() else {}
        self.style = CardStyle(
            background=properties.get(settings.share_card_background_property, "#3d1f5c"),
            text=properties.get(settings.share_card_text_property, "#ffffff"),
        )

    def absolute(self, url: str) -> str:
        """Absolute when SITEURL is set (social sites need that), else from the site root."""
        return f"{self.site_url}/{url.lstrip('/')}" if self.site_url else f"/{url.lstrip('/')}"

    def card(self, page_url: str, title: str, date: str = "", details: tuple[str, ...] = ()) -> dict:
        text = CardText(title=title, date=date, details=tuple(d for d in details if d),
                        campaign=self.campaign, hashtag=self.hashtag)
        relpath = card_relpath(page_url)
        self.cache.card_for(relpath, text, self.style)
        return {
            "share_card_url": self.absolute(relpath),
            "share_card_alt": text.alt_text(),
            "share_card_width": WIDTH,
            "share_card_height": HEIGHT,
            "share_url": self.absolute(page_url),
        }


_build: CardMaker | None = None  # this build's state; None in a build that does not list the plugin


def _plain(text) -> str:
    """Titles may hold inline markup (e.g. <em>); cards show the words."""
    return Markup(str(text or "")).striptags()


def _attach(target, values: dict) -> None:
    for name, value in values.items():
        setattr(target, name, value)


def _card_problem(error: CardProblem) -> None:
    report_problem(str(_build.stylesheet if _build else "pelicanconf.py"), f"{error}",
                   "use an opaque colour with at least 7:1 contrast, or set SHARE_CARD_* in pelicanconf.py.")


def start(pelican) -> None:
    global _build
    settings = plugin_settings(Settings, pelican.settings, __name__)
    _build = CardMaker(settings) if settings else None
    if _build is None:
        return
    try:
        # Home and list pages; the context is copied from the settings after this.
        pelican.settings["SHARE_CARD_DEFAULT"] = _build.card("", settings.sitename, settings.site_tagline)
    except CardProblem as error:
        _card_problem(error)


def _content_card(content) -> None:
    date = timefmt.long_date(content.date, weekday=False) if getattr(content, "date", None) else ""
    try:
        _attach(content, _build.card(content.url, _plain(content.title), date))
    except CardProblem as error:
        _card_problem(error)


def cards_for_articles(generator) -> None:
    if _build is None:
        return
    for article in [*generator.articles, *generator.translations, *generator.drafts,
                    *getattr(generator, "drafts_translations", [])]:
        _content_card(article)


def cards_for_pages(generator) -> None:
    if _build is None:
        return
    for page in [*generator.pages, *generator.translations, *generator.hidden_pages,
                 *getattr(generator, "hidden_translations", []), *getattr(generator, "draft_pages", []),
                 *getattr(generator, "draft_translations", [])]:
        _content_card(page)


def cards_for_events(generators) -> None:
    """Events (the events plugin's generator.events: pages with an .event)
    get the date, time and place on their card."""
    if _build is None:
        return
    for generator in generators:
        for page in getattr(generator, "events", None) or []:
            event = getattr(page, "event", None)
            if event is None:
                continue
            try:
                values = _build.card(event.url or page.url, _plain(event.title), _event_when(event),
                                     (getattr(event, "place", ""),))
            except CardProblem as error:
                _card_problem(error)
                continue
            _attach(page, values)
            _attach(event, values)  # templates see the Event as `event`


def _event_when(event) -> str:
    when = timefmt.when(event.start, event.end)
    if getattr(event, "is_called_off", False):
        when = f"{event.status.value.capitalize()}: {when}"
    return when


def cards_for_events_then_draw(generators) -> None:
    """all_generators_finalized: with every card known, the new ones are drawn
    in worker processes while Pelican writes the pages; `finalized` waits for
    them and publishes them, before the audit and link checks run."""
    cards_for_events(generators)
    if _build is not None and generators:
        _build.cache.start_drawing(_build.workers)


def publish_cards(pelican) -> None:
    if _build is None:
        return
    _build.cache.publish(pelican.output_path, _build.workers)
    logger.info("Share cards: %d drawn, %d reused", _build.cache.drawn, _build.cache.hits)


def register() -> None:
    signals.initialized.connect(start)
    signals.article_generator_finalized.connect(cards_for_articles)
    signals.page_generator_finalized.connect(cards_for_pages)
    signals.all_generators_finalized.connect(cards_for_events_then_draw)
    signals.finalized.connect(publish_cards)
