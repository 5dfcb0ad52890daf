"""Pelican plugin: the files hosts read, written into every build: `_headers`
(Netlify, Cloudflare Pages), `.htaccess` (Apache) and `.nojekyll` (GitHub
Pages), with security headers and the right Content-Type for .ics feeds.

The Content-Security-Policy's form-action follows FORMS_SEND_TO. Folders that
need more than the site-wide policy get their own, by one mechanism:
CSP_PATH_SOURCES maps a path to the sources it adds, e.g.
{"/search/": {"script-src": ["'wasm-unsafe-eval'"]}} (site_search adds its
entries when Pelican starts), and the editor's folder gets its own whole
policy. Hosts join every matching rule, so those folders' policies are never
written beside a /* one (csp_path_rules)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pelican import signals

from coproweek.checks.content_safety import DEFAULT_IFRAME_HOSTS
from coproweek.config import plugin_settings
from coproweek.editor import EDITOR_FOLDER
from coproweek.forms import destination_or_none, form_action_sources
from coproweek.publishing.headers import (
    apache_htaccess,
    content_security_policy,
    content_type_for,
    csp_path_rules,
    editor_content_security_policy,
    editor_htaccess,
    netlify_headers,
    path_policies,
    security_headers,
)


@dataclass(frozen=True)
class Settings:
    siteurl: str                                        # Pelican's; its path prefixes typed files
    iframe_allowed_hosts: tuple = DEFAULT_IFRAME_HOSTS  # frames content_safety lets authors embed
    browser_editor_auth_url: str = ""                   # the editor's sign-in service (its API is allowed)
    forms_send_to: object = None                        # site_forms' destination: form-action follows it
    csp_path_sources: dict = field(default_factory=dict)  # {"/search/": {"script-src": [...]}}


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)


def editor_policy(output: str, settings: Settings) -> str | None:
    if not os.path.isfile(os.path.join(output, EDITOR_FOLDER, "index.html")):
        return None
    apis = ["https://api.github.com"]
    auth = urlsplit(settings.browser_editor_auth_url)
    if auth.scheme and auth.netloc:
        apis.append(f"{auth.scheme}://{auth.netloc}")
    return editor_content_security_policy(apis)


def files_in(output: str, base: str) -> list[str]:
    """URL paths ("/base/blog/index.html") of every file in the output folder."""
    return [f"{base}/" + os.path.relpath(os.path.join(folder, name), output).replace(os.sep, "/")
            for folder, _, names in os.walk(output) for name in names]


def write_host_files(pelican) -> None:
    if _build is None:
        return
    output = pelican.output_path
    settings = _build
    base = urlsplit(settings.siteurl).path.rstrip("/")
    paths = sorted(files_in(output, base))
    typed = {path: kind for path in paths if (kind := content_type_for(path))}
    frames = settings.iframe_allowed_hosts
    form_action = form_action_sources(destination_or_none(settings.forms_send_to))
    headers = security_headers(frames, form_action)
    overrides = {path: content_security_policy(frames, form_action, extra)
                 for path, extra in settings.csp_path_sources.items()}
    editor = editor_policy(output, settings)
    path_headers = {}
    if editor:
        overrides[f"/{EDITOR_FOLDER}/"] = editor
        path_headers[f"{base}/{EDITOR_FOLDER}/*"] = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-cache"}
    policies = path_policies(headers["Content-Security-Policy"], overrides, base)
    rules = csp_path_rules(paths, policies) if overrides else None
    files = {"_headers": netlify_headers(headers, typed, rules, path_headers),
             ".htaccess": apache_htaccess(headers, policies), ".nojekyll": ""}
    if editor:
        files[os.path.join(EDITOR_FOLDER, ".htaccess")] = editor_htaccess(editor)
    for name, text in files.items():
        with open(os.path.join(output, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def register() -> None:
    signals.initialized.connect(start)
    signals.finalized.connect(write_host_files)
