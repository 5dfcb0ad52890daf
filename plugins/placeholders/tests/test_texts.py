from datetime import datetime

from coproweek.events.scaffold import event_template
from coproweek.placeholders import EVENT, POST, find_placeholders
from sitekit.scaffold import post_template

NOW = datetime(2027, 3, 1, 9, 0)


def test_every_placeholder_is_what_the_scaffolds_write():
    # One source: a placeholder the scaffold no longer writes would never be found.
    assert {phrase for _, phrase in find_placeholders(post_template("T", NOW))} >= set(POST.values())
    assert {phrase for _, phrase in find_placeholders(event_template("T", NOW))} >= set(EVENT.values())


def test_each_placeholder_is_found_on_its_own_line():
    text = "title: Cafe\nvenue: Name of the venue\naddress: Street, Town\n\nReal words.\n"
    assert find_placeholders(text) == [(2, "Name of the venue"), (3, "Street, Town")]


def test_case_and_spacing_do_not_hide_a_placeholder():
    text = "Summary: one or two sentences that appear in lists of posts and\twhen the post   is shared."
    assert [line for line, _ in find_placeholders(text)] == [1]
    assert find_placeholders("access-contact: EVENTS@EXAMPLE.ORG") == [(1, "events@example.org")]


def test_real_details_that_share_words_are_not_placeholders():
    text = ("venue: The name of the venues\naddress: 1 High Street, Townsend\naccess-contact: events@example.org.uk\n"
            "We write the post here, in markdown, every week.\nUse headings like these.")
    assert find_placeholders(text) == []


def test_a_phrase_is_found_however_deep_in_a_long_file_and_each_line_counts():
    filler = "Real words about the day, written by the author.\n" * 300
    text = f"{filler}venue:   NAME of the\tvenue\n{filler}Street, Town\n{filler}venue: Name of the venue\n"
    assert find_placeholders(text) == [(301, "Name of the venue"), (602, "Street, Town"),
                                       (903, "Name of the venue")]


def test_a_phrase_broken_over_two_lines_is_not_a_placeholder_line():
    assert find_placeholders("venue: Name of the\nvenue\n") == []
    assert find_placeholders("venue: Name of the\nvenue\n\nStreet, Town") == [(4, "Street, Town")]


def test_a_placeholder_split_by_any_kind_of_space_or_case_is_found():
    spaced = "venue: name\u00a0of\tthe\u2003 VENUE\n"  # a non-breaking space, a tab, an em space, capitals
    assert find_placeholders(spaced) == [(1, "Name of the venue")]
    assert find_placeholders("venue: Name of\u200bthe venue\n") == []  # a zero-width space joins words
