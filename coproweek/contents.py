"""The pieces of content a build holds, found the same way by every check."""

from __future__ import annotations

_CONTENT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages", "events",
                  "draft_events")


def contents_of(generators):
    """Every piece of content with a source file, whatever generator made it
    (Pelican's article and page generators, the events plugin's)."""
    for generator in generators:
        for name in _CONTENT_LISTS:
            yield from (c for c in getattr(generator, name, None) or () if getattr(c, "source_path", None))
