"""Pelican plugin: content that is safe to publish. Raw HTML in Markdown that
would run code (<script>, on*= handlers, javascript: links) or embed other
sites (<iframe> from hosts not in IFRAME_ALLOWED_HOSTS) is reported as a
problem with its line; links to other sites get rel="noopener"."""

from __future__ import annotations

from urllib.parse import urlsplit

from pelican import signals

from build_problems import report_problem

from .rules import DEFAULT_IFRAME_HOSTS, add_noopener, find_unsafe_markup


def _line_of(path: str, snippet: str) -> int | None:
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().lower().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, start=1) if snippet.lower() in line), None)


def check_content(content) -> None:
    html = getattr(content, "_content", None)
    source = getattr(content, "source_path", None)
    if not html or not source:
        return
    settings = content.settings
    hosts = tuple(settings.get("IFRAME_ALLOWED_HOSTS", DEFAULT_IFRAME_HOSTS))
    for unsafe in find_unsafe_markup(html, hosts):
        report_problem(source, unsafe.what, unsafe.fix, line=_line_of(source, unsafe.snippet))
    own_host = urlsplit(settings.get("SITEURL", "")).hostname
    content._content = add_noopener(html, {own_host} if own_host else set())


def register() -> None:
    signals.content_object_init.connect(check_content)
