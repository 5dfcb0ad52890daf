"""Pelican plugin: the files hosts read, written into every build: `_headers`
(Netlify, Cloudflare Pages), `.htaccess` (Apache) and `.nojekyll` (GitHub
Pages), with security headers and the right Content-Type for .ics feeds."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from pelican import signals

from coproweek.publishing.headers import apache_htaccess, content_type_for, netlify_headers, security_headers


def write_host_files(pelican) -> None:
    output = pelican.output_path
    settings = pelican.settings
    base = urlsplit(settings.get("SITEURL", "") or "").path.rstrip("/")
    typed = {}
    for folder, _, names in os.walk(output):
        for name in names:
            kind = content_type_for(name)
            if kind:
                relative = os.path.relpath(os.path.join(folder, name), output).replace(os.sep, "/")
                typed[f"{base}/{relative}"] = kind
    headers = security_headers(settings.get("IFRAME_ALLOWED_HOSTS", ()))
    files = {"_headers": netlify_headers(headers, typed), ".htaccess": apache_htaccess(headers), ".nojekyll": ""}
    for name, text in files.items():
        with open(os.path.join(output, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def register() -> None:
    signals.finalized.connect(write_host_files)
