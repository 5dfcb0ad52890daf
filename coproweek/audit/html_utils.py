"""Small helpers over lxml elements: a selector that finds an element again,
a short HTML snippet, text content, and resolving URLs to files in the audited folder."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html

from coproweek.checks.links import site_target

IGNORE_ATTRIBUTE = "data-audit-ignore"
# Plain lxml elements (not lxml.html's): no Python class lookup for every element.
_PARSER = etree.HTMLParser()
text_of = etree.XPath("string()")  # an element's text, as lxml.html's text_content()


# libxml2's HTML parser predates HTML5's void <source> and <track>: it would nest
# the <img> after a <source> inside it, unlike a browser, and selectors in
# findings would not match the real page. Closing them first keeps the tree a
# browser builds.
_OPEN_VOID_HTML5 = re.compile(rb"(<(source|track)\b[^>]*?)\s*/?>(?!\s*</(?:source|track)>)", re.IGNORECASE)


def parse_page(data: bytes):
    """The page's element tree (lxml's HTML parser, as browsers recover from errors)."""
    if b"<source" in data or b"<track" in data:
        data = _OPEN_VOID_HTML5.sub(rb"\1></\2>", data)
    root = etree.fromstring(data, _PARSER)
    if root is None:
        raise ValueError("no HTML in the page")
    return root.getroottree()


_SPACES = re.compile(r"\s+")


def normalise_text(text: str | None) -> str:
    # str.split() splits at exactly the characters the pattern \s matches (runs
    # and both ends included), faster: the audit asks this for every name and text.
    return " ".join((text or "").split())


def css_path(element) -> str:
    """A CSS selector that picks out this element: from the nearest ancestor
    with an id, then tag:nth-of-type steps."""
    steps = []
    node = element
    while node is not None and isinstance(node.tag, str):
        node_id = node.get("id")
        if node_id and re.fullmatch(r"[A-Za-z][\w-]*", node_id):
            steps.append(f"#{node_id}")
            break
        parent = node.getparent()
        if parent is None:
            steps.append(node.tag)
            break
        same = [child for child in parent if child.tag == node.tag]
        steps.append(node.tag if len(same) == 1 else f"{node.tag}:nth-of-type({same.index(node) + 1})")
        node = parent
    return " > ".join(reversed(steps))


def snippet(element, limit: int = 200) -> str:
    """The element's opening tag (and short content), at most `limit` characters."""
    copy = html.fromstring(etree.tostring(element, encoding="unicode", with_tail=False))
    text = etree.tostring(copy, encoding="unicode", method="html", with_tail=False).strip()
    text = _SPACES.sub(" ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_ignored(element, rule_id: str) -> bool:
    """True when the element carries data-audit-ignore naming this rule (or 'all')."""
    marker = element.get(IGNORE_ATTRIBUTE)
    if marker is None:
        return False
    names = set(marker.replace(",", " ").split())
    return not names or "all" in names or rule_id in names


def resolve_local(root: Path, page_rel: str, url: str | None, site_urls: tuple[str, ...] = ()) -> Path | None:
    """The file a page's relative or root-relative URL points to inside the
    audited folder, or None for other hosts, data: URLs and missing files.
    URLs starting with one of `site_urls` (the site's own address, as a production
    build writes its links) count as root-relative."""
    target = site_target(str(root), page_rel, url, site_urls) if url else None
    if target is None or target.path is None or target.same_page:
        return None
    candidate = root / target.path
    return candidate if candidate.is_file() else None

