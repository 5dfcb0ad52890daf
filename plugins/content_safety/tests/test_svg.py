import pytest

from coproweek.checks.static_files import static_file_problems
from coproweek.checks.svg import svg_problems

HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
        b'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n')


def svg(body: bytes) -> bytes:
    return HEAD + body + b"\n</svg>\n"


def test_a_drawing_program_export_passes():
    # What Inkscape and Illustrator write: their own namespaces, gradients,
    # a <style> with classes, internal references, a link to a web page.
    drawing = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
               b' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge'
               b'.net/DTD/sodipodi-0.dtd" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" inkscape:version="1.3">\n'
               b'<sodipodi:namedview id="n" pagecolor="#ffffff"/><metadata><rdf:RDF/></metadata>\n'
               b'<defs><linearGradient id="g"><stop offset="0" style="stop-color:#fff;stop-opacity:1"/></linearGradient>'
               b'<filter id="f"><feGaussianBlur stdDeviation="2"/></filter><clipPath id="c"><rect width="5" height="5"/></clipPath></defs>\n'
               b'<style>.a { fill: url(#g); } @media (prefers-color-scheme: dark) { .a { fill: #000 } }</style>\n'
               b'<title>Co-production Week logo</title><desc>A circle of hands</desc>\n'
               b'<g inkscape:label="Layer 1" clip-path="url(#c)"><path class="a" d="M0 0h5v5z" filter="url(#f)"/>'
               b'<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'
               b'<a href="https://www.scie.org.uk/"><text x="1" y="9">SCIE</text></a></g>\n</svg>\n')
    assert svg_problems(drawing) == []


@pytest.mark.parametrize("body, line, expected", [
    (b'<script>alert(1)</script>', 3, "the <script> element runs code"),
    (b'<rect/>\n<rect onclick="alert(1)"/>', 4, "the attribute onclick= on <rect> runs code"),
    (b'<a xlink:href="javascript:alert(1)"><rect/></a>', 3, "starts with 'javascript:'"),
    (b'<a href=" java\tscript:alert(1)"><rect/></a>', 3, "starts with 'javascript:'"),
    (b'<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><p>x</p></body></foreignObject>', 3, "<foreignObject>"),
    (b'<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', 3, "the <script> element runs code"),
    (b'<a><set attributeName="href" to="javascript:alert(1)"/><rect/></a>', 3, "the <set> element"),
    (b'<animate attributeName="onbegin" values="alert(1)"/>', 3, "the <animate> element"),
    (b'<image href="https://tracker.example/pixel.png"/>', 3, "loads 'https://tracker.example/pixel.png'"),
    (b'<image href="data:image/svg+xml;base64,PHN2Zz4="/>', 3, "starts with 'data:'"),
    (b'<use href="other.svg#icon"/>', 3, "loads 'other.svg#icon'"),
    (b'<feImage href="https://evil.example/x.png"/>', 3, "the <feImage> element"),
    (b'<style>@import "https://evil.example/x.css";</style>', 3, "imports another stylesheet"),
    (b'<style>rect { fill: url(https://evil.example/p.png) }</style>', 3, "loads 'https://evil.example/p.png'"),
    (b'<rect style="fill: url(//evil.example/p)"/>', 3, "loads '//evil.example/p'"),
    (b'<rect mask="url(https://evil.example/m.svg#m)"/>', 3, "the attribute mask= loads"),
    (b'<g xml:base="https://evil.example/"><use href="#a"/></g>', 3, "xml:base="),
    (b'<iframe src="https://evil.example/"/>', 3, "embeds another page"),
])
def test_code_and_outside_references_are_refused_with_their_line(body, line, expected):
    found = svg_problems(svg(body))
    assert any(p.line == line and expected in p.what for p in found), found


@pytest.mark.parametrize("data, expected", [
    (b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>', "declares its own entities"),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
     "declares its own entities"),
    (b'<?xml-stylesheet href="https://evil.example/x.xsl" type="text/xsl"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
     "<?xml-stylesheet"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "not a readable SVG"),
    (b'<html><body><script>alert(1)</script></body></html>', "not an SVG drawing"),
])
def test_files_that_are_not_plain_drawings_are_refused(data, expected):
    found = svg_problems(data)
    assert found and expected in found[0].what, found


def test_static_files_that_carry_code():
    assert static_file_problems("images/logo.svg", svg(b"<script>x</script>"))[0].line == 3
    for name in ("images/steal.js", "extra/module.mjs", "images/feed.xml", "images/style.xsl", "images/movie.swf",
                 "images/logo.svgz", "extra/.htaccess", "images/page.XHTML"):
        assert "can run code" in static_file_problems(name, b"x")[0].what, name
    for name in ("images/photo.jpg", "extra/robots.txt", "extra/report.pdf", "extra/data.csv"):
        assert static_file_problems(name, b"<script>alert(1)</script>") == [], name


def test_static_html_files_follow_the_same_html_rules():
    assert static_file_problems("extra/google123.html", b"google-site-verification: google123.html") == []
    page = (b"<!DOCTYPE html>\n<html><head><title>x</title>\n<meta http-equiv=\"refresh\" content=\"0;url=https://e.example/\">"
            b"\n</head><body onload=\"a()\">\n<p>Hi</p>\n<form action=\"https://e.example/\"><input name=\"q\"></form>\n</body></html>")
    found = {(p.line, p.what.split(" ")[1]) for p in static_file_problems("extra/page.html", page)}
    assert found == {(3, "<meta>"), (4, "attribute"), (6, "<form>")}
