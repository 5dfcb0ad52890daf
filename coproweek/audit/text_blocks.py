"""Is a link inside running text? WCAG 1.4.1's failure F73 is a link told apart
by colour alone *within a block of text*: a link standing alone (a row of tag
links, a "Read more" after a paragraph, a block link around a heading, a list
of links, a navigation bar) is found by its place, not its colour.

A static reading of axe-core's isInTextBlock (commons/dom/is-in-text-block.js),
so that the audit and axe judge the same links: within the link's nearest
block-level ancestor, take the run of inline content between block-level
children and <br>/<hr> that holds the link; the link is in text when the
other text of that run (outside every link, button and form field) is longer
than the text of those controls. Hand-written: no library answers this
question without a browser. Plain functions over lxml elements; how an element
is displayed comes from the caller (the audit's CSS cascade)."""

from __future__ import annotations

from typing import Callable

from .html_utils import normalise_text, text_of

# display values that start a new block (axe-core's blockLike, and table-*).
BLOCK_DISPLAYS = {"block", "list-item", "table", "flex", "grid", "flow-root"}
INLINE_BLOCK_DISPLAYS = {"inline-block", "inline-flex", "inline-grid", "inline-table"}

# The HTML rendering section's default display of each element (the rest are inline).
DEFAULT_DISPLAY = {tag: "block" for tag in (
    "html", "body", "address", "blockquote", "center", "dialog", "div", "figure", "figcaption", "footer",
    "form", "header", "hr", "legend", "listing", "main", "p", "plaintext", "pre", "search", "xmp", "article",
    "aside", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "nav", "section", "dir", "dd", "dl", "dt", "menu",
    "ol", "ul", "fieldset", "details", "summary", "optgroup", "option")} | {
    "li": "list-item", "table": "table", "caption": "table-caption", "thead": "table-header-group",
    "tbody": "table-row-group", "tfoot": "table-footer-group", "tr": "table-row", "td": "table-cell",
    "th": "table-cell", "col": "table-column", "colgroup": "table-column-group",
    "button": "inline-block", "input": "inline-block", "select": "inline-block", "textarea": "inline-block",
}

# Roles axe-core counts as widgets: their text is a control's, not the sentence's.
WIDGET_ROLES = {"button", "checkbox", "combobox", "gridcell", "link", "listbox", "menuitem", "menuitemcheckbox",
                "menuitemradio", "option", "progressbar", "radio", "scrollbar", "searchbox", "slider", "spinbutton",
                "switch", "tab", "tabpanel", "textbox", "treeitem"}

# (display keyword or "" for the element's default, hidden) of an element.
DisplayOf = Callable[[object], tuple[str, bool]]


def display(element, display_of: DisplayOf) -> str:
    declared, _ = display_of(element)
    return declared or DEFAULT_DISPLAY.get(element.tag, "inline")


def is_block(element, display_of: DisplayOf) -> bool:
    value = display(element, display_of)
    return value in BLOCK_DISPLAYS or value.startswith("table")


def is_widget(element) -> bool:
    role = (element.get("role") or "").strip().lower().split(" ")[0]
    if role:
        return role in WIDGET_ROLES
    tag = element.tag
    if tag == "a":
        return element.get("href") is not None
    if tag == "input":
        return (element.get("type") or "").lower() != "hidden"
    return tag in ("button", "select", "textarea")


def block_parent(element, display_of: DisplayOf):
    return next((a for a in element.iterancestors() if isinstance(a.tag, str) and is_block(a, display_of)), None)


def in_text_block(link, display_of: DisplayOf) -> bool:
    """Whether `link` sits among other words on its line of a block of text."""
    if display(link, display_of) in BLOCK_DISPLAYS | INLINE_BLOCK_DISPLAYS or is_block(link, display_of):
        return False
    # A link wrapped around a heading or a paragraph is a block link however it is displayed.
    if any(isinstance(d.tag, str) and is_block(d, display_of) for d in link.iterdescendants()):
        return False
    block = block_parent(link, display_of)
    if block is None:
        return False
    words: list[str] = []      # text of the run outside controls
    controls: list[str] = []   # text of the links, buttons and fields in the run
    state = {"seen_link": False, "done": False}

    def end_of_run() -> None:
        """A block child, <br> or <hr>: the run before the link starts again; after it, ends."""
        if state["seen_link"]:
            state["done"] = True
        else:
            words.clear()
            controls.clear()

    def walk(element) -> None:
        if element.text:
            words.append(element.text)
        for child in element:
            if state["done"]:
                return
            if isinstance(child.tag, str):
                if child is link:
                    state["seen_link"] = True
                    controls.append(text_of(child))
                elif is_block(child, display_of) or child.tag in ("br", "hr"):
                    end_of_run()
                    if state["done"]:
                        return
                elif display_of(child)[1]:
                    pass  # not painted: its words are not on the line
                elif is_widget(child):
                    controls.append(text_of(child))
                else:
                    walk(child)
                if state["done"]:
                    return
            if child.tail:
                words.append(child.tail)

    walk(block)
    if not state["seen_link"]:
        return False  # inside a part that is not painted: not on any line
    return len(normalise_text("".join(words))) > len(normalise_text("".join(controls)))
