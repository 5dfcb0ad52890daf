"""Pelican plugin: the files hosts read, written into every build: `_headers`
(Netlify, Cloudflare Pages), `.htaccess` (Apache) and `.nojekyll` (GitHub
Pages), with security headers and the right Content-Type for .ics feeds."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from pelican import signals

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



def editor_area(output: str, settings: dict, base: str) -> EditorArea | None:
    if not os.path.isfile(os.path.join(output, EDITOR_FOLDER, "index.html")):
        return None
    apis = ["https://api.github.com"]
    auth = urlsplit(settings.get("BROWSER_EDITOR_AUTH_URL", "") or "")
    if auth.scheme and auth.netloc:
        apis.append(f"{auth.scheme}://{auth.netloc}")
    names = os.listdir(output)
    folders = {name for name in names if os.path.isdir(os.path.join(output, name))}
    return EditorArea(f"{base}/{EDITOR_FOLDER}/", editor_content_security_policy(apis),
                      top_level_paths(names, folders, base, skip=EDITOR_FOLDER))


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
    editor = editor_area(output, settings, base)
    files = {"_headers": netlify_headers(headers, typed, editor), ".htaccess": apache_htaccess(headers), ".nojekyll": ""}
    if editor:
        files[os.path.join(EDITOR_FOLDER, ".htaccess")] = editor_htaccess(editor.policy)
    for name, text in files.items():
        with open(os.path.join(output, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def register() -> None:
    signals.finalized.connect(write_host_files)
