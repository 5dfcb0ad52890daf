"""The site follows the reader's settings: a dark colour scheme
(prefers-color-scheme; axe checks its contrast in test_axe.py) and reduced
motion (prefers-reduced-motion, WCAG 2.3.3)."""

import io

import pytest
from PIL import Image, ImageStat

from tests.browser.page_checks import motion_problems
from tests.browser.site_browser import report

pytestmark = pytest.mark.browser


def brightness(page) -> float:
    """Mean brightness of what the window shows, 0 (black) to 255 (white)."""
    screenshot = Image.open(io.BytesIO(page.screenshot())).convert("L")
    return ImageStat.Stat(screenshot).mean[0]


def test_every_template_turns_dark_for_a_dark_colour_scheme(site_browser, template_examples):
    problems = []
    for template, path in template_examples.items():
        light = brightness(site_browser.visit(path, color_scheme="light"))
        dark = brightness(site_browser.visit(path, color_scheme="dark"))
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
