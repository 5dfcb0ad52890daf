"""Whole builds with the plugin: the built HTML, the published files, the
cache across builds, and bad images failing the build with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path
from unittest import mock

import pytest
from lxml import html
from PIL import Image

import responsive_images
from coproweek.problems import BuildFailed
from coproweek.images import derivatives
from responsive_images.tests.photos import make_not_an_image, make_photo, make_truncated
from sitekit.build import ROOT, build_site

pytestmark = pytest.mark.slow

PLUGINS = ["build_problems", "atomic_output", "metadata_checks", "author_profiles", "responsive_images"]
POST = """Title: Photos from the week
Date: 2018-07-03 09:00
Author: Pete Fleischmann

Some text first.

![Ten people around a table at the launch]({static}/images/launch.jpg)

More text.

![A hand-drawn poster saying "Sharing power"](/images/poster.png)
"""
POST_URL = Path("blog/2018/07/photos-from-the-week/index.html")


def make_site(tmp_path: Path, post: str = POST) -> Path:
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True, exist_ok=True)
    (content / "pages").mkdir(exist_ok=True)
    shutil.copy(ROOT / "content" / "authors.toml", content / "authors.toml")
    make_photo(content / "images" / "launch.jpg", size=(2400, 1800), orientation=6)
    make_photo(content / "images" / "poster.png", size=(700, 500), image_format="PNG", gps=False)
    (content / "blog" / "post.md").write_text(post, encoding="utf-8")
    return content


def build(tmp_path: Path, content: Path) -> None:
    build_site(content, tmp_path / "output", SITE_NOW="2018-06-20", PLUGINS=PLUGINS,
               IMAGE_CACHE_PATH=str(tmp_path / "cache" / "images"))


@pytest.fixture
def built(tmp_path) -> Path:
    build(tmp_path, make_site(tmp_path))
    return tmp_path / "output"


def test_html_has_pictures_with_srcset_and_dimensions(built):
    page = html.parse(str(built / POST_URL)).getroot()
    launch, poster = page.findall(".//picture")
    launch_img = launch.find(".//img")
    assert launch_img.get("alt") == "Ten people around a table at the launch"
    # Orientation applied: stored 2400 × 1800 sideways, published portrait.
    assert (launch_img.get("width"), launch_img.get("height")) == ("960", "1280")
    assert launch_img.get("src") == "/images/launch-960w.jpg"
    assert launch_img.get("srcset") == "/images/launch-480w.jpg 480w, /images/launch-960w.jpg 960w, /images/launch-1600w.jpg 1600w"
    assert launch.find(".//source").get("srcset").endswith("/images/launch-1600w.webp 1600w")
    assert launch_img.get("loading") == "eager"
    poster_img = poster.find(".//img")
    assert poster_img.get("alt") == 'A hand-drawn poster saying "Sharing power"'
    assert (poster_img.get("width"), poster_img.get("height")) == ("700", "500")
    assert poster_img.get("loading") == "lazy"
    assert poster_img.get("data-source") == "images/poster.png"
    # Every URL in the markup exists in the output.
    for img in page.iter("img", "source"):
        for candidate in img.get("srcset").split(", "):
            assert (built / candidate.split()[0].lstrip("/")).is_file(), candidate


def test_published_images_have_no_metadata_and_originals_are_not_copied(built, tmp_path):
    published = sorted((built / "images").iterdir())
    assert {p.name for p in published} >= {"launch.jpg", "launch-480w.webp", "poster.png", "poster-700w.png"}
    for path in published:
        assert b"GPS" not in path.read_bytes(), path
        with Image.open(path) as image:
            assert not image.getexif(), path
    assert (built / "images" / "launch.jpg").read_bytes() != (tmp_path / "content" / "images" / "launch.jpg").read_bytes()
    with Image.open(built / "images" / "launch.jpg") as image:
        assert image.size == (1600, 2133)


def test_second_build_touches_no_image(built, tmp_path):
    # Nor rewrites the post's images again: the markup is kept (the cache is
    # saved twice a build, once the content is read and at the end).
    with mock.patch.object(derivatives.Image, "open", side_effect=AssertionError("an image was decoded")), \
         mock.patch.object(derivatives.Image.Image, "save", side_effect=AssertionError("an image was encoded")), \
         mock.patch.object(responsive_images, "rewrite_images", side_effect=AssertionError("rewritten again")):
        build(tmp_path, tmp_path / "content")
    stage = responsive_images._build
    assert stage.cache.decoded == 0 and stage.cache.hits == 2
    assert (stage.markup.hits, stage.markup.misses) == (1, 0)
    page = html.parse(str(built / POST_URL)).getroot()
    assert len(page.findall(".//picture")) == 2
    assert (built / "images" / "launch-1600w.webp").is_file()


# -- bad images fail the build, name the file and line, and leave output/ alone -----------

@pytest.mark.parametrize("make_bad, reference, expected", [
    (None, "/images/team.jpg", "the image 'images/team.jpg' does not exist."),
    (make_not_an_image, "/images/team.jpg", "the file 'images/team.jpg' is not a picture the site can read"),
    (make_truncated, "{static}/images/team.jpg", "the image 'images/team.jpg' is damaged or cut short"),
    (lambda path: make_photo(path, size=(100, 100), image_format="GIF"), "/images/team.gif",
     "the image 'images/team.gif' is in GIF format, which the site does not publish."),
    (lambda path: make_photo(path, size=(3000, 2000)), "/images/team.jpg",
     "the image 'images/team.jpg' is too large (3,000 × 2,000 pixels)"),
], ids=["missing", "not an image", "truncated", "unsupported format", "too many pixels"])
def test_bad_image_fails_the_build(tmp_path, make_bad, reference, expected):
    content = make_site(tmp_path)
    build_site(content, tmp_path / "output", SITE_NOW="2018-06-20", PLUGINS=PLUGINS,
               IMAGE_CACHE_PATH=str(tmp_path / "cache"))
    before = {p.relative_to(tmp_path / "output"): p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}

    if make_bad:
        make_bad(content / "images" / reference.rsplit("/", 1)[1])
    (content / "blog" / "post.md").write_text(POST + f"\nA third picture:\n\n![The team]({reference})\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output", SITE_NOW="2018-06-20", PLUGINS=PLUGINS,
                   IMAGE_CACHE_PATH=str(tmp_path / "cache"), IMAGE_MAX_PIXELS=5_000_000)
    assert failure.value.code == 1
    line = POST.count("\n") + 4
    assert f"content/blog/post.md, line {line}: {expected}" in failure.value.report
    after = {p.relative_to(tmp_path / "output"): p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    assert after == before


def test_an_unreferenced_bad_image_is_reported_on_the_image_file(tmp_path):
    content = make_site(tmp_path)
    make_truncated(content / "images" / "old" / "spare.jpg")
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path, content)
    assert "content/images/old/spare.jpg: the image 'images/old/spare.jpg' is damaged or cut short" in failure.value.report
    assert failure.value.report.count("spare.jpg: ") == 1


def test_an_unreferenced_image_is_still_published_clean(built, tmp_path):
    make_photo(tmp_path / "content" / "images" / "spare.jpg", size=(500, 400))
    build(tmp_path, tmp_path / "content")
    published = built / "images" / "spare.jpg"
    assert b"GPS" not in published.read_bytes()
    assert (built / "images" / "spare-480w.webp").is_file()


def test_a_cold_build_makes_images_in_parallel_workers(tmp_path):
    content = make_site(tmp_path)
    for number in range(3):
        make_photo(content / "images" / f"extra-{number}.jpg", size=(1000 + number, 700))
    # The same photo under a second name: one cache entry, published under both.
    shutil.copy(content / "images" / "extra-0.jpg", content / "images" / "copy-of-extra-0.jpg")
    build_site(content, tmp_path / "output", SITE_NOW="2018-06-20", PLUGINS=PLUGINS,
               IMAGE_CACHE_PATH=str(tmp_path / "cache"), IMAGE_WORKERS=2)
    stage = responsive_images._build
    # Five distinct photos made by the workers; the build then found all six in the cache.
    assert stage.cache.decoded == 5 and stage.cache.hits == 6
    assert len(list((tmp_path / "cache").glob("*/manifest.json"))) == 5
    output = tmp_path / "output" / "images"
    assert (output / "copy-of-extra-0-1000w.webp").samefile(output / "extra-0-1000w.webp")
