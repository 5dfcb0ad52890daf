"""The words the starting files of `invoke new-post` and `invoke new-event`
put where the author must write their own, kept here once: the scaffolds
write them and the check finds them. Plain data and functions; nothing here
knows Pelican. A new content type's scaffold adds its words here."""

from __future__ import annotations

import functools
import re

POST = {
    "summary": "One or two sentences that appear in lists of posts and when the post is shared.",
    "body": "Write the post here, in Markdown.",
}
EVENT = {
    "venue": "Name of the venue",
    "address": "Street, Town",
    "summary": "One or two sentences saying what the event is and who it is for.",
    "access_details": "Say how to get in, where the accessible toilet is, and anything else people should know.",
    "access_contact": "events@example.org",
    "body": "Describe the event here, in Markdown:",
}
WEEK = {
    "body": "Write the week's highlights here, in Markdown",
}
# Headings and hints the scaffolds put in the body, to be replaced too.
INSTRUCTIONS = (
    "Use headings like this",
    "Start headings with two hash signs",
    "Add an image by putting the file in content/images/",
    "When the post is ready, change the Status line",
    "When the event is ready, change the status line",
    "Before you publish, check every line above",
)
ALL = tuple(dict.fromkeys([*POST.values(), *EVENT.values(), *WEEK.values(), *INSTRUCTIONS]))


def _normalised(text: str) -> str:
    # str.split() splits at exactly the characters re's \s matches, runs
    # and ends included, several times faster than re.sub over a whole file.
    return " ".join(text.split()).lower()


@functools.lru_cache(maxsize=8)
def _patterns(phrases: tuple[str, ...]) -> list[tuple[re.Pattern, str, str]]:
    return [(re.compile(rf"(?<!\w){re.escape(_normalised(phrase))}(?![\w@-]|\.\w)"), phrase, _normalised(phrase))
            for phrase in phrases]


def find_placeholders(text: str, phrases=ALL) -> list[tuple[int, str]]:
    """(line number, phrase) for each line of `text` that still holds one of
    the scaffolds' placeholder phrases (ignoring case and spacing)."""
    # A phrase found on a line is found in the whole text, spaced the same
    # way: only the phrases there are looked for line by line (most files
    # have none, and a build checks every file).
    whole = _normalised(text)
    wanted = [(pattern, phrase) for pattern, phrase, plain in _patterns(tuple(phrases)) if plain in whole]
    found = []
    for number, line in enumerate(text.splitlines() if wanted else (), start=1):
        plain = _normalised(line)
        found += [(number, phrase) for pattern, phrase in wanted if pattern.search(plain)]
    return found
