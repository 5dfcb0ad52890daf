"""Every page works with JavaScript turned off: its main heading shows, and
any page that has scripts shows the same content without them."""

import pytest

from tests.browser.page_checks import hidden_without_javascript, visible_texts
from tests.browser.site_browser import report
from tests.site_tools import page_file, runs_javascript

pytestmark = pytest.mark.browser


def test_every_page_shows_its_content_without_javascript(site_browser, site_pages, built_site):
    problems = []
    for path in site_pages:
        with_js = visible_texts(site_browser.visit(path)) if runs_javascript(page_file(built_site, path)) else None
        page = site_browser.visit(path, javascript=False)
        if not page.locator("main h1").first.is_visible():
            problems.append(f"{path}: no visible main heading (main h1) without JavaScript")
        if with_js is not None:
            problems += [f"{path}: {problem}" for problem in hidden_without_javascript(with_js, visible_texts(page))]
    assert not problems, report("Content that needs JavaScript to be seen", problems)
