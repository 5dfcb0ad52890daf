"""axe-core (WCAG 2.0-2.2 A and AA) on every kind of events page, built from the
events plugin's fixture site (so it runs whatever the main site's content):
upcoming list, past, event pages (scheduled, cancelled, other time zone,
repeating, hybrid), month calendar (with "today"), filter pages, and the home
page's "Coming up" cards; light and dark schemes, and a phone-sized viewport
where the month calendar switches to its list view."""

from __future__ import annotations

import pytest

from events.tests.site_build import build, fixture_copy
from tests.browser.page_checks import focus_indicator_problems, overflow_problems, text_not_scaled, text_sizes
from tests.browser.site_browser import DESKTOP, axe_violations, browsing, describe_violations, report

pytestmark = pytest.mark.browser

EVENTS_PAGES = [
    "/",
    "/events/",
    "/events/past/",
    "/events/co-production-festival-2018/",
    "/events/housing-breakfast-briefing-2018/",
    "/events/co-design-across-borders-2018/",
    "/events/online-drop-in-2018/",
    "/events/network-meet-up-2027/",
    "/events/co-production-week-2018/",
    "/events/paying-people-who-receive-benefits-2027/",
    "/events/2018/06/",
    "/events/2018/07/",
    "/events/access/bsl/",
    "/events/tags/festival/",
    "/events/organisers/toronto-co-design-collective/",
]
PHONE = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def events_browser(chromium, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("events-axe")
    build(fixture_copy(tmp), tmp / "output")
    with browsing(chromium, tmp / "output") as browser:
        yield browser


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_events_pages_have_no_axe_violations(events_browser, color_scheme):
    problems = []
    for path in EVENTS_PAGES:
        page = events_browser.visit(path, color_scheme=color_scheme)
        assert page.locator("h1").count() == 1, path
        problems += describe_violations(path, axe_violations(page))
    assert not problems, report(f"axe violations on events pages, {color_scheme}", problems)
    assert not events_browser.blocked, [str(b) for b in events_browser.blocked]


def test_month_on_a_phone_shows_the_list_and_passes_axe(events_browser):
    page = events_browser.visit("/events/2018/07/", viewport=PHONE)
    assert not page.locator("table.calendar").is_visible()
    assert page.get_by_role("heading", name="July 2018 as a list").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    problems = describe_violations("/events/2018/07/ (phone)", axe_violations(page))
    assert not problems, report("axe violations, month on a phone", problems)


def test_events_pages_reflow_at_320px_and_200_percent(events_browser):
    problems = []
    for path in EVENTS_PAGES:
        for viewport in (PHONE, {"width": DESKTOP["width"] // 2, "height": DESKTOP["height"] // 2}):
            page = events_browser.visit(path, viewport=viewport)
            problems += [f"{path} at {viewport['width']}px: {problem}" for problem in overflow_problems(page)]
        normal = text_sizes(events_browser.visit(path))
        larger = events_browser.visit(path, text_scale=2)
        problems += [f"{path} text 200%: {problem}" for problem in text_not_scaled(normal, text_sizes(larger), 2)]
        problems += [f"{path} text 200%: {problem}" for problem in overflow_problems(larger)]
    assert not problems, report("Events pages that do not reflow or resize", problems)


def test_focus_is_visible_on_the_calendar_and_event_pages(events_browser):
    problems = []
    for path in ("/events/2018/07/", "/events/co-production-festival-2018/", "/events/"):
        page = events_browser.visit(path)
        problems += [f"{path}: {problem}" for problem in focus_indicator_problems(page)]
    assert not problems, report("Focus not visible on events pages", problems)
