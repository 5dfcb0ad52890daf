"""Links and buttons with no accessible name (WCAG 4.1.2, 2.4.4): an empty <a>
styled as an icon, a <button> holding only a CSS or aria-hidden icon, a link of
whitespace. A screen reader says only "link" or "button".

Beside the alt rules: a control whose only content is an image is theirs
(alt-empty-in-link, alt-missing), so it is not reported twice. The name is
worked out as browsers do (the W3C accessible name computation), from the
page's HTML alone: aria-labelledby, aria-label, the text inside (without
aria-hidden or hidden parts; visually hidden text counts), images' alt and
SVG titles inside, then the title attribute. Text hidden by the style sheet
(display: none from a class) is not seen without a browser and still counts.
Plain functions over an lxml document, like alt_rules."""

from __future__ import annotations

from lxml import etree

from .alt_rules import _aria_name, _is_hidden, _LazyIds  # the alt rules' own ARIA helpers
from .findings import Finding
from .html_utils import css_path, normalise_text, snippet

SVG_TITLE = "{http://www.w3.org/2000/svg}title"
_NOT_CONTENT = {"script", "style", "template", "noscript"}
# Input buttons: a submit or reset button without a value is named by the browser.
_INPUT_BUTTONS = {"button": "", "submit": "Submit", "reset": "Reset"}
# Links and buttons by tag or role (axe-core's link-name, button-name and input-button-name).
_CONTROLS = etree.XPath(
    "//a[@href][not(@role)] | //*[@role='link'] | //button[not(@role)] | //*[@role='button']"
    " | //input[translate(@type, 'BUTONSMIRE', 'butonsmire')='button' or"
    " translate(@type, 'BUTONSMIRE', 'butonsmire')='submit' or translate(@type, 'BUTONSMIRE', 'butonsmire')='reset']")


def _hidden_here_or_above(element) -> bool:
    return _is_hidden(element) or any(_is_hidden(ancestor) for ancestor in element.iterancestors())


def name_from_content(element, ids) -> str:
    """The text a control gets from what is inside it (accname step 2F)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _NOT_CONTENT and not _is_hidden(child):
            parts.append(" " + embedded_name(child, ids) + " ")
        parts.append(child.tail or "")
    return normalise_text("".join(parts))


def embedded_name(element, ids) -> str:
    """An element's part of its parent control's name."""
    own = _aria_name(element, ids)
    if own:
        return own
    if element.tag == "img" or element.get("role") == "img":
        return normalise_text(element.get("alt")) or normalise_text(element.get("title"))
    if element.tag == "svg":
        title = element.find(SVG_TITLE)
        title = title if title is not None else element.find("title")
        return normalise_text(title.text if title is not None else "")
    return name_from_content(element, ids)


def accessible_name(control, ids) -> str:
    own = _aria_name(control, ids)
    if own:
        return own
    if control.tag == "input":
        kind = (control.get("type") or "").lower()
        return normalise_text(control.get("value")) or _INPUT_BUTTONS.get(kind, "") \
            or normalise_text(control.get("title"))
    return name_from_content(control, ids) or normalise_text(control.get("title"))


def _image_inside(control) -> bool:
    """An image the alt rules already judge as this control's name."""
    for element in control.iter("img", "svg", "input", "object", "area"):
        if element.tag == "img" or element.tag == "input" and (element.get("type") or "").lower() == "image":
            return True
        if element.tag in ("svg", "object") and not _hidden_here_or_above(element):
            return True
    return any(not _is_hidden(e) for e in control.iterdescendants() if e.get("role") == "img")


def check_control_names(page: str, doc) -> list[tuple[object, Finding]]:
    ids = _LazyIds(doc)
    results = []
    for control in _CONTROLS(doc):
        if _hidden_here_or_above(control):
            continue
        if accessible_name(control, ids) or _image_inside(control):
            continue
        is_link = control.tag == "a" or control.get("role") == "link"
        what = "link" if is_link else "button"
        subject = (control.get("href") or "") if is_link else _describe(control)
        message = (f"This {what} has no accessible name: a screen reader says only \"{what}\". "
                   + ("Its content is only an icon or empty space." if is_link or control.tag != "input"
                      else "It has no value."))
        results.append((control, Finding(
            rule=f"{what}-no-name", page=page, selector=css_path(control), snippet=snippet(control),
            message=message, page_line=control.sourceline, details={"subject": subject})))
    return results


def _describe(control) -> str:
    """A button's subject for the report: its tag and first class, e.g. "button.icon-menu"."""
    classes = (control.get("class") or "").split()
    return control.tag + (f".{classes[0]}" if classes else "")
