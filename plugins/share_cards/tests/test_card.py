"""Share cards: size, contrast measured from the drawn pixels, layout limits,
alt text, and the cache keyed by every input."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from unittest import mock

import pytest
from PIL import Image, ImageDraw

from coproweek.audit.colours import RGBA, contrast_ratio
from coproweek.images import card
from coproweek.images.typesetting import typeface
from coproweek.images.card import (
    HEIGHT, MARGIN, WIDTH, CardCache, CardProblem, CardStyle, CardText, card_key, card_relpath, render, wrap,
)
from sitekit.build import ROOT

EVENT = CardText(
    title="Co-production Festival 2018",
    date="Tuesday 3 July 2018, 10am to 4pm (BST)",
    details=("Friends House, NW1 2BJ",),
    campaign="National Co-production Week",
    hashtag="#coproweek",
)
THEME = CardStyle(background="#3d1f5c", text="#ffffff")


def measured_colours(image: Image.Image) -> tuple[tuple, tuple, int]:
    """From the pixels alone: the background (the commonest colour), the text
    colour (the commonest colour far from the background: glyph interiors,
    not their anti-aliased edges) and how many pixels have it."""
    counts = sorted(image.convert("RGB").getcolors(WIDTH * HEIGHT), reverse=True)
    background = counts[0][1]
    far = [(n, c) for n, c in counts[1:] if sum(abs(a - b) for a, b in zip(c, background)) > 200]
    return background, far[0][1], far[0][0]


def pixel_contrast(first: tuple, second: tuple) -> float:
    return contrast_ratio(RGBA(*(c / 255 for c in first)), RGBA(*(c / 255 for c in second)))


def test_card_is_1200_by_630_in_the_theme_colours_with_7_to_1_text():
    image = render(EVENT, THEME)
    assert image.size == (1200, 630) == (WIDTH, HEIGHT)
    background, text, text_pixels = measured_colours(image)
    assert background == (0x3D, 0x1F, 0x5C)
    assert text == (255, 255, 255)
    assert text_pixels > 20_000  # there is real text, not a stray dot
    assert pixel_contrast(background, text) >= 7


def test_a_text_colour_below_7_to_1_is_replaced_by_one_that_reaches_it():
    # Dark green on purple is about 1.3:1.
    image = render(EVENT, CardStyle(background="#3d1f5c", text="#005a30"))
    background, text, _ = measured_colours(image)
    assert background == (0x3D, 0x1F, 0x5C)
    assert text == (255, 255, 255)
    assert pixel_contrast(background, text) >= 7


def test_a_background_no_text_colour_can_reach_7_to_1_on_is_a_problem():
    # Mid grey: white is 4.5:1 and near-black 4.2:1, fine for AA, not for a card.
    with pytest.raises(CardProblem, match="7:1"):
        render(EVENT, CardStyle(background="#767676", text="#ffffff"))


def test_a_light_background_gets_dark_text():
    background, text, _ = measured_colours(render(EVENT, CardStyle(background="#ffffff", text="#0b0c0c")))
    assert text == (0x0B, 0x0C, 0x0C)
    assert pixel_contrast(background, text) >= 19


def test_an_impossible_or_unreadable_colour_is_a_problem():
    with pytest.raises(CardProblem, match="not an opaque CSS colour"):
        render(EVENT, CardStyle(background="not-a-colour"))
    with pytest.raises(CardProblem, match="not an opaque CSS colour"):
        render(EVENT, CardStyle(background="rgb(0 0 0 / 50%)"))


def text_bounds(image: Image.Image) -> tuple[int, int, int, int]:
    image = image.convert("RGB")
    background = Image.new("RGB", image.size, image.getpixel((0, 0)))
    from PIL import ImageChops
    return ImageChops.difference(image, background).getbbox()


@pytest.mark.parametrize("title", [
    "A",
    "Guidance on co-producing a research project: a first step for people who use services and their carers "
    "working with researchers in universities, charities and the NHS across England and Wales",
    "Supercalifragilisticexpialidociousco-productionwordthatneverends" * 2,
])
def test_text_stays_inside_the_margins(title):
    image = render(replace(EVENT, title=title), THEME)
    left, top, right, bottom = text_bounds(image)
    assert left >= MARGIN - 2 and right <= WIDTH - MARGIN + 2
    assert top >= 24 and bottom <= HEIGHT - 24


def test_long_titles_are_shortened_with_an_ellipsis_not_overlapping():
    long_title = " ".join(["sharing power"] * 40)
    image = render(replace(EVENT, title=long_title), THEME)
    left, top, right, bottom = text_bounds(image)
    assert bottom <= HEIGHT - 24


def test_wrap_breaks_by_rendered_width():
    font = typeface(THEME.resolved().bold_font, 40)
    lines = wrap("one two three four five six seven eight nine ten", font, 300)
    assert len(lines) > 1
    assert all(font.length(line) <= 300 for line in lines)
    assert " ".join(lines) == "one two three four five six seven eight nine ten"


def test_font_is_atkinson_hyperlegible_from_its_package():
    style = THEME.resolved()
    assert "AtkinsonHyperlegible-Bold" in style.bold_font
    assert "AtkinsonHyperlegible-Regular" in style.regular_font
    assert "site-packages" in style.bold_font  # a pinned PyPI package, not a system font


def test_alt_text_says_everything_on_the_card():
    assert EVENT.alt_text() == (
        "Co-production Festival 2018. Tuesday 3 July 2018, 10am to 4pm (BST). Friends House, NW1 2BJ. "
        "National Co-production Week #coproweek."
    )
    assert CardText("Co-production: not rocket science?", "16 April 2018").alt_text() == \
        "Co-production: not rocket science? 16 April 2018."


def test_card_key_changes_with_every_input():
    base = card_key(EVENT, THEME)
    assert card_key(EVENT, THEME) == base
    changed = [
        card_key(replace(EVENT, title="Other"), THEME),
        card_key(replace(EVENT, date="Wednesday 4 July 2018"), THEME),
        card_key(replace(EVENT, details=("Online",)), THEME),
        card_key(replace(EVENT, campaign="Other week"), THEME),
        card_key(EVENT, replace(THEME, background="#000000")),
        card_key(EVENT, replace(THEME, text="#eeeeee")),
        card_key(EVENT, replace(THEME, bold_font=THEME.resolved().regular_font)),
    ]
    with mock.patch.object(card, "RENDERER_VERSION", card.RENDERER_VERSION + 1):
        changed.append(card_key(EVENT, THEME))
    assert base not in changed and len(set(changed)) == len(changed)


def test_cache_draws_once_and_publishes_links(tmp_path):
    cache = CardCache(tmp_path / "cache")
    first = cache.card_for("cards/events/festival.png", EVENT, THEME)
    cache.draw_pending()
    with Image.open(first) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    later = CardCache(tmp_path / "cache")  # the next build
    with mock.patch.object(card, "render", side_effect=AssertionError("drawn again")):
        assert later.card_for("cards/events/festival.png", EVENT, THEME) == first
    assert (cache.drawn, later.drawn, later.hits) == (1, 0, 1)
    later.publish(tmp_path / "output")
    assert (tmp_path / "output" / "cards" / "events" / "festival.png").samefile(first)


def test_card_relpath():
    assert card_relpath("blog/2018/04/slug/") == "cards/blog/2018/04/slug.png"
    assert card_relpath("about/") == "cards/about.png"
    assert card_relpath("") == "cards/home.png"
    assert card_relpath("events/past/index.html") == "cards/events/past.png"


def test_many_cards_are_drawn_in_worker_processes(tmp_path):
    cache = CardCache(tmp_path / "cache")
    paths = [cache.card_for(f"cards/post-{n}.png", replace(EVENT, title=f"Post number {n}"), THEME) for n in range(6)]
    assert cache.card_for("cards/post-0-again.png", replace(EVENT, title="Post number 0"), THEME) == paths[0]
    assert not any(path.exists() for path in paths)  # drawn when published, all at once
    cache.publish(tmp_path / "output", workers=2)
    assert cache.drawn == 6 and all(Image.open(path).size == (1200, 630) for path in paths)
    assert (tmp_path / "output" / "cards" / "post-5.png").samefile(paths[5])
    assert not list((tmp_path / "cache").rglob(".drawing-*")), "no half-drawn file left"


def test_the_rule_under_the_campaign_name_is_the_rectangle_imagedraw_fills():
    coverage, top, _ = card._frame_cached("", "", card.font_path(700))
    expected = Image.new("L", (WIDTH, HEIGHT), 0)
    ImageDraw.Draw(expected).rectangle((MARGIN, top - 40, MARGIN + 120, top - 34), fill=255)
    assert coverage.tobytes() == expected.tobytes()
    assert coverage.getbbox() == (MARGIN, top - 40, MARGIN + 121, top - 33)


def test_the_builds_own_process_does_not_load_the_typesetting_libraries():
    """The plugins, a card's key and its address need no FreeType nor
    HarfBuzz (about 5 MiB in the process that holds every post); drawing
    a card loads them."""
    libraries = ("freetype", "uharfbuzz", "PIL.ImageDraw", "PIL.ImageFont")
    script = f"""
import sys
sys.path[:0] = [{str(ROOT / "plugins")!r}]
import share_cards, url_checks, accessibility_audit, responsive_images, browser_editor
from coproweek.images.card import CardStyle, CardText, card_key, card_relpath, render
text = CardText(title="A post", date="3 July 2018", campaign="National Co-production Week", hashtag="#coproweek")
card_key(text, CardStyle()), card_relpath("blog/a-post/")
print(",".join(name for name in {libraries!r} if name in sys.modules))
render(text, CardStyle())
print(",".join(name for name in {libraries!r} if name in sys.modules))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    before, after = result.stdout.splitlines()
    assert before == ""
    assert {"freetype", "uharfbuzz"} <= set(after.split(","))
