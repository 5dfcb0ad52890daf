import os

from coproweek.checks.boundary import is_within, links_leaving


def make_tree(tmp_path):
    project = tmp_path / "project"
    content = project / "content"
    (content / "images").mkdir(parents=True)
    (content / "blog").mkdir()
    (content / "images" / "photo.jpg").write_bytes(b"jpeg")
    (project / "README.md").write_text("project file, not content")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text("Title: Secret")
    return project, content, outside


def problems_by_link(content):
    return {p.link: p for p in links_leaving(content)}


def test_links_out_of_the_content_folder_are_found_without_following_them(tmp_path):
    project, content, outside = make_tree(tmp_path)
    (content / "images" / "system").symlink_to("/etc")                      # a folder linked to a system folder
    (content / "blog" / "secret.md").symlink_to(outside / "secret.md")       # a file linked to a file elsewhere
    (content / "readme.md").symlink_to(project / "README.md")                # in the project, but not content
    (content / "images" / "relative").symlink_to("../../../elsewhere")       # a relative link climbing out
    (content / "images" / "hop.jpg").symlink_to(content / "blog" / "secret.md")  # a link to a link that leaves
    found = problems_by_link(content)
    assert set(found) == {"images/system", "blog/secret.md", "readme.md", "images/relative", "images/hop.jpg"}
    assert "outside the content folder" in found["images/system"].what
    assert found["images/system"].target == "/etc"


def test_missing_targets_and_circles_are_found(tmp_path):
    _, content, _ = make_tree(tmp_path)
    (content / "images" / "gone.jpg").symlink_to(content / "images" / "deleted.jpg")
    (content / "images" / "loop").symlink_to("..")
    found = problems_by_link(content)
    assert "does not exist" in found["images/gone.jpg"].what
    assert "round in circles" in found["images/loop"].what


def test_links_that_stay_inside_are_fine(tmp_path):
    _, content, _ = make_tree(tmp_path)
    (content / "blog" / "photo.jpg").symlink_to(content / "images" / "photo.jpg")
    (content / "pictures").symlink_to("images")
    assert links_leaving(content) == []


def test_is_within_resolves_dot_dot_and_links(tmp_path):
    _, content, outside = make_tree(tmp_path)
    assert is_within(content / "images" / "photo.jpg", content)
    assert not is_within(os.path.join(content, "images", "..", "..", "README.md"), content)
    assert not is_within(outside, content)
    assert not is_within(str(content) + "-other", content)
