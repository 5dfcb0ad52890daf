"""coproweek.audit.cascade.computing: the cascade into computed styles, with
sharing between elements on and off (both must give the same answer)."""

from __future__ import annotations

import pytest

from .cascade_pages import colour, style_of

SHARING = pytest.mark.parametrize("share", [True, False], ids=["shared", "afresh"])


@SHARING
def test_cascade_order_later_wins(share):
    assert colour("p { color: red } p { color: blue }", share=share) == "#0000ff"


@SHARING
def test_specificity_beats_order(share):
    assert colour("#x { color: red } p.a { color: green } p { color: blue }", '<p id=x class=a>W</p>',
                  share=share) == "#ff0000"
    assert colour("p.a { color: green } p { color: blue }", '<p id=x class=a>W</p>', share=share) == "#008000"


@SHARING
def test_important_beats_specificity_and_inline_style(share):
    assert colour("#x { color: red } p { color: blue !important }", share=share) == "#0000ff"
    assert colour("p { color: blue !important }", '<p id=x style="color: red">W</p>', share=share) == "#0000ff"
    assert colour("p { color: blue }", '<p id=x style="color: red">W</p>', share=share) == "#ff0000"


@SHARING
def test_colour_and_font_are_inherited_backgrounds_are_not(share):
    style = style_of("div { color: rgb(0, 128, 0); font-size: 24px; font-weight: bold; background: #000 }",
                     "<div><span id=x>W</span></div>", share=share)
    assert str(style.color) == "#008000" and style.font_px == 24 and style.bold
    assert str(style.background) != "#000000"  # transparent itself…
    assert "#000000" in [str(colour) for colour in style.backdrop]  # …it sits on its parent's


@SHARING
def test_var_with_fallbacks(share):
    assert colour(":root { --brand: #112233 } p { color: var(--brand) }", share=share) == "#112233"
    assert colour("p { color: var(--missing, #00ff00) }", share=share) == "#00ff00"
    assert colour("p { color: var(--missing, var(--also-missing, #0000ff)) }", share=share) == "#0000ff"
    assert colour(":root { --a: var(--b, #ff00ff) } p { color: var(--a) }", share=share) == "#ff00ff"
    # Custom properties inherit; a nearer definition wins.
    assert colour(":root { --c: red } div { --c: blue } p { color: var(--c) }", "<div><p id=x>W</p></div>",
                  share=share) == "#0000ff"


@SHARING
def test_var_cycles_are_invalid_and_take_the_fallback(share):
    cycle = ":root { --a: var(--b); --b: var(--a) } "
    assert colour(cycle + "p { color: var(--a, #ff0000) }", share=share) == "#ff0000"
    assert colour(":root { --self: var(--self) } p { color: var(--self, #00ff00) }", share=share) == "#00ff00"
    # Without a fallback the declaration is invalid at computed-value time: the colour is inherited.
    assert colour(cycle + "body { color: #0000ff } p { color: red; color: var(--a) }", share=share) == "#0000ff"


@SHARING
def test_prefers_color_scheme(share):
    css = "p { color: #000000 } @media (prefers-color-scheme: dark) { p { color: #ffffff } }"
    assert colour(css, scheme="light", share=share) == "#000000"
    assert colour(css, scheme="dark", share=share) == "#ffffff"


@SHARING
def test_width_media_for_a_wide_screen(share):
    assert colour("p { color: blue } @media (max-width: 600px) { p { color: red } }", share=share) == "#0000ff"
    assert colour("p { color: blue } @media (min-width: 600px) { p { color: red } }", share=share) == "#ff0000"


@SHARING
def test_shorthands_carry_their_colours(share):
    style = style_of("p { background: #123456 url(x.png); border: 1px solid #ff0000 }", "<p id=x>W</p>", share=share)
    assert str(style.background) == "#123456"
    assert style.declared["border-top-color"].text() == "#ff0000"


@SHARING
def test_hidden_and_display_none(share):
    assert style_of("p { display: none }", "<p id=x>W</p>", share=share).hidden
    assert style_of("", "<p id=x hidden>W</p>", share=share).hidden
    assert style_of("div { display: none }", "<div><p id=x>W</p></div>", share=share).hidden  # inside a hidden one
    assert style_of("p { visibility: hidden }", "<p id=x>W</p>", share=share).hidden
    assert not style_of("", "<p id=x>W</p>", share=share).hidden
    assert not style_of("[hidden] { display: block }", "<p id=x hidden>W</p>", share=share).hidden


def test_large_text_follows_wcag():
    assert style_of("p { font-size: 24px }", "<p id=x>W</p>").large_text        # 18 pt
    assert style_of("p { font-size: 19px; font-weight: 700 }", "<p id=x>W</p>").large_text  # 14 pt bold
    assert not style_of("p { font-size: 18px }", "<p id=x>W</p>").large_text
