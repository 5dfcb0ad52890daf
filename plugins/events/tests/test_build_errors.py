"""Bad event files stop the build with one plain-English report naming the
file, the line and the field; nothing is skipped silently."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from coproweek.problems import BuildFailed
from sitekit.build import ROOT

from .site_build import NOW, build, fixture_copy, plugins_with_events

pytestmark = pytest.mark.slow

GOOD = """title: A good event
start: 2018-07-03 10:00
end: 2018-07-03 16:00
venue: Town Hall
"""


def report_for(tmp_path, files: dict[str, str]) -> str:
    with pytest.raises(BuildFailed) as failure:
        build(fixture_copy(tmp_path, files), tmp_path / "output")
    assert failure.value.code == 1
    return failure.value.report


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("end: 2018-07-03 16:00", "end: 2018-07-03 09:00"), 3, "ends (2018-07-03 09:00) before it starts"),
        (("venue: Town Hall", "venue: Town Hall\ntimezone: Europe/Londn"), 5, '"Europe/Londn" is not a time zone'),
        (("start: 2018-07-03 10:00", "start: 3rd July"), 2, '"3rd July" has no year'),
        (("title: A good event\n", ""), None, "has no title"),
        (("start: 2018-07-03 10:00\n", ""), None, "has no start date"),
        (("venue: Town Hall", "venue: Town Hall\nstatus: maybe"), 5, '"maybe" is not an event status'),
        (("venue: Town Hall", "venue: Town Hall\naccess: ramps"), 5, '"ramps" is not an access feature'),
        (("venue: Town Hall", "venue: Town Hall\nrepeat: weekly"), 5, "repeats but never ends"),
        (("venue: Town Hall", "venue: Town Hall\nrrule: FREQ=WEEKLY;BYBANANA=2;COUNT=3"), 5, "BYBANANA=2"),
    ],
)
def test_bad_field_is_named_with_file_and_line(tmp_path, change, line, words):
    report = report_for(tmp_path, {"bad.md": GOOD.replace(*change)})
    location = "content/events/bad.md" + (f", line {line}" if line else "")
    assert location in report
    assert words in report
    assert "How to fix it:" in report
    assert "Traceback" not in report


def test_two_events_with_the_same_slug(tmp_path):
    report = report_for(tmp_path, {"one.md": GOOD + "slug: same-event\n", "two.md": GOOD + "slug: same-event\n"})
    assert "content/events/two.md, line 5" in report
    assert 'Another event, events/one.md, has the same slug "same-event"' in report


def test_every_bad_file_is_reported_together(tmp_path):
    report = report_for(tmp_path, {
        "a.md": GOOD.replace("end: 2018-07-03 16:00", "end: 2018-07-03 09:00"),
        "b.md": GOOD.replace("title: A good event\n", ""),
    })
    assert "2 problems" in report
    assert "content/events/a.md" in report and "content/events/b.md" in report


def test_command_line_build_exits_1_without_a_traceback(tmp_path):
    content = fixture_copy(tmp_path, {"bad.md": GOOD.replace("start: 2018-07-03 10:00", "start: 2018-13-45 10:00")})
    plugins = json.dumps(plugins_with_events())
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"),
         "-o", str(tmp_path / "output"), "-e", f"PLUGINS={plugins}", f'THEME="{ROOT / "theme"}"',
         f'PLUGIN_PATHS=["{ROOT / "plugins"}"]'],
        cwd=ROOT, capture_output=True, encoding="utf-8", env={**os.environ, "SITE_NOW": NOW}, timeout=120,
    )
    assert result.returncode == 1
    assert "content/events/bad.md, line 2" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_settings_are_reported_not_raised(tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build(fixture_copy(tmp_path), tmp_path / "output", SITE_NOW="someday", EVENTS_DEFAULT_TIMEZONE="Mars/Base")
    assert 'SITE_NOW "someday" is not a date' in failure.value.report
    assert 'EVENTS_DEFAULT_TIMEZONE "Mars/Base" is not a time zone' in failure.value.report


def test_missing_image_is_reported(tmp_path):
    report = report_for(tmp_path, {"pic.md": GOOD + "image: /images/nowhere.jpg\nimage-alt: A hall\n"})
    assert "content/events/pic.md, line 5" in report and "/images/nowhere.jpg" in report
