"""Pelican plugin: the browser editor at /admin/ (Decap CMS), written into
every build unless BROWSER_EDITOR = False. See docs/editing-in-the-browser.md.
Its settings (pelicanconf.py / publishconf.py) are in `Settings` below.

Listed after the page checks (link_checks, accessibility_audit): /admin/ is
Decap's application shell, not a page of the site; its own accessibility is
tested with axe in Chromium (tests/browser/test_browser_editor.py)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from coproweek.config import plugin_settings
from coproweek.editor import EDITOR_FOLDER
from coproweek.editor.config import config_text
from coproweek.editor.files import EditorFilesMissing, copy_editor
from coproweek.problems import report_problem

log = logging.getLogger(__name__)
INSTALL_FIX = "install the npm packages: ./scripts/install-test-tools (or: npm ci --ignore-scripts), then build again."


@dataclass(frozen=True)
class Settings:
    path: str                               # Pelican's content folder; the project is its parent
    siteurl: str = ""                       # Pelican's
    relative_urls: bool = False             # Pelican's
    settings_file: str = "pelicanconf.py"   # named in the problem when the editor cannot be built
    browser_editor: bool = True             # put the editor at /admin/
    browser_editor_required: bool = False   # a build without the editor's files fails (production)
    browser_editor_repo: str = ""           # GitHub repository, owner/name
    browser_editor_branch: str = "main"     # the branch the editor commits to
    browser_editor_auth_url: str = ""       # the OAuth helper's address (GitHub login)
    browser_editor_backend_port: int = 8081  # `invoke edit`'s local backend (decap-server)
    browser_editor_node_modules: str = ""   # default: this project's node_modules


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)


# The project this plugin belongs to (plugins/browser_editor/ is inside it),
# wherever its content folder is: its node_modules/ holds the editor's files.
PROJECT = Path(__file__).resolve().parents[2]


def node_modules_of(settings: Settings) -> Path:
    return Path(settings.browser_editor_node_modules or PROJECT / "node_modules")


def write_editor(pelican) -> None:
    settings = _build
    if settings is None or not settings.browser_editor:
        return
    text = config_text(repo=settings.browser_editor_repo, branch=settings.browser_editor_branch,
                       site_url=settings.siteurl if not settings.relative_urls else "",
                       auth_url=settings.browser_editor_auth_url,
                       backend_port=settings.browser_editor_backend_port)
    try:
        copy_editor(os.path.join(pelican.output_path, EDITOR_FOLDER), node_modules_of(settings), text)
    except EditorFilesMissing as missing:
        if settings.browser_editor_required:
            report_problem(settings.settings_file, f"The editor at /admin/ cannot be built: {missing}",
                           f"{INSTALL_FIX} Or leave the editor out with BROWSER_EDITOR = False.")
        else:
            log.warning("The editor (/admin/) was left out of this build: %s To add it, %s", missing, INSTALL_FIX)


def register() -> None:
    signals.initialized.connect(start)
    signals.finalized.connect(write_editor)
