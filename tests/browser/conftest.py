"""Fixtures for the browser tests; the machinery is in site_browser.py."""

from __future__ import annotations

import os

import pytest

from tests.browser.site_browser import CHROMIUM, CHROMIUM_ARGS, INSTALL_HINT, SiteBrowser, template_of
from tests.site_tools import built_pages


@pytest.fixture(scope="session")
def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}. {INSTALL_HINT}", pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright gives every launch a fresh, temporary profile folder.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_browser(chromium, site_server):
    browser = SiteBrowser(chromium, site_server)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def site_pages(built_site) -> list[str]:
    """URL paths of every HTML page in the built site."""
    pages = built_pages(built_site)
    assert pages, f"The build wrote no HTML pages into {built_site}"
    return pages


@pytest.fixture(scope="session")
def template_examples(site_pages) -> dict[str, str]:
    """One page (the first by path) for each kind of page the site has."""
    examples: dict[str, str] = {}
    for path in site_pages:
        examples.setdefault(template_of(path), path)
    return examples
