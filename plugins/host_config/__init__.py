"""Pelican plugin: the files hosts read, written into every build: `_headers`
(Netlify, Cloudflare Pages), `.htaccess` (Apache) and `.nojekyll` (GitHub
Pages), with security headers and the right Content-Type for .ics feeds."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from pelican import signals

from coproweek.checks.content_safety import DEFAULT_IFRAME_HOSTS
from coproweek.config import plugin_settings
from coproweek.publishing.headers import apache_htaccess, content_type_for, netlify_headers, security_headers


@dataclass(frozen=True)
class Settings:
    siteurl: str                                        # Pelican's; its path prefixes typed files
    iframe_allowed_hosts: tuple = DEFAULT_IFRAME_HOSTS  # frames content_safety lets authors embed


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)


def write_host_files(pelican) -> None:
    if _build is None:
        return
    output = pelican.output_path
    base = urlsplit(_build.siteurl).path.rstrip("/")
    typed = {}
    for folder, _, names in os.walk(output):
        for name in names:
            kind = content_type_for(name)
            if kind:
                relative = os.path.relpath(os.path.join(folder, name), output).replace(os.sep, "/")
                typed[f"{base}/{relative}"] = kind
    headers = security_headers(_build.iframe_allowed_hosts)
    files = {"_headers": netlify_headers(headers, typed), ".htaccess": apache_htaccess(headers), ".nojekyll": ""}
    for name, text in files.items():
        with open(os.path.join(output, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def register() -> None:
    signals.initialized.connect(start)
    signals.finalized.connect(write_host_files)
