import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproweek.audit.colours import BLACK, RGBA, WHITE, _linear, contrast_ratio, luminance, parse_colour, text_contrast


def test_black_on_white_is_21():
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)


@pytest.mark.parametrize("colour, expected", [("#767676", 4.54), ("#777777", 4.48), ("#1d70b8", 5.17),
                                              ("#505a5f", 7.07), ("#949494", 3.03)])
def test_known_ratios_against_white(colour, expected):
    assert contrast_ratio(parse_colour(colour), WHITE) == pytest.approx(expected, abs=0.01)


def test_uses_the_wcag_2_2_threshold():
    # 0.04 lies between the old 0.03928 threshold and sRGB's 0.04045.
    assert _linear(0.04) == pytest.approx(0.04 / 12.92)
    assert _linear(0.05) == pytest.approx(((0.05 + 0.055) / 1.055) ** 2.4)


def test_ratio_is_not_rounded():
    ratio = contrast_ratio(parse_colour("#777777"), WHITE)
    assert 4.47 < ratio < 4.5  # would round to 4.5 and wrongly pass


@pytest.mark.parametrize("text, expected", [
    ("red", RGBA(1, 0, 0)), ("#fff", WHITE), ("#00000080", RGBA(0, 0, 0, 128 / 255)),
    ("rgb(0 0 0 / 50%)", RGBA(0, 0, 0, 0.5)), ("rgba(255, 255, 255, .25)", RGBA(1, 1, 1, 0.25)),
    ("hsl(0, 0%, 100%)", WHITE), ("hsl(120deg 100% 25%)", RGBA(0, 0.5, 0)), ("transparent", RGBA(0, 0, 0, 0)),
    ("RebeccaPurple", RGBA(0.4, 0.2, 0.6)),
])
def test_parses_css_colours(text, expected):
    parsed = parse_colour(text)
    assert [getattr(parsed, c) for c in "rgba"] == pytest.approx([getattr(expected, c) for c in "rgba"], abs=1e-3)


@pytest.mark.parametrize("text", ["notacolour", "#ggg", "rgb(1,2)", "", "var(--x)", "12px"])
def test_rejects_what_is_not_a_colour(text):
    assert parse_colour(text) is None


def test_currentcolor_is_reported_as_such():
    assert parse_colour("currentColor") == "currentcolor"


def test_alpha_blends_over_backdrop():
    half_black = RGBA(0, 0, 0, 0.5)
    blended = half_black.over(WHITE)
    assert blended.opaque and blended.r == pytest.approx(0.5)
    # Translucent text loses contrast against its background.
    assert text_contrast(half_black, WHITE) < contrast_ratio(BLACK, WHITE)
    assert text_contrast(half_black, WHITE) == pytest.approx(contrast_ratio(RGBA(0.5, 0.5, 0.5), WHITE))


def test_luminance_bounds():
    assert luminance(BLACK) == 0
    assert luminance(WHITE) == pytest.approx(1.0)


channel = st.floats(min_value=0, max_value=1)
colours = st.builds(RGBA, channel, channel, channel)


@given(colours, colours)
def test_ratio_is_symmetric_and_bounded(first, second):
    ratio = contrast_ratio(first, second)
    assert 1.0 <= ratio <= 21.0 + 1e-9
    assert ratio == pytest.approx(contrast_ratio(second, first))


@given(colours, channel, colours)
def test_blending_stays_between_the_two_colours(foreground, alpha, backdrop):
    blended = RGBA(foreground.r, foreground.g, foreground.b, alpha).over(backdrop)
    assert blended.opaque
    for fg, bg, out in zip((foreground.r, foreground.g, foreground.b), (backdrop.r, backdrop.g, backdrop.b),
                           (blended.r, blended.g, blended.b)):
        assert min(fg, bg) - 1e-9 <= out <= max(fg, bg) + 1e-9


@given(st.integers(0, 0xFFFFFF))
def test_hex_round_trip(value):
    text = f"#{value:06x}"
    assert parse_colour(text).hex() == text
