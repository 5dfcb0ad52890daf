"""Lines in problem reports point at the markup or link itself, not at an
earlier mention of it in the fields, in prose or in code."""

from coproweek.source_text import body_lines, link_line, markup_line

POST = """Title: Safe HTML
Summary: Why we never paste <script> or onclick= into posts.

We explain `<script>` and `onclick=` in code first.

```html
<script>alert(1)</script>
```

    <iframe src="https://evil.example/">

Here it is for real: <span onclick="x()">hi</span>
<script>alert(2)</script>
"""


def test_markup_is_found_where_it_is_markup_not_where_it_is_mentioned():
    assert markup_line(POST, "<script") == 13
    assert markup_line(POST, "onclick=") == 12
    assert markup_line(POST, "<iframe") == 10  # only in code: falls back to its first mention


def test_body_lines_leave_out_fields_and_code():
    numbers = [number for number, _ in body_lines(POST)]
    assert 2 not in numbers and 6 not in numbers and 7 not in numbers and 10 not in numbers
    assert dict(body_lines(POST))[4].count("`") == 0


LINKS = """Title: Links
Summary: See /events/missing/ for more.

The old address was /events/missing/, which moved.

Read [the event](/events/missing/) today, or <https://example.org/x>.
"""


def test_a_broken_link_is_found_where_it_is_made():
    assert link_line(LINKS, ["/events/missing/"]) == 6
    assert link_line(LINKS, ["https://example.org/x"]) == 6
    assert link_line("Title: x\n\nMentions /a/ only.\n", ["/a/"]) == 3
    assert link_line("Title: x\nSummary: /a/\n\nNothing.\n", ["/a/"]) == 2
    assert link_line(LINKS, ["/nowhere/"]) is None
