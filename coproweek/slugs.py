"""One slug rule for every address made from a name: blog tags, event tags,
organisers, access features and event pages, so a topic has the same address
everywhere (/tags/<slug>/, /events/tags/<slug>/, /events/tags/<slug>.ics).

The rule is Pelican's own: pelican.utils.slugify with the project's
TAG_REGEX_SUBSTITUTIONS, SLUGIFY_PRESERVE_CASE and SLUGIFY_USE_UNICODE, as
Pelican slugs a blog tag. This library does not import Pelican, so the
plugins hand Pelican's function in (`SlugSettings.rule`) and the code here
takes the resulting `Slugify` as a parameter."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

Slugify = Callable[[str], str]


@dataclass(frozen=True, kw_only=True)
class SlugSettings:
    """Pelican's settings that make a tag's address; a plugin's Settings
    inherits them (see coproweek.config)."""

    slug_regex_substitutions: tuple     # Pelican's (always supplied)
    tag_regex_substitutions: tuple | None = None  # Pelican's; when unset, a tag uses SLUG_REGEX_SUBSTITUTIONS
    slugify_preserve_case: bool = False  # Pelican's
    slugify_use_unicode: bool = False    # Pelican's

    def rule(self, slugify_function: Callable[..., str]) -> Slugify:
        """`slugify_function` (pelican.utils.slugify) bound to these settings,
        exactly as Pelican's Tag objects call it."""
        subs = self.slug_regex_substitutions if self.tag_regex_substitutions is None else self.tag_regex_substitutions
        return functools.partial(slugify_function, regex_subs=tuple(map(tuple, subs)),
                                 preserve_case=self.slugify_preserve_case, use_unicode=self.slugify_use_unicode)


def is_usable(slug: str) -> bool:
    """Whether a slug can be a web address: it needs a letter or digit
    (Pelican's rule turns "---" into "-", which names no page anyone can find)."""
    return any(character.isalnum() for character in slug)
