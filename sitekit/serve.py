"""Local web servers for the built site (`invoke serve`, `invoke livereload`)
that answer a missing page as a real host does: status 404 and the site's own
404.html, not an empty reply (Pelican's server) or Tornado's bare error page."""

from __future__ import annotations

import os

from pelican.server import ComplexHTTPRequestHandler

NOT_FOUND_PAGE = "404.html"
_FALLBACK = (b"<!doctype html><html lang=\"en-GB\"><title>Page not found</title>"
             b"<h1>Page not found</h1><p><a href=\"/\">Go to the home page</a></p></html>")


def not_found_body(root: str) -> bytes:
    """The built 404 page, or a minimal one if the site has not got one yet."""
    try:
        with open(os.path.join(root, NOT_FOUND_PAGE), "rb") as handle:
            return handle.read()
    except OSError:
        return _FALLBACK


class SiteRequestHandler(ComplexHTTPRequestHandler):
    """Pelican's handler (clean URLs: /about/ -> about/index.html), with a
    404 status and page for addresses that lead nowhere."""

    def _exists(self) -> bool:
        found = self.get_path_that_exists(self.path.split("?", 1)[0])
        if found:
            self.path = found
            return True
        self.send_not_found()
        return False

    def do_GET(self):
        if self._exists():
            super(ComplexHTTPRequestHandler, self).do_GET()

    def do_HEAD(self):
        if self._exists():
            super(ComplexHTTPRequestHandler, self).do_HEAD()

    def send_not_found(self) -> None:
        body = not_found_body(self.base_path)
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def livereload_not_found_handler():
    """livereload's static handler with the same 404 page (imported late:
    livereload and Tornado are only needed by `invoke livereload`)."""
    from livereload.handlers import StaticFileHandler

    class SiteStaticFileHandler(StaticFileHandler):
        def write_error(self, status_code, **kwargs):
            if status_code != 404:
                return super().write_error(status_code, **kwargs)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(not_found_body(self.root))

    return SiteStaticFileHandler
