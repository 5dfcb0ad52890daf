"""An event's HTML body as plain text for an iCalendar DESCRIPTION.

Calendar apps show DESCRIPTION as plain text, so the Markdown-rendered HTML is
turned back into readable text: paragraphs separated by a blank line, list items
with a bullet, links kept as "text (address)" so they stay usable."""

from __future__ import annotations

import re

from lxml import etree, html

_BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
}
_SKIPPED = {"script", "style", "template", "head"}
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def html_to_text(body_html: str) -> str:
    """Plain text of an HTML fragment. Empty or whitespace-only input gives ""."""
    if not body_html or not body_html.strip():
        return ""
    root = html.fragment_fromstring(body_html, create_parent="div")
    blocks: list[tuple[str, bool]] = []  # (text, is a list item)
    current: list[str] = []
    state = {"pre": False, "item": False}

    def end_block() -> None:
        text = "".join(current)
        if not state["pre"]:
            text = "\n".join(line.strip(" ") for line in text.split("\n"))
        text = text.strip("\n")
        if text.strip():
            blocks.append((text.rstrip(), state["item"]))
        current.clear()

    def inline(text: str | None, preformatted: bool) -> None:
        if text:
            current.append(text if preformatted else _SPACES.sub(" ", text))

    def walk(element: etree._Element, preformatted: bool, list_depth: int) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED:
            return
        if tag in _BLOCKS:
            end_block()
            state["pre"], state["item"] = tag == "pre", tag == "li"
        if tag == "li":
            current.append("\u00a0\u00a0" * max(list_depth - 1, 0) + "• ")
        if tag == "br":
            current.append("\n")
        preformatted = preformatted or tag == "pre"
        inline(element.text, preformatted)
        child_depth = list_depth + 1 if tag in {"ul", "ol"} else list_depth
        for child in element:
            walk(child, preformatted, child_depth)
            inline(child.tail, preformatted)
        if tag == "a":
            href = (element.get("href") or "").strip()
            label = element.text_content().strip()
            if href and not href.startswith("#") and href not in {label, f"mailto:{label}"}:
                current.append(f" ({href.removeprefix('mailto:')})")
        if tag in {"td", "th"}:
            current.append(" ")
        if tag in _BLOCKS:
            end_block()
            state["pre"] = state["item"] = False

    walk(root, False, 0)
    end_block()
    # Paragraphs apart by a blank line; the items of a list on consecutive lines.
    text = ""
    for index, (block, is_item) in enumerate(blocks):
        if index:
            text += "\n" if is_item and blocks[index - 1][1] else "\n\n"
        text += block
    return text
