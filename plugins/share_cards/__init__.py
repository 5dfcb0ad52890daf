"""Pelican plugin: share cards. Every post, page and event gets a 1200×630
Open Graph / Twitter card image (card.py) and the attributes the
partials/social_meta.html template reads:

    share_card_url, share_card_alt, share_card_width, share_card_height, share_url

Home and list pages use SHARE_CARD_DEFAULT (a dict with the same keys, set
here). Cards are drawn only when their inputs change (cache/cards/).

Settings (all optional): SHARE_CARD_STYLESHEET (theme/static/css/main.css),
SHARE_CARD_BACKGROUND_PROPERTY ("--colour-brand"), SHARE_CARD_TEXT_PROPERTY
("--colour-brand-text"), SHARE_CARD_CAMPAIGN (SITENAME), CAMPAIGN_HASHTAG,
SHARE_CARD_CACHE_PATH (cache/cards beside the content folder)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals

from coproweek.problems import report_problem

from coproweek.images.card import HEIGHT, WIDTH, CardCache, CardProblem, CardStyle, CardText, card_relpath
from coproweek.images.theme_colours import root_custom_properties

logger = logging.getLogger(__name__)


class CardMaker:
    """One build's cards: the style read from the theme, the cache, and what
    to publish at the end."""

    def __init__(self, settings: dict) -> None:
        content_path = Path(settings["PATH"]).resolve()
        self.workers = int(settings.get("SHARE_CARD_WORKERS") or min(4, os.cpu_count() or 1))
        self.cache = CardCache(Path(settings.get("SHARE_CARD_CACHE_PATH") or content_path.parent / "cache" / "cards"))
        self.site_url = (settings.get("SITEURL") or "").rstrip("/")
        self.campaign = settings.get("SHARE_CARD_CAMPAIGN", settings.get("SITENAME", ""))
        self.hashtag = settings.get("CAMPAIGN_HASHTAG", "")
        self.stylesheet = Path(settings.get("SHARE_CARD_STYLESHEET")
                               or Path(settings.get("THEME", "theme")) / "static" / "css" / "main.css")
        properties = root_custom_properties(self.stylesheet) if self.stylesheet.is_file() else {}
        self.style = CardStyle(
            background=properties.get(settings.get("SHARE_CARD_BACKGROUND_PROPERTY", "--colour-brand"), "#3d1f5c"),
            text=properties.get(settings.get("SHARE_CARD_TEXT_PROPERTY", "--colour-brand-text"), "#ffffff"),
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


_maker: CardMaker | None = None


def _plain(text) -> str:
    """Titles may hold inline markup (e.g. <em>); cards show the words."""
    from markupsafe import Markup

    return Markup(str(text or "")).striptags()


def _attach(target, values: dict) -> None:
    for name, value in values.items():
        setattr(target, name, value)


def _card_problem(error: CardProblem) -> None:
    report_problem(str(_maker.stylesheet if _maker else "pelicanconf.py"), f"{error}",
                   "use an opaque colour with at least 7:1 contrast, or set SHARE_CARD_* in pelicanconf.py.")


def start(pelican) -> None:
    global _maker
    _maker = CardMaker(pelican.settings)
    try:
        # Home and list pages; the context is copied from the settings after this.
        pelican.settings["SHARE_CARD_DEFAULT"] = _maker.card(
            "", pelican.settings.get("SITENAME", ""), pelican.settings.get("SITE_TAGLINE", ""))
    except CardProblem as error:
        _card_problem(error)


def _content_card(content) -> None:
    date = getattr(content, "locale_date", "") if getattr(content, "date", None) else ""
    try:
        _attach(content, _maker.card(content.url, _plain(content.title), date))
    except CardProblem as error:
        _card_problem(error)


def cards_for_articles(generator) -> None:
    if _maker is None:
        return
    for article in [*generator.articles, *generator.translations, *generator.drafts,
                    *getattr(generator, "drafts_translations", [])]:
        _content_card(article)


def cards_for_pages(generator) -> None:
    if _maker is None:
        return
    for page in [*generator.pages, *generator.translations, *generator.hidden_pages,
                 *getattr(generator, "hidden_translations", []), *getattr(generator, "draft_pages", []),
                 *getattr(generator, "draft_translations", [])]:
        _content_card(page)


def cards_for_events(generators) -> None:
    """Events (the events plugin's generator.events: pages with an .event)
    get the date, time and place on their card."""
    if _maker is None:
        return
    for generator in generators:
        for page in getattr(generator, "events", None) or []:
            event = getattr(page, "event", None)
            if event is None:
                continue
            try:
                values = _maker.card(event.url or page.url, _plain(event.title), _event_when(event),
                                     (getattr(event, "place", ""),))
            except CardProblem as error:
                _card_problem(error)
                continue
            _attach(page, values)
            _attach(event, values)  # templates see the Event as `event`


def _event_when(event) -> str:
    from coproweek.events import timefmt  # the events plugin's wording of dates and times

    when = timefmt.when(event.start, event.end)
    if getattr(event, "is_called_off", False):
        when = f"{event.status.value.capitalize()}: {when}"
    return when


def cards_for_events_then_draw(generators) -> None:
    """all_generators_finalized: with every card known, the new ones are drawn
    in worker processes while Pelican writes the pages; `finalized` waits for
    them and publishes them, before the audit and link checks run."""
    cards_for_events(generators)
    if _maker is not None and generators:
        _maker.cache.start_drawing(_maker.workers)


def publish_cards(pelican) -> None:
    if _maker is None:
        return
    _maker.cache.publish(pelican.output_path, _maker.workers)
    logger.info("Share cards: %d drawn, %d reused", _maker.cache.drawn, _maker.cache.hits)


def register() -> None:
    signals.initialized.connect(start)
    signals.article_generator_finalized.connect(cards_for_articles)
    signals.page_generator_finalized.connect(cards_for_pages)
    signals.all_generators_finalized.connect(cards_for_events_then_draw)
    signals.finalized.connect(publish_cards)
