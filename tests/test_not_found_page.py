"""Item 11: the built site has a 404 page (the one .htaccess names), which
works from any address it answers, and `invoke serve` / `invoke livereload`
answer a missing page with status 404 and that page."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import threading
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest

from sitekit.serve import SiteRequestHandler, livereload_not_found_handler


def test_the_404_page_is_written_and_named_by_htaccess(built_site):
    page = built_site / "404.html"
    assert page.exists()
    assert "ErrorDocument 404 /404.html" in (built_site / ".htaccess").read_text(encoding="utf-8")
    root = lxml.html.parse(str(page)).getroot()
    assert root.findtext(".//main//h1") == "Page not found"
    assert root.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert "Page not found" in root.findtext(".//title")


def test_every_link_on_the_404_page_works_from_any_depth(built_site):
    # The page answers /gone and /blog/2018/04/gone/ alike: no "../" links.
    root = lxml.html.parse(str(built_site / "404.html")).getroot()
    links = root.xpath("//a/@href | //link[@rel='stylesheet']/@href")
    assert links
    for href in links:
        assert href.startswith(("/", "#", "https://", "http://", "mailto:")), href
        if href.startswith("#"):
            continue  # the skip link, to the page's own main content
        target = urljoin("http://127.0.0.1/blog/2018/04/gone/", href)
        path = target.removeprefix("http://127.0.0.1/").split("#")[0]
        if target.startswith("http://127.0.0.1/"):
            assert (built_site / path).exists() or (built_site / path / "index.html").exists(), href
    texts = [" ".join(a.text_content().split()) for a in root.iter("a")]
    assert "Go to the home page" in texts and "Find an event" in texts and "Read the blog" in texts


@contextlib.contextmanager
def serving(folder: Path):
    from pelican.server import RootedHTTPServer

    class QuietHandler(SiteRequestHandler):
        def log_message(self, *args):
            pass

    server = RootedHTTPServer(str(folder), ("127.0.0.1", 0), QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


def fetch(port: int, path: str, method: str = "GET") -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("Content-Type", ""), body


def make_site(tmp_path, with_404=True):
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text("<h1>About</h1>", encoding="utf-8")
    if with_404:
        (tmp_path / "404.html").write_text("<h1>Our own not found page</h1>", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("path", ["/missing", "/blog/2018/04/gone/", "/about/nothing.css", "/../etc/passwd",
                                  "/missing?q=1"])
def test_invoke_serve_answers_a_missing_page_with_404_and_the_page(tmp_path, path):
    with serving(make_site(tmp_path)) as port:
        status, kind, body = fetch(port, path)
        assert (status, kind) == (404, "text/html; charset=utf-8")
        assert body == b"<h1>Our own not found page</h1>"
        status, _, body = fetch(port, path, "HEAD")
        assert status == 404 and body == b""
        assert fetch(port, "/about/")[0] == 200  # clean URLs still work
        assert fetch(port, "/about")[0] in (200, 301)


def test_a_site_without_a_404_page_still_gets_a_404_with_a_way_home(tmp_path):
    with serving(make_site(tmp_path, with_404=False)) as port:
        status, _, body = fetch(port, "/missing/")
    assert status == 404 and b'href="/"' in body


def test_livereload_answers_a_missing_page_with_404_and_the_page(tmp_path):
    from tornado import httpserver, web

    site = make_site(tmp_path)
    ready, holder = threading.Event(), {}

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = web.Application([(r"/(.*)", livereload_not_found_handler(),
                                {"path": str(site), "default_filename": "index.html"})])
        server = httpserver.HTTPServer(app)
        server.listen(0, "127.0.0.1")
        holder["port"] = next(iter(server._sockets.values())).getsockname()[1]
        holder["loop"] = loop
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        status, kind, body = fetch(holder["port"], "/blog/gone/")
        assert status == 404 and kind.startswith("text/html")
        assert body == b"<h1>Our own not found page</h1>"
        assert fetch(holder["port"], "/about/")[0] == 200
    finally:
        holder["loop"].call_soon_threadsafe(holder["loop"].stop)
        thread.join(5)
