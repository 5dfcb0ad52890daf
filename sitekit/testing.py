"""What the tests and the benchmarks share, so a benchmark never imports a
test module: a local web server for a built folder, the browser and axe-core
set-up, which of our audit rules answer which axe rule, and the feeds built
the slow, obvious way with icalendar (the reference FeedWriter is checked
against, and the feeds benchmark's baseline)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

from icalendar import Calendar

from coproweek.events.model import Event
from coproweek.feeds.folding import fold_content_lines
from coproweek.feeds.serialise import FeedOptions, Subscription, calendar_header, event_components, sort_key
from sitekit.build import ROOT as PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
# --no-sandbox: Chromium's sandbox refuses to run as root (as in CI).
# The rest stop Chromium calling Google's services, which this network refuses
# and which would only slow every test down.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


# axe-core rule -> the audit rules that report the same problem (tests/browser/test_audit_matches_axe.py).
COVERED_BY = {
    "image-alt": {"alt-missing", "alt-empty-in-link"},
    "role-img-alt": {"alt-missing"},
    "input-image-alt": {"alt-missing"},
    "area-alt": {"alt-missing"},
    "svg-img-alt": {"alt-missing"},
    "color-contrast": {"contrast-aa", "contrast-over-image"},
    "link-in-text-block": {"link-in-text-block"},
    # A control whose only content is an image is named by the alt rules, on the image.
    "link-name": {"link-no-name", "alt-empty-in-link", "alt-missing"},
    "button-name": {"button-no-name", "alt-empty-in-link", "alt-missing"},
    "input-button-name": {"button-no-name"},
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 on a free port (in a thread) and
    yield its base URL without a trailing slash. Browsers treat file:// pages
    differently (and some axe rules too), so tests load pages over HTTP."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def build_calendar(events: list[Event], options: FeedOptions, subscription: Subscription | None) -> Calendar:
    """The whole file as one icalendar Calendar (what FeedWriter.file_bytes writes)."""
    events = sorted(events, key=lambda event: sort_key(event, options))
    calendar = calendar_header(events, options, subscription)
    for event in events:
        for component in event_components(event, options):
            calendar.add_component(component)
    return calendar


def calendar_bytes(calendar: Calendar) -> bytes:
    return fold_content_lines([line for line in calendar.content_lines(sorted=False) if line])
