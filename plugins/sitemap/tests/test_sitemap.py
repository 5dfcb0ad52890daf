"""sitemap.xml, robots.txt and canonical links: the XML itself, and a
production build of the project's content with a draft post and a draft
event added (neither may be listed or indexed anywhere)."""

from __future__ import annotations

import gzip
import shutil
from datetime import date, datetime
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from coproweek.sitemap import NAMESPACE, Entry, robots_txt, sitemap_xml
from tests.site_tools import PROJECT_ROOT, build_real_site, built_pages, page_file

SITE = "https://www.coproductionweek.org.uk"
LOC = f"{{{NAMESPACE}}}loc"


def test_sitemap_xml_is_one_url_each_sorted_with_lastmod_days():
    xml = sitemap_xml([Entry(f"{SITE}/b/", datetime(2018, 4, 16, 9, 0)), Entry(f"{SITE}/a/"),
                       Entry(f"{SITE}/b/", date(2019, 1, 1)), Entry(f"{SITE}/a&b/", date(2018, 1, 2))])
    root = etree.fromstring(xml)
    assert root.tag == f"{{{NAMESPACE}}}urlset"
    urls = [(u.findtext(LOC), u.findtext(f"{{{NAMESPACE}}}lastmod")) for u in root]
    assert urls == [(f"{SITE}/a&b/", "2018-01-02"), (f"{SITE}/a/", None), (f"{SITE}/b/", "2018-04-16")]
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>") and b"a&amp;b" in xml


def test_robots_names_the_sitemap_only_when_there_is_one():
    assert robots_txt(f"{SITE}/sitemap.xml").splitlines() == ["User-agent: *", "Allow: /", "",
                                                             f"Sitemap: {SITE}/sitemap.xml"]
    assert "Sitemap" not in robots_txt(None)


DRAFT_POST = """Title: Secret draft about budgets
Date: 2018-05-01 09:00
Author: Pete Fleischmann
Status: draft

Not ready: zebracrossingword.
"""
DRAFT_EVENT = """title: Secret draft event
start: 2027-07-06 10:00
end: 2027-07-06 12:00
venue: Town Hall
status: draft
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sitemap")
    content = folder / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    (content / "blog" / "secret-draft.md").write_text(DRAFT_POST, encoding="utf-8")
    (content / "events" / "secret-draft-event.md").write_text(DRAFT_EVENT, encoding="utf-8")
    return build_real_site(folder / "output", PATH=str(content), settings_file="publishconf.py", BROWSER_EDITOR=False)


def sitemap_paths(site: Path) -> list[str]:
    root = etree.parse(str(site / "sitemap.xml")).getroot()
    return [loc.text.removeprefix(SITE) for loc in root.iter(LOC)]


@pytest.mark.slow
def test_production_sitemap_lists_posts_pages_events_and_weeks(production):
    paths = sitemap_paths(production)
    for expected in ("/", "/blog/", "/blog/2018/04/co-production-not-rocket-science/", "/about/",
                     "/tell-us-about-your-event/", "/events/", "/events/past/", "/events/co-production-festival-2018/",
                     "/weeks/", "/weeks/2018/", "/weeks/2027/"):
        assert expected in paths
    for path in paths:
        assert page_file(production, path).is_file(), path


@pytest.mark.slow
def test_production_sitemap_leaves_out_drafts_and_pages_that_add_nothing(production):
    paths = sitemap_paths(production)
    assert not [p for p in paths if "draft" in p or "secret" in p]
    for prefix in ("/tags/", "/authors/", "/blog/archive/", "/blog/2018/", "/events/access/", "/events/organisers/",
                   "/events/tags/", "/events/2018/", "/search/", "/thank-you/"):
        assert not [p for p in paths if p == prefix or (p.startswith(prefix) and prefix.endswith(("s/", "access/")))], prefix
    assert not [p for p in paths if "/page/" in p]


@pytest.mark.slow
def test_drafts_are_not_in_the_search_index(production):
    text = b"".join(gzip.decompress(f.read_bytes()) for f in (production / "pagefind" / "fragment").iterdir())
    assert b"Co-production Festival 2018" in text
    assert b"zebracrossingword" not in text and b"Secret draft" not in text
    assert not (production / "events" / "secret-draft-event").exists()


@pytest.mark.slow
def test_robots_names_the_production_sitemap(production):
    assert f"Sitemap: {SITE}/sitemap.xml" in (production / "robots.txt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_page_has_a_canonical_link_to_itself(production):
    for path in built_pages(production):
        if path == "/404.html":
            continue
        root = lxml.html.parse(str(page_file(production, path))).getroot()
        links = root.cssselect('head link[rel="canonical"]')
        assert [link.get("href") for link in links] == [SITE + path.removesuffix("index.html")], path


@pytest.mark.slow
def test_a_local_build_writes_no_sitemap(tmp_path):
    site = build_real_site(tmp_path / "output")
    assert not (site / "sitemap.xml").exists()
    assert "Sitemap" not in (site / "robots.txt").read_text(encoding="utf-8")
    canonical = lxml.html.parse(str(site / "events" / "index.html")).getroot().cssselect('link[rel="canonical"]')
    assert canonical[0].get("href") == "http://127.0.0.1:8000/events/"
