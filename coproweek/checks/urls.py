"""Every page needs exactly one usable web address. Plain functions over
(source file, address) pairs; nothing here knows Pelican."""

from __future__ import annotations

import os
from collections import defaultdict

from coproweek.publishing.headers import HOST_FILES
from coproweek.slugs import is_usable

# Most filesystems refuse a file or folder name over 255 bytes; leave room for
# ".atom.xml" and the like that some pages add to a slug.
MAX_SEGMENT_BYTES = 200


def duplicate_addresses(claims: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Addresses claimed by more than one source file: address -> sorted files."""
    by_address = defaultdict(set)
    for source, address in claims:
        by_address[address].add(source)
    return {address: sorted(sources) for address, sources in by_address.items() if len(sources) > 1}


def slug_problem(kind: str, name: str, slug: str) -> tuple[str, str] | None:
    """Why a title, tag or author name cannot become part of a web address."""
    if not is_usable(slug):
        return (f"the {kind} '{name}' has no letters or numbers to make a web address from.",
                f"add some letters or numbers to the {kind}" +
                (", or add a line such as 'Slug: my-post' to choose the web address." if kind == "title" else "."))
    if len(slug.encode("utf-8")) > MAX_SEGMENT_BYTES:
        return (f"the {kind} is too long to make a web address from ({len(slug)} characters).",
                "add a line such as 'Slug: short-name' with a shorter web address." if kind == "title"
                else f"shorten the {kind} to a few words.")
    return None


def long_segment(address: str) -> str | None:
    return next((part for part in address.split("/") if len(part.encode("utf-8")) > MAX_SEGMENT_BYTES), None)


# Every output path has exactly one owner: an author's file, or the site itself
# (a list page, a feed, the theme's files, the host's files). -----------------

# Files the site itself writes at fixed names, beside the pages.
SITE_FILES = {"404.html": "the page shown for an address that does not exist", **HOST_FILES}


def output_file(address: str) -> str:
    """The file an address is written to: about/ -> about/index.html."""
    address = address.lstrip("/")
    return address + "index.html" if address.endswith("/") or not address else address


def page_address_problem(save_as: str, url: str) -> tuple[str, str, str] | None:
    """Why a page's Save_as / URL cannot be used: (metadata key, what, fix).
    A page is HTML, so its file must end in .html (it can then never replace
    a feed, an image, a stylesheet or a host's file), and its URL must be the
    address it is written at, or every link to it would lead elsewhere."""
    if save_as and not save_as.endswith((".html", ".htm")):
        return ("save_as", f"the page would be written as '/{save_as}', but a page is HTML: its file name must "
                "end in .html (a name such as .xml, .jpg or _headers belongs to a feed, an image or the host).",
                "remove the Save_as line (the site chooses the address), or end it in /index.html.")
    if url and save_as and output_file(url) != save_as:
        return ("url", f"the page's links would go to '/{url.lstrip('/')}' but the page is written at "
                f"'/{save_as}', so every link to it would lead somewhere else.",
                "remove the URL and Save_as lines (the site chooses the address), or give them the same address, "
                "for example 'URL: about-us/' with 'Save_as: about-us/index.html'.")
    return None


def _folders(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def output_clashes(claims: list[tuple[str, str]], reserved: dict[str, str]) -> list[tuple[str, str, str]]:
    """(source, path, what it clashes with) for each author's file whose
    output path is one the site writes itself, or sits under a folder the site
    reserves (a key ending in "/"), or is a folder of another output or a
    file inside another output's place. `claims` are (source file, path)."""
    found = []
    files = {path: source for source, path in claims}
    for source, path in claims:
        if path in reserved:
            found.append((source, path, reserved[path]))
            continue
        folder = next((f for f in _folders(path) if f in reserved or f.rstrip("/") in reserved or f.rstrip("/") in files), None)
        if folder:
            owner = (reserved.get(folder) or reserved.get(folder.rstrip("/"))
                     or f"the page of {os.path.basename(files[folder.rstrip('/')])}")
            found.append((source, path, f"{owner} (at /{folder.rstrip('/')})"))
    return found
