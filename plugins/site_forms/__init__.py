"""Pelican plugin: the "Tell us about your event" and "Send us your examples"
forms, posted where the FORMS_SEND_TO setting says (coproweek.forms).

Thin glue: checks the setting (a bad one fails the build naming its line)
and gives templates FORMS: the destination, the honeypot's name, the thank-
you address, the contact email and the events plugin's access features
(the form offers exactly the list event files accept). The markup is in
theme/templates/forms/; host_config turns the destination into form-action."""

from __future__ import annotations

from dataclasses import dataclass

from pelican import signals

from coproweek.config import plugin_settings

from coproweek.events.model import AccessFeature
from coproweek.forms import HONEYPOT_FIELD, destination_or_none



@dataclass(frozen=True)
class Settings:
    forms_send_to: object = None                         # "netlify", an https:// endpoint, or None
    forms_email: str = "coproductionweek@scie.org.uk"    # given instead of a form when there is none
    forms_thank_you_url: str = "thank-you/"              # where Netlify Forms sends people after


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def add_form_settings(pelican) -> None:
    """The whole job is done here, on `initialized`: the templates read FORMS."""
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)
    if _build is None:
        return
    pelican.settings["FORMS"] = {
        "destination": destination_or_none(_build.forms_send_to),
        "honeypot": HONEYPOT_FIELD,
        "thank_you_url": _build.forms_thank_you_url,
        "email": _build.forms_email,
        "access_features": list(AccessFeature),
    }


def register() -> None:
    signals.initialized.connect(add_form_settings)
