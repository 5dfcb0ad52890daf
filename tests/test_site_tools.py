"""The helpers that decide which pages the site-wide tests look at."""

import pytest

from tests.browser.site_browser import template_of
from tests.site_tools import SiteBuildFailed, build_real_site, built_pages, page_file, runs_javascript


def test_built_pages_lists_every_html_file_as_its_url(tmp_path):
    for name in ["index.html", "blog/index.html", "blog/2018/04/post/index.html", "404.html",
                 "theme/css/main.css", "feeds/all.atom.xml"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert built_pages(tmp_path) == ["/404.html", "/blog/2018/04/post/", "/blog/", "/"]
    assert [page_file(tmp_path, path).relative_to(tmp_path).as_posix() for path in built_pages(tmp_path)] == [
        "404.html", "blog/2018/04/post/index.html", "blog/index.html", "index.html"]


def test_every_kind_of_page_is_recognised_by_its_url():
    assert {path: template_of(path) for path in [
        "/", "/about/", "/blog/", "/blog/page/2/", "/blog/2018/", "/blog/archive/",
        "/blog/2018/04/co-production-not-rocket-science/", "/tags/", "/tags/research/",
        "/tags/research/page/3/", "/authors/", "/authors/gary-hickey/", "/events/", "/events/past/",
        "/events/2018/06/", "/events/network-meet-up-2027/", "/events/access/bsl/",
        "/events/organisers/scie/", "/events/tags/leeds/", "/404.html",
    ]} == {
        "/": "home", "/about/": "page", "/blog/": "blog index", "/blog/page/2/": "list, later page",
        "/blog/2018/": "blog year archive", "/blog/archive/": "blog archive",
        "/blog/2018/04/co-production-not-rocket-science/": "article", "/tags/": "tags index",
        "/tags/research/": "tag", "/tags/research/page/3/": "list, later page", "/authors/": "authors index",
        "/authors/gary-hickey/": "author", "/events/": "events index", "/events/past/": "past events",
        "/events/2018/06/": "events in a month", "/events/network-meet-up-2027/": "event",
        "/events/access/bsl/": "events by access provision", "/events/organisers/scie/": "events by organiser",
        "/events/tags/leeds/": "events by tag", "/404.html": "standalone HTML file",
    }


def test_a_new_kind_of_page_is_grouped_by_the_shape_of_its_url():
    assert template_of("/events/venues/leeds-town-hall/") == "other: /events/venues/*/"
    assert template_of("/events/venues/leeds-town-hall/rooms/") == "other: /events/venues/leeds-town-hall/*/"
    assert template_of("/press/2018/07/release/") == "other: /press/*/*/*/"


@pytest.mark.parametrize(
    ("html", "runs"),
    [
        ('<script type="application/ld+json">{"@type": "Event"}</script><p>Hi</p>', False),
        ("<p>No scripts at all</p>", False),
        ("<script>document.title = 'x'</script>", True),
        ('<script type="module" src="/app.js"></script>', True),
        ('<script type="text/javascript">1</script>', True),
        ("<button onclick=\"go()\">Go</button>", True),
        ('<a href=" JavaScript:go()">Go</a>', True),
        ("<noscript><p>Turn on JavaScript</p></noscript>", True),
    ],
)
def test_pages_that_run_javascript_are_recognised(tmp_path, html, runs):
    page = tmp_path / "index.html"
    page.write_text(f"<!DOCTYPE html><html><body>{html}</body></html>")
    assert runs_javascript(page) is runs


def test_a_build_with_content_problems_fails_with_the_authors_report(tmp_path):
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    (content / "blog" / "undated.md").write_text("Title: No date here\n\nA post without a date.\n")
    with pytest.raises(SiteBuildFailed) as failure:
        build_real_site(tmp_path / "output", PATH=str(content))
    report = str(failure.value)
    assert report.startswith("The site was not built: ")
    assert "undated.md" in report
    assert "Traceback" not in report
