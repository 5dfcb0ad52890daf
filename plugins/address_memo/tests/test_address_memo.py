"""The memo gives Pelican's own addresses, however the page changes after it
was first asked, and is Pelican's formatting again in a build without it."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import address_memo
import pytest
from pelican.contents import Article, Content, Page, Static
from pelican.settings import read_settings
from pelican.urlwrappers import Author, Category
from pelican.utils import SafeDatetime

from coproweek.addresses import AddressMemo, comparable, fields_read

PATTERNS = {
    "ARTICLE_URL": "blog/{date:%Y}/{date:%m}/{slug}/",
    "ARTICLE_SAVE_AS": "blog/{date:%Y}/{date:%m}/{slug}/index.html",
    "ARTICLE_LANG_URL": "{lang}/blog/{date:%Y}/{slug}/",
    "ARTICLE_LANG_SAVE_AS": "{lang}/blog/{date:%Y}/{slug}/index.html",
    "DRAFT_URL": "drafts/{slug}/",
    "DRAFT_SAVE_AS": "drafts/{slug}/index.html",
    "PAGE_URL": "{slug}/",
    "PAGE_SAVE_AS": "{slug}/index.html",
    "DRAFT_PAGE_URL": "drafts/pages/{slug}/",
    "DRAFT_PAGE_SAVE_AS": "drafts/pages/{slug}/index.html",
    "STATIC_URL": "{path}",
    "STATIC_SAVE_AS": "{path}",
}


@pytest.fixture
def settings(tmp_path):
    (tmp_path / "content").mkdir()
    return read_settings(None, override={"PATH": str(tmp_path / "content"), "DEFAULT_LANG": "en", **PATTERNS})


@pytest.fixture
def memo(settings):
    address_memo.start(type("Pelican", (), {"settings": {**settings, "PLUGINS": ["address_memo"]}})())
    yield address_memo._build
    address_memo.start(type("Pelican", (), {"settings": {**settings, "PLUGINS": []}})())


def article(settings, **metadata):
    metadata = {"title": "A post", "date": SafeDatetime(2018, 4, 16, 9, 0), "slug": "a-post", **metadata}
    return Article("<p>Text.</p>", metadata=metadata, settings=settings,
                   source_path=f"{settings['PATH']}/blog/{metadata['slug']}.md")


def pelicans(content, key):
    """What Pelican itself makes of it, the memo out of the way."""
    memo_on = Content._expand_settings
    Content._expand_settings = address_memo._pelicans_own
    try:
        return getattr(content, key)
    finally:
        Content._expand_settings = memo_on


def both(content):
    return [(content.url, content.save_as), (pelicans(content, "url"), pelicans(content, "save_as"))]


def test_patterns_are_read_for_the_names_they_use():
    assert fields_read("blog/{date:%Y}/{date:%m}/{slug}/") == ("date", "slug")
    assert fields_read("{author.slug}/{tags[0]}/{title!s:>10}") == ("author", "tags", "title")
    assert fields_read("about/") == ()
    for unreadable in ("{0}/{slug}", "{}/x", "{date:{fmt}}", "{slug", "x}"):
        assert fields_read(unreadable) is None, unreadable


def test_values_equal_only_when_they_format_alike():
    assert len({comparable(1), comparable(1.0), comparable(True)}) == 3
    london = datetime.datetime(2018, 4, 16, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    utc = london.astimezone(datetime.timezone.utc)
    assert london == utc and comparable(london) != comparable(utc)  # 10:00 and 09:00 on the page
    assert comparable(SafeDatetime(2018, 4, 16)) != comparable(datetime.datetime(2018, 4, 16))
    assert comparable(["a"]) is None and comparable({"a": 1}) is None and comparable(object()) is None
    # A value that is only a fold apart (the hour the clocks go back) is another value.
    assert comparable(datetime.datetime(2018, 10, 28, 1, 30, fold=1)) != comparable(datetime.datetime(2018, 10, 28, 1, 30))


def test_an_address_is_formatted_once_then_remembered(settings, memo, monkeypatch):
    calls = []
    own = address_memo._pelicans_own
    monkeypatch.setattr(address_memo, "_pelicans_own", lambda *a: calls.append(a) or own(*a))
    post = article(settings)
    assert [post.url for _ in range(3)] == ["blog/2018/04/a-post/"] * 3
    assert len(calls) == 1 and memo.kept == 2
    twin = article(settings)  # another page with the same values: the same address, not formatted again
    assert twin.url == post.url and len(calls) == 1


def test_every_change_to_what_the_address_is_made_of_is_seen(settings, memo):
    post = article(settings)
    assert both(post)[0] == both(post)[1] == ("blog/2018/04/a-post/", "blog/2018/04/a-post/index.html")
    post.slug = "renamed"
    assert both(post)[0] == both(post)[1] == ("blog/2018/04/renamed/", "blog/2018/04/renamed/index.html")
    post.date = SafeDatetime(2019, 11, 2, 23, 30)
    assert both(post)[0] == both(post)[1] and post.url == "blog/2019/11/renamed/"
    post.status = "draft"
    assert both(post)[0] == both(post)[1] and post.url == "drafts/renamed/"
    post.status = "published"
    post.lang, post.in_default_lang = "cy", False  # a translation (Pelican sets both): the lang_ patterns
    assert both(post)[0] == both(post)[1] and post.url == "cy/blog/2019/renamed/"
    post.override_url = "elsewhere/"
    assert post.url == "elsewhere/" == pelicans(post, "url")


def test_the_same_instant_in_another_time_zone_is_another_address(settings, memo):
    late = article(settings, date=datetime.datetime(2018, 4, 30, 23, 30, tzinfo=ZoneInfo("Europe/London")))
    assert late.url == "blog/2018/04/a-post/"
    early = article(settings, date=late.date.astimezone(datetime.timezone(datetime.timedelta(hours=3))))
    assert early.date == late.date
    assert early.url == "blog/2018/05/a-post/" == pelicans(early, "url")


def test_patterns_reading_metadata_author_category_and_path(settings, memo):
    settings = {**settings, "ARTICLE_URL": "{category}/{author}/{title}/{path}"}
    post = article(settings, author=Author("Gary Hickey", settings), category=Category("News", settings))
    assert both(post)[0] == both(post)[1]
    assert post.url == "news/gary-hickey/A post/blog/a-post.md"
    post.author = Author("Pete Fleischmann", settings)
    post.metadata["title"] = "Renamed"
    post.category = Category("Events", settings)
    assert both(post)[0] == both(post)[1] and post.url == "events/pete-fleischmann/Renamed/blog/a-post.md"
    post.metadata["path"] = "moved/here.md"  # metadata path wins over the source path, as in Pelican
    assert both(post)[0] == both(post)[1] and post.url.endswith("/moved/here.md")


def test_what_cannot_be_compared_safely_is_formatted_every_time(settings, memo):
    settings = {**settings, "ARTICLE_URL": "{tags}/{slug}/", "PAGE_URL": "{date:%Y}/{slug}/"}
    post = article(settings, tags=["a", "b"])
    assert post.url == pelicans(post, "url") and post.url == post.url
    post.metadata["tags"].append("c")  # a list changed in place: a memo keyed on it would go stale
    assert "'c'" in post.url and post.url == pelicans(post, "url")
    assert memo.kept == 0
    page = Page("<p>x</p>", metadata={"title": "About", "slug": "about"}, settings=settings,
                source_path=f"{settings['PATH']}/pages/about.md")
    assert not hasattr(page, "date")  # Pelican formats the time of asking: never kept
    assert page.url == f"{datetime.datetime.now():%Y}/about/" and memo.kept == 0
    missing = {**settings, "ARTICLE_URL": "{nowhere}/{slug}/"}
    with pytest.raises(KeyError, match="nowhere"):  # Pelican's own error, as without the memo
        article(missing).url


def test_pages_drafts_and_static_files(settings, memo):
    page = Page("<p>x</p>", metadata={"title": "About", "slug": "about"}, settings=settings,
                source_path=f"{settings['PATH']}/pages/about.md")
    assert both(page)[0] == both(page)[1] == ("about/", "about/index.html")
    page.status = "draft"
    assert both(page)[0] == both(page)[1] == ("drafts/pages/about/", "drafts/pages/about/index.html")
    image = Static("", metadata={"title": "photo"}, settings=settings,
                   source_path=f"{settings['PATH']}/images/photo one.jpg")
    assert both(image)[0] == both(image)[1] == ("images/photo one.jpg", "images/photo one.jpg")


def test_another_locale_is_another_address(settings, memo, monkeypatch):
    post = article(settings)
    assert post.url == "blog/2018/04/a-post/"
    monkeypatch.setattr(address_memo.locale, "setlocale", lambda *_: "cy_GB.UTF-8")
    before = memo.worked_out
    assert post.url == "blog/2018/04/a-post/" and memo.worked_out == before + 1


def test_a_build_without_the_plugin_gets_pelicans_formatting_back(settings):
    address_memo.start(type("Pelican", (), {"settings": {**settings, "PLUGINS": ["address_memo"]}})())
    assert Content._expand_settings is address_memo._remembered_expand_settings
    first = address_memo._build
    address_memo.start(type("Pelican", (), {"settings": {**settings, "PLUGINS": ["address_memo"]}})())
    assert address_memo._build is not first  # each build its own memo
    address_memo.start(type("Pelican", (), {"settings": {**settings, "PLUGINS": ["events"]}})())
    assert Content._expand_settings is address_memo._pelicans_own and address_memo._build is None


def test_the_memo_counts_and_never_keeps_what_it_was_told_not_to():
    memo = AddressMemo()
    made = iter(["one", "two", "three"])
    assert memo.address("p", ("v",), lambda: next(made)) == "one"
    assert memo.address("p", ("v",), lambda: next(made)) == "one"
    assert memo.address("p", None, lambda: next(made)) == "two"
    assert memo.address("p", ("w",), lambda: next(made)) == "three"
    assert (memo.kept, memo.worked_out) == (1, 3)


def test_the_memo_is_let_go_of_once_the_pages_are_written(settings, memo):
    post = article(settings)
    assert post.url and address_memo._build.worked_out == 1
    address_memo.let_go(None)
    assert address_memo._build is not memo and address_memo._build.worked_out == 0
    assert post.url == "blog/2018/04/a-post/" and address_memo._build.worked_out == 1  # formatted afresh
