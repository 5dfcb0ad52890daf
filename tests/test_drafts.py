"""Drafts never reach the public: a production build (publishconf.py) writes a
draft post, page or event in no form at all; a local build shows each at its
own address, marked "Draft" and noindex, and in no list or feed."""

import shutil
import sys
from pathlib import Path

import lxml.html
import pytest

from coproweek.problems import BuildFailed
from plugins.events.tests.site_build import FIXTURE, plugins_with_events
from sitekit.build import ROOT, build_site

# Words that appear only in the drafts, so any trace of them in the output
# (a page, a card's alt text, a feed, a list, JSON-LD) is found.
SECRET = "Zanzibarquoll"
DRAFT_POST = f"""Title: {SECRET} post
Date: 2018-04-20 09:00
Author: Pete Fleischmann
Tags: {SECRET.lower()}-tag, co-production
Summary: The {SECRET} summary.
Status: draft

{SECRET} body.
"""
DRAFT_PAGE = f"""Title: {SECRET} page
Status: Draft
Summary: The {SECRET} page.

{SECRET} page body.
"""
DRAFT_EVENT = f"""title: {SECRET} event
start: 2018-07-04 10:00
end: 2018-07-04 12:00
attendance: online
joining-link: https://www.scie.org.uk/join
organiser: {SECRET} Trust
summary: The {SECRET} event.
tags: {SECRET.lower()}-events
status: draft

{SECRET} event body.
"""


def content_with_drafts(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "blog" / "zanzibar-post.md").write_text(DRAFT_POST, encoding="utf-8")
    (content / "pages" / "zanzibar-page.md").write_text(DRAFT_PAGE, encoding="utf-8")
    (content / "events" / "zanzibar-event.md").write_text(DRAFT_EVENT, encoding="utf-8")
    return content


def traces(output: Path, words: str) -> list[str]:
    """Every output file (by path or by content) that mentions `words`."""
    found = []
    for path in output.rglob("*"):
        if path.is_file():
            relative = str(path.relative_to(output))
            if words.lower() in relative.lower() or words.lower() in path.read_bytes().decode("utf-8", "replace").lower():
                found.append(relative)
    return found


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("drafts-production")
    # With the browser editor, as production has it: its files are searched for drafts too.
    build_site(content_with_drafts(tmp), tmp / "output", settings_file="publishconf.py",
               PLUGINS=plugins_with_events(), SITE_NOW="2018-06-20", BROWSER_EDITOR_NODE_MODULES=str(ROOT / "node_modules"))
    return tmp / "output"


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("drafts-local")
    build_site(content_with_drafts(tmp), tmp / "output", PLUGINS=plugins_with_events(), SITE_NOW="2018-06-20")
    return tmp / "output"


def test_production_build_publishes_no_draft_in_any_form(production):
    assert (production / "index.html").exists() and (production / "events" / "calendar.ics").exists()
    assert traces(production, SECRET) == []
    assert not (production / "drafts").exists()
    assert not (production / "events" / "zanzibar-event").exists()
    assert not list((production / "cards").rglob("*zanzibar*"))


def test_production_feeds_and_lists_still_have_the_published_content(production):
    # The check above must not pass because nothing was built.
    atom = (production / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "<entry>" in atom
    calendar = (production / "events" / "calendar.ics").read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in calendar


def test_local_build_shows_drafts_marked_and_noindex(local):
    for page in ("drafts/zanzibarquoll-post/index.html", "drafts/pages/zanzibarquoll-page.html", "events/zanzibar-event/index.html"):
        root = lxml.html.parse(str(local / page)).getroot()
        assert root.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"], page
        banner = root.xpath("//main//*[@id='draft-notice-title']")
        assert banner and banner[0].text == "Draft", page
        assert SECRET in root.text_content()


def test_local_build_keeps_drafts_out_of_lists_feeds_and_calendars(local):
    own_pages = ("drafts/", "events/zanzibar-event/", "cards/")
    leaked = [path for path in traces(local, SECRET) if not path.startswith(own_pages)]
    assert leaked == []
    published = lxml.html.parse(str(local / "blog" / "index.html")).getroot()
    assert published.xpath("//*[@class='post-summary__title']")
    root = lxml.html.parse(str(local / "events/zanzibar-event/index.html")).getroot()
    assert not root.xpath("//*[@id='calendar-links-heading']")


def test_published_pages_are_not_marked_as_drafts(local):
    for page in ("get-involved/index.html", "blog/2018/04/a-blog-post-about-the-week/index.html",
                 "events/co-production-week-2018/index.html"):
        root = lxml.html.parse(str(local / page)).getroot()
        assert not root.xpath("//meta[@name='robots']"), page
        assert not root.xpath("//*[@id='draft-notice-title']"), page


LEAKY_PLUGIN = '''
import os
from pelican import signals

def leak(pelican):
    with open(os.path.join(pelican.output_path, "leak.html"), "w") as f:
        f.write('<a href="https://www.coproductionweek.org.uk/drafts/zanzibarquoll-post/">x</a>')

def register():
    signals.finalized.connect(leak)
'''


def test_a_plugin_that_leaks_a_draft_fails_the_production_build(tmp_path, monkeypatch):
    plugin_folder = tmp_path / "extra_plugins"
    plugin_folder.mkdir()
    (plugin_folder / "leaky_drafts.py").write_text(LEAKY_PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(plugin_folder))
    content = content_with_drafts(tmp_path)
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output", settings_file="publishconf.py", SITE_NOW="2018-06-20",
                   PLUGINS=[*plugins_with_events(), "leaky_drafts"], BROWSER_EDITOR=False)
    assert "content/blog/zanzibar-post.md, line 6: this draft would be published: its address " \
           "/drafts/zanzibarquoll-post/ is in the built site (leak.html)." in failure.value.report
    assert not (tmp_path / "output").exists()
    sys.modules.pop("leaky_drafts", None)


def test_a_published_post_linking_to_a_draft_fails_the_production_build(tmp_path):
    content = content_with_drafts(tmp_path)
    post = content / "blog" / "a-post.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nSee [the draft]({filename}/blog/zanzibar-post.md).\n",
                    encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output", settings_file="publishconf.py", SITE_NOW="2018-06-20",
                   PLUGINS=plugins_with_events(), BROWSER_EDITOR=False)
    leak = next(line for line in failure.value.report.splitlines() if "content/blog/zanzibar-post.md, line 6" in line)
    assert "this draft would be published: its address /drafts/zanzibarquoll-post/ is in the built site (" in leak
    assert "blog/2018/04/a-blog-post-about-the-week/index.html" in leak and "feeds/all.atom.xml" in leak
