"""Pelican plugin: the browser editor at /admin/ (Decap CMS), written into
every build unless BROWSER_EDITOR = False. See docs/editing-in-the-browser.md.

Settings (pelicanconf.py / publishconf.py):
  BROWSER_EDITOR            True   put the editor at /admin/
  BROWSER_EDITOR_REQUIRED   False  a build without the editor's files fails
                                   (production: never publish without /admin/)
  BROWSER_EDITOR_REPO       ""     GitHub repository, owner/name
  BROWSER_EDITOR_BRANCH     "main" the branch the editor commits to
  BROWSER_EDITOR_AUTH_URL   ""     the OAuth helper's address (GitHub login)
  BROWSER_EDITOR_BACKEND_PORT 8081 `invoke edit`'s local backend (decap-server)

Listed after the page checks (link_checks, accessibility_audit): /admin/ is
Decap's application shell, not a page of the site; its own accessibility is
tested with axe in Chromium (tests/browser/test_browser_editor.py)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals

from coproweek.editor import EDITOR_FOLDER
from coproweek.editor.config import config_text
from coproweek.editor.files import EditorFilesMissing, copy_editor
from coproweek.problems import report_problem

log = logging.getLogger(__name__)
INSTALL_FIX = "install the npm packages: ./scripts/install-test-tools (or: npm ci --ignore-scripts), then build again."


def node_modules_of(settings: dict) -> Path:
    project = Path(os.path.abspath(settings["PATH"])).parent
    return Path(settings.get("BROWSER_EDITOR_NODE_MODULES") or project / "node_modules")


def write_editor(pelican) -> None:
    settings = pelican.settings
    if not settings.get("BROWSER_EDITOR", True):
        return
    text = config_text(repo=settings.get("BROWSER_EDITOR_REPO", ""), branch=settings.get("BROWSER_EDITOR_BRANCH", "main"),
                       site_url=settings.get("SITEURL", "") if not settings.get("RELATIVE_URLS") else "",
                       auth_url=settings.get("BROWSER_EDITOR_AUTH_URL", ""),
                       backend_port=settings.get("BROWSER_EDITOR_BACKEND_PORT", 8081))
    try:
        copy_editor(os.path.join(pelican.output_path, EDITOR_FOLDER), node_modules_of(settings), text)
    except EditorFilesMissing as missing:
        if settings.get("BROWSER_EDITOR_REQUIRED"):
            report_problem(settings.get("SETTINGS_FILE", "pelicanconf.py"), f"The editor at /admin/ cannot be built: {missing}",
                           f"{INSTALL_FIX} Or leave the editor out with BROWSER_EDITOR = False.")
        else:
            log.warning("The editor (/admin/) was left out of this build: %s To add it, %s", missing, INSTALL_FIX)


def register() -> None:
    signals.finalized.connect(write_editor)
