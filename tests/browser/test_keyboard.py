"""Keyboard use: the skip link comes first and works; focus is always visible
(WCAG 2.4.1 Bypass blocks, 2.4.7 Focus visible)."""

import pytest

from tests.browser.page_checks import focus_indicator_problems, skip_link_problems
from tests.browser.site_browser import report

pytestmark = pytest.mark.browser


def test_first_tab_focuses_a_working_skip_link_on_every_template(site_browser, template_examples):
    problems = []
    for template, path in template_examples.items():
        page = site_browser.visit(path)
        problems += [f"{path} ({template}): {problem}" for problem in skip_link_problems(page)]
    assert not problems, report("Skip link problems", problems)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_focused_elements_show_a_focus_indicator_on_every_template(site_browser, template_examples, color_scheme):
    problems = []
    for template, path in template_examples.items():
        page = site_browser.visit(path, color_scheme=color_scheme)
        problems += [f"{path} ({template}): {problem}" for problem in focus_indicator_problems(page)]
    assert not problems, report(f"Focus not visible ({color_scheme} colour scheme)", problems)
