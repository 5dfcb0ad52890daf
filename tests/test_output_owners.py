"""Every output path has exactly one owner. A post's or page's Save_as / URL
that would land on something the site writes itself (a feed, the home page,
a list, the theme's styles, the host's files, an event list, a static file)
fails the build naming the file, the line and the address, before anything
is written; nothing blames "the site builder" or "the theme"."""

import pytest

from coproweek.problems import BuildFailed
from sitekit.build import build_site
from tests.test_content_errors import GOOD_POST, make_content

BAD = GOOD_POST.replace("Title: A good post", "Title: Bad\n{lines}")


def report_for(tmp_path, lines: str, **overrides) -> str:
    content = make_content(tmp_path, {"good.md": GOOD_POST, "bad.md": BAD.format(lines=lines)})
    (content / "extra").mkdir()
    (content / "extra" / "partner.html").write_text("<p>A partner's verification page</p>")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output", SITE_NOW="2018-06-20", **overrides)
    report = failure.value.report
    assert "site builder" not in report and "from the theme" not in report
    assert not (tmp_path / "output").exists()
    return report


@pytest.mark.parametrize("lines, expected", [
    # The examples: a feed and an image replaced by an HTML page.
    ("Save_as: feeds/all.atom.xml", "line 2: this page would be published at /feeds/all.atom.xml, which is the Atom feed of all posts."),
    ("Save_as: images/around-the-table.jpg\nURL: images/around-the-table.jpg",
     "line 2: the page would be written as '/images/around-the-table.jpg', but a page is HTML"),
    # Members of the class the issue did not name.
    ("Save_as: index.html\nURL: index.html", "line 2: this page would be published at /, which is the home page."),
    ("Save_as: _headers", "line 2: this page would be published at /_headers, which is the security headers file"),
    ("Save_as: .htaccess", "line 2: this page would be published at /.htaccess, which is the security headers file for Apache"),
    ("Save_as: 404.html\nURL: 404.html", "line 2: this page would be published at /404.html, which is the page shown"),
    ("Save_as: theme/css/main.css", "line 2: this page would be published at /theme/css/main.css, which is the folder of the site's styles"),
    ("Save_as: tags/index.html\nURL: tags/", "line 2: this page would be published at /tags/, which is the list of topics."),
    ("Save_as: blog/page/2/index.html\nURL: blog/page/2/", "line 2: this page would be published at /blog/page/2/, which is the later pages of the blog's list of posts"),
    ("Save_as: feeds/tags/co-production.atom.xml", "which is the Atom feed of posts tagged 'co-production'."),
    ("Save_as: authors/pete-fleischmann/index.html\nURL: authors/pete-fleischmann/", "which is the list of posts by 'Pete Fleischmann'."),
    ("Save_as: blog/2018/index.html\nURL: blog/2018/", "which is the blog archive for 2018."),
    ("Save_as: cards/blog.html\nURL: cards/blog.html", "which is the folder of share card images"),
    ("Save_as: admin/index.html\nURL: admin/", "which is the folder of the browser editor"),
    ("Save_as: extra/partner.html\nURL: extra/partner.html", "this file and partner.html would both be published at /extra/partner.html."),
    ("Save_as: blog/2018/04/a-good-post/index.html/x/index.html\nURL: blog/2018/04/a-good-post/index.html/x/",
     "which is the page of good.md (at /blog/2018/04/a-good-post/index.html)."),
    # URL and Save_as that disagree: every link would lead to the feed.
    ("URL: feeds/all.atom.xml", "line 2: the page's links would go to '/feeds/all.atom.xml' but the page is written at '/blog/2018/04/bad/index.html'"),
    ("Save_as: elsewhere/index.html", "line 2: the page's links would go to '/blog/2018/04/bad/' but the page is written at '/elsewhere/index.html'"),
])
def test_a_page_cannot_take_an_address_the_site_owns(tmp_path, lines, expected):
    report = report_for(tmp_path, lines)
    assert "content/blog/bad.md, " in report and expected in report, report


def test_a_page_cannot_take_an_events_list_address(tmp_path):
    from plugins.events.tests.site_build import plugins_with_events

    content = make_content(tmp_path, {"good.md": GOOD_POST, "bad.md": BAD.format(lines="Save_as: events/past/index.html\nURL: events/past/")})
    (content / "events").mkdir()
    (content / "events" / "talk.md").write_text(
        "title: Talk\nstart: 2018-07-03 10:00\nend: 2018-07-03 11:00\nattendance: online\n"
        "joining-link: https://www.scie.org.uk/join\ntags: health\n\nBody.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output", SITE_NOW="2018-06-20", PLUGINS=plugins_with_events())
    assert "content/blog/bad.md, line 2: this page would be published at /events/past/, which is the list of past events." \
        in failure.value.report


def test_a_page_at_an_address_of_its_own_builds(tmp_path):
    content = make_content(tmp_path, {"good.md": GOOD_POST, "bad.md": BAD.format(lines="Save_as: our-story/index.html\nURL: our-story/")})
    build_site(content, tmp_path / "output", SITE_NOW="2018-06-20")
    assert "Bad" in (tmp_path / "output" / "our-story" / "index.html").read_text(encoding="utf-8")
