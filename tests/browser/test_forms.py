"""The forms in Chromium: with JavaScript, an empty or wrong form is stopped
with a GOV.UK error summary linked to each field; keyboard only; axe-clean
with the errors showing, in light and dark. Without JavaScript the form
still has everything needed to send it."""

import pytest

from tests.browser.site_browser import axe_violations, describe_violations, report

pytestmark = pytest.mark.browser
EVENT_FORM = "/tell-us-about-your-event/"


def submit_empty(page):
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_selector(".error-summary:not([hidden])")


def test_empty_event_form_shows_linked_error_summary(site_browser):
    page = site_browser.visit(EVENT_FORM)
    submit_empty(page)
    assert page.url.endswith(EVENT_FORM)  # not sent
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.title().startswith("Error: ")
    links = page.locator(".error-summary__list a")
    texts = links.all_inner_texts()
    assert texts[:2] == ["Enter the name of the event", "Enter the date of the event"]
    assert "Select how people will take part" in texts and "Enter what the event is about" in texts
    assert not any("Venue" in text or "access" in text.lower() for text in texts)  # optional fields
    # Each message is also above its field, and read out with it.
    title = page.locator("#title")
    assert title.get_attribute("aria-invalid") == "true"
    assert "title-error" in title.get_attribute("aria-describedby").split()
    assert page.locator("#title-error").is_visible()
    # Following a link in the summary puts the cursor in the field.
    links.nth(1).click()
    assert page.evaluate("document.activeElement.id") == "date-day"
    links.nth(0).click()
    assert page.evaluate("document.activeElement.id") == "title"


def test_fixed_fields_lose_their_errors_and_bad_email_is_caught(site_browser):
    page = site_browser.visit("/send-us-your-examples/")
    submit_empty(page)
    page.fill("#name", "Sam")
    page.fill("#email", "sam at example")
    page.locator("form.site-form button[type=submit]").click()
    texts = page.locator(".error-summary__list a").all_inner_texts()
    assert "Enter your name" not in texts
    assert texts[0] == "Enter an email address in the correct format, like name@example.org"
    assert page.locator("#name").get_attribute("aria-invalid") is None
    assert page.locator("#name-error").is_hidden()


def test_date_marks_only_its_empty_parts_in_red(site_browser):
    page = site_browser.visit(EVENT_FORM)
    submit_empty(page)
    parts = ["#date-day", "#date-month", "#date-year"]
    # Missing date: all three boxes are marked, and drawn in the error colour.
    assert [page.locator(part).get_attribute("aria-invalid") for part in parts] == ["true"] * 3
    error_colour = page.locator("#date-error").evaluate("e => getComputedStyle(e).color")
    assert page.locator("#date-year").evaluate("e => getComputedStyle(e).borderTopColor") == error_colour
    # Half-filled: only the year is still wrong.
    page.fill("#date-day", "6")
    page.fill("#date-month", "7")
    page.locator("form.site-form button[type=submit]").click()
    assert [page.locator(part).get_attribute("aria-invalid") for part in parts] == [None, None, "true"]
    # Complete: no part is marked and the message goes.
    page.fill("#date-year", "2027")
    page.locator("form.site-form button[type=submit]").click()
    assert [page.locator(part).get_attribute("aria-invalid") for part in parts] == [None] * 3
    assert page.locator("#date-error").is_hidden()


def test_event_form_by_keyboard_alone(site_browser):
    page = site_browser.visit(EVENT_FORM)
    page.locator("#title").focus()
    page.keyboard.type("Coffee morning")
    for part in ("6", "7", "2027"):
        page.keyboard.press("Tab")
        page.keyboard.type(part)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "start-time"
    page.keyboard.type("10am")
    page.keyboard.press("Tab")
    page.keyboard.type("12pm")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first radio button: in person
    assert page.locator("#attendance-1").is_checked()
    # The honeypot is never reached by Tab.
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.name || document.activeElement.textContent.trim()"))
        if seen[-1] == "Send the event":
            break
    assert "Send the event" in seen and "_gotcha" not in seen
    assert "access" in seen  # checkboxes are reachable


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_forms_with_errors_showing_have_no_axe_violations(site_browser, color_scheme):
    problems = []
    for path in (EVENT_FORM, "/send-us-your-examples/"):
        page = site_browser.visit(path, color_scheme=color_scheme)
        submit_empty(page)
        problems += describe_violations(path + " (errors shown)", axe_violations(page))
    assert not problems, report(f"axe violations on forms with errors, {color_scheme}", problems)


def test_without_javascript_the_form_is_complete_and_sendable(site_browser):
    page = site_browser.visit(EVENT_FORM, javascript=False)
    form = page.locator("form.site-form")
    assert form.get_attribute("method") == "post" and form.get_attribute("action").endswith("/thank-you/")
    assert page.locator("form.site-form button[type=submit]").is_visible()
    assert page.locator("#title").is_visible() and page.locator(".form-honeypot input").is_hidden()
    assert page.locator(".error-summary").is_hidden()
