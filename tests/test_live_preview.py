"""The live preview's fast path (sitekit/preview.py, used by `invoke
livereload`): a change to a post's body alone re-renders that page exactly as
a full build writes it; any change that shows elsewhere, any problem, and any
other file fall back to the full build."""

from __future__ import annotations

import shutil

import pytest
from pelican import Pelican

from sitekit import preview
from sitekit.build import disconnect_plugins, site_settings
from tests.site_tools import BUILD_NOW, PROJECT_ROOT

pytestmark = pytest.mark.slow

POST = "co-production-not-rocket-science"


def full_build(content, output) -> bool:
    def run():
        disconnect_plugins()  # plugins of other in-process builds
        preview.enable()
        Pelican(site_settings(content, output, SITE_NOW=BUILD_NOW)).run()

    return preview.full_build(run)


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    output = tmp_path / "output"
    assert full_build(content, output)
    page = next(output.glob(f"blog/*/*/{POST}/index.html"))
    return content, output, content / "blog" / f"{POST}.md", page


def test_a_body_edit_re_renders_just_that_page_as_a_full_build_would(site, tmp_path, capsys):
    content, output, post, page = site
    others = {path: path.stat().st_mtime_ns for path in output.rglob("*.html") if path != page}
    post.write_text(post.read_text(encoding="utf-8") + "\nA sentence added in the preview.\n", encoding="utf-8")
    message = preview.preview([str(post)])
    assert message and f"re-rendered /{page.relative_to(output).as_posix()}" in message
    assert "Skipped" in message and "list pages" in message and "feeds" in message
    previewed = page.read_bytes()
    assert b"A sentence added in the preview." in previewed
    assert all(path.stat().st_mtime_ns == mtime for path, mtime in others.items())  # nothing else written
    full = tmp_path / "full"
    assert full_build(content, full)
    assert (full / page.relative_to(output)).read_bytes() == previewed


@pytest.mark.parametrize("change", [
    lambda text: text.replace("Title: Co-production: not rocket science?", "Title: A new title"),
    lambda text: text.replace("Summary: ", "Summary: Changed. "),
    lambda text: text + "\n<script>alert(1)</script>\n",              # a problem: the full build reports it
    lambda text: text + "\n![A second image](/images/missing.jpg)\n",  # a new image
    lambda text: text.replace("Date: ", "Date: 2017-01-01 09:00\nX-Old-Date: "),
])
def test_changes_that_show_elsewhere_or_problems_need_the_full_build(site, change):
    _, _, post, page = site
    before = page.read_bytes()
    post.write_text(change(post.read_text(encoding="utf-8")), encoding="utf-8")
    assert preview.preview([str(post)]) is None
    assert page.read_bytes() == before


def test_new_files_events_and_failed_builds_need_the_full_build(site):
    content, output, post, _ = site
    new = content / "blog" / "new.md"
    new.write_text("Title: New\nDate: 2018-05-01\nAuthor: Pete Fleischmann\n\nNew.\n", encoding="utf-8")
    assert preview.preview([str(new)]) is None
    event = next((content / "events").glob("*.md"))
    assert preview.preview([str(event)]) is None
    post.write_text("Title: \n", encoding="utf-8")
    assert not full_build(content, output)
    post.write_text(post.read_text(encoding="utf-8") + "\nBody.\n", encoding="utf-8")
    assert preview.preview([str(post)]) is None  # no good build to preview from
