"""The invoke tasks authors run, in a scratch copy of the project."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitekit.build import ROOT

INVOKE = [sys.executable, "-m", "invoke"]


@pytest.fixture
def project(tmp_path):
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "content", tmp_path / "content")
    for name in ("theme", "plugins", "sitekit"):
        (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


def run(project: Path, *arguments):
    return subprocess.run([*INVOKE, *arguments], cwd=project, capture_output=True, encoding="utf-8",
                          env={**os.environ, "SITE_NOW": "2018-06-20"}, timeout=300)


def test_new_post_scaffolds_a_draft_that_builds(project):
    result = run(project, "new-post", "Why we co-produce")
    assert result.returncode == 0, result.stderr
    post = project / "content" / "blog" / "why-we-co-produce.md"
    assert post.read_text(encoding="utf-8").startswith("Title: Why we co-produce\nDate: ")
    again = run(project, "new-post", "Why we co-produce")
    assert again.returncode != 0 and "already exists" in again.stderr
    built = run(project, "build")
    assert built.returncode == 0, built.stderr
    assert (project / "output" / "index.html").exists()
    assert (project / "output" / "drafts" / "why-we-co-produce" / "index.html").exists()


def test_a_settings_file_that_is_not_python_is_explained(project):
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text().replace('SITENAME = "', 'SITENAME = "Unclosed'.replace('"Unclosed', "'Unclosed"), 1))
    result = run(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "pelicanconf.py, line " in result.stderr and "not valid" in result.stderr


def test_a_settings_file_saved_as_windows_1252_names_the_line(project):
    settings = project / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8").replace('CAMPAIGN_HASHTAG = "#coproweek"', 'CAMPAIGN_HASHTAG = "#coproweek’s"')
    settings.write_bytes(text.encode("cp1252"))
    line = next(n for n, written in enumerate(text.split("\n"), 1) if written.startswith("CAMPAIGN_HASHTAG"))
    result = run(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr and "UnicodeDecodeError" not in result.stderr
    assert f"pelicanconf.py, line {line}: this line has a character that is not UTF-8 text (byte 0x92)" in result.stderr


def test_a_bad_setting_value_fails_the_build_naming_its_line(project):
    settings = project / "pelicanconf.py"
    text = settings.read_text()
    settings.write_text(text.replace('TIMEZONE = "Europe/London"', 'TIMEZONE = "Europe/Londres"'))
    line = next(n for n, text in enumerate(settings.read_text().splitlines(), 1) if text.startswith("TIMEZONE"))
    result = run(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"pelicanconf.py, line {line}: TIMEZONE = 'Europe/Londres' is not a time zone name." in result.stderr


def test_publish_refuses_a_production_build_with_audit_errors(project):
    post = project / "content" / "blog" / "co-production-not-rocket-science.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("![Illustration: eight people", "![IMG_1234.jpg](/images/around-the-table.jpg)\n\n![Eight people"),
                    encoding="utf-8")
    result = run(project, "publish")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "IMG_1234.jpg" in result.stderr and "co-production-not-rocket-science.md" in result.stderr
    assert "rsync" not in result.stdout + result.stderr, "publish went on to copy a failed build"
    assert not (project / "output").exists()


def test_new_event_stays_off_the_public_site_until_its_author_says_so(project):
    """The issue's example: `invoke new-event` then a production build put
    "Name of the venue" and events@example.org on the home page."""
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # the editor production builds include
    assert run(project, "new-event", "Co-production cafe").returncode == 0
    event = project / "content" / "events" / "co-production-cafe.md"
    preview = run(project, "preview")
    assert preview.returncode == 0, preview.stderr
    output = project / "output"
    for page in output.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".ics", ".xml", ".json"):
            text = page.read_text(encoding="utf-8")
            assert "Name of the venue" not in text and "events@example.org" not in text, page
            assert "co-production-cafe" not in text, page
    assert not (output / "events" / "co-production-cafe").exists()
    local = run(project, "build")  # on the author's own computer: shown, marked, noindex
    assert local.returncode == 0, local.stderr
    draft_page = (output / "events" / "co-production-cafe" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in draft_page and "This is a draft" in draft_page
    assert run(project, "preview").returncode == 0

    # The author says it is ready but leaves example words in: the build
    # names each line, and the published site stays as it was.
    before = (output / "index.html").read_bytes()
    event.write_text(event.read_text(encoding="utf-8").replace("status: draft", "status: scheduled"), encoding="utf-8")
    failed = run(project, "preview")
    assert failed.returncode == 1
    lines = event.read_text(encoding="utf-8").splitlines()
    for phrase in ("Name of the venue", "Street, Town", "events@example.org"):
        number = next(n for n, line in enumerate(lines, start=1) if phrase in line)
        assert f"content/events/co-production-cafe.md, line {number}: this line still has the example text \"{phrase}\"" \
            in failed.stderr, failed.stderr
    assert (output / "index.html").read_bytes() == before


def test_edit_without_the_editors_files_says_how_to_get_them(project):
    # The scratch project has no node_modules/: decap-server is not there.
    result = run(project, "edit")
    assert result.returncode == 1
    assert "install-test-tools" in result.stderr + result.stdout and "Traceback" not in result.stderr
