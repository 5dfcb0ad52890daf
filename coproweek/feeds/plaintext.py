"""An event's HTML body as plain text for an iCalendar DESCRIPTION.

Calendar apps show DESCRIPTION as plain text, so the Markdown-rendered HTML is
turned back into readable text: paragraphs separated by a blank line, list items
on their own lines with a bullet, links kept as "text (address)" so they stay
usable. lxml parses; this walk only decides where the line breaks go."""

from __future__ import annotations

import re

from lxml import etree

_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
})
_SKIPPED = frozenset({"script", "style", "template", "head"})
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)
_INDENT = "\u00a0\u00a0"  # no-break spaces: survive the trimming of each line


class _TextCollector:
    def __init__(self) -> None:
        self.blocks: list[tuple[str, bool]] = []  # (text, is a list item)
        self.current: list[str] = []
        self.preformatted = False
        self.list_item = False

    def end_block(self) -> None:
        if not self.current:
            return
        text = "".join(self.current)
        self.current = []
        if not self.preformatted:
            text = "\n".join(line.strip(" ") for line in text.split("\n"))
        text = text.strip("\n").rstrip()
        if text.strip():
            self.blocks.append((text, self.list_item))

    def inline(self, text: str | None, preformatted: bool) -> None:
        if text:
            self.current.append(text if preformatted else _SPACES.sub(" ", text))

    def walk(self, element, preformatted: bool, list_depth: int) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED:
            return
        is_block = tag in _BLOCKS
        if is_block:
            self.end_block()
            self.preformatted, self.list_item = tag == "pre", tag == "li"
        if tag == "li":
            self.current.append(_INDENT * max(list_depth - 1, 0) + "• ")
        elif tag == "br":
            self.current.append("\n")
        preformatted = preformatted or tag == "pre"
        self.inline(element.text, preformatted)
        child_depth = list_depth + 1 if tag in ("ul", "ol") else list_depth
        for child in element:
            self.walk(child, preformatted, child_depth)
            self.inline(child.tail, preformatted)
        if tag == "a":
            href = (element.get("href") or "").strip()
            label = "".join(element.itertext()).strip()
            if href and not href.startswith("#") and href not in (label, f"mailto:{label}"):
                self.current.append(f" ({href.removeprefix('mailto:')})")
        elif tag in ("td", "th"):
            self.current.append(" ")
        if is_block:
            self.end_block()
            self.preformatted = self.list_item = False

    def text(self) -> str:
        # Paragraphs apart by a blank line; the items of a list on consecutive lines.
        parts = []
        for index, (block, is_item) in enumerate(self.blocks):
            if index:
                parts.append("\n" if is_item and self.blocks[index - 1][1] else "\n\n")
            parts.append(block)
        return "".join(parts)


def html_to_text(body_html: str) -> str:
    """Plain text of an HTML fragment. Empty or whitespace-only input gives ""."""
    if not body_html or not body_html.strip():
        return ""
    document = etree.fromstring(f"<html><body><div>{body_html}</div></body></html>", _PARSER)
    if document is None:
        return ""
    collector = _TextCollector()
    for root in document.iter("body"):
        collector.walk(root, False, 0)
    collector.end_block()
    return collector.text()
