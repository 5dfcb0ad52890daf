"""The site follows the reader's settings: a dark colour scheme
(prefers-color-scheme; axe checks its contrast in test_axe.py) and reduced
motion (prefers-reduced-motion, WCAG 2.3.3)."""

import pytest

from tests.browser.page_checks import mean_brightness, motion_problems
from tests.browser.site_browser import report

pytestmark = pytest.mark.browser


def test_every_template_turns_dark_for_a_dark_colour_scheme(site_browser, template_examples):
    problems = []
    for template, path in template_examples.items():
        light = mean_brightness(site_browser.visit(path, color_scheme="light"))
        dark = mean_brightness(site_browser.visit(path, color_scheme="dark"))
        if not dark < 100 < light:
            problems.append(f"{path} ({template}): mean brightness {light:.0f} in light, {dark:.0f} in dark "
                            "(expected a light page to turn dark, under 100 of 255)")
    assert not problems, report("Pages that ignore prefers-color-scheme: dark", problems)


def test_every_template_stays_still_for_reduced_motion(site_browser, template_examples):
    problems = []
    for template, path in template_examples.items():
        page = site_browser.visit(path, reduced_motion="reduce")
        problems += [f"{path} ({template}): {problem}" for problem in motion_problems(page)]
    assert not problems, report("Motion left on with prefers-reduced-motion: reduce", problems)
