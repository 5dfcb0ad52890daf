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


def test_a_bad_setting_value_fails_the_build_naming_its_line(project):
    settings = project / "pelicanconf.py"
    text = settings.read_text()
    settings.write_text(text.replace('TIMEZONE = "Europe/London"', 'TIMEZONE = "Europe/Londres"'))
    line = next(n for n, l in enumerate(settings.read_text().splitlines(), 1) if l.startswith("TIMEZONE"))
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


def test_new_week_scaffolds_a_week_that_builds(project):
    result = run(project, "new-week", "2029")
    assert result.returncode == 0, result.stderr
    week = project / "content" / "weeks" / "2029.md"
    assert week.read_text(encoding="utf-8").startswith("year: 2029\nstart: 2029-07-02\nend: 2029-07-06\n")
    again = run(project, "new-week", "2029")
    assert again.returncode != 0 and "already exists" in again.stderr
    assert run(project, "new-week", "29").returncode != 0
    built = run(project, "build")
    assert built.returncode == 0, built.stderr
    assert "2029" in (project / "output" / "weeks" / "index.html").read_text(encoding="utf-8")


def test_import_event_writes_drafts_and_exits_non_zero_on_problems(project):
    export = project / "submissions.json"
    export.write_text('[{"form_name": "event", "data": {"title": "Coffee morning", "date-day": "6", "date-month": "7",'
                      ' "date-year": "2027", "start-time": "10am", "end-time": "", "attendance": "in person",'
                      ' "venue": "Library", "organiser": "Carers Centre", "description": "Tea."}}]', encoding="utf-8")
    result = run(project, "import-event", str(export))
    assert result.returncode == 1
    assert "content/events/coffee-morning-2027.md, line 2: The event has a start time but no end" in result.stdout
    assert (project / "content" / "events" / "coffee-morning-2027.md").exists()
    assert run(project, "build").returncode == 0  # a draft does not break the site
    missing = run(project, "import-event", str(project / "nothing.json"))
    assert missing.returncode == 1 and "Nothing was imported" in missing.stderr
