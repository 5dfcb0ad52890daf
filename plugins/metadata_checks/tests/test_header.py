"""The block of fields at the top of a file: nothing in it is lost without a
word, and every problem names the line it is on."""

from coproweek.problems import line_containing, metadata_lines
from coproweek.source_text import read_header, source_lines
from coproweek.content_types import EVENT, PAGE, POST, ContentType, content_type_for, register_content_type
from coproweek.checks.header import header_problems

POST_HEAD = "Title: A post\nDate: 2018-04-16\nAuthor: Pete Fleischmann\n"


def problems(text, content_type=POST):
    return [(p.line, p.what, p.fix) for p in header_problems(text, content_type)]


def test_a_good_header_has_no_problems():
    assert problems(POST_HEAD + "Tags: a, b\nSummary: Short.\n\nText: with a colon is fine here.\n") == []
    assert problems("Title: About\nSlug: about\n\nText.\n", PAGE) == []


def test_misspelt_fields_fail_with_did_you_mean_on_their_line():
    found = problems(POST_HEAD + "Tag: training\nSummery: Why.\nCategory: News\n\nText.\n")
    assert (4, "'tag' is not a field a post can have, so it would be ignored.",
            "Did you mean 'tags'? The fields a post can have are listed in docs/writing-posts.md.") in found
    assert any(line == 5 and "Did you mean 'summary'?" in fix for line, _, fix in found)
    assert any(line == 6 and "Did you mean 'tags'?" in fix for line, _, fix in found)


def test_a_page_may_not_have_post_only_fields():
    found = problems("Title: About\nAuthor: Someone\n\nText.\n", PAGE)
    assert found and found[0][0] == 2 and "not a field a page can have" in found[0][1]


def test_a_first_line_of_text_swallowed_as_a_field_is_caught():
    text = POST_HEAD + "Update: we have moved the meeting to Friday because of the strike.\n\nMore text.\n"
    [(line, what, fix)] = problems(text)
    assert line == 4
    assert "read as a field called 'update', not as the start of the text" in what
    assert "put an empty line before it" in fix


def test_text_straight_after_the_fields_needs_an_empty_line():
    [(line, what, fix)] = problems(POST_HEAD + "This post starts without an empty line.\n")
    assert line == 4 and "no empty line between the fields" in what and "line 4" in fix


def test_a_line_that_looks_like_a_field_but_is_text():
    [(line, what, _)] = problems(POST_HEAD + "Tags : training\n\nText.\n")
    assert line == 4 and "looks like a field ('Tags:') but is read as text" in what
    [(line, what, fix)] = problems("title: Café\nstart: 2018-07-03\nimage alt: A cup\n\nText.\n", EVENT)
    assert line == 3 and "'image alt:'" in what and "'image-alt: …'" in fix


def test_a_field_given_twice_is_named_with_both_lines():
    [(line, what, _)] = problems(POST_HEAD + "Date: 2018-05-01\n\nText.\n")
    assert line == 4 and "'Date:' is given twice (first on line 2)" in what


def test_limits_name_the_limit_and_the_line():
    tags = ", ".join(f"topic {n}" for n in range(31))
    found = problems(POST_HEAD + f"Tags: {tags}\nSummary: {'wordy ' * 416}long\n\nText.\n")
    assert (4, "this post has 31 tags; the limit is 30.",
            "keep the 30 that matter most: each one is a page of its own.") in found
    assert any(line == 5 and "the summary is 2,500 characters long; the limit is 2,000." in what for line, what, _ in found)
    [(line, what, _)] = problems("Title: " + "Long " * 50 + "\nSlug: x\n\nText.\n", PAGE)
    assert line == 1 and "the limit is 200" in what
    [(line, what, _)] = problems(POST_HEAD + "Tags: " + "x" * 70 + "\n\nText.\n")
    assert line == 4 and "70 characters long; the limit is 60" in what


def test_line_numbers_match_the_editor_not_str_splitlines():
    # U+2028 and U+0085 are line breaks to str.splitlines(), not to editors or
    # to python-markdown: counting them shifted every later line by one.
    text = "Title: One\u2028two\nSummary: a\x85b\nDate: 2018-04-16\nTag: x\n\n<script> here\n"
    assert len(source_lines(text)) == 7  # the last is the empty rest after the final line break
    assert metadata_lines(text) == {"title": 1, "summary": 2, "date": 3, "tag": 4}
    assert problems(text)[0][0] == 4
    assert line_containing(text, "<script") == 6


def test_a_byte_order_mark_does_not_hide_the_first_field():
    assert metadata_lines("\ufefftitle: Café\nstart: 2018-07-03\n") == {"title": 1, "start": 2}


def test_the_header_is_read_as_python_markdown_reads_it():
    header = read_header("---\nTitle: x\nSummary: one\n    two\n---\nText: not a field\n")
    assert [(f.key, f.value, f.line) for f in header.fields] == [("title", "x", 2), ("summary", "one\ntwo", 3)]
    assert not header.ended_by_text


def test_a_new_content_type_declares_its_fields_and_folders():
    week = register_content_type(ContentType(name="week", fields=("year", "theme", "start", "end"),
                                             date_fields=("start", "end"), paths_setting="WEEKS_PATHS"))
    settings = {"ARTICLE_PATHS": ["blog"], "PAGE_PATHS": ["pages"], "EVENTS_PATHS": ["events"], "WEEKS_PATHS": ["weeks"]}
    assert content_type_for("weeks/2018.md", settings) is week
    assert content_type_for("blog/post.md", settings) is POST
    assert content_type_for("events/x.md", settings) is EVENT
    assert content_type_for("elsewhere/x.md", settings) is None
    [(line, what, fix)] = problems("year: 2018\ntheme: Sharing power\nthem: typo\n\nText.\n", week)
    assert line == 3 and "not a field a week can have" in what and "Did you mean 'theme'?" in fix


def test_a_declared_date_field_follows_the_date_rule_with_its_line():
    week = ContentType(name="campaign week", fields=("year", "first-day", "last-day"), date_fields=("first-day", "last-day"))
    [(line, what, fix)] = problems("year: 2018\nfirst-day: 2018-07-02\nlast-day: 06/07/2018\n\nText.\n", week)
    assert line == 3 and "'06/07/2018' in the last-day line could be 6 July 2018 or 7 June 2018" in what
    assert "2018-07-06" in fix
    assert problems("year: 2018\nfirst-day: 2 July 2018\nlast-day: Friday 6 July 2018\n\nText.\n", week) == []
