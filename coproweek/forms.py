"""Where the site's forms send what people type: one setting, FORMS_SEND_TO.
Knows nothing of Pelican.

    FORMS_SEND_TO = "netlify"                         # Netlify Forms: posts to the site itself
    FORMS_SEND_TO = "https://formspree.io/f/abcdwxyz"  # any form endpoint the owner chose
    FORMS_SEND_TO = None                              # no forms: pages give an email address

The Content-Security-Policy's form-action follows it exactly (see
form_action_sources), so nothing is sent to another host unless the owner
configured it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

NETLIFY = "netlify"
# One honeypot name for every destination: Formspree discards submissions
# that fill `_gotcha`, and Netlify is told the name (netlify-honeypot=).
HONEYPOT_FIELD = "_gotcha"


@dataclass(frozen=True)
class Destination:
    kind: str          # "netlify", "endpoint" or "none"
    action: str = ""   # the endpoint URL (netlify forms post to the thank-you page)

    @property
    def has_forms(self) -> bool:
        return self.kind != "none"

    @property
    def origin(self) -> str:
        """"https://formspree.io" for an endpoint; "" otherwise."""
        if self.kind != "endpoint":
            return ""
        parts = urlsplit(self.action)
        return f"{parts.scheme}://{parts.netloc}"


def parse_destination(value: object) -> Destination:
    """The FORMS_SEND_TO setting as a Destination; ValueError, in words an
    owner can act on, when it is none of the three kinds."""
    if value is None or value is False or (isinstance(value, str) and not value.strip()):
        return Destination("none")
    if not isinstance(value, str):
        raise ValueError(f"FORMS_SEND_TO should be \"netlify\", a web address or None, not {value!r}.")
    text = value.strip()
    if text.lower() == NETLIFY:
        return Destination(NETLIFY)
    parts = urlsplit(text)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password or any(
            character.isspace() or character in "'\";<>" for character in text):
        raise ValueError(f"FORMS_SEND_TO {text!r} is not \"netlify\" or a full https:// web address.")
    return Destination("endpoint", text)


def destination_or_none(value: object) -> Destination:
    """The destination, or no forms for a bad setting (which the settings
    checks report, failing the build with its line)."""
    try:
        return parse_destination(value)
    except ValueError:
        return Destination("none")


def form_action_sources(destination: Destination) -> str:
    """The CSP form-action sources: the site itself for Netlify (forms post
    to the site), exactly the endpoint's origin, or 'none' without forms."""
    if destination.kind == NETLIFY:
        return "'self'"
    if destination.kind == "endpoint":
        return destination.origin
    return "'none'"
