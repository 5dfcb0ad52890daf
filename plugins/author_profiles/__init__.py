"""Pelican plugin: guest authors with their role and organisation.

Reads AUTHOR_PROFILES_FILE (in the content folder), gives every Author object
`role`, `organisation` and `bio` for the templates, and reports a post whose
author is missing or has no profile."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican import signals

from coproweek.authors import AuthorProfile, ProfileFileError, parse_profiles, unknown_author_message
from coproweek.checks.metadata import Unreadable, decode_source
from coproweek.config import plugin_settings
from coproweek.problems import report_problem


@dataclass(frozen=True)
class Settings:
    path: str                                   # Pelican's content folder
    author_profiles_file: str = "authors.toml"  # in the content folder


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)


def _load_profiles(settings: Settings, needed: bool) -> tuple[str, dict[str, AuthorProfile]]:
    path = os.path.join(settings.path, settings.author_profiles_file)
    try:
        with open(path, "rb") as handle:
            # The same checks as posts: encoding with its line, byte-order mark.
            return path, parse_profiles(decode_source(handle.read(), check_empty=False))
    except FileNotFoundError:
        if needed:  # a site without posts needs no authors
            report_problem(path, "the list of guest authors is missing.", "create it: see docs/writing-posts.md.")
    except Unreadable as unreadable:
        line, what, fix = unreadable.finding
        report_problem(path, what, fix, line=line)
    except ProfileFileError as error:
        report_problem(path, error.what, error.fix, line=error.line)
    return path, {}


def attach_profiles(generator) -> None:
    if _build is None:
        return
    posts = [*generator.articles, *generator.drafts, *getattr(generator, "hidden_articles", [])]
    _, profiles = _load_profiles(_build, needed=bool(posts))
    for article in posts:
        authors = getattr(article, "authors", None)
        if not authors:
            report_problem(
                article.source_path,
                "this post has no author.",
                "add a line such as 'Author: Pete Fleischmann' at the top of the file.",
            )
            continue
        for author in authors:
            profile = profiles.get(author.name)
            if profile is None:
                if profiles:  # a broken profiles file is reported once, not per post
                    what, fix = unknown_author_message(author.name, sorted(profiles))
                    report_problem(article.source_path, what, fix, key="author")
                continue
            author.role, author.organisation, author.bio = profile.role, profile.organisation, profile.bio
    # Author pages use the Author objects in generator.authors: give them profiles too.
    for author, _ in generator.authors:
        profile = profiles.get(author.name)
        if profile:
            author.role, author.organisation, author.bio = profile.role, profile.organisation, profile.bio


def register() -> None:
    signals.initialized.connect(start)
    signals.article_generator_finalized.connect(attach_profiles)
