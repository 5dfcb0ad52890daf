"""Pelican plugin: the files hosts read, written into every build: `_headers`
(Netlify, Cloudflare Pages), `.htaccess` (Apache) and `.nojekyll` (GitHub
Pages), with security headers and the right Content-Type for .ics feeds.

The Content-Security-Policy's form-action follows FORMS_SEND_TO. Folders that
need more than the site-wide policy get their own: CSP_PATH_SOURCES maps a
path to the sources it adds, e.g. {"/search/": {"script-src": ["'wasm-unsafe-eval'"]}};
plugins add their entries when Pelican is initialised (search does)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from pelican import signals

from coproweek.forms import destination_or_none, form_action_sources
from coproweek.publishing.headers import (
    apache_htaccess, content_security_policy, content_type_for, csp_path_rules, netlify_headers, path_policies,
    security_headers,
)


def files_in(output: str, base: str) -> list[str]:
    """URL paths ("/base/blog/index.html") of every file in the output folder."""
    return [f"{base}/" + os.path.relpath(os.path.join(folder, name), output).replace(os.sep, "/")
            for folder, _, names in os.walk(output) for name in names]


def write_host_files(pelican) -> None:
    output = pelican.output_path
    settings = pelican.settings
    base = urlsplit(settings.get("SITEURL", "") or "").path.rstrip("/")
    paths = sorted(files_in(output, base))
    typed = {path: kind for path in paths if (kind := content_type_for(path))}
    frame_hosts = settings.get("IFRAME_ALLOWED_HOSTS", ())
    form_action = form_action_sources(destination_or_none(settings.get("FORMS_SEND_TO")))
    headers = security_headers(frame_hosts, form_action)
    overrides = {path: content_security_policy(frame_hosts, form_action, extra)
                 for path, extra in settings.get("CSP_PATH_SOURCES", {}).items()}
    policies = path_policies(headers["Content-Security-Policy"], overrides, base)
    rules = csp_path_rules(paths, policies) if overrides else None
    files = {"_headers": netlify_headers(headers, typed, rules), ".htaccess": apache_htaccess(headers, policies),
             ".nojekyll": ""}
    for name, text in files.items():
        with open(os.path.join(output, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def register() -> None:
    signals.finalized.connect(write_host_files)
