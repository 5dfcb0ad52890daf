"""Derivatives: sizes and formats, orientation, metadata stripped, the cache,
and every way a bad image fails."""

from __future__ import annotations

import os
from unittest import mock

import pytest
from PIL import Image

from coproweek.images import derivatives
from coproweek.images.derivatives import DerivativeCache, ImageProblem, Spec, publish, target_widths
from responsive_images.tests.photos import BLUE, GPS_XMP, RED, make_not_an_image, make_photo, make_truncated


def near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour))


@pytest.fixture
def cache(tmp_path):
    return DerivativeCache(tmp_path / "cache")


def test_target_widths_never_upscale():
    assert target_widths(4000, (480, 960, 1600)) == [480, 960, 1600]
    assert target_widths(1200, (480, 960, 1600)) == [480, 960, 1200]
    assert target_widths(300, (480, 960, 1600)) == [300]
    assert target_widths(1600, (480, 960, 1600)) == [480, 960, 1600]


def test_sizes_and_formats_of_a_large_jpeg(tmp_path, cache):
    derived = cache.derive(make_photo(tmp_path / "photo.jpg", size=(2000, 1500)), "images/photo.jpg")
    assert (derived.width, derived.height) == (2000, 1500)
    found = {(v.relpath, v.width, v.height) for v in derived.variants}
    assert found == {
        (f"images/photo-{w}w.{ext}", w, h)
        for w, h in [(480, 360), (960, 720), (1600, 1200)]
        for ext in ("jpg", "webp")
    }
    for variant in derived.variants:
        with Image.open(derived.cache_file(variant)) as image:
            assert image.size == (variant.width, variant.height)
            assert image.format == {"jpg": "JPEG", "webp": "WEBP"}[variant.extension]


def test_a_small_png_is_not_upscaled_and_keeps_its_format(tmp_path, cache):
    source = tmp_path / "chart.png"
    Image.new("RGBA", (600, 400), (0, 0, 0, 0)).save(source)
    derived = cache.derive(source, "images/chart.png")
    assert sorted((v.extension, v.width) for v in derived.variants) == [
        ("png", 480), ("png", 600), ("webp", 480), ("webp", 600)
    ]
    with Image.open(derived.cache_file(derived.fallbacks[-1])) as image:
        assert image.format == "PNG" and image.mode == "RGBA"  # transparency kept


def test_exif_orientation_is_applied(tmp_path, cache):
    # Stored landscape, left half red; orientation 6 means "turn 90° clockwise
    # to display": portrait, red on top.
    derived = cache.derive(make_photo(tmp_path / "turned.jpg", size=(1200, 800), orientation=6), "images/turned.jpg")
    assert (derived.width, derived.height) == (800, 1200)
    for variant in derived.variants:
        with Image.open(derived.cache_file(variant)) as image:
            assert image.width < image.height
            rgb = image.convert("RGB")
            assert near(rgb.getpixel((image.width // 2, image.height // 10)), RED)
            assert near(rgb.getpixel((image.width // 2, image.height * 9 // 10)), BLUE)
            assert Image.Exif.get(image.getexif(), 0x0112) is None  # no orientation left to apply twice


def test_gps_and_all_exif_and_xmp_are_stripped(tmp_path, cache):
    source = make_photo(tmp_path / "home.jpg", size=(1000, 750))
    with Image.open(source) as original:  # the test photo really has them
        assert original.getexif().get_ifd(0x8825)
        assert GPS_XMP in original.info["xmp"]
    derived = cache.derive(source, "images/home.jpg")
    output = tmp_path / "output"
    publish(derived, output)
    published = sorted(p for p in output.rglob("*") if p.is_file())
    assert len(published) == len(derived.variants) + 1  # and images/home.jpg itself
    for path in published:
        data = path.read_bytes()
        assert b"GPS" not in data and b"Exif" not in data and b"xmpmeta" not in data, path
        with Image.open(path) as image:
            assert not image.getexif()
            assert "xmp" not in image.info


def test_the_original_name_serves_the_largest_clean_derivative(tmp_path, cache):
    derived = cache.derive(make_photo(tmp_path / "big.jpg", size=(2400, 1800)), "images/big.jpg")
    publish(derived, tmp_path / "out")
    with Image.open(tmp_path / "out" / "images" / "big.jpg") as image:
        assert image.size == (1600, 1200)


def test_second_derive_reads_only_the_cache(tmp_path):
    source = make_photo(tmp_path / "photo.jpg", size=(1200, 900))
    first = DerivativeCache(tmp_path / "cache")
    made = first.derive(source, "images/photo.jpg")
    first.save_index()
    assert first.decoded == 1

    second = DerivativeCache(tmp_path / "cache")  # as in the next build
    with mock.patch.object(derivatives.Image, "open", side_effect=AssertionError("decoded")), \
         mock.patch("builtins.open", wraps=open) as opened:
        again = second.derive(source, "images/photo.jpg")
    assert again == made
    assert second.decoded == 0 and second.hits == 1
    # Not even the source's bytes are read: its hash is remembered by size and mtime.
    assert str(source) not in [str(call.args[0]) for call in opened.call_args_list]


def test_a_changed_source_is_made_again(tmp_path, cache):
    source = make_photo(tmp_path / "photo.jpg", size=(1200, 900))
    cache.derive(source, "images/photo.jpg")
    make_photo(source, size=(1000, 500))
    os.utime(source, ns=(1, 1))  # a new mtime and a new size
    derived = cache.derive(source, "images/photo.jpg")
    assert cache.decoded == 2
    assert (derived.width, derived.height) == (1000, 500)


def test_a_half_written_cache_entry_is_not_used(tmp_path, cache):
    source = make_photo(tmp_path / "photo.jpg", size=(1200, 900))
    derived = cache.derive(source, "images/photo.jpg")
    derived.cache_file(derived.variants[0]).unlink()
    again = DerivativeCache(tmp_path / "cache").derive(source, "images/photo.jpg")
    assert again.cache_file(again.variants[0]).is_file()


def test_publishing_links_rather_than_copies(tmp_path, cache):
    derived = cache.derive(make_photo(tmp_path / "photo.jpg", size=(1000, 750)), "images/photo.jpg")
    publish(derived, tmp_path / "out")
    variant = derived.variants[0]
    assert os.path.samefile(derived.cache_file(variant), tmp_path / "out" / variant.relpath)


# -- bad images ----------------------------------------------------------------------

def problem_for(cache, source, relpath) -> ImageProblem:
    with pytest.raises(ImageProblem) as raised:
        cache.derive(source, relpath)
    return raised.value


def test_missing_file(tmp_path, cache):
    problem = problem_for(cache, tmp_path / "team.jpg", "images/team.jpg")
    assert problem.what == "the image 'images/team.jpg' does not exist."
    assert "case-sensitive" in problem.fix


def test_not_an_image(tmp_path, cache):
    problem = problem_for(cache, make_not_an_image(tmp_path / "page.jpg"), "images/page.jpg")
    assert "'images/page.jpg' is not a picture the site can read" in problem.what


def test_not_an_image_with_another_extension(tmp_path, cache):
    problem = problem_for(cache, make_not_an_image(tmp_path / "notes.txt"), "images/notes.txt")
    assert problem.what == "the file 'images/notes.txt' is not an image."


def test_truncated(tmp_path, cache):
    problem = problem_for(cache, make_truncated(tmp_path / "cut.jpg"), "images/cut.jpg")
    assert "'images/cut.jpg' is damaged or cut short" in problem.what


@pytest.mark.parametrize("size", [(40, 30), (100, 100)], ids=["past the limit", "past twice the limit"])
def test_decompression_bomb_guard(tmp_path, size):
    limited = DerivativeCache(tmp_path / "cache", Spec(max_pixels=1000))
    problem = problem_for(limited, make_photo(tmp_path / "bomb.png", size=size, image_format="PNG"), "images/bomb.png")
    assert "'images/bomb.png' is too large" in problem.what
    assert "1,000 pixels" in problem.what
    assert "IMAGE_MAX_PIXELS" in problem.fix
    assert Image.MAX_IMAGE_PIXELS != 1000  # the global guard is put back


def test_unsupported_format(tmp_path, cache):
    problem = problem_for(cache, make_photo(tmp_path / "anim.gif", size=(100, 80), image_format="GIF"), "images/anim.gif")
    assert problem.what == "the image 'images/anim.gif' is in GIF format, which the site does not publish."


def test_a_failure_leaves_no_cache_entry(tmp_path, cache):
    problem_for(cache, make_truncated(tmp_path / "cut.jpg"), "images/cut.jpg")
    assert not [p for p in (tmp_path / "cache").glob("*") if p.is_dir()]
