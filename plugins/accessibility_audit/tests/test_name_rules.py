"""Links and buttons with no accessible name, and the many ways a control is named."""

import pytest
from lxml import html

from coproweek.audit.alt_rules import check_alt_text
from coproweek.audit.name_rules import check_control_names


def findings(body: str):
    doc = html.fromstring(f"<html><body>{body}</body></html>").getroottree()
    return [finding for _, finding in check_control_names("page.html", doc)]


def rules(body: str) -> list[tuple[str, str]]:
    return [(finding.rule, finding.details["subject"]) for finding in findings(body)]


@pytest.mark.parametrize("body, expected", [
    ('<a href="/search/" class="icon-search"></a>', ("link-no-name", "/search/")),
    ('<a href="/share/">  \n\t </a>', ("link-no-name", "/share/")),
    ('<a href="/share/">&nbsp;</a>', ("link-no-name", "/share/")),
    ('<a href="/print/"><svg aria-hidden="true" viewBox="0 0 4 4"><path d="M0 0h4v4z"/></svg></a>',
     ("link-no-name", "/print/")),
    ('<a href="/next/"><span class="icon" aria-hidden="true">→</span></a>', ("link-no-name", "/next/")),
    ('<a href="/x/"><i class="fa fa-x"></i></a>', ("link-no-name", "/x/")),
    ('<a href="/x/" aria-label="  "></a>', ("link-no-name", "/x/")),  # a blank label names nothing
    ('<a href="/x/" aria-labelledby="missing-id"></a>', ("link-no-name", "/x/")),
    ('<span role="link" tabindex="0" class="go"></span>', ("link-no-name", "")),
    ('<button type="button" class="icon-menu"></button>', ("button-no-name", "button.icon-menu")),
    ('<button><span class="icon" aria-hidden="true">☰</span></button>', ("button-no-name", "button")),
    ('<button><span hidden>Menu</span></button>', ("button-no-name", "button")),
    ('<input type="button" class="icon-close">', ("button-no-name", "input.icon-close")),
    ('<input type="BUTTON" value=" ">', ("button-no-name", "input")),
    ('<div role="button" tabindex="0" class="icon-x"></div>', ("button-no-name", "div.icon-x")),
])
def test_controls_without_a_name_are_reported(body, expected):
    assert rules(body) == [expected]


@pytest.mark.parametrize("body", [
    '<a href="/search/" aria-label="Search the site" class="icon-search"></a>',
    '<span id="menu-label">Open the menu</span><button aria-labelledby="menu-label" class="icon-menu"></button>',
    '<span id="hidden-label" hidden>Close</span><button aria-labelledby="hidden-label"></button>',
    '<a href="/rss/" title="News feed" class="icon-rss"></a>',
    '<a href="/print/"><svg viewBox="0 0 4 4"><title>Print this page</title><path d="M0 0h4v4z"/></svg></a>',
    '<a href="/home/"><span role="img" aria-label="Home page">⌂</span></a>',
    '<button type="button"><span class="visually-hidden">Close</span><span aria-hidden="true">×</span></button>',
    '<a href="/next/"><span aria-hidden="true">→</span> Next page</a>',
    '<a href="/x/"><strong>Bold</strong> words</a>',
    '<input type="submit">', '<input type="reset">', '<input type="button" value="Add">',
    '<input type="button" title="Add a row">',
    # Hidden controls are not read out at all.
    '<div hidden><a href="/x/"></a></div>', '<a href="/x/" aria-hidden="true" tabindex="-1"></a>',
    # Not links: no href.
    '<a id="top"></a>', '<a name="anchor"></a>',
])
def test_named_or_hidden_controls_are_not_reported(body):
    assert rules(body) == []


@pytest.mark.parametrize("body, alt_rule", [
    ('<a href="/"><img src="home.png" alt=""></a>', "alt-empty-in-link"),
    ('<a href="/"><img src="home.png"></a>', "alt-missing"),
    ('<button><img src="go.png" alt=""></button>', "alt-empty-in-link"),
    ('<a href="/"><svg viewBox="0 0 4 4"><path d="M0 0h4v4z"/></svg></a>', "alt-empty-in-link"),
])
def test_a_control_whose_only_content_is_an_image_is_left_to_the_alt_rules(body, alt_rule):
    doc = html.fromstring(f"<html><body>{body}</body></html>").getroottree()
    assert [f.rule for _, f in check_alt_text("page.html", doc)] == [alt_rule]
    assert rules(body) == []


def test_finding_points_at_the_control_with_its_line():
    [finding] = findings('<p>Text</p>\n<nav>\n<a href="/a/">A</a>\n<a href="/search/" class="icon"></a></nav>')
    assert finding.selector.endswith("a:nth-of-type(2)") and finding.page_line == 4
    assert "aria-label" in finding.fix and "link" in finding.message
