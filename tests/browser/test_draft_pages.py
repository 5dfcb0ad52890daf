"""A local build's draft pages (post, page, event), with their "Draft" banner,
pass axe-core in light and dark schemes and reflow at 320 px; the banner is
announced as a region and is the first thing in the main content."""

from __future__ import annotations

import pytest

from events.tests.site_build import plugins_with_events
from sitekit.build import build_site
from tests.browser.page_checks import overflow_problems
from tests.browser.site_browser import browsing, axe_violations, describe_violations, report
from tests.test_drafts import content_with_drafts

pytestmark = pytest.mark.browser

DRAFT_PAGES = ["/drafts/zanzibarquoll-post/", "/drafts/pages/zanzibarquoll-page.html", "/events/zanzibar-event/"]


@pytest.fixture(scope="module")
def drafts_browser(chromium, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("draft-pages")
    build_site(content_with_drafts(tmp), tmp / "output", PLUGINS=plugins_with_events(), SITE_NOW="2018-06-20")
    with browsing(chromium, tmp / "output") as browser:
        yield browser


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_draft_pages_pass_axe_and_show_the_banner_first(drafts_browser, color_scheme):
    problems = []
    for path in DRAFT_PAGES:
        page = drafts_browser.visit(path, color_scheme=color_scheme)
        banner = page.get_by_role("region", name="Draft")
        assert banner.is_visible(), path
        assert page.evaluate("document.querySelector('main').firstElementChild.id") == "" and \
            page.evaluate("document.querySelector('main').firstElementChild.getAttribute('aria-labelledby')") \
            == "draft-notice-title", path
        problems += describe_violations(path, axe_violations(page))
    assert not problems, report(f"axe violations on draft pages, {color_scheme}", problems)


def test_draft_pages_reflow_at_320px(drafts_browser):
    for path in DRAFT_PAGES:
        page = drafts_browser.visit(path, viewport={"width": 320, "height": 640})
        assert not overflow_problems(page), path
