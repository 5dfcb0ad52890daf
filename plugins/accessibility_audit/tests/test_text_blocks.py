"""link-in-text-block applies to links among other words on their line only
(WCAG 1.4.1, F73): stand-alone links, rows of tag links, "Read more" after a
paragraph, block links around a heading, lists and navigation are not errors."""

import pytest
from lxml import html

from accessibility_audit.tests.test_contrast_rules import rules
from coproweek.audit.text_blocks import in_text_block

# Links not underlined and only 1.3:1 against the text: an error wherever they are "in text".
CSS = ("body { color: #0b0c0c } a { color: #333; text-decoration: none } "
       ".visually-hidden { position: absolute; clip: rect(0 0 0 0) } .card { display: block } "
       ".pill { display: inline-block }")


def link_errors(body: str) -> list[str]:
    return [subject for rule, subject in rules(CSS, body) if rule == "link-in-text-block"]


@pytest.mark.parametrize("body, link", [
    ('<p>Read <a href="/x">the guide</a> before you book.</p>', "the guide"),
    ('<ul><li>See <a href="/x">the guide</a> for the details of the day.</li></ul>', "the guide"),
    ('<div>Contact <a href="/x">us</a> today, or write to the office.</div>', "us"),
    ('<p>Read <em>the <a href="/x">guide</a> first</em>, then book.</p>', "guide"),
    ('<p>An opening line.<br>Call <a href="/x">the office</a> on the phone today.</p>', "the office"),
    ('<table><tr><td>Tickets from <a href="/x">the box office</a> or on the door.</td></tr></table>',
     "the box office"),
    # Words after the link on the same line count too.
    ('<p><a href="/x">Book now</a> for the festival in July.</p>', "Book now"),
    # Two links in a long sentence: both are in text.
    ('<p>Read <a href="/a">the guide</a> and <a href="/b">the map</a> before the long day out.</p>', "the guide"),
])
def test_links_among_words_are_errors(body, link):
    assert link in link_errors(body)


@pytest.mark.parametrize("body", [
    # A "Read more" after a paragraph.
    '<div><p>A long paragraph about the festival and everything in it.</p><a href="/x">Read more</a></div>',
    # A row of tag links in a div, with or without a label and separators.
    '<div class="tags"><a href="/a">health</a> <a href="/b">care</a> <a href="/c">housing</a></div>',
    '<p>Tags: <a href="/a">health</a>, <a href="/b">social care</a>, <a href="/c">housing</a></p>',
    # Block links around a heading (with or without the summary inside).
    '<div><a href="/x"><h2>The festival</h2></a><p>Two days of talks, workshops and music.</p></div>',
    '<article><a href="/x"><h2>The festival</h2><p>Two days of talks and music.</p></a></article>',
    # Lists and navigation.
    '<ul><li><a href="/a">Home</a></li><li><a href="/b">About us</a></li></ul>',
    '<nav><a href="/a">Home</a> | <a href="/b">About</a> | <a href="/c">Events</a></nav>',
    # Alone on its own line after a <br>, or after a block, in a block of text.
    '<p>A long paragraph about the festival and everything in it.<br><a href="/x">Read more</a></p>',
    '<div>Some words before a block.<p>The paragraph.</p><a href="/x">Read more</a></div>',
    # Displayed as a block or an inline block by the style sheet.
    '<p>Read <a class="card" href="/x">the guide</a> before you book.</p>',
    '<p>Read <a class="pill" href="/x">the guide</a> before you book.</p>',
    # Only visually hidden words beside it (they are for screen readers, not on the line).
    '<p><a href="/x">Read more</a><span class="visually-hidden"> about the festival in July 2027</span></p>',
    # Beside a button and a field, which are controls, not text.
    '<form><p><a href="/x">Clear</a><button>Search the whole site</button></p></form>',
])
def test_stand_alone_links_are_not_errors(body):
    assert link_errors(body) == []


def test_the_run_starts_again_after_a_block_and_ends_at_a_line_break():
    inline = ("", False)
    root = html.fromstring('<div>Lots of words before the list.<ul><li>x</li></ul><a href="/x">A link</a>'
                           '<br>and lots of words on the next line</div>')
    assert not in_text_block(root.find("a"), lambda element: inline)
    root = html.fromstring('<div><a href="/x">A link</a> with words after it on the line<br>x</div>')
    assert in_text_block(root.find("a"), lambda element: inline)


def test_declared_display_wins_over_the_tag():
    root = html.fromstring('<div>Tags: <span class="row"><a href="/x">health and care</a></span> and more words '
                           'that make a line of text</div>')
    link = root.find(".//a")
    assert in_text_block(link, lambda element: ("", False))
    # The span shown as a flex row is a block of its own holding only the link.
    assert not in_text_block(link, lambda element: ("flex", False) if element.tag == "span" else ("", False))


def test_a_link_inside_a_hidden_part_is_on_no_line():
    root = html.fromstring('<p>Many words on this line <span class="x"><a href="/x">a link</a></span> and more</p>')
    hidden_span = lambda element: ("", element.tag == "span")  # noqa: E731
    assert not in_text_block(root.find(".//a"), hidden_span)
    assert in_text_block(root.find(".//a"), lambda element: ("", False))
