"""The browser checks themselves: each must pass a page built to pass it
(check_pages/good.html) and catch the problem planted in one built to fail
it (check_pages/bad.html). Without this, a broken check (axe not injected,
a selector gone wrong) would pass every page of the real site silently."""

from pathlib import Path

import pytest

from tests.browser import page_checks
from tests.browser.site_browser import SiteBrowser, axe_violations, describe_violations
from tests.site_tools import serve_folder

pytestmark = pytest.mark.browser

CHECK_PAGES = Path(__file__).parent / "check_pages"
GOOD, BAD = "/good.html", "/bad.html"
NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def check_browser(chromium):
    with serve_folder(CHECK_PAGES) as base_url:
        browser = SiteBrowser(chromium, base_url)
        yield browser
        browser.close()


def test_axe_passes_the_good_page_and_names_rule_element_and_help_on_the_bad_one(check_browser):
    for scheme in ("light", "dark"):
        assert axe_violations(check_browser.visit(GOOD, color_scheme=scheme)) == []
    lines = describe_violations(BAD, axe_violations(check_browser.visit(BAD)))
    text = "\n".join(lines)
    for rule in ("image-alt", "color-contrast"):
        assert f"[{rule}," in text
    image_alt = next(line for line in lines if "[image-alt," in line)
    assert image_alt.startswith(BAD)
    assert "element: img" in image_alt
    assert "Images must have alternative text" in image_alt
    assert "why: Fix any of the following:" in image_alt
    assert "see: https://dequeuniversity.com/rules/axe/" in image_alt


def test_overflow_check_catches_content_wider_than_320px(check_browser):
    assert page_checks.overflow_problems(check_browser.visit(GOOD, viewport=NARROW)) == []
    problems = page_checks.overflow_problems(check_browser.visit(BAD, viewport=NARROW))
    assert any("scrolls sideways" in problem for problem in problems)
    assert "body > main > p.wide:nth-child(3) reaches 900px, past the 320px window" in problems


def test_text_size_check_catches_pixel_sizes_and_clipped_boxes(check_browser):
    for path, expect_problems in ((GOOD, False), (BAD, True)):
        normal = page_checks.text_sizes(check_browser.visit(path))
        larger_page = check_browser.visit(path, text_scale=2)
        not_scaled = page_checks.text_not_scaled(normal, page_checks.text_sizes(larger_page), 2)
        clipped = [p for p in page_checks.overflow_problems(larger_page) if "cuts off its text" in p]
        if expect_problems:
            assert "body > main > h1: text stays 32px (was 32px) when the browser's text size is 200%" in not_scaled
            assert len(clipped) == 1 and clipped[0].startswith("body > main > div.header cuts off its text"), clipped
        else:
            assert not_scaled == [] and clipped == []


def test_skip_link_check(check_browser):
    assert page_checks.skip_link_problems(check_browser.visit(GOOD)) == []
    problems = page_checks.skip_link_problems(check_browser.visit(BAD))
    assert problems == ["the first Tab press focuses body > nav > a:nth-child(1) ('Home'), not a skip link "
                        '(a href="#main-content")']


def test_focus_indicator_check(check_browser):
    assert page_checks.focus_indicator_problems(check_browser.visit(GOOD)) == []
    problems = page_checks.focus_indicator_problems(check_browser.visit(BAD))
    assert problems == [
        "body > nav > a:nth-child(1) ('Home') shows no outline or box-shadow when focused",
        "body > nav > a:nth-child(2) ('Here') shows no outline or box-shadow when focused",
    ]


def test_no_javascript_check_catches_content_only_scripts_reveal(check_browser):
    def problems(path):
        with_js = page_checks.visible_texts(check_browser.visit(path))
        without_js = page_checks.visible_texts(check_browser.visit(path, javascript=False))
        return page_checks.hidden_without_javascript(with_js, without_js)

    assert problems(GOOD) == []
    assert problems(BAD) == [
        "body > main > p.later:nth-child(5) ('Only shown once JavaScript has run.') is hidden unless JavaScript runs"
    ]


def test_motion_check_catches_animation_and_sees_reduced_motion_honoured(check_browser):
    assert page_checks.motion_problems(check_browser.visit(GOOD, reduced_motion="reduce")) == []
    # The same page moves when motion is allowed: the check does see transitions.
    moving = page_checks.motion_problems(check_browser.visit(GOOD))
    assert moving == ["main#main-content > p.notice:nth-child(2) transitions transform over 0.3s"]
    still_moving = page_checks.motion_problems(check_browser.visit(BAD, reduced_motion="reduce"))
    assert still_moving == ["body > main > span.spin runs an animation (spin, 2000 ms)"]


def test_third_party_requests_and_script_errors_are_recorded(check_browser):
    check_browser.blocked.clear()
    check_browser.script_errors.clear()
    check_browser.visit(GOOD)
    assert check_browser.blocked == [] and check_browser.script_errors == []
    check_browser.visit(BAD)
    assert [str(request) for request in check_browser.blocked] == ["/bad.html: image http://example.com/pixel.png"]
    assert len(check_browser.script_errors) == 1
    assert check_browser.script_errors[0].startswith("/bad.html: ")
    assert "undefinedFunction" in check_browser.script_errors[0]


def test_dark_scheme_check_tells_a_dark_page_from_one_that_stays_light(check_browser):
    assert page_checks.mean_brightness(check_browser.visit(GOOD, color_scheme="dark")) < 100
    assert page_checks.mean_brightness(check_browser.visit(GOOD, color_scheme="light")) > 100
    assert page_checks.mean_brightness(check_browser.visit(BAD, color_scheme="dark")) > 100
