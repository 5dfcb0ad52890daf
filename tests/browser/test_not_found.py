"""Item 11 in a real browser: a missing address under `invoke serve` comes
back with status 404 and the site's own page, styled and usable, at any depth."""

from __future__ import annotations

import pytest

from tests.test_not_found_page import serving

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/no-such-page", "/blog/2018/04/no-such-post/", "/events/tags/nothing/"])
def test_a_missing_page_is_a_styled_404_with_ways_on(chromium, built_site, path):
    with serving(built_site) as port:
        context = chromium.new_context()
        page = context.new_page()
        try:
            response = page.goto(f"http://127.0.0.1:{port}{path}")
            assert response.status == 404
            assert page.locator("main h1").inner_text() == "Page not found"
            # The site's stylesheet loaded from a deep address (root-relative links).
            assert page.evaluate("[...document.styleSheets].some(s => s.href && s.href.endsWith('/theme/css/main.css') && s.cssRules.length > 0)")
            page.get_by_role("link", name="Go to the home page").click()
            page.wait_for_load_state()
            assert page.url == f"http://127.0.0.1:{port}/"
        finally:
            context.close()


def test_the_404_page_searches_the_site_for_what_was_missing(chromium, built_site):
    with serving(built_site) as port:
        context = chromium.new_context()
        page = context.new_page()
        try:
            page.goto(f"http://127.0.0.1:{port}/events/no-such-festival/")
            page.get_by_role("searchbox", name="Search this website").fill("festival")
            page.keyboard.press("Enter")
            page.wait_for_url(f"http://127.0.0.1:{port}/search/?q=festival")
            # The search page picks the words up and runs the search straight away.
            page.wait_for_function("() => document.getElementById('search-status').textContent")
            assert page.locator("#search-input").input_value() == "festival"
            assert "Co-production Festival 2018" in page.locator(".search-results__title a").all_inner_texts()
        finally:
            context.close()
