"""Pelican plugin: content that is safe to publish. Raw HTML in Markdown that
would run code (<script>, on*= handlers, javascript: links) or embed other
sites (<iframe> from hosts not in IFRAME_ALLOWED_HOSTS) is reported as a
problem with its line; links to other sites get rel="noopener"."""

from __future__ import annotations

from urllib.parse import urlsplit

from pelican import signals

from coproweek.problems import line_containing, read_source, report_problem

from coproweek.checks.content_safety import DEFAULT_IFRAME_HOSTS, add_noopener, find_unsafe_markup


def check_content(content) -> None:
    html = getattr(content, "_content", None)
    source = getattr(content, "source_path", None)
    if not html or not source:
        return
    settings = content.settings
    hosts = tuple(settings.get("IFRAME_ALLOWED_HOSTS", DEFAULT_IFRAME_HOSTS))
    unsafe_found = find_unsafe_markup(html, hosts)
    text = read_source(source) if unsafe_found else ""
    for unsafe in unsafe_found:
        report_problem(source, unsafe.what, unsafe.fix, line=line_containing(text, unsafe.snippet))
    own_host = urlsplit(settings.get("SITEURL", "")).hostname
    content._content = add_noopener(html, {own_host} if own_host else set())


def register() -> None:
    signals.content_object_init.connect(check_content)
