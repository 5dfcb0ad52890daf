"""What the audit reports: one Finding per problem, with a rule id, severity,
where it is on the page and where the author can fix it."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

ERROR, WARNING, NOTE = "error", "warning", "note"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, NOTE: 2}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    fix: str
    wcag: str = ""


_RULE_LIST = [
    # Alt text
    Rule("alt-missing", ERROR, "Image has no text alternative",
         "Add alt text that says what the image shows or does. If it is decorative, mark it decorative.",
         "1.1.1"),
    Rule("alt-empty-in-link", ERROR, "Only content of a link or button is an image with empty alt",
         "Give the image alt text that says where the link goes or what the button does.", "1.1.1, 2.4.4"),
    Rule("alt-filename", ERROR, "Alt text is a file name or URL",
         "Replace it with a short description of what the image shows.", "1.1.1"),
    Rule("alt-placeholder", ERROR, "Alt text is only a placeholder word",
         "Replace it with a short description of what the image shows, or mark the image decorative.",
         "1.1.1"),
    Rule("alt-redundant-prefix", WARNING, "Alt text starts with 'image of' or similar",
         "Drop the prefix: screen readers already say it is an image.", "1.1.1"),
    Rule("alt-too-long", WARNING, "Alt text is over 150 characters",
         "Keep alt short; put the detail in a caption or the text next to the image.", "1.1.1"),
    Rule("alt-same-as-text", WARNING, "Alt text repeats the adjacent caption or link text",
         "Make the alt add something, or mark the image decorative (alt=\"\") when the text says it all.",
         "1.1.1"),
    Rule("alt-duplicate", WARNING, "Different images on one page have the same alt text",
         "Describe each image by what makes it different.", "1.1.1"),
    Rule("alt-empty-unmarked", WARNING, "Empty alt on an image not marked decorative",
         "If the image is decorative, add {: role=\"presentation\" } after it in Markdown; otherwise write alt text.",
         "1.1.1"),
    Rule("alt-filled-from-metadata", WARNING, "Alt text filled from image metadata",
         "Check the text taken from the image file and write it into the Markdown as the alt.", "1.1.1"),
    # Names of links and buttons
    Rule("link-no-name", ERROR, "Link has no accessible name",
         "Give the link words that say where it goes. For an icon link, add aria-label=\"Search\" (or words "
         "in a visually-hidden span) and aria-hidden=\"true\" on the icon.", "2.4.4, 4.1.2"),
    Rule("button-no-name", ERROR, "Button has no accessible name",
         "Give the button words that say what it does. For an icon button, add aria-label=\"Open menu\" (or "
         "words in a visually-hidden span) and aria-hidden=\"true\" on the icon.", "4.1.2"),
    # Colour
    Rule("contrast-aa", ERROR, "Text contrast below WCAG AA",
         "Darken the text or lighten the background (or the reverse) until the ratio is at least 4.5:1 "
         "(3:1 for large text).", "1.4.3"),
    Rule("contrast-over-image", ERROR, "Text over a background image may be unreadable",
         "Put a solid or semi-opaque background behind the text, or change the text colour.", "1.4.3"),
    Rule("contrast-aaa", NOTE, "Text contrast below WCAG AAA",
         "For AAA, aim for 7:1 (4.5:1 for large text).", "1.4.6"),
    Rule("focus-contrast", ERROR, "Focus indicator contrast below 3:1",
         "Use a focus outline or shadow with at least 3:1 contrast against the background around it.",
         "1.4.11, 2.4.7"),
    Rule("control-boundary-contrast", ERROR, "Form control boundary contrast below 3:1",
         "Give the control a border (or background) with at least 3:1 contrast against the page.", "1.4.11"),
    Rule("link-in-text-block", ERROR, "Link in text is told apart by colour alone",
         "Underline links in running text, or give them 3:1 contrast against the surrounding text.", "1.4.1"),
]
RULES = {rule.id: rule for rule in _RULE_LIST}


@dataclass
class SourceLocation:
    """Where the author can fix the problem. kind: content | template | css | page."""

    kind: str
    file: str
    line: int | None = None
    note: str = ""


@dataclass
class Finding:
    rule: str
    page: str  # path of the built page relative to the audited folder
    selector: str  # CSS selector that picks out the element on the page
    snippet: str  # the element's HTML, shortened
    message: str  # plain English: what is wrong here
    severity: str = ""
    fix: str = ""
    sources: list[SourceLocation] = field(default_factory=list)
    suggestion: str | None = None
    details: dict = field(default_factory=dict)
    scheme: str = "light"  # colour scheme the problem appears in: light | dark
    page_line: int | None = None
    baselined: bool = False
    baseline_reason: str = ""

    def __post_init__(self) -> None:
        rule = RULES[self.rule]
        self.severity = self.severity or rule.severity
        self.fix = self.fix or rule.fix

    @property
    def fingerprint(self) -> str:
        """Stable id for the baseline: the same problem on the same element keeps
        its fingerprint across builds even when line numbers move."""
        key = "\x1f".join((self.rule, self.page, self.selector, self.scheme, self.details.get("subject", "")))
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["fingerprint"] = self.fingerprint
        data["wcag"] = RULES[self.rule].wcag
        data["title"] = RULES[self.rule].title
        return data


def sort_key(finding: Finding):
    return (SEVERITY_ORDER[finding.severity], finding.rule, finding.page, finding.page_line or 0, finding.selector)
