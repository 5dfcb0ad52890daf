"""Fixtures shared by every site-wide test: the real site built once per test
session, and a local web server for it.

    def test_something(built_site):           # pathlib.Path of the built folder
        home = built_site / "index.html"

    def test_in_a_browser(site_server):       # "http://127.0.0.1:PORT" (no slash)
        page.goto(site_server + "/blog/")

`built_site` builds the project's own content/, theme/ and plugins/ with the
settings in pelicanconf.py, overriding only where the output goes and "now"
(SITE_NOW = BUILD_NOW), so every run produces the same pages. A build that
reports author problems fails the test that asked for it with the report.
Set the environment variable SITE_SETTINGS to a settings file to build
another site (for example a small throwaway one while the theme is being
written); the default is the project's pelicanconf.py.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUILD_NOW = "2018-06-20"


def settings_file() -> Path:
    return Path(os.environ.get("SITE_SETTINGS") or PROJECT_ROOT / "pelicanconf.py").resolve()


def build_site(output_path: Path, **overrides) -> Path:
    """Build the site into `output_path` with Pelican (in this process) and
    return that folder. `overrides` replace settings from the settings file.
    Raises build_problems.BuildFailed if the build found problems."""
    # Imported here so that collecting tests that never build stays fast.
    from pelican import Pelican
    from pelican.settings import read_settings

    path = settings_file()
    settings = read_settings(
        str(path),
        override={
            "OUTPUT_PATH": str(output_path),
            "SITE_NOW": BUILD_NOW,
            "DELETE_OUTPUT_DIRECTORY": False,
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            # Problems are reported against paths relative to this folder.
            "PROJECT_ROOT": str(path.parent),
            **overrides,
        },
    )
    # Pelican resolves some paths (and finds plugins) from the working
    # folder, as when run by `pelican` in the project folder.
    previous_cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        Pelican(settings).run()
    finally:
        os.chdir(previous_cwd)
    return output_path


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The project's real site, built once per session into a temporary folder."""
    from build_problems import BuildFailed

    output = tmp_path_factory.mktemp("site")
    try:
        return build_site(output)
    except BuildFailed as failure:
        pytest.fail(f"The site did not build:\n{failure.report}", pytrace=False)


def built_pages(site: Path) -> list[str]:
    """Every HTML page in a built site, as URL paths from the site root:
    "/" for index.html, "/blog/" for blog/index.html, "/404.html" for others."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        if relative == "index.html":
            paths.append("/")
        elif relative.endswith("/index.html"):
            paths.append("/" + relative[: -len("index.html")])
        else:
            paths.append("/" + relative)
    return paths


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="session")
def site_server(built_site):
    """Serves the built site on 127.0.0.1 on a free port for the whole session;
    yields the base URL without a trailing slash."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
