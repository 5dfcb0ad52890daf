"""The editor in the real build: at /admin/, not indexed, and linked from no
public page (plugins/browser_editor; its own tests are beside it)."""

from __future__ import annotations

import lxml.html

from tests.site_tools import public_html_files


def test_the_editor_is_in_the_build_and_not_indexed(built_site):
    page = lxml.html.parse(str(built_site / "admin" / "index.html")).getroot()
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    scripts = page.xpath("//script/@src")
    assert scripts and all("://" not in src for src in scripts), "the editor's scripts come from the site itself"
    rules = (built_site / "_headers").read_text(encoding="utf-8")
    assert "/admin/*\n  Content-Security-Policy:" in rules and "X-Robots-Tag: noindex" in rules


def test_no_public_page_links_to_the_editor(built_site):
    pages = public_html_files(built_site)
    assert pages
    for file in pages:
        root = lxml.html.parse(str(file)).getroot()
        links = [href for href in root.xpath("//@href | //@src | //@action") if "admin" in href.split("?")[0].split("/")]
        assert not links, f"{file.relative_to(built_site)} links to the editor: {links}"
