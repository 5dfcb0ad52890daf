"""Helpers for tests that look at the built site: the pages it has, and a
local web server for a folder. The fixtures in tests/conftest.py use them;
any test may import them (`from tests.site_tools import built_pages`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import lxml.html

from coproweek.editor import EDITOR_FOLDER as EDITOR

from sitekit.build import ROOT as PROJECT_ROOT
from sitekit.testing import serve_folder  # noqa: F401 (tests import it from here too)

__all__ = [
    "BUILD_NOW", "PROJECT_ROOT", "SiteBuildFailed", "build_real_site", "built_pages", "page_file",
    "public_html_files", "runs_javascript", "serve_folder",
]

# "Now" for every test build, so upcoming/past events and "latest" lists are
# the same on every run: a fortnight before the 2018 campaign week.
BUILD_NOW = "2018-06-20"


# Run in a Python of its own: Pelican's signals are process-wide, so plugins
# registered by earlier in-process builds of fixture sites (with other
# PLUGINS) would still act on this build.
_BUILD = """
import json
import sys
from pathlib import Path
from coproweek.problems import BuildFailed
from sitekit.build import build_site
output, report, settings = sys.argv[1:]
try:
    build_site(output=output, **json.loads(settings))
except BuildFailed as failure:
    Path(report).write_text(failure.report, encoding="utf-8")
    raise
"""


class SiteBuildFailed(Exception):
    """The site did not build; the message is the build's report for authors
    or, if the builder itself crashed, the end of its output."""


# Pagefind writes its filter and metadata indexes (and the entry file naming
# them) in an order that changes from run to run; its page fragments and word
# index are stable (upstream: Pagefind/pagefind#638). Byte-for-byte comparisons
# of two builds let off only these files.
UNSTABLE_UPSTREAM = re.compile(r"^pagefind/(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$")


def comparable_files(site: Path) -> dict[str, Path]:
    """A built site's files by relative name, less those UNSTABLE_UPSTREAM."""
    return {name: path for path in sorted(site.rglob("*")) if path.is_file()
            if not UNSTABLE_UPSTREAM.match(name := path.relative_to(site).as_posix())}


def build_real_site(output: Path, **settings) -> Path:
    """Build the project's site (content/, theme/, plugins/, pelicanconf.py,
    as `invoke build` does) into `output`, with SITE_NOW = BUILD_NOW unless
    `settings` (JSON-able Pelican settings, e.g. PATH=other content) say
    otherwise. Raises SiteBuildFailed."""
    settings = {"SITE_NOW": BUILD_NOW, **settings}
    report = output.parent / f"{output.name}-build-report.txt"
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), str(PROJECT_ROOT / "plugins")])}
    result = subprocess.run(
        [sys.executable, "-c", _BUILD, str(output), str(report), json.dumps(settings)],
        cwd=PROJECT_ROOT, env=environment, capture_output=True, encoding="utf-8", errors="replace", timeout=900,
    )
    if result.returncode != 0:
        if report.exists():
            raise SiteBuildFailed(report.read_text(encoding="utf-8"))
        raise SiteBuildFailed(f"the builder stopped (exit {result.returncode}):\n{result.stderr[-5000:]}")
    return output


# The browser editor (plugins/browser_editor) is Decap CMS's application, not a
# page of the site: tests/browser/test_browser_editor.py tests it on its own.
EDITOR_FOLDER = EDITOR + "/"


def public_html_files(site: Path) -> list[Path]:
    """Every HTML file of the site's own pages (not the editor's)."""
    return [file for file in sorted(site.rglob("*.html")) if not file.relative_to(site).as_posix().startswith(EDITOR_FOLDER)]


def built_pages(site: Path) -> list[str]:
    """Every HTML page in a built site, as URL paths from the site root:
    "/" for index.html, "/blog/" for blog/index.html, "/404.html" for others."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        if relative.startswith(EDITOR_FOLDER):
            continue
        if relative == "index.html":
            paths.append("/")
        elif relative.endswith("/index.html"):
            paths.append("/" + relative[: -len("index.html")])
        else:
            paths.append("/" + relative)
    return paths


def page_file(site: Path, path: str) -> Path:
    """The built file for a URL path from built_pages ("/blog/" -> blog/index.html)."""
    relative = path.lstrip("/")
    return site / (relative + "index.html" if relative == "" or relative.endswith("/") else relative)


def runs_javascript(html_file) -> bool:
    """Whether the page has anything a browser would run as JavaScript:
    script elements (not data blocks such as JSON-LD), on* attributes, or
    javascript: links; or a <noscript>, shown only without it. Pages with
    none of these look the same with JavaScript on or off."""
    tree = lxml.html.parse(str(html_file))
    if tree.find(".//noscript") is not None:
        return True
    for script in tree.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind in ("", "module") or "javascript" in kind or "ecmascript" in kind:
            return True
    return bool(
        tree.xpath("//@*[starts-with(name(), 'on')]")
        or tree.xpath("//@href[starts-with(normalize-space(translate(., 'JAVSCRIPT', 'javscript')), 'javascript:')]")
    )


