"""Pelican plugin: every piece of content, tag and author gets exactly one
usable web address. Two posts at one address, a title or tag with no letters
to make an address from, or one too long for a file name, are reported before
anything is written (Pelican would otherwise crash or overwrite silently)."""

from __future__ import annotations

import os

from pelican import signals

from coproweek.checks.urls import duplicate_addresses, long_segment, slug_problem
from coproweek.contents import contents_of
from coproweek.problems import report_problem, stop_if_problems


def _address_key(content) -> str:
    """The metadata line an author changes to change the address."""
    return "slug" if "slug" in content.metadata else "title"


def check_addresses(generators) -> None:
    contents = list(contents_of(generators))
    by_source = {content.source_path: content for content in contents}
    claims = []
    for content in contents:
        save_as = getattr(content, "save_as", "") or ""
        claims.append((content.source_path, save_as))
        if content.metadata.get("slug") is None or long_segment(save_as):
            problem = slug_problem("title", getattr(content, "title", ""), getattr(content, "slug", "") or "")
            if problem is None and long_segment(save_as):
                problem = slug_problem("title", content.title, long_segment(save_as))
            if problem:
                report_problem(content.source_path, *problem, key=_address_key(content))
        for kind, key, wrappers in (("tag", "tags", getattr(content, "tags", None) or ()),
                                    ("author", "author", getattr(content, "authors", None) or ())):
            for wrapper in wrappers:
                if problem := slug_problem(kind, wrapper.name, wrapper.slug or ""):
                    report_problem(content.source_path, *problem, key=key)
    for address, sources in duplicate_addresses(claims).items():
        for source in sources:
            others = ", ".join(os.path.basename(s) for s in sources if s != source)
            report_problem(
                source,
                f"this file and {others} would both be published at /{address.removesuffix('index.html')}.",
                "give one of them a different title, or add a 'Slug:' line with a different web address name.",
                key=_address_key(by_source[source]),
            )
    stop_if_problems()  # writing would crash or overwrite: stop before it starts


def register() -> None:
    signals.all_generators_finalized.connect(check_addresses)
