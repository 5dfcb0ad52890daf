"""Pelican plugin: the "Tell us about your event" and "Send us your examples"
forms, posted where the FORMS_SEND_TO setting says (coproweek.forms).

Thin glue: checks the setting (a bad one fails the build naming its line)
and gives templates FORMS: the destination, the honeypot's name, the thank-
you address, the contact email and the events plugin's access features
(the form offers exactly the list event files accept). The markup is in
theme/templates/forms/; host_config turns the destination into form-action."""

from __future__ import annotations

from pelican import signals

from coproweek.events.model import AccessFeature
from coproweek.forms import HONEYPOT_FIELD, destination_or_none

DEFAULTS = {"FORMS_SEND_TO": None, "FORMS_EMAIL": "coproductionweek@scie.org.uk", "FORMS_THANK_YOU_URL": "thank-you/"}


def add_form_settings(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    settings["FORMS"] = {
        "destination": destination_or_none(settings.get("FORMS_SEND_TO")),
        "honeypot": HONEYPOT_FIELD,
        "thank_you_url": settings["FORMS_THANK_YOU_URL"],
        "email": settings["FORMS_EMAIL"],
        "access_features": list(AccessFeature),
    }


def register() -> None:
    signals.initialized.connect(add_form_settings)
