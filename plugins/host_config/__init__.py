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
from coproweek.editor import EDITOR_FOLDER
from coproweek.publishing.headers import (
    EditorArea,
    apache_htaccess,
    content_type_for,
    editor_content_security_policy,
    editor_htaccess,
    netlify_headers,
    security_headers,
    top_level_paths,
)

@dataclass(frozen=True)
class Settings:
    siteurl: str                                        # Pelican's; its path prefixes typed files
    iframe_allowed_hosts: tuple = DEFAULT_IFRAME_HOSTS  # frames content_safety lets authors embed
    browser_editor_auth_url: str = ""                   # the editor's sign-in service (its API is allowed)


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)


def editor_area(output: str, settings: Settings, base: str) -> EditorArea | None:
    if not os.path.isfile(os.path.join(output, EDITOR_FOLDER, "index.html")):
        return None
    apis = ["https://api.github.com"]
    auth = urlsplit(settings.browser_editor_auth_url)
    if auth.scheme and auth.netloc:
        apis.append(f"{auth.scheme}://{auth.netloc}")
    names = os.listdir(output)
    folders = {name for name in names if os.path.isdir(os.path.join(output, name))}
    return EditorArea(f"{base}/{EDITOR_FOLDER}/", editor_content_security_policy(apis),
                      top_level_paths(names, folders, base, skip=EDITOR_FOLDER))


def write_host_files(pelican) -> None:
    if _build is None:
        return
    output = pelican.output_path
    settings = _build
    base = urlsplit(settings.siteurl).path.rstrip("/")
    typed = {}
    for folder, _, names in os.walk(output):
        for name in names:
            kind = content_type_for(name)
            if kind:
                relative = os.path.relpath(os.path.join(folder, name), output).replace(os.sep, "/")
                typed[f"{base}/{relative}"] = kind
    headers = security_headers(settings.iframe_allowed_hosts)
    editor = editor_area(output, settings, base)
    files = {"_headers": netlify_headers(headers, typed, editor), ".htaccess": apache_htaccess(headers), ".nojekyll": ""}
    if editor:
        files[os.path.join(EDITOR_FOLDER, ".htaccess")] = editor_htaccess(editor.policy)
    for name, text in files.items():
        with open(os.path.join(output, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def register() -> None:
    signals.initialized.connect(start)
    signals.finalized.connect(write_host_files)
