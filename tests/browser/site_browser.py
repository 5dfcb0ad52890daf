"""One Debian Chromium for every browser test, driven by Playwright.

`site_browser` opens built pages in that browser with the media features,
viewport, text size and JavaScript setting a test asks for, reusing one tab
per JavaScript setting rather than opening one for every page.
Every request to a host other than 127.0.0.1 is refused and recorded, so no
test ever reaches the internet and the privacy test can list them.

Chromium comes from Debian (/usr/bin/chromium): browser downloads by
`playwright install` do not work on these machines (see
/work/shared/field-notes.md). scripts/install-test-tools installs it.
"""

from __future__ import annotations

import contextlib
import functools
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from sitekit.testing import AXE_SCRIPT, CHROMIUM, CHROMIUM_ARGS  # noqa: F401 (tests import them from here)

LOCAL_HOST = "127.0.0.1"
DESKTOP = {"width": 1280, "height": 800}
# Chromium's default font size; the user's "font size" setting changes it.
DEFAULT_FONT_SIZE_PX = 16

INSTALL_HINT = "Install the test tools first: scripts/install-test-tools (as root)."


@contextlib.contextmanager
def browsing(chromium, folder):
    """A SiteBrowser on a built folder served on 127.0.0.1, closed (browser
    tabs, then server) when the block ends: a module fixture yields it."""
    from tests.site_tools import serve_folder

    with serve_folder(folder) as base_url:
        browser = SiteBrowser(chromium, base_url)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class BlockedRequest:
    page: str
    url: str
    resource_type: str

    def __str__(self) -> str:
        return f"{self.page}: {self.resource_type} {self.url}"


@dataclass
class _Tab:
    """A browser tab in a context of its own, and the path it shows."""

    page: object
    devtools: object
    path: str = ""


@dataclass
class SiteBrowser:
    """Opens pages of the served site; see `visit`."""

    chromium: object
    base_url: str
    blocked: list[BlockedRequest] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    _tabs: dict = field(default_factory=dict)
    _requests_in_flight: int = 0
    _requests_started: int = 0

    def visit(
        self,
        path: str,
        *,
        viewport: dict = DESKTOP,
        color_scheme: str = "light",
        reduced_motion: str = "no-preference",
        javascript: bool = True,
        text_scale: float = 1,
    ):
        """Load `path` ("/blog/") as a user with these settings would, and
        return the Playwright Page. `text_scale` is the browser's font size
        setting (2 = 200%: text-only zoom), not page zoom."""
        tab = self._tab(javascript)
        tab.path = path
        tab.page.set_viewport_size(viewport)
        tab.page.emulate_media(color_scheme=color_scheme, reduced_motion=reduced_motion)
        size = round(DEFAULT_FONT_SIZE_PX * text_scale)
        tab.devtools.send("Page.setFontSizes", {"fontSizes": {"standard": size, "fixed": round(size * 13 / 16)}})
        tab.page.goto(self.base_url + path, wait_until="load")
        return tab.page

    def _tab(self, javascript: bool) -> _Tab:
        if javascript not in self._tabs:
            # JavaScript is on or off for a whole browser context.
            context = self.chromium.new_context(java_script_enabled=javascript)
            page = context.new_page()
            tab = _Tab(page, context.new_cdp_session(page))
            tab.devtools.send("Page.enable")
            context.route("**/*", lambda route: self._only_local(route, tab))
            context.on("request", lambda _: self._count_request(+1))
            context.on("requestfinished", lambda _: self._count_request(-1))
            context.on("requestfailed", lambda _: self._count_request(-1))
            page.on("pageerror", lambda error: self.script_errors.append(f"{tab.path}: {error}"))
            self._tabs[javascript] = tab
        return self._tabs[javascript]

    def _count_request(self, change: int) -> None:
        self._requests_in_flight = max(0, self._requests_in_flight + change)
        self._requests_started += change > 0

    def settle(self, page, *, quiet_ms: int = 200, timeout_ms: int = 10_000) -> None:
        """Wait until the page has made no request for `quiet_ms`: late
        requests (lazy images, scripts' fetches) have started and ended.
        Playwright's "networkidle" is the same with 500 ms, which on every
        page would double this test's run time."""
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            started_before = self._requests_started
            page.wait_for_timeout(quiet_ms)  # Playwright delivers request events meanwhile
            if self._requests_in_flight == 0 and self._requests_started == started_before:
                return

    def _only_local(self, route, tab: _Tab) -> None:
        request = route.request
        url = urlsplit(request.url)
        if url.scheme in ("data", "blob", "about") or url.hostname == LOCAL_HOST:
            route.continue_()
        else:
            self.blocked.append(BlockedRequest(tab.path, request.url, request.resource_type))
            route.abort("blockedbyclient")

    def close(self):
        for tab in self._tabs.values():
            tab.page.context.close()


# Page templates, recognised by URL (the URL settings in pelicanconf.py).
# First match wins; a page matching none is grouped by the shape of its URL,
# so a new kind of page still gets an example without editing this list.
TEMPLATE_URLS = [
    ("home", r"/"),
    ("list, later page", r"/.*/page/\d+/"),
    ("blog index", r"/blog/"),
    ("blog archive", r"/blog/archive/"),
    ("blog year archive", r"/blog/\d{4}/"),
    ("article", r"/blog/\d{4}/\d{2}/[^/]+/"),
    ("tags index", r"/tags/"),
    ("tag", r"/tags/[^/]+/"),
    ("authors index", r"/authors/"),
    ("author", r"/authors/[^/]+/"),
    ("events index", r"/events/"),
    ("past events", r"/events/past/"),
    ("events in a month", r"/events/\d{4}/\d{2}/"),
    ("events by access provision", r"/events/access/[^/]+/"),
    ("events by organiser", r"/events/organisers/[^/]+/"),
    ("events by tag", r"/events/tags/[^/]+/"),
    ("event", r"/events/[^/]+/"),
    ("page", r"/[^/]+/"),
    ("standalone HTML file", r"/.+\.html"),
]


def template_of(path: str) -> str:
    """The kind of page at `path`: a name from TEMPLATE_URLS, or else the
    URL's shape with its last and numeric parts as * ("/events/venues/*/")."""
    for name, pattern in TEMPLATE_URLS:
        if re.fullmatch(pattern, path):
            return name
    folders = path.strip("/").split("/")[:-1]
    shape = ["*" if folder.isdigit() else folder for folder in folders] + ["*"]
    return "other: /" + "/".join(shape) + "/"


@functools.cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, *, rules: list[str] | None = None) -> list[dict]:
    """Run axe-core on the loaded page: the WCAG 2.0, 2.1 and 2.2 A and AA
    rules, or only `rules` (rule ids) if given. Returns axe's violations.
    (Two pages at a time in two tabs measured no faster here: axe is CPU-bound
    and the machine's 2 cores are shared.)"""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing ({AXE_SCRIPT}). {INSTALL_HINT}", pytrace=False)
    if not page.evaluate("typeof window.axe === 'object'"):
        # Evaluated through DevTools, which a page's Content-Security-Policy
        # does not restrict (a <script> tag added to the page would be).
        page.evaluate(_axe_source())
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    options = {"runOnly": run_only, "resultTypes": ["violations"]}
    return page.evaluate("options => axe.run(document, options)", options)["violations"]


def describe_violations(path: str, violations: list[dict]) -> list[str]:
    """One actionable line per failing element: page, rule, element, why."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(" > ".join(part) if isinstance(part, list) else part for part in node["target"])
            why = " ".join(node.get("failureSummary", "").split())
            lines.append(
                f"{path} [{violation['id']}, {violation.get('impact')}] {violation['help']}\n"
                f"    element: {target}\n"
                f"    html: {node.get('html', '')[:200]}\n"
                f"    why: {why}\n"
                f"    see: {violation['helpUrl']}"
            )
    return lines


def report(title: str, problems: list[str]) -> str:
    return f"{title} ({len(problems)}):\n" + "\n".join(problems)
