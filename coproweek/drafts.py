"""Which content is a draft, and where a draft would show if it leaked.
Plain functions; nothing here knows Pelican.

A draft is any piece of content whose status is "draft", whatever its type
(post, page, event, or a type added later). A production build publishes no
draft in any form; a local build may show drafts, marked and `noindex`."""

from __future__ import annotations

import os
from collections.abc import Iterable

DRAFT = "draft"
# Text files a draft's address could be written into: pages, feeds
# (Atom, RSS, iCalendar), sitemaps, search indexes, JSON-LD.
TEXT_OUTPUTS = (".html", ".htm", ".xml", ".ics", ".json", ".js", ".txt", ".webmanifest")


def is_draft(item) -> bool:
    """True for a content object (or anything with a `status`) marked draft."""
    return str(getattr(item, "status", "") or "").strip().lower() == DRAFT


def showing_drafts(settings) -> bool:
    """Drafts are shown only when a build asks (SHOW_DRAFTS); never by default."""
    return bool(settings.get("SHOW_DRAFTS", False))


def without_drafts(items: Iterable) -> list:
    return [item for item in items if not is_draft(item)]


def _stem(path: str) -> str:
    """blog/2018/04/slug/, blog/2018/04/slug/index.html -> blog/2018/04/slug."""
    path = path.strip("/").removesuffix("/index.html")
    base, extension = os.path.splitext(path)
    return base if extension else path


def leaks(output: str, drafts: dict[str, str]) -> dict[str, list[str]]:
    """Where each draft shows in a built site. `drafts` maps a draft's source
    file to its address (site-relative, e.g. "blog/2018/04/slug/"); the answer
    maps the source to the output files written at or under that address
    (its page, its calendar file) or holding a link to it (a list, a feed, a
    sitemap, a search index)."""
    addresses = {source: address.lstrip("/") for source, address in drafts.items() if address.strip("/")}
    found: dict[str, list[str]] = {}
    if not addresses:
        return found
    for folder, _, names in os.walk(output):
        for name in names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, output).replace(os.sep, "/")
            text = ""
            if name.endswith(TEXT_OUTPUTS):
                with open(path, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
            for source, address in addresses.items():
                stem = _stem(address)
                if (relative.startswith(stem + "/") or _stem(relative) == stem or f"/{address}" in text or f'"{address}' in text):
                    found.setdefault(source, []).append(relative)
    return found
