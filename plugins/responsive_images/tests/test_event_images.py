"""Event images (the events plugin's `image` metadata) get ready-made
<picture> markup, and a bad one is reported on its `image:` line."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from lxml import html

import responsive_images
from coproweek.images.stage import ImageSettings, ImageStage
from coproweek.problems import problem_log
from responsive_images.tests.photos import make_photo, make_truncated


@pytest.fixture
def stage(tmp_path, monkeypatch):
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    stage = ImageStage(ImageSettings(path=str(content), image_cache_path=str(tmp_path / "cache"),
                                     static_paths=("images", "extra")))
    monkeypatch.setattr(responsive_images, "_build", stage)
    problem_log.clear()
    yield stage
    problem_log.clear()


def event_generator(content, image: str, alt: str = "The hall, set out in circles of chairs"):
    source = content / "events" / "festival.md"
    source.write_text(f"title: Festival\nstart: 2018-07-03 10:00\nimage: {image}\nimage-alt: {alt}\n\nText.\n")
    event = SimpleNamespace(image=image, image_alt=alt, source_path=str(source))
    return SimpleNamespace(events=[SimpleNamespace(event=event)], output_path=str(content.parent / "output")), event


def test_event_image_gets_a_picture_and_is_published(stage, tmp_path):
    make_photo(stage.content_path / "images" / "hall.jpg", size=(1200, 800))
    generator, event = event_generator(stage.content_path, "images/hall.jpg")
    responsive_images.images_for_events_then_publish([generator])
    picture = html.fragment_fromstring(str(event.image_picture))
    img = picture.find(".//img")
    assert img.get("alt") == "The hall, set out in circles of chairs"
    assert (img.get("width"), img.get("height")) == ("960", "640")
    assert img.get("loading") == "lazy"
    assert picture.find(".//source").get("srcset").startswith("/images/hall-480w.webp 480w")
    assert (tmp_path / "output" / "images" / "hall-960w.jpg").is_file()
    assert not problem_log.problems


def test_a_damaged_event_image_is_reported_on_its_image_line(stage):
    make_truncated(stage.content_path / "images" / "hall.jpg")
    generator, event = event_generator(stage.content_path, "images/hall.jpg")
    responsive_images.images_for_events_then_publish([generator])
    assert not hasattr(event, "image_picture")
    (problem,) = problem_log.problems
    assert problem.line == 3 and problem.path.endswith("festival.md")
    assert "'images/hall.jpg' is damaged or cut short" in problem.what
