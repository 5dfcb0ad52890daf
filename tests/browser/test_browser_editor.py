"""The browser editor end to end, in Debian's Chromium, against `invoke edit`'s
own servers (decap-server and the live-reloading preview) running on a copy of
the project: create a post with an image and its alt text and an event with
access features, save both, check the files on disk and the rebuilt pages;
a post without its title is refused with a message; axe-core on the editor's
screens (Decap's own failures are reported, ours must be none)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import lxml.html
import markdown
import pytest

from tests.browser.site_browser import CHROMIUM, CHROMIUM_ARGS, WCAG_TAGS, _axe_source
from tests.site_tools import BUILD_NOW, PROJECT_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROJECT_PARTS = ("content", "theme", "plugins", "sitekit", "tasks.py", "pelicanconf.py", "publishconf.py")
REPORT = PROJECT_ROOT / "reports" / "editor-axe.json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, what: str, timeout: float = 60, page=None) -> None:
    """Poll `check`. With a `page`, wait through Playwright so that it keeps
    answering the page's requests meanwhile (they pass through our route
    handler, which runs only while Playwright has control)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        if page is not None:
            page.wait_for_timeout(300)
        else:
            time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """`invoke edit` in a copy of the project; yields (project, site URL, lines printed)."""
    project = tmp_path_factory.mktemp("edit-project")
    for part in PROJECT_PARTS:
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__", "tests"))
        else:
            shutil.copy(source, project / part)
    (project / "node_modules").symlink_to(PROJECT_ROOT / "node_modules")
    site_port, backend_port = free_port(), free_port()
    log = project / "invoke-edit.log"
    environment = {**os.environ, "SITE_PORT": str(site_port), "EDITOR_BACKEND_PORT": str(backend_port),
                   "SITE_NOW": BUILD_NOW, "PYTHONUNBUFFERED": "1"}
    with open(log, "w", encoding="utf-8") as output:
        process = subprocess.Popen([str(Path(sys.executable).parent / "invoke"), "edit"], cwd=project, env=environment,
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    site = f"http://127.0.0.1:{site_port}"
    try:
        wait_for(lambda: urllib.request.urlopen(site + "/admin/config.yml", timeout=2).status == 200, "invoke edit", 120)
        yield project, site, log
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)


def editor_policy(project: Path) -> str:
    """The Content-Security-Policy the build gives /admin/ (admin/.htaccess,
    the same as _headers), plus the local backend's address, which only
    `invoke edit` needs: the editor is tested under its real policy."""
    htaccess = (project / "output" / "admin" / ".htaccess").read_text(encoding="utf-8")
    policy = htaccess.split('Content-Security-Policy "', 1)[1].split('"', 1)[0]
    backend = json.loads((project / "output" / "admin" / "config.yml").read_text(encoding="utf-8"))["local_backend"]["url"]
    origin = "/".join(backend.split("/")[:3])
    return policy.replace("connect-src 'self'", f"connect-src 'self' {origin}").replace("upgrade-insecure-requests", "")


def with_livereload(policy: str, html: str) -> str:
    """`invoke edit`'s preview server (livereload) adds one inline script to
    every page it serves; a host never does. Allow that script by its hash,
    and only it: any other inline script fails the test."""
    inline = [script.text or "" for script in lxml.html.fromstring(html).iter("script") if not script.get("src")]
    assert all("livereload.js" in text for text in inline), f"the editor's page has an inline script: {inline}"
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'" for text in inline)
    return policy.replace("script-src 'self'", f"script-src 'self' {hashes}") if hashes else policy


@pytest.fixture(scope="module")
def editor_chromium(chromium):
    """The session's Chromium, launched once more: the test serves /admin/
    with its policy through Playwright, and Chromium then no longer counts the
    page as loopback, so it would refuse the page's requests to the local
    backend (Local Network Access), which a real host never meets."""
    browser = chromium.browser_type.launch(executable_path=CHROMIUM,
                                           args=[*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"])
    yield browser
    browser.close()


@pytest.fixture
def admin(editor_chromium, editor):
    project, site, _ = editor
    context = editor_chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    policy = editor_policy(project)

    def only_this_computer(route):
        # The editor must need nothing from the internet; the editor's pages
        # get the policy a host would send with them.
        url = route.request.url
        if url.startswith(("data:", "blob:")):
            route.continue_()
        elif url.split("/")[2].split(":")[0] not in ("127.0.0.1", "localhost"):
            blocked.append(url)
            route.abort()
        elif url.startswith(site + "/admin/") and route.request.resource_type == "document":
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers,
                                                      "content-security-policy": with_livereload(policy, response.text())})
        else:
            route.continue_()

    blocked = []
    context.route("**/*", only_this_computer)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.script_errors = errors
    page.goto(site + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Blog posts").first.wait_for()
    yield page
    context.close()
    assert not blocked, f"the editor asked for other hosts: {blocked}"
    assert not errors, f"script errors in the editor: {errors}"


def field(page, name: str):
    """The input of the field called `name` in config.yml (Decap's ids are
    "<name>-field-<number>")."""
    return page.locator(f"[id^='{name}-field-']").first


def choose(page, name: str, option: str) -> None:
    """Pick `option` in a pick-list, as a keyboard user does."""
    page.locator(f"label[for^='{name}-field-']").first.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.wait_for()  # lists of authors load from the file
    page.keyboard.press("Enter")


def write_text(page, text: str) -> None:
    """Type into the text (body) field in its Markdown mode."""
    page.get_by_role("switch").first.click()
    page.locator("[data-slate-editor='true']").last.click()
    page.keyboard.type(text)


def refused(page) -> None:
    """Decap rejects its save promise with no reason when it refuses to save
    (actions/entries.ts persistEntry: `return Promise.reject()`); the browser
    reports that as an uncaught "undefined". Expected here, nowhere else."""
    page.wait_for_timeout(500)
    assert page.script_errors and set(page.script_errors) == {"undefined"}, page.script_errors
    page.script_errors.clear()


def publish(page) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def header(text: str) -> dict:
    converter = markdown.Markdown(extensions=["markdown.extensions.meta"])
    converter.convert(text)
    return {key: " ".join(value) for key, value in converter.Meta.items()}


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_a_post_with_an_image_is_saved_as_pelican_markdown_and_built(admin, editor):
    project, site, _ = editor
    page = admin
    page.goto(site + "/admin/#/collections/blog/new")
    field(page, "title").fill("Tea and co-production")
    field(page, "date").fill("2018-06-01T09:30")
    choose(page, "author", "Gary Hickey")
    choose(page, "status", "Published")
    field(page, "summary").fill("Why we start every meeting with tea.")
    # The text, in the editor's Markdown mode, with an image and its alt text.
    write_text(page, "We always start with tea.\n\n![Six people around a table with mugs of tea](/images/around-the-table.jpg)\n")
    publish(page)
    saved = project / "content" / "blog" / "tea-and-co-production.md"
    wait_for(saved.exists, "the post's file", page=page)
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("Title: Tea and co-production\nDate: 2018-06-01 09:30\nAuthor: Gary Hickey\n"
                           "Tags: co-production\nSummary: Why we start every meeting with tea.\nStatus: published\n\n")
    assert "![Six people around a table with mugs of tea](/images/around-the-table.jpg)" in text
    assert header(text)["author"] == "Gary Hickey"
    wait_for(lambda: "Tea and co-production" in fetch(site + "/blog/2018/06/tea-and-co-production/"), "the built post", page=page)
    assert 'alt="Six people around a table with mugs of tea"' in fetch(site + "/blog/2018/06/tea-and-co-production/")


def test_an_event_with_access_features_is_saved_and_built(admin, editor):
    project, site, _ = editor
    page = admin
    page.goto(site + "/admin/#/collections/events/new")
    field(page, "title").fill("Tea morning 2018")
    field(page, "start").fill("2018-07-04T10:00")
    field(page, "end").fill("2018-07-04T12:00")
    field(page, "venue").fill("Friends House")
    choose(page, "status", "Scheduled")  # new events start as drafts
    for feature in ("British Sign Language (BSL) interpretation", "Step-free access"):
        choose(page, "access", feature)
    write_text(page, "Tea, cake and conversation.")
    publish(page)
    saved = project / "content" / "events" / "tea-morning-2018.md"
    wait_for(saved.exists, "the event's file", page=page)
    meta = header(saved.read_text(encoding="utf-8"))
    assert meta["title"] == "Tea morning 2018" and meta["start"] == "2018-07-04 10:00" and meta["end"] == "2018-07-04 12:00"
    assert meta["access"] == "bsl, step-free"
    keys = list(meta)
    assert keys.index("start") < keys.index("timezone") < keys.index("venue") < keys.index("access")
    wait_for(lambda: "Tea morning 2018" in fetch(site + "/events/tea-morning-2018/"), "the built event", page=page)
    built = fetch(site + "/events/tea-morning-2018/")
    assert "British Sign Language (BSL) interpretation" in built and "Wednesday 4 July 2018, 10am to midday (BST)" in built


def test_a_missing_title_is_refused_with_a_message(admin, editor):
    project, site, _ = editor
    page = admin
    before = sorted((project / "content" / "blog").iterdir())
    page.goto(site + "/admin/#/collections/blog/new")
    choose(page, "author", "Pete Fleischmann")
    write_text(page, "No title here.")
    publish(page)
    page.get_by_text("Title is required", exact=False).first.wait_for()
    refused(page)
    assert sorted((project / "content" / "blog").iterdir()) == before


def test_an_end_before_the_start_and_an_image_without_alt_are_refused(admin, editor):
    project, site, _ = editor
    page = admin
    page.goto(site + "/admin/#/collections/events/new")
    field(page, "title").fill("Backwards 2018")
    field(page, "start").fill("2018-07-04T10:00")
    field(page, "end").fill("2018-07-04T09:00")
    write_text(page, "![](/images/around-the-table.jpg)")
    publish(page)
    page.get_by_text("must be after the start", exact=False).first.wait_for()
    page.get_by_text("Every image needs alt text", exact=False).first.wait_for()
    refused(page)
    assert not (project / "content" / "events" / "backwards-2018.md").exists()


# What axe finds in Decap CMS 3.16's own interface (reported, not hidden; see
# reports/editor-axe.json and docs/editing-in-the-browser.md). Anything else is
# new, and may be ours: the test fails on it.
KNOWN_DECAP_FAILURES = {
    "color-contrast": "the app header's active button and the sidebar's collection links (Decap's palette)",
    "aria-input-field-name": "the text (Markdown) editor's Slate area has no accessible name",
    "aria-required-attr": "the Rich Text / Markdown switch lacks a required ARIA attribute",
    "button-name": "the Rich Text / Markdown switch has no name",
    "frame-title": "the preview pane's <iframe> has no title",
    "nested-interactive": "the text toolbar's Headings and Add menus nest a button in a button",
}


def axe(frame) -> list[dict]:
    if not frame.evaluate("typeof window.axe === 'object'"):
        frame.evaluate(_axe_source())
    return frame.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
                          ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                          " targets: v.nodes.map(n => n.target.join(' '))})))", WCAG_TAGS)


def test_axe_on_the_editors_screens(admin, editor):
    _, site, _ = editor
    page = admin
    screens = {"collection list": "#/collections/blog", "post editor": "#/collections/blog/entries/co-production-not-rocket-science",
               "event editor": "#/collections/events/entries/co-production-festival-2018",
               "guest authors": "#/collections/authors/entries/authors"}
    findings, previews = {}, {}
    for name, hash_path in screens.items():
        page.goto(f"{site}/admin/{hash_path}")
        page.wait_for_timeout(2500)
        findings[name] = axe(page.main_frame)
        preview = next((frame for frame in page.frames if frame != page.main_frame), None)
        if preview is not None:
            previews[name] = axe(preview)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps({"editor (Decap CMS)": findings, "previews (ours)": previews}, indent=1), encoding="utf-8")
    print(f"axe on the editor's screens: {REPORT}")
    # What our configuration and widgets add must pass (our "All day" boxes,
    # the fields' labels and hints); the previews are ours entirely.
    ours = [(screen, v["id"], target) for screen, violations in findings.items() for v in violations
            for target in v["targets"] if "event-time" in target or "all-day" in target]
    assert not ours, ours
    new = {(screen, v["id"]) for screen, violations in findings.items() for v in violations} - {
        (screen, rule) for screen in findings for rule in KNOWN_DECAP_FAILURES}
    assert not new, f"axe finds something new on the editor's screens (ours?): {new}"
    assert previews, "no preview frame was found"
    assert all(not violations for violations in previews.values()), previews
