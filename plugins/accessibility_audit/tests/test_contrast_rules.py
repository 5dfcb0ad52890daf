from pathlib import Path

import pytest
from lxml import html
from PIL import Image

from coproweek.audit.contrast_rules import check_contrast
from coproweek.audit.cascade import page_styles, parse_css
from coproweek.audit.engine import _measure


def audit(css: str, body: str, scheme: str = "light", measure=None):
    doc = html.fromstring(f"<html><head></head><body>{body}</body></html>").getroottree()
    styles = page_styles(doc, [parse_css(css, "site.css")], scheme, "page.html", measure)
    found, _ = check_contrast("page.html", doc, styles)
    return [finding for _, finding in found]


def rules(css, body, **kw):
    return sorted((f.rule, f.details.get("subject", "")) for f in audit(css, body, **kw))


def test_low_contrast_text_is_an_error_with_css_location():
    [finding] = audit("body { background: #fff }\n.note { color: #999 }", '<p class="note">Hello</p>')
    assert finding.rule == "contrast-aa"
    assert finding.details["ratio"] == pytest.approx(2.85, abs=0.01)
    assert any(s.file == "site.css" and s.line == 2 for s in finding.sources)


def test_ratio_just_below_threshold_fails_unrounded():
    # #777 on white is 4.478:1 — rounds to 4.5 but fails.
    assert rules("p { color: #777 }", "<p>Hi</p>") == [("contrast-aa", "Hi")]
    assert rules("p { color: #767676 }", "<p>Hi</p>") == [("contrast-aaa", "Hi")]


def test_large_text_needs_3_to_1():
    css = "h1 { color: #949494 } p { color: #949494; font-size: 18.67px; font-weight: 700 }"
    assert rules(css, "<h1>Big</h1><p>Bold</p>") == [("contrast-aaa", "Big"), ("contrast-aaa", "Bold")]
    assert rules("p { color: #949494; font-size: 18px }", "<p>Small</p>") == [("contrast-aa", "Small")]


def test_custom_properties_inheritance_and_specificity():
    css = """:root { --brand: #aaa; --ink: #0b0c0c }
    body { color: var(--ink) }
    .card { color: var(--brand) }
    #main .card { color: var(--missing, #111) }
    """
    assert rules(css, '<div class="card"><span>A</span></div><div id="main"><div class="card">B</div></div>') \
        == [("contrast-aa", "A")]


def test_important_and_inline_style_win():
    css = "p { color: #ccc !important } .x { color: #000 }"
    assert rules(css, '<p class="x" style="color:#000">Text</p>') == [("contrast-aa", "Text")]
    assert rules("p { color: #000 }", '<p style="color: #eee">Text</p>') == [("contrast-aa", "Text")]


def test_alpha_blended_over_parent_background():
    css = ".panel { background: #000 } .scrim { background: rgb(255 255 255 / 80%) } p { color: rgb(0 0 0 / 40%) }"
    found = audit(css, '<div class="panel"><div class="scrim"><p>Faint</p></div></div>')
    assert [f.rule for f in found] == ["contrast-aa"]
    assert found[0].details["background"] == "#cccccc"


def test_hsl_and_named_colours():
    assert rules("body { background: navy } p { color: hsl(240 100% 30%) }", "<p>Blue</p>") \
        == [("contrast-aa", "Blue")]


def test_hidden_and_disabled_text_is_skipped():
    css = ".sr { position: absolute; clip: rect(0 0 0 0) } .none { display: none } p { color: #eee }"
    assert rules(css, '<p class="sr">A</p><p class="none">B</p><p hidden>C</p><button disabled><p>D</p></button>') == []


def test_dark_scheme_rules_are_checked_and_not_repeated():
    css = """body { color: #111; background: #fff }
    @media (prefers-color-scheme: dark) { body { background: #222 } }"""
    light = audit(css, "<p>Text</p>")
    dark = audit(css, "<p>Text</p>", scheme="dark")
    assert light == []
    assert [(f.rule, f.scheme) for f in dark] == [("contrast-aa", "dark")]


def test_link_in_text_block():
    css = "body { color: #0b0c0c } a { color: #333; text-decoration: none }"
    assert rules(css, '<p>Read <a href="/x">more</a> here.</p>') == [("link-in-text-block", "more")]
    # Underlined, or alone in its block (a menu item): fine.
    assert rules("a { color: #333 }", '<p>Read <a href="/x">more</a> here.</p>') == []
    assert rules(css, '<ul><li><a href="/x">Menu item</a></li></ul>') == []
    # Colour alone is fine with 3:1 against the text.
    found = audit("body { color: #0b0c0c } a { color: #1d70b8; text-decoration: none }",
                  '<p>Read <a href="/x">more</a> here.</p>')
    assert "link-in-text-block" not in [f.rule for f in found]


def test_focus_indicator_contrast():
    css = "a:focus { outline: 3px solid #eee }"
    assert rules(css, '<p><a href="/">Home</a></p>') == [("focus-contrast", "Home")]
    assert rules("a:focus-visible { outline: 3px solid #fd0; box-shadow: 0 4px #0b0c0c }",
                 '<a href="/">Home</a>') == []
    assert rules("a { outline: none }", '<a href="/">Home</a>') == [("focus-contrast", "Home")]
    # GOV.UK style: yellow background and a dark underline shadow; the dark shadow gives the contrast.
    govuk = "a:focus { outline: 3px solid transparent; background: #fd0; box-shadow: 0 -2px #fd0, 0 4px #0b0c0c }"
    assert rules(govuk, '<p><a href="/">Home</a></p>') == []
    assert rules("", '<a href="/">Home</a>') == []  # the browser's own focus ring


def test_control_boundaries():
    assert rules("input { border: 1px solid #ccc }", '<input name="q">') == [("control-boundary-contrast", "q")]
    assert rules("input { border: 2px solid #0b0c0c }", '<input name="q">') == []
    assert rules("", '<input name="q">') == []  # browser default border #767676


def test_text_over_background_image_uses_worst_region(tmp_path: Path):
    image = tmp_path / "hero.png"
    picture = Image.new("RGB", (120, 60), "white")
    picture.paste((20, 20, 20), (0, 0, 60, 60))
    picture.save(image)

    def measure(url, base, under):
        return _measure(str(tmp_path / url), image.stat().st_mtime, under)

    found = audit(".hero { background-image: url(hero.png); color: #fff }",
                  '<div class="hero"><h2>Over a photo</h2></div>', measure=measure)
    assert [f.rule for f in found] == ["contrast-over-image"]
    assert found[0].details["lightest"] == "#ffffff" and found[0].details["darkest"] == "#141414"
    # A solid scrim behind the text settles it.
    found = audit(".hero { background-image: url(hero.png); color: #fff } h2 { background: #0b0c0c }",
                  '<div class="hero"><h2>Over a photo</h2></div>', measure=measure)
    assert found == []


def test_gradient_backgrounds_check_every_stop():
    assert rules(".b { background: linear-gradient(#000, #fff); color: #fff }", '<div class="b">G</div>') \
        == [("contrast-over-image", "G")]


def test_pages_that_opt_in_to_dark_get_a_dark_canvas():
    css = ":root { color-scheme: light dark } p { color: #333333 }\n@media (prefers-color-scheme: dark) { a { color: #fff } }"
    assert audit(css, "<p>Words</p>") == []
    [finding] = audit(css, "<p>Words</p>", scheme="dark")
    assert finding.details["background"] == "#121212"


def test_imports_and_sheets_linked_for_the_dark_scheme_only(tmp_path):
    from coproweek.audit.engine import Auditor

    (tmp_path / "base.css").write_text("p { color: #0b0c0c }\n")
    (tmp_path / "main.css").write_text('@import url("base.css");\n.faint { color: #aaaaaa }\n')
    (tmp_path / "dark.css").write_text("body { background: #000000 }\n")
    (tmp_path / "index.html").write_text(
        "<html><head><link rel='stylesheet' href='main.css'>"
        "<link rel='stylesheet' href='dark.css' media='(prefers-color-scheme: dark)'>"
        "<link rel='stylesheet' href='print.css' media='print'></head>"
        "<body><p>Plain words</p><p class='faint'>Faint words</p></body></html>")
    found = sorted((f.scheme, f.details["subject"], f.sources[0].file)
                   for f in Auditor(tmp_path).run().findings if f.rule == "contrast-aa")
    assert found == [("dark", "Plain words", "base.css"), ("light", "Faint words", "main.css")]


NASTY_CSS = """
@charset "utf-8";
@import url(missing.css);
@font-face { font-family: X; src: url(x.woff2) }
@keyframes spin { from { color: red } to { color: blue } }
@layer base { p { color: #111 } }
@supports (display: grid) { .g { color: #222 } }
@media screen and (min-width: 40em) and (prefers-color-scheme: dark) { p { color: #fefefe } }
@media not all and (prefers-color-scheme: dark) { .n { color: #000 } }
.card { & .title { color: red } }
:where(.a, .b) > p:not(.c):is(.d, .e) { color: var(--undefined) }
p::first-line, a:hover, a:visited, input::placeholder { color: #eee }
.x { color: var(--a, var(--b, #123456)); background: var(--loop) }
:root { --loop: var(--loop); --a: ; }
.y { color: transparent; background: none; font: bold 1.5rem/1.2 sans-serif }
.z { color: lab(50% 40 59.5); background-color: color-mix(in srgb, red, blue) }
.w { color: rgb(300 -20 20 / 150%); font-size: clamp(1rem, 2vw + 1rem, 3rem) }
.v { color: inherit !important; background: url() }
.u { color: ; border: ; outline: 1px solid; box-shadow: inset 0 0 0 }
[hidden] { display: none !important }
"""


def test_nasty_css_and_html_never_crash():
    body = """<p class="x y z w v u a b d n g card">Text<span class="title">t</span></p>
    <svg xmlns="http://www.w3.org/2000/svg" role="img"><title>T</title></svg>
    <a href="#" tabindex="-1" style="color: ; background: url(">x</a><input type="text" disabled value="v">
    <button style="outline: none">B</button><details><summary>S</summary>d</details>
    <fieldset disabled><input name="f"></fieldset><div tabindex="0">focus me</div>"""
    for scheme in ("light", "dark"):
        audit(NASTY_CSS, body, scheme=scheme)  # no exception is the test
