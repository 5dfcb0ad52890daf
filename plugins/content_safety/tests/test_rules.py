import lxml.html
import pytest

from coproweek.checks.content_safety import add_noopener, find_unsafe_markup


def problems(html, **kwargs):
    return [p.what for p in find_unsafe_markup(html, **kwargs)]


@pytest.mark.parametrize("html", [
    "<p>Plain <strong>text</strong> with <a href='https://example.org/'>a link</a>.</p>",
    "<table><tr><th scope='col'>A</th></tr></table>",
    "<details><summary>More</summary><p>Hidden</p></details>",
    "<iframe src='https://www.youtube-nocookie.com/embed/x' title='Webinar recording'></iframe>",
    "<p>The word javascript: in text is fine, and so is onion.</p>",
    "",
])
def test_safe_html_passes(html):
    assert problems(html) == []


@pytest.mark.parametrize("html, expected", [
    ("<script>alert(1)</script>", "<script>"),
    ("<p>x</p><SCRIPT src='https://evil.example/x.js'></SCRIPT>", "<script>"),
    ("<img src='x.jpg' alt='' onerror='alert(1)'>", "onerror="),
    ("<a href='#' ONCLICK='steal()'>x</a>", "onclick="),
    ("<a href='javascript:alert(1)'>x</a>", "'javascript:'"),
    ("<a href=' JaVa\tScript:alert(1)'>x</a>", "runs code"),
    ("<a href='data:text/html,<script>alert(1)</script>'>x</a>", "runs code"),
    ("<iframe src='https://evil.example/frame'></iframe>", "evil.example"),
    ("<iframe srcdoc='<script>alert(1)</script>'></iframe>", "not on the list"),
    ("<embed src='https://www.youtube-nocookie.com/x.swf'>", "<embed>"),
    ("<object data='movie.swf'></object>", "<object>"),
])
def test_unsafe_html_is_reported(html, expected):
    found = problems(html)
    assert found and any(expected in what for what in found), found


def test_iframe_hosts_are_configurable():
    html = "<iframe src='https://video.partner.example/embed/1' title='x'></iframe>"
    assert problems(html)
    assert problems(html, iframe_hosts=("video.partner.example",)) == []


def test_external_links_get_noopener_and_internal_do_not():
    html = add_noopener("<p><a href='https://example.org/'>out</a> <a href='/events/'>in</a> "
                        "<a href='https://www.coproductionweek.org.uk/about/'>own</a> "
                        "<a href='https://x.example/' rel='external'>x</a></p>",
                        {"www.coproductionweek.org.uk"})
    links = {a.text: a.get("rel") for a in lxml.html.fromstring(html).iter("a")}
    assert links == {"out": "noopener", "in": None, "own": None, "x": "external noopener"}


def test_html_without_external_links_is_returned_unchanged():
    html = "<p>Text &amp; <a href='/x/'>link</a></p>"
    assert add_noopener(html) is html
