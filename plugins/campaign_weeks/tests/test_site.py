"""The project's site with its weeks: pages, the home page at different
"now"s, and bad week files failing the build with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from tests.site_tools import PROJECT_ROOT, SiteBuildFailed, build_real_site

pytestmark = pytest.mark.slow


def content_copy(tmp_path: Path, weeks: dict[str, str] | None = None) -> Path:
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    for name, text in (weeks or {}).items():
        (content / "weeks" / name).write_text(text, encoding="utf-8")
    return content


def main_text(site: Path, path: str) -> str:
    page = lxml.html.parse(str(site / path / "index.html")).getroot()
    return " ".join(page.get_element_by_id("main-content").text_content().split())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_real_site(tmp_path_factory.mktemp("weeks") / "output")


def test_weeks_index_lists_every_year_with_its_theme(site):
    text = main_text(site, "weeks")
    assert text.index("Co-production Week 2027") < text.index("Co-production Week 2018")
    assert "Monday 2 to Friday 6 July 2018 Theme: Sharing power" in text
    assert "Monday 5 to Friday 9 July 2027 Theme to be announced" in text


def test_week_page_has_theme_highlights_events_and_posts(site):
    page = lxml.html.parse(str(site / "weeks/2018/index.html")).getroot()
    text = main_text(site, "weeks/2018")
    assert "Theme: Sharing power" in text and "Highlights" in text
    events = [a.text_content() for a in page.cssselect("#week-events-heading ~ ul a")]
    assert "Co-production Festival 2018" in events
    assert not any("2027" in title for title in events)
    posts = [a.text_content() for a in page.cssselect(".post-summary__title a")]
    assert posts == ["Co-production: not rocket science?"]
    # The {filename} link in the body resolves to the event page.
    assert page.cssselect('.prose a[href="../../events/co-production-festival-2018/"]')


@pytest.mark.parametrize(("now", "words", "absent"), [
    ("2018-06-20", ["Co-production Week 2018", "Monday 2 to Friday 6 July 2018", "Sharing power"], ["On now", "being planned"]),
    ("2018-07-04", ["Co-production Week 2018", "On now"], ["being planned"]),
    ("2026-11-26", ["Co-production Week 2027", "Monday 5 to Friday 9 July 2027", "theme will be announced"], ["On now"]),
    ("2027-08-01", ["Co-production Week 2027", "next Co-production Week is being planned"], ["On now"]),
])
def test_home_page_leads_with_the_week_that_now_decides(tmp_path, now, words, absent):
    site = build_real_site(tmp_path / "output", SITE_NOW=now)
    hero = " ".join(lxml.html.parse(str(site / "index.html")).getroot().cssselect(".hero")[0].text_content().split())
    for word in words:
        assert word in hero
    for word in absent:
        assert word not in hero


def report_for(tmp_path, weeks: dict[str, str]) -> str:
    with pytest.raises(SiteBuildFailed) as failure:
        build_real_site(tmp_path / "output", PATH=str(content_copy(tmp_path, weeks)))
    return str(failure.value)


@pytest.mark.parametrize(("name", "text", "location", "words"), [
    ("2019.md", "theme: Dates forgotten\nsummary: x\n", "content/weeks/2019.md, line 1", "has no start date"),
    ("2019.md", "start: 2019-07-01\nend: 2019-06-28\n", "content/weeks/2019.md, line 2", "ends (Friday 28 June 2019) before it starts"),
    ("2019.md", "start: 1 Julyish\nend: 2019-07-05\n", "content/weeks/2019.md, line 1", '"1 Julyish" is not a day'),
    ("2019.md", "start: 2019-07-01\nend: 2019-07-05\nsummary: Hello <script>alert(1)</script>\n",
     "content/weeks/2019.md, line 3", "in the summary line"),
    ("2019.md", "start: 2019-07-01\nend: 2019-07-05\n\nHighlights <img src=x onerror=alert(1)>\n",
     "content/weeks/2019.md, line 4", "onerror"),
])
def test_bad_week_file_fails_naming_file_and_line(tmp_path, name, text, location, words):
    report = report_for(tmp_path, {name: text})
    assert f"{location}: " in report
    assert words in report
    assert "How to fix it:" in report
    assert "Traceback" not in report


def test_two_files_for_one_year_fail_naming_both(tmp_path):
    report = report_for(tmp_path, {"2018-again.md": "year: 2018\nstart: 2018-07-09\nend: 2018-07-13\n"})
    # Whichever is read second is blamed, at its year line (line 1 of each).
    assert ("content/weeks/2018.md, line 1: Another file, 2018-again.md, is also for 2018." in report
            or "content/weeks/2018-again.md, line 1: Another file, 2018.md, is also for 2018." in report)
