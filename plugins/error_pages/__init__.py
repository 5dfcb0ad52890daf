"""Pelican plugin: the page a host shows for an address that leads nowhere,
written to 404.html (the name .htaccess gives Apache; Netlify, Cloudflare
Pages and GitHub Pages look for it by that name too).

A generator, so that the link checks and the accessibility audit see the
page like any other. It is written with root-relative (or, in production,
absolute) links even when RELATIVE_URLS is on: the same file answers every
missing address, /blog/2018/gone/ as well as /gone, so "../" links would
break."""

from __future__ import annotations

from dataclasses import dataclass

from pelican import signals
from pelican.generators import Generator

from coproweek.config import plugin_settings

NOT_FOUND_SAVE_AS = "404.html"


@dataclass(frozen=True)
class Settings:
    """No settings of its own (the template may use SEARCH_URL, once the site has search)."""


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)


class NotFoundPageGenerator(Generator):
    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        writer.write_file(NOT_FOUND_SAVE_AS, self.get_template("404"), self.context,
                          relative_urls=False, page_name="404", noindex=True)


def get_generators(pelican):
    return NotFoundPageGenerator if _build is not None else None


def register() -> None:
    signals.initialized.connect(start)
    signals.get_generators.connect(get_generators)
