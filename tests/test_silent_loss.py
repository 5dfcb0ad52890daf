"""Issue 10, items 7, 8, 10 and 12 on whole builds: dates mean what a UK
writer means in posts and events alike; nothing an author wrote is lost
without a word (misspelt fields, a first line taken for a field, files the
build would skip); reading problems get the right message and line; limits."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from coproweek.problems import BuildFailed
from sitekit.build import ROOT, build_site

pytestmark = pytest.mark.slow

POST = """Title: A good post
Date: 2018-04-16 09:00
Author: Pete Fleischmann
Tags: co-production

Text.
"""
EVENT = """title: A good event
start: 2018-07-03 10:00
end: 2018-07-03 16:00
venue: Town Hall

About it.
"""


def make_content(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A content folder with the given files, paths relative to content/."""
    content = tmp_path / "content"
    for folder in ("blog", "pages", "events"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "content" / "authors.toml", content / "authors.toml")
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return content


def build(tmp_path, files):
    return build_site(make_content(tmp_path, files), tmp_path / "output", SITE_NOW="2018-06-20")


def report_for(tmp_path, files) -> str:
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path, files)
    return failure.value.report


# Item 7: dates -------------------------------------------------------------

def test_an_ambiguous_date_is_refused_the_same_way_in_posts_and_events(tmp_path):
    report = report_for(tmp_path, {
        "blog/slashed.md": POST.replace("2018-04-16 09:00", "05/04/2018"),
        "events/slashed.md": EVENT.replace("start: 2018-07-03 10:00", "start: 05/04/2018 10:00"),
    })
    assert ("content/blog/slashed.md, line 2: '05/04/2018' in the date line could be 5 April 2018 or 4 May 2018, "
            "so the site does not guess.") in report
    assert 'content/events/slashed.md, line 2: "05/04/2018 10:00" could be 5 April 2018 or 4 May 2018' in report
    assert report.count("Write 2018-04-05 or 5 April 2018") == 2


@pytest.mark.parametrize("field, value, words", [
    ("Date", "July 2018", "has no day, and the site does not fill one in"),
    ("Date", "2018", "has no day"),
    ("Date", "16 April", "has no year"),
    ("Date", "April 16, 2018", "puts the month before the day"),
    ("Date", "Friday 16 April 2018", "says Friday, but 16 April 2018 is a Monday"),
    ("Modified", "2018-05", "has no day"),
    ("Modified", "1/5/2018", "could be 1 May 2018 or 5 January 2018"),
])
def test_partial_and_unclear_post_dates_are_refused_not_completed(tmp_path, field, value, words):
    post = POST.replace("Date: 2018-04-16 09:00", f"Date: {value}") if field == "Date" else \
        POST.replace("Tags:", f"Modified: {value}\nTags:")
    report = report_for(tmp_path, {"blog/partial.md": post})
    line = 2 if field == "Date" else 4
    assert f"content/blog/partial.md, line {line}: '{value}' in the {field.lower()} line {words}" in report


def test_a_date_in_words_gives_the_same_address_as_iso(tmp_path):
    build(tmp_path, {"blog/words.md": POST.replace("2018-04-16 09:00", "Monday 16th April 2018 at 9.30am")})
    page = tmp_path / "output/blog/2018/04/a-good-post/index.html"
    assert 'datetime="2018-04-16T09:30:00+01:00"' in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("field, value, words", [
    ("end", "04/07/2018 16:00", "could be 4 July 2018 or 7 April 2018"),
    ("repeat-until", "July 2018", "has no day"),
    ("except", "July 10 2018", "puts the month before the day"),
    ("cancelled-dates", "10/07/2018", "could be 10 July 2018 or 7 October 2018"),
    ("moved", "2018-07-10 to 11/07/2018 10:00", "could be 11 July 2018 or 7 November 2018"),
    ("modified", "2018", "has no day"),
])
def test_every_event_date_field_follows_the_same_rule(tmp_path, field, value, words):
    repeat = "repeat: weekly\nrepeat-count: 4\n" if field in ("except", "cancelled-dates", "moved") else ""
    if field == "repeat-until":
        repeat = "repeat: weekly\n"
    text = EVENT.replace("venue: Town Hall\n", f"venue: Town Hall\n{repeat}{field}: {value}\n")
    if field == "end":
        text = EVENT.replace("end: 2018-07-03 16:00", f"end: {value}")
    report = report_for(tmp_path, {"events/dates.md": text})
    assert words in report
    line = next(n for n, written in enumerate(text.splitlines(), 1) if written.startswith(f"{field}:"))
    assert f"content/events/dates.md, line {line}:" in report


# Item 8: no silent loss ----------------------------------------------------

def test_misspelt_fields_in_posts_and_pages_fail_with_did_you_mean(tmp_path):
    report = report_for(tmp_path, {
        "blog/typos.md": POST.replace("Tags: co-production", "Tag: co-production\nSummery: Why it matters."),
        "pages/typo.md": "Title: About us\nSlg: about-us\n\nText.\n",
    })
    assert "content/blog/typos.md, line 4: 'tag' is not a field a post can have" in report
    assert "Did you mean 'tags'?" in report
    assert "content/blog/typos.md, line 5: 'summery' is not a field a post can have" in report
    assert "Did you mean 'summary'?" in report
    assert "content/pages/typo.md, line 2: 'slg' is not a field a page can have" in report


def test_a_body_line_taken_for_a_field_is_caught(tmp_path):
    post = POST.replace("Tags: co-production\n\nText.", "Tags: co-production\nNote: this post was first given as a talk in May.\n\nText.")
    report = report_for(tmp_path, {"blog/run-on.md": post,
                                   "events/run-on.md": EVENT.replace("venue: Town Hall\n", "venue: Town Hall\nAbout it:")})
    assert "content/blog/run-on.md, line 5: this line ('Note: this post was first given as a talk in May.') is read " \
           "as a field called 'note', not as the start of the text" in report
    assert "content/events/run-on.md, line 5: there is no empty line between the fields at the top and the text" in report


def test_markdown_files_with_capital_extensions_are_published(tmp_path):
    build(tmp_path, {"blog/shouting.MD": POST, "blog/mixed.Markdown": POST.replace("A good post", "Another post"),
                     "events/capital.Md": EVENT})
    output = tmp_path / "output"
    assert (output / "blog/2018/04/a-good-post/index.html").exists()
    assert (output / "blog/2018/04/another-post/index.html").exists()
    assert (output / "events/capital/index.html").exists()


def test_files_the_build_would_skip_are_reported(tmp_path):
    report = report_for(tmp_path, {
        "blog/good.md": POST,
        "blog/hidden-extension.md.txt": POST.replace("A good post", "Hidden"),
        "events/event.markdown.txt": EVENT,
        "blog/interview.docx": b"PK\x03\x04",
        "news/lost.md": POST.replace("A good post", "Lost"),
        "blog/.DS_Store": b"\x00\x00",
    })
    assert "content/blog/hidden-extension.md.txt: the file name ends in '.md.txt'" in report
    assert "rename it to 'hidden-extension.md'" in report
    assert "content/events/event.markdown.txt: the file name ends in '.markdown.txt'" in report
    assert "content/blog/interview.docx: this is a word-processor document" in report
    assert "content/news/lost.md: this Markdown file is not in a folder the site reads" in report
    assert ".DS_Store" not in report
    assert "4 problems" in report


# Item 10: reading problems with the right message and line -------------------

def test_an_event_with_a_byte_order_mark_builds(tmp_path):
    build(tmp_path, {"events/bom.md": "\ufeff" + EVENT, "blog/bom.md": "\ufeff" + POST})
    assert (tmp_path / "output/events/bom/index.html").exists()


def test_a_byte_order_mark_does_not_shift_or_hide_lines(tmp_path):
    report = report_for(tmp_path, {"events/bom.md": "\ufeff" + EVENT.replace("title: A good event", "titel: A good event")})
    assert "content/events/bom.md, line 1: 'titel' is not a field an event can have" in report
    assert "Did you mean 'title'?" in report


@pytest.mark.parametrize("name", ["events/ansi.md", "blog/ansi.md"])
def test_a_windows_1252_file_names_the_line_not_a_python_error(tmp_path, name):
    text = (EVENT if name.startswith("events") else POST).replace("Text.", "It’s here.").replace("About it.", "It’s here.")
    report = report_for(tmp_path, {name: text.encode("cp1252")})
    assert f"content/{name}, line 6: this line has a character that is not UTF-8 text (byte 0x92)" in report
    assert "Windows-1252" in report
    assert "UnicodeDecodeError" not in report


def test_a_utf16_file_is_named_as_such(tmp_path):
    report = report_for(tmp_path, {"events/notepad.md": EVENT.encode("utf-16")})
    assert "content/events/notepad.md: the file is saved as UTF-16" in report


@pytest.mark.parametrize("zone, suggestion", [("BST", "Europe/London"), ("British Summer Time", "Europe/London"),
                                              ("EDT", "America/New_York"), ("Europe/Londres", "Europe/London")])
def test_a_time_of_year_abbreviation_suggests_the_place(tmp_path, zone, suggestion):
    report = report_for(tmp_path, {"events/zone.md": EVENT.replace("venue:", f"timezone: {zone}\nvenue:")})
    assert f'content/events/zone.md, line 4: "{zone}" is not a time zone the site knows' in report
    assert f'Did you mean "{suggestion}"?' in report
    assert '"MST"' not in report


def test_gmt_on_a_summer_date_warns_and_builds(tmp_path, capsys):
    build(tmp_path, {"events/summer.md": EVENT.replace("venue:", "timezone: GMT\nvenue:"),
                     "events/winter.md": EVENT.replace("2018-07-03", "2018-12-04").replace("venue:", "timezone: GMT\nvenue:")})
    err = capsys.readouterr().err
    assert "content/events/summer.md, line 4: timezone: GMT on Tuesday 3 July 2018: UK clocks are on British Summer Time" in err
    assert "timezone: Europe/London" in err
    assert "winter.md" not in err
    assert (tmp_path / "output/events/summer/index.html").exists()


# Item 12: limits ------------------------------------------------------------

def test_thousands_of_tags_fail_quickly_naming_the_limit(tmp_path):
    tags = ", ".join(f"tag{n}" for n in range(5000))
    started = time.monotonic()
    report = report_for(tmp_path, {"blog/tags.md": POST.replace("Tags: co-production", f"Tags: {tags}"),
                                   "events/tags.md": EVENT.replace("venue:", f"tags: {tags}\nvenue:")})
    assert time.monotonic() - started < 60
    assert "content/blog/tags.md, line 4: this post has 5000 tags; the limit is 30." in report
    assert "content/events/tags.md, line 4: this event has 5000 tags; the limit is 30." in report
    assert not (tmp_path / "output").exists()


def test_a_huge_file_and_a_huge_field_are_refused(tmp_path):
    report = report_for(tmp_path, {
        "blog/huge.md": POST + ("All work and no play. " * 60_000),
        "blog/long-title.md": POST.replace("A good post", "Very " * 100 + "long"),
        "events/long-summary.md": EVENT.replace("venue:", "summary: " + "Words " * 500 + "\nvenue:"),
    })
    assert "content/blog/huge.md: the file is 1.3 MB; the limit for one file of text is 1 MB." in report
    assert "content/blog/long-title.md, line 1: the title is 504 characters long; the limit is 200." in report
    assert "content/events/long-summary.md, line 4: the summary is 2,999 characters long; the limit is 2,000." in report


def test_problem_lines_point_at_the_markup_not_a_mention(tmp_path):
    body = ("Never paste `<script>` or `onclick=` from emails.\n\n"
            "<p onclick=\"x()\">Hi</p>\n\n<script>alert(1)</script>\n")
    post = POST.replace("Text.\n", body).replace("Tags:", "Summary: About\u2028pasting.\nTags:")
    report = report_for(tmp_path, {"blog/mentions.md": post})
    lines = post.split("\n")
    script = next(n for n, line in enumerate(lines, 1) if line.startswith("<script>"))
    onclick = next(n for n, line in enumerate(lines, 1) if line.startswith("<p onclick"))
    assert f"content/blog/mentions.md, line {script}: it contains a <script> element" in report
    assert f"content/blog/mentions.md, line {onclick}: the HTML attribute onclick=" in report


def test_a_broken_link_is_reported_where_it_is_made_not_where_it_is_mentioned(tmp_path):
    body = "The page /blog/nowhere/ has gone.\n\nSee [it](/blog/nowhere/).\n"
    post = POST.replace("Text.\n", body).replace("Tags:", "Summary: About /blog/nowhere/\u2028again.\nTags:")
    report = report_for(tmp_path, {"blog/mentions.md": post})
    link = next(n for n, line in enumerate(post.split("\n"), 1) if line.startswith("See [it]"))
    assert f"content/blog/mentions.md, line {link}: the link '/blog/nowhere/'" in report
