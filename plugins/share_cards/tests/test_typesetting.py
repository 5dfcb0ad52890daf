"""The cards' typesetter against Pillow's own text drawing (HarfBuzz through
libraqm, the reference here): the same advances, the same ink in the same
place, each glyph rasterised once, and bad input refused or clipped."""

from __future__ import annotations

import freetype
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from coproweek.images.card import font_path
from coproweek.images.typesetting import Typeface, typeface

BOLD, REGULAR = font_path(700), font_path(400)
LINES = [
    "AVATAR Today: Wave, Yoke, LT P.",         # kerned pairs
    "Tuesday 3 July 2018, 10am to 4pm (BST)",  # a card's date line
    "Cafe\u0301 Tőkés naïve – “quoted” …",     # a combining accent, accents, typographic marks
    "漢字 🙂 שלום",                              # glyphs the font lacks, and right to left
]


def pillow_line(path: str, size: int, text: str, anchor: str = "la") -> Image.Image:
    image = Image.new("L", (1400, 200))
    ImageDraw.Draw(image).text((20, 100), text, font=ImageFont.truetype(path, size), fill=255, anchor=anchor)
    return image


def our_line(path: str, size: int, text: str, anchor: str = "la") -> Image.Image:
    image = Image.new("L", (1400, 200))
    Typeface(path, size).draw(image, (20, 100), text, anchor=anchor)
    return image


def ink(image: Image.Image) -> float:
    return sum(level * count for level, count in enumerate(image.histogram())) / 255


@pytest.mark.parametrize("text", LINES)
@pytest.mark.parametrize("path, size", [(BOLD, 72), (BOLD, 40), (REGULAR, 34)])
def test_a_line_advances_as_pillow_sets_it(path, size, text):
    assert Typeface(path, size).length(text) == ImageFont.truetype(path, size).getlength(text)


def test_kerning_is_applied():
    face = typeface(BOLD, 72)
    for pair in ("AV", "To", "LT"):
        assert face.length(pair) < face.length(pair[0]) + face.length(pair[1]) - 3


@pytest.mark.parametrize("anchor", ["la", "ls"])
@pytest.mark.parametrize("text", LINES)
@pytest.mark.parametrize("path, size", [(BOLD, 72), (REGULAR, 34)])
def test_a_line_puts_as_much_ink_where_pillow_does(path, size, text, anchor):
    ours, theirs = our_line(path, size, text, anchor), pillow_line(path, size, text, anchor)
    # Unhinted outlines move an edge by a pixel at most, never a glyph.
    assert all(abs(a - b) <= 2 for a, b in zip(ours.getbbox(), theirs.getbbox()))
    assert ink(ours) == pytest.approx(ink(theirs), rel=0.05)


# Pixel by pixel at a title's size, where hinting hardly moves an edge: about
# 2 % of the ink differs, where one letter changed or one space lost is 5 % or more.
SAME_PLACES = 0.04


@pytest.mark.parametrize("text", LINES[:3] + ["Sharing power"])
def test_a_titles_ink_is_in_the_same_places_as_pillows(text):
    theirs = pillow_line(BOLD, 72, text)
    assert ink(ImageChops.difference(our_line(BOLD, 72, text), theirs)) < SAME_PLACES * ink(theirs)


@pytest.mark.parametrize("wrong", ["Sharing pawer", "Sharingpower", "Sharing powe", "Sharing  power"])
def test_a_misspelt_or_shifted_line_is_told_apart_by_that_comparison(wrong):
    theirs = pillow_line(BOLD, 72, "Sharing power")
    assert ink(ImageChops.difference(our_line(BOLD, 72, wrong), theirs)) > SAME_PLACES * ink(theirs)


def test_each_glyph_is_rasterised_once_and_spaces_not_at_all():
    face = Typeface(BOLD, 60)
    image = Image.new("L", (1200, 300))
    face.draw(image, (0, 0), "aaaa aaaa")
    assert face.glyphs_rasterised == 2  # "a", and the space (kept as blank)
    before = image.copy()
    face.draw(image, (0, 100), "aa")
    assert face.glyphs_rasterised == 2
    assert image.crop((0, 100, 1200, 200)).getbbox() is not None and before.crop((0, 100, 1200, 200)).getbbox() is None


def test_typefaces_are_shared_per_file_and_size():
    assert typeface(BOLD, 50) is typeface(BOLD, 50)
    assert typeface(BOLD, 50) is not typeface(BOLD, 54) and typeface(BOLD, 50) is not typeface(REGULAR, 50)


def test_text_running_off_the_image_is_clipped_not_an_error():
    image = Image.new("L", (200, 100))
    face = typeface(BOLD, 72)
    face.draw(image, (150, 60), "Wide text off the edge")
    face.draw(image, (-30, -40), "Top left")
    assert image.getbbox() is not None and image.size == (200, 100)


def test_empty_text_draws_nothing():
    image = Image.new("L", (100, 100))
    typeface(BOLD, 40).draw(image, (10, 10), "")
    assert image.getbbox() is None and typeface(BOLD, 40).length("") == 0


def test_other_anchors_are_refused():
    with pytest.raises(ValueError, match="anchor"):
        typeface(BOLD, 40).draw(Image.new("L", (100, 100)), (0, 0), "x", anchor="mm")


def test_a_font_file_that_is_not_a_font_is_an_error(tmp_path):
    bogus = tmp_path / "font.ttf"
    bogus.write_bytes(b"not a font")
    with pytest.raises(freetype.FT_Exception):
        Typeface(str(bogus), 40)
