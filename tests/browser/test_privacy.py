"""No page asks any other host for anything (fonts, scripts, analytics,
images): visitors' browsers talk only to our own server. The test server is
127.0.0.1, so every request elsewhere is third-party."""

import pytest

from tests.browser.site_browser import report

pytestmark = pytest.mark.browser


def test_no_page_requests_anything_from_another_host(site_browser, site_pages):
    site_browser.blocked.clear()
    for path in site_pages:
        page = site_browser.visit(path)
        # Bring lazy-loaded images into view, then let late requests start.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
    assert not site_browser.blocked, report("Requests to other hosts", [str(r) for r in site_browser.blocked])


def test_no_page_has_script_errors(site_browser, site_pages):
    site_browser.script_errors.clear()
    for path in site_pages:
        site_browser.visit(path)
    assert not site_browser.script_errors, report("JavaScript errors", site_browser.script_errors)
