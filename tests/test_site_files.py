"""coproweek.site_files: the same files, order and details as pathlib's rglob
gives, faster; and no trouble from what a site folder should not hold."""

from __future__ import annotations

import os
from pathlib import Path

from coproweek.site_files import files_in, listing

NAMES = ["index.html", "a/index.html", "a-b/index.html", "a.b/x.html", "a/b/c/index.html", "A/index.html",
         "blog/page/10/index.html", "blog/page/2/index.html", "theme/css/main.css", "feeds/all.atom.xml",
         "caf\u00e9/index.html", "with space/index.html"]


def build(root: Path) -> None:
    for number, name in enumerate(NAMES):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x" * number, encoding="utf-8")


def test_lists_what_rglob_lists_in_its_order_with_each_files_details(tmp_path):
    build(tmp_path)
    for suffix in (".html", ".css", ""):
        expected = [path for path in sorted(tmp_path.rglob(f"*{suffix}")) if path.is_file()]
        found = files_in(tmp_path, suffix)
        assert list(found) == [path.relative_to(tmp_path).as_posix() for path in expected]
        assert [status.st_size for status in found.values()] == [path.stat().st_size for path in expected]
        assert all(status.st_mtime_ns == (tmp_path / page).stat().st_mtime_ns for page, status in found.items())


def test_a_missing_folder_has_no_files(tmp_path):
    assert files_in(tmp_path / "not-built-yet", ".html") == {}


def test_a_link_back_up_the_tree_is_not_followed(tmp_path):
    build(tmp_path)
    os.symlink(tmp_path, tmp_path / "a" / "loop")  # would make the listing endless
    assert "a/loop/index.html" not in files_in(tmp_path, ".html")
    assert len(files_in(tmp_path, ".html")) == len([name for name in NAMES if name.endswith(".html")])


def test_a_linked_file_counts_as_a_file(tmp_path):
    build(tmp_path)
    os.symlink(tmp_path / "index.html", tmp_path / "alias.html")
    os.link(tmp_path / "index.html", tmp_path / "hard.html")
    found = files_in(tmp_path, ".html")
    assert found["alias.html"].st_size == found["hard.html"].st_size == found["index.html"].st_size


def test_the_same_walk_lists_every_folder_as_os_walk_does(tmp_path):
    build(tmp_path)
    (tmp_path / "empty" / "inside").mkdir(parents=True)
    expected = {os.path.relpath(folder, tmp_path).replace(os.sep, "/") for folder, _, _ in os.walk(tmp_path)}
    found = listing(tmp_path, ".html")
    assert found.folders == expected and "." in found.folders and "empty/inside" in found.folders
    assert found.files == files_in(tmp_path, ".html")
