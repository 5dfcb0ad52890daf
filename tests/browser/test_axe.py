"""axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on every built page, in the
light and the dark colour scheme (the theme changes colours for
prefers-color-scheme: dark, so contrast must hold in both)."""

import pytest

from tests.browser.site_browser import axe_violations, describe_violations, report

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_page_has_no_axe_violations(site_browser, site_pages, color_scheme):
    problems = []
    for path in site_pages:
        page = site_browser.visit(path, color_scheme=color_scheme)
        problems += describe_violations(path, axe_violations(page))
    assert not problems, report(f"axe WCAG A/AA violations, {color_scheme} colour scheme", problems)
