"""Every page needs exactly one usable web address. Plain functions over
(source file, address) pairs; nothing here knows Pelican."""

from __future__ import annotations

from collections import defaultdict

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
    if not slug:
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
