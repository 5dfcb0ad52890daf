"""The forms as built: GOV.UK patterns in the markup, the Netlify attributes
of the sample site, and what the other two FORMS_SEND_TO settings give."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from coproweek.events.model import AccessFeature
from coproweek.publishing.headers import parse_netlify_headers
from tests.site_tools import build_real_site

pytestmark = pytest.mark.slow
FORM_PAGES = ("tell-us-about-your-event", "send-us-your-examples")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_real_site(tmp_path_factory.mktemp("forms") / "output")


def page(site: Path, slug: str):
    return lxml.html.parse(str(site / slug / "index.html")).getroot()


def form_action_of(site: Path, path: str) -> str:
    rules = parse_netlify_headers((site / "_headers").read_text(encoding="utf-8"))
    policies = [headers["Content-Security-Policy"] for rule, headers in rules.items()
                if "Content-Security-Policy" in headers and (path.startswith(rule[:-1]) if rule.endswith("*") else path == rule)]
    assert len(policies) == 1, policies
    return dict(part.split(" ", 1) for part in policies[0].split("; ") if " " in part)["form-action"]


@pytest.mark.parametrize("slug", FORM_PAGES)
def test_every_field_has_a_label_hint_and_no_placeholder(site, slug):
    root = page(site, slug)
    form = root.get_element_by_id(f"{slug.split('-')[-1] if slug.endswith('examples') else 'event'}-form")
    fields = [field for field in form.iter("input", "textarea") if field.get("type") not in ("hidden", "submit")]
    assert len(fields) > 5
    for field in fields:
        assert field.get("placeholder") is None
        labels = root.cssselect(f'label[for="{field.get("id")}"]')
        assert len(labels) == 1 and labels[0].text_content().strip(), field.get("name")
    for group in form.cssselect(".form-choices, .form-date"):
        fieldset = group.getparent()
        assert fieldset.tag == "fieldset" and fieldset.find("legend").text_content().strip()
    for field in form.cssselect("[aria-describedby]"):
        for ident in field.get("aria-describedby").split():
            assert root.get_element_by_id(ident) is not None
    # Hidden error messages are not announced until forms.js shows them.
    assert not any("-error" in field.get("aria-describedby") for field in form.cssselect("[aria-describedby]"))
    assert root.cssselect(".error-summary[hidden] [role=alert] h2")
    assert "We use what you send" in form.cssselect(".form-consent")[0].text_content()


@pytest.mark.parametrize("slug", FORM_PAGES)
def test_netlify_forms_post_to_the_thank_you_page_with_a_honeypot(site, slug):
    form = page(site, slug).cssselect("form.site-form")[0]
    assert form.get("data-netlify") == "true" and form.get("method") == "post"
    assert form.get("action") == "../thank-you/"
    honeypot = form.get("netlify-honeypot")
    trap = form.cssselect(f'input[name="{honeypot}"]')[0]
    assert trap.getparent().get("class") == "form-honeypot" and trap.get("tabindex") == "-1"
    assert form.cssselect(f'input[type=hidden][name=form-name][value="{form.get("name")}"]')
    assert (site / "thank-you" / "index.html").exists()
    assert form_action_of(site, f"/{slug}/") == "'self'"


def test_event_form_asks_what_an_event_file_needs(site):
    form = page(site, "tell-us-about-your-event").cssselect("form.site-form")[0]
    names = {field.get("name") for field in form.iter("input", "textarea")}
    assert {"title", "date-day", "date-month", "date-year", "start-time", "end-time", "attendance", "venue",
            "address", "postcode", "joining-link", "organiser", "organiser-email", "access", "access-details",
            "booking", "cost", "description"} <= names
    offered = [(box.get("value"), form.cssselect(f'label[for="{box.get("id")}"]')[0].text_content().strip())
               for box in form.cssselect('input[name="access"]')]
    assert offered == [(feature.value, feature.label) for feature in AccessFeature]


@pytest.mark.parametrize(("page_path", "link"), [
    ("blog/2018/04/guidance-on-co-producing-a-research-project-a-first-step", "../../../../send-us-your-examples/"),
    ("get-involved", "../tell-us-about-your-event/"),
    ("get-involved", "../send-us-your-examples/"),
    ("events", "../tell-us-about-your-event/"),
])
def test_forms_are_linked_where_the_site_asks_for_them(site, page_path, link):
    assert page(site, page_path).cssselect(f'main a[href="{link}"]')


def test_an_endpoint_gets_the_form_and_exactly_its_origin(tmp_path):
    site = build_real_site(tmp_path / "output", FORMS_SEND_TO="https://formspree.io/f/abcdwxyz")
    form = page(site, "tell-us-about-your-event").cssselect("form.site-form")[0]
    assert form.get("action") == "https://formspree.io/f/abcdwxyz"
    assert form.get("data-netlify") is None and not form.cssselect("input[name=form-name]")
    assert form.cssselect("input[name=_gotcha]")
    for path in ("/tell-us-about-your-event/", "/", "/blog/"):
        assert form_action_of(site, path) == "https://formspree.io"
    assert 'form-action https://formspree.io;' in (site / ".htaccess").read_text(encoding="utf-8")


def test_no_destination_gives_the_email_and_what_to_include(tmp_path):
    site = build_real_site(tmp_path / "output", FORMS_SEND_TO=None)
    root = page(site, "tell-us-about-your-event")
    assert not root.cssselect("form") and not root.cssselect("script[src*=forms]")
    assert root.cssselect('a[href^="mailto:coproductionweek@scie.org.uk"]')
    items = [item.text_content() for item in root.cssselect("main li")]
    assert "Name of the event" in items and any(item.startswith("Access at the event") and "Hearing loop" in item
                                                   for item in items)
    assert form_action_of(site, "/tell-us-about-your-event/") == "'none'"
