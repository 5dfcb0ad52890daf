import pytest

from coproweek.forms import Destination, form_action_sources, parse_destination


@pytest.mark.parametrize(("value", "kind", "action", "form_action"), [
    ("netlify", "netlify", "", "'self'"),
    (" Netlify ", "netlify", "", "'self'"),
    ("https://formspree.io/f/xyzabc", "endpoint", "https://formspree.io/f/xyzabc", "https://formspree.io"),
    ("https://forms.example.org:8443/in?x=1", "endpoint", "https://forms.example.org:8443/in?x=1", "https://forms.example.org:8443"),
    (None, "none", "", "'none'"),
    ("", "none", "", "'none'"),
    (False, "none", "", "'none'"),
])
def test_destinations(value, kind, action, form_action):
    destination = parse_destination(value)
    assert (destination.kind, destination.action) == (kind, action)
    assert form_action_sources(destination) == form_action
    assert destination.has_forms == (kind != "none")


@pytest.mark.parametrize("value", [
    "netlfy", "formspree", "http://formspree.io/f/x", "//formspree.io/f/x", "https://", "https://user:pw@forms.example.org/",
    "https://formspree.io/f/x 'unsafe-inline'", "https://formspree.io/f/x; script-src *", "javascript:alert(1)",
    ["netlify"], 1,
])
def test_anything_else_is_refused_in_plain_words(value):
    with pytest.raises(ValueError, match="FORMS_SEND_TO"):
        parse_destination(value)


def test_only_an_endpoint_has_an_origin():
    assert Destination("netlify").origin == ""
    assert Destination("none").origin == ""
