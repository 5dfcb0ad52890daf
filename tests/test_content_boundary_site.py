"""Nothing from outside content/ is read or published: symbolic links that
leave it stop the build before anything is read, and paths written in a file
cannot climb out of it."""

import pytest

from coproweek.problems import BuildFailed
from sitekit.build import build_site
from tests.test_content_errors import GOOD_POST, make_content


def outside_files(tmp_path):
    outside = tmp_path / "elsewhere"
    (outside / "folder").mkdir(parents=True)
    # Not UTF-8: had the build read it, it would report that instead.
    (outside / "secret.md").write_bytes("Title: Secret\nDate: 2018-04-16\n\nPrivate “notes”\n".encode("cp1252"))
    (outside / "folder" / "private.txt").write_text("private")
    (outside / "photo.jpg").write_bytes(b"\xff\xd8\xff not really a photo")
    return outside


def test_links_leaving_content_stop_the_build_before_anything_is_read(tmp_path):
    outside = outside_files(tmp_path)
    content = make_content(tmp_path, {"good.md": GOOD_POST})
    (content / "images").mkdir()
    (content / "blog" / "secret.md").symlink_to(outside / "secret.md")
    (content / "images" / "private").symlink_to(outside / "folder")
    (content / "images" / "photo.jpg").symlink_to(outside / "photo.jpg")
    (content / "images" / "etc").symlink_to("/etc")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output", SITE_NOW="2018-06-20")
    report = failure.value.report
    for link in ("blog/secret.md", "images/private", "images/photo.jpg", "images/etc"):
        assert f"content/{link}: this is a link to '" in report, report
    assert report.count("outside the content folder") == 4
    assert "UTF-8" not in report  # the linked post was never read
    assert not (tmp_path / "output").exists()


def test_a_link_inside_content_still_works(tmp_path):
    content = make_content(tmp_path, {"good.md": GOOD_POST})
    (content / "extra").mkdir()
    (content / "extra" / "robots.txt").write_text("User-agent: *\n")
    (content / "images").mkdir()
    (content / "images" / "robots-copy.txt").symlink_to(content / "extra" / "robots.txt")
    build_site(content, tmp_path / "output", SITE_NOW="2018-06-20")
    assert (tmp_path / "output" / "images" / "robots-copy.txt").read_text() == "User-agent: *\n"


def test_an_event_image_path_cannot_climb_out_of_content(tmp_path):
    from plugins.events.tests.site_build import plugins_with_events

    outside_files(tmp_path)
    content = make_content(tmp_path, {"good.md": GOOD_POST})
    (content / "events").mkdir()
    (content / "events" / "climb.md").write_text(
        "title: Climb\nstart: 2018-07-03 10:00\nend: 2018-07-03 11:00\nattendance: online\n"
        "joining-link: https://www.scie.org.uk/join\nimage: /../elsewhere/photo.jpg\nimage-alt: x\n\nBody.\n",
        encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output", SITE_NOW="2018-06-20", PLUGINS=plugins_with_events())
    assert "content/events/climb.md, line 6: The image \"/../elsewhere/photo.jpg\" is not in the content folder" \
        in failure.value.report
