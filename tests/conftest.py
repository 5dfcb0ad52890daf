"""Fixtures shared by every site-wide test: the project's real site built once
per test session, and a local web server for it.

    def test_something(built_site):        # pathlib.Path of the built folder
        home = built_site / "index.html"

    def test_in_a_browser(site_server):    # "http://127.0.0.1:PORT", no slash
        page.goto(site_server + "/blog/")

`built_site` builds content/, theme/ and plugins/ with pelicanconf.py's
settings (sitekit.build, as `invoke build` does, in a Python process of its
own), changing only where the output goes and "now" (SITE_NOW =
tests.site_tools.BUILD_NOW), so every run gives the same pages. If the build
reports content problems, every test that uses it fails with the build's
report. Do not write into the folder: it is
shared by all tests of the session (copy it first).
tests.site_tools.built_pages(built_site) lists its pages as URL paths.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site_tools import SiteBuildFailed, build_real_site, serve_folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The project's real site, built once per session into a temporary folder."""
    try:
        return build_real_site(tmp_path_factory.mktemp("built-site"))
    except SiteBuildFailed as failure:
        pytest.fail(f"The site did not build:\n{failure}", pytrace=False)


@pytest.fixture(scope="session")
def site_server(built_site) -> str:
    """The built site served on 127.0.0.1 (free port) for the whole session;
    its base URL without a trailing slash."""
    with serve_folder(built_site) as base_url:
        yield base_url
