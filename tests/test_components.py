"""Every named example of every theme component (theme/templates/components/)
renders through Jinja, with the site's settings, to the structure its
examples.toml expects; and the page templates use the components rather than
writing their markup out again."""

from __future__ import annotations

import re
import tomllib

import lxml.html
import pytest

from sitekit.build import ROOT
from sitekit.components import COMPONENTS, components, environment, examples, render

REQUIRED = {"summary_list", "tag", "notification_banner", "button", "inset_text", "breadcrumbs", "date_time",
            "pagination", "event_card"}
EXAMPLES = examples()


def test_every_component_the_site_uses_is_there_with_examples():
    assert REQUIRED <= set(components())
    for component in components():
        data = tomllib.loads((COMPONENTS / component / "examples.toml").read_text(encoding="utf-8"))
        assert len(data["examples"]) >= 2, f"{component} needs named examples"
        macro = (COMPONENTS / component / "macro.html").read_text(encoding="utf-8")
        for name in re.findall(r"{% macro (\w+)\(([^)]*)\)", macro):
            assert name[1] == "params", f"{component}: {name[0]} takes one `params` mapping, not {name[1]!r}"


def _words(root) -> str:
    """The text a reader sees, one space between words and between elements."""
    return " ".join(" ".join(root.itertext()).split())


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.component}: {e.name}" for e in EXAMPLES])
def test_each_example_renders_to_the_structure_it_expects(example):
    output = render(example)
    root = lxml.html.fragment_fromstring(output, create_parent="div")
    expect = dict(example.expect)
    words = expect.pop("text", None)
    assert expect or words, f"{example.name} checks nothing"
    for selector, count in expect.items():
        found = root.cssselect(selector)
        assert len(found) == count, f"{selector!r}: {len(found)} found, {count} expected, in\n{output}"
    if words is not None:
        assert words in _words(root), f"{words!r} not in {_words(root)!r}"


def test_text_is_escaped_unless_marked_safe():
    """The site's Jinja autoescapes: a title with markup in it shows as text."""
    example = next(e for e in EXAMPLES if e.component == "tag")
    hostile = type(example)("tag", "hostile", "tag", {"text": '<script>alert(1)</script>'}, {})
    assert "<script>" not in render(hostile) and "&lt;script&gt;" in render(hostile)


def test_dates_read_the_same_on_every_machine():
    """No strftime in the theme (glibc's %-d is not portable): dates go
    through the long_date filter, whatever the machine's locale."""
    for template in (ROOT / "theme" / "templates").rglob("*.html"):
        text = re.sub(r"{#.*?#}", "", template.read_text(encoding="utf-8"), flags=re.S)
        assert "strftime" not in text and "%-d" not in text, template
    env = environment()
    rendered = env.from_string("{{ d | long_date(weekday=false) }}").render(d=__import__("datetime").date(2018, 7, 2))
    assert rendered == "2 July 2018"


# Markup that belongs to one component only: written anywhere else, it is a copy.
OWNED = {
    r'class="summary-list"': "summary_list", r'class="summary-list__row"': "summary_list",
    r'class="status-tag': "tag", r'class="partner-tag"': "tag", r'class="tag"': "tag",
    r'class="tag-list"': "tag", r"notification-banner": "notification_banner", r'class="button': "button",
    r'class="inset-text"': "inset_text", r'class="breadcrumbs': "breadcrumbs", r'class="pagination': "pagination",
    r"<time\b": "date_time", r'class="event-card"': "event_card", r"<dl\b": "summary_list",
}


def test_page_templates_are_composed_of_components():
    for template in (ROOT / "theme" / "templates").rglob("*.html"):
        relative = template.relative_to(ROOT / "theme" / "templates").as_posix()
        text = re.sub(r"{#.*?#}", "", template.read_text(encoding="utf-8"), flags=re.S)
        for pattern, component in OWNED.items():
            if relative.startswith(f"components/{component}/"):
                continue
            assert not re.search(pattern, text), f"{relative} writes out {component}'s markup ({pattern})"
