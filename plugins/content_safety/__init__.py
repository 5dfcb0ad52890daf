"""Pelican plugin: content that is safe to publish. Raw HTML in Markdown that
would run code (<script>, on*= handlers, javascript: links) or embed other
sites (<iframe> from hosts not in IFRAME_ALLOWED_HOSTS) is reported as a
problem with its line; links to other sites get rel="noopener"."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from pelican import signals

from coproweek.checks.content_safety import DEFAULT_IFRAME_HOSTS, add_noopener, find_unsafe_markup
from coproweek.config import plugin_settings
from coproweek.problems import line_containing, read_source, report_problem


@dataclass(frozen=True)
class Settings:
    siteurl: str                                        # Pelican's; links to this host get no noopener
    iframe_allowed_hosts: tuple = DEFAULT_IFRAME_HOSTS  # also the Content-Security-Policy's (host_config)


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)


def check_content(content) -> None:
    html = getattr(content, "_content", None)
    source = getattr(content, "source_path", None)
    if _build is None or not html or not source:
        return
    unsafe_found = find_unsafe_markup(html, tuple(_build.iframe_allowed_hosts))
    text = read_source(source) if unsafe_found else ""
    for unsafe in unsafe_found:
        report_problem(source, unsafe.what, unsafe.fix, line=line_containing(text, unsafe.snippet))
    own_host = urlsplit(_build.siteurl).hostname
    content._content = add_noopener(html, {own_host} if own_host else set())


def register() -> None:
    signals.initialized.connect(start)
    signals.content_object_init.connect(check_content)
