"""Every page loads cleanly: it asks no other host for anything (fonts,
scripts, analytics, images), so visitors' browsers talk only to our own
server, and its scripts raise no errors. The test server is 127.0.0.1, so
every request elsewhere is third-party (refused and recorded by site_browser)."""

import pytest

from tests.browser.site_browser import report

pytestmark = pytest.mark.browser


def test_every_page_loads_without_third_party_requests_or_script_errors(site_browser, site_pages):
    site_browser.blocked.clear()
    site_browser.script_errors.clear()
    for path in site_pages:
        page = site_browser.visit(path)
        # Bring lazy-loaded images into view, then let late requests start.
        page.evaluate("window.scrollTo({top: document.body.scrollHeight, behavior: 'instant'})")
        site_browser.settle(page)
    problems = [f"request to another host: {request}" for request in site_browser.blocked]
    problems += [f"script error: {error}" for error in site_browser.script_errors]
    assert not problems, report("Pages that do not load cleanly", problems)
