"""Reflow and text resizing (WCAG 1.4.4 Resize text, 1.4.10 Reflow)."""

import pytest

from tests.browser.page_checks import overflow_problems, text_not_scaled, text_sizes
from tests.browser.site_browser import DESKTOP, report

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}  # 1280px at 400% zoom; WCAG 1.4.10's width
DESKTOP_AT_200_PERCENT = {"width": DESKTOP["width"] // 2, "height": DESKTOP["height"] // 2}


def test_every_page_fits_320px_without_scrolling_sideways(site_browser, site_pages):
    problems = []
    for path in site_pages:
        page = site_browser.visit(path, viewport=NARROW)
        problems += [f"{path}: {problem}" for problem in overflow_problems(page)]
    assert not problems, report("Pages that do not reflow at 320px wide", problems)


def test_every_template_fits_at_200_percent_zoom(site_browser, template_examples):
    # Browser zoom at 200% lays a 1280px window out as 640 CSS pixels.
    problems = []
    for template, path in template_examples.items():
        page = site_browser.visit(path, viewport=DESKTOP_AT_200_PERCENT)
        problems += [f"{path} ({template}): {problem}" for problem in overflow_problems(page)]
    assert not problems, report("Pages that do not fit at 200% zoom", problems)


def test_every_template_text_grows_to_200_percent_and_fits(site_browser, template_examples):
    # Text-only zoom: the browser's font size setting at 200% (32px).
    problems = []
    for template, path in template_examples.items():
        normal = text_sizes(site_browser.visit(path))
        page = site_browser.visit(path, text_scale=2)
        where = f"{path} ({template})"
        problems += [f"{where}: {problem}" for problem in text_not_scaled(normal, text_sizes(page), 2)]
        problems += [f"{where}: {problem}" for problem in overflow_problems(page)]
    assert not problems, report("Pages whose text does not resize to 200%", problems)
