"""Whole builds with share cards: the meta tags on posts, pages, events and
list pages, the card files they point at, and no drawing on a second build."""

from __future__ import annotations

import shutil
from pathlib import Path
from unittest import mock

import pytest
from lxml import html
from PIL import Image

import share_cards
from coproweek.images import card
from sitekit.build import ROOT, build_site

pytestmark = pytest.mark.slow

PLUGINS = ["build_problems", "atomic_output", "author_profiles", "events", "share_cards"]
POST = """Title: Co-production: <em>not</em> rocket science?
Date: 2018-04-16 09:00
Author: Pete Fleischmann
Summary: Why most services are still not co-produced.

Text.
"""
PAGE = """Title: About the week

Text.
"""


def make_site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    for folder in ("blog", "pages", "events"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "content" / "authors.toml", content / "authors.toml")
    shutil.copy(ROOT / "content" / "events" / "co-production-festival-2018.md", content / "events")
    (content / "blog" / "post.md").write_text(POST, encoding="utf-8")
    (content / "pages" / "about.md").write_text(PAGE, encoding="utf-8")
    return content


def build(tmp_path: Path, **settings) -> Path:
    build_site(tmp_path / "content", tmp_path / "output", SITE_NOW="2018-06-20", PLUGINS=PLUGINS,
               SHARE_CARD_CACHE_PATH=str(tmp_path / "cache" / "cards"), **settings)
    return tmp_path / "output"


@pytest.fixture
def built(tmp_path) -> Path:
    make_site(tmp_path)
    return build(tmp_path)


def meta(page_path: Path) -> dict[str, str]:
    root = html.parse(str(page_path)).getroot()
    return {(m.get("property") or m.get("name")): m.get("content")
            for m in root.iterfind(".//head/meta") if (m.get("property") or m.get("name") or "").startswith(("og:", "twitter:"))}


def assert_card(output: Path, tags: dict[str, str]) -> None:
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:image"] == tags["twitter:image"]
    assert tags["og:image:alt"] == tags["twitter:image:alt"] and tags["og:image:alt"]
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    with Image.open(output / tags["og:image"].lstrip("/")) as image:
        assert image.size == (1200, 630)


def test_post_page_event_and_home_carry_card_tags(built):
    post = meta(built / "blog/2018/04/co-production-not-rocket-science/index.html")
    assert_card(built, post)
    assert post["og:type"] == "article"
    assert post["og:title"] == "Co-production: not rocket science?"
    assert post["og:description"] == "Why most services are still not co-produced."
    assert post["og:image"] == "/cards/blog/2018/04/co-production-not-rocket-science.png"
    assert post["og:image:alt"] == ("Co-production: not rocket science? 16 April 2018. "
                                    "National Co-production Week #coproweek.")
    assert post["og:url"] == "/blog/2018/04/co-production-not-rocket-science/"

    page = meta(built / "about-the-week/index.html")
    assert_card(built, page)
    assert page["og:type"] == "website" and page["og:image"] == "/cards/about-the-week.png"

    event = meta(built / "events/co-production-festival-2018/index.html")
    assert_card(built, event)
    assert event["og:image:alt"].startswith("Co-production Festival 2018. Tuesday 3 July 2018, 10am to 4pm (BST). "
                                            "Riverside Community Conference Centre, SE1 7ZZ.")

    for listing in ("index.html", "blog/index.html", "events/index.html"):
        tags = meta(built / listing)
        assert_card(built, tags)
        assert tags["og:image"] == "/cards/home.png"


def test_urls_are_absolute_when_siteurl_is_set(tmp_path):
    make_site(tmp_path)
    output = build(tmp_path, SITEURL="https://www.coproductionweek.org.uk", RELATIVE_URLS=False)
    post = meta(output / "blog/2018/04/co-production-not-rocket-science/index.html")
    assert post["og:image"] == "https://www.coproductionweek.org.uk/cards/blog/2018/04/co-production-not-rocket-science.png"
    assert post["og:url"] == "https://www.coproductionweek.org.uk/blog/2018/04/co-production-not-rocket-science/"


def test_second_build_draws_no_card_and_a_changed_title_draws_one(built, tmp_path):
    with mock.patch.object(card, "render", side_effect=AssertionError("a card was drawn")):
        build(tmp_path)
    assert share_cards._build.cache.drawn == 0 and share_cards._build.cache.hits >= 4

    post = tmp_path / "content" / "blog" / "post.md"
    post.write_text(POST.replace("rocket science", "brain surgery"), encoding="utf-8")
    build(tmp_path)
    assert share_cards._build.cache.drawn == 1
