"""Which files make up the editor at /admin/, and copying them into a built
site. Knows nothing of Pelican.

The editor is Decap CMS's own bundle from node_modules/ (installed by
`npm ci`, pinned in package-lock.json: never a CDN), smol-toml for
content/authors.toml, and the admin/ folder beside this module (the site's
formats, checks and previews). config.yml is written from config.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ADMIN_SOURCE = Path(__file__).resolve().parent / "admin"
# This package's files that the browser loads (package.json is for Node's tests).
ADMIN_FILES = ("index.html", "admin.css", "manual-init.js", "editor.js", "pelican-format.js",
               "authors-format.js", "checks.js", "previews.js")


class EditorFilesMissing(Exception):
    """The npm packages the editor is built from are not installed."""


def vendor_files(node_modules: Path) -> dict[str, Path]:
    """Files to copy from node_modules, by their path under /admin/.
    Decap's bundle loads its numbered chunks and .wasm files from beside
    itself, so all of them come along (not the source maps)."""
    decap = node_modules / "decap-cms" / "dist"
    toml = node_modules / "smol-toml" / "dist"
    if not (decap / "decap-cms.js").is_file() or not (toml / "index.js").is_file():
        raise EditorFilesMissing(
            f"the editor's files are not installed (looked for {decap / 'decap-cms.js'} and {toml / 'index.js'}).")
    files = {name.name: name for name in decap.iterdir()
             if name.name.endswith((".decap-cms.js", ".wasm")) or name.name in ("decap-cms.js", "decap-cms.js.LICENSE.txt")}
    files |= {f"vendor/smol-toml/{name.name}": name for name in toml.iterdir() if name.suffix == ".js"}
    files["vendor/smol-toml/LICENSE"] = node_modules / "smol-toml" / "LICENSE"
    return files


def copy_editor(destination: str, node_modules: Path, config_text: str) -> list[str]:
    """Write the editor into `destination` (output/admin); returns the paths
    written, relative to it."""
    files = vendor_files(node_modules) | {name: ADMIN_SOURCE / name for name in ADMIN_FILES}
    for relative, source in sorted(files.items()):
        target = os.path.join(destination, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)
    with open(os.path.join(destination, "config.yml"), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(config_text)
    return sorted(files) + ["config.yml"]
