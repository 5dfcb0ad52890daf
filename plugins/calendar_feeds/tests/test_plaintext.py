from coproweek.feeds.plaintext import html_to_text


def test_paragraphs_are_separated_by_a_blank_line_and_spaces_collapse():
    assert html_to_text("<p>One\n  two</p>\n<p>Three</p>") == "One two\n\nThree"


def test_lists_are_bulleted_lines_with_nested_items_indented():
    text = html_to_text("<p>Bring:</p><ul><li>tea</li><li>cake<ul><li>lemon</li></ul></li></ul><p>End</p>")
    assert text == "Bring:\n\n• tea\n• cake\n\u00a0\u00a0• lemon\n\nEnd"


def test_links_keep_their_address_unless_it_is_the_text():
    text = html_to_text('<p><a href="https://x.org/book">Book here</a>, <a href="https://x.org">https://x.org</a>, '
                        '<a href="mailto:a@b.org">a@b.org</a>, <a href="#programme">programme</a></p>')
    assert text == "Book here (https://x.org/book), https://x.org, a@b.org, programme"


def test_line_breaks_headings_and_preformatted_text():
    text = html_to_text("<h2>Programme</h2><p>10:00 Welcome<br>11:00 Talks</p><pre>  kept\n    as is</pre>")
    assert text == "Programme\n\n10:00 Welcome\n11:00 Talks\n\n  kept\n    as is"


def test_entities_and_non_ascii_are_decoded():
    assert html_to_text("<p>Tea &amp; cake at Café Zoë’s 🎉 &lt;free&gt;</p>") == "Tea & cake at Café Zoë’s 🎉 <free>"


def test_scripts_styles_and_comments_are_dropped():
    assert html_to_text("<p>A<!-- note --></p><script>alert(1)</script><style>p{}</style><p>B</p>") == "A\n\nB"


def test_empty_and_broken_html():
    assert html_to_text("") == ""
    assert html_to_text("   \n") == ""
    assert html_to_text("<p>unclosed <strong>bold") == "unclosed bold"
    assert html_to_text("plain text, no tags") == "plain text, no tags"
