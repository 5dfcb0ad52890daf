"""Structure every built page must have, read with lxml: the parts of WCAG 2.2
that a parser can check without a browser (the browser tests do the rest)."""

from pathlib import Path

import lxml.html
import pytest

from tests.site_tools import built_pages


def _pages(site: Path):
    for url in built_pages(site):
        file = site / (url.lstrip("/") + "index.html" if url.endswith("/") else url.lstrip("/"))
        yield url, lxml.html.parse(str(file)).getroot()


@pytest.fixture(scope="module")
def pages(built_site):
    return list(_pages(built_site))


def test_the_site_has_every_page_type(pages):
    urls = {url for url, _ in pages}
    for expected in ("/", "/blog/", "/about/", "/accessibility/", "/get-involved/", "/authors/",
                     "/authors/pete-fleischmann/", "/tags/", "/tags/co-production/", "/blog/archive/",
                     "/blog/2018/", "/blog/2018/04/co-production-not-rocket-science/"):
        assert expected in urls


def test_language_is_set(pages):
    for url, root in pages:
        assert root.get("lang") == "en-GB", url


def test_skip_link_is_the_first_link_and_targets_main(pages):
    for url, root in pages:
        first_focusable = root.xpath("//body//*[self::a[@href] or self::button or self::input or self::select]")[0]
        assert first_focusable.get("href") == "#main-content", url
        assert root.xpath("//main[@id='main-content']"), url


def test_landmarks(pages):
    for url, root in pages:
        assert len(root.xpath("//header[@class='site-header']")) == 1, url
        assert len(root.xpath("//nav[@aria-label='Main']")) == 1, url
        assert len(root.xpath("//main")) == 1, url
        assert len(root.xpath("//footer[@class='site-footer']")) == 1, url


def test_one_h1_and_no_skipped_heading_levels(pages):
    for url, root in pages:
        levels = [int(h.tag[1]) for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels.count(1) == 1, f"{url}: {levels.count(1)} h1 elements"
        assert levels[0] == 1 or root.xpath("//main//h1"), url
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{url}: heading level jumps from h{before} to h{after}"


def test_dates_are_machine_readable(pages):
    for url, root in pages:
        for time in root.iter("time"):
            assert time.get("datetime"), f"{url}: <time> without datetime"


def test_current_section_is_marked_in_navigation(pages):
    by_url = dict(pages)
    def current(url):
        return [(a.text_content(), a.get("aria-current")) for a in by_url[url].xpath("//nav[@aria-label='Main']//a[@aria-current]")]
    assert current("/") == [("Home", "page")]
    assert current("/about/") == [("About", "page")]
    assert current("/blog/") == [("Blog", "page")]
    assert current("/blog/2018/04/co-production-not-rocket-science/") == [("Blog", "true")]
    assert current("/authors/") == []


def test_posts_credit_authors_with_role_and_organisation(pages):
    post = dict(pages)["/blog/2018/04/co-production-not-rocket-science/"]
    byline = " ".join(post.xpath("//dl[@class='post__meta']")[0].text_content().split())
    assert "Pete Fleischmann, Head of Co-production, SCIE (Social Care Institute for Excellence)" in byline
    author_page = dict(pages)["/authors/gary-hickey/"]
    assert "Senior Public Involvement Manager at INVOLVE" in author_page.text_content()


def test_no_third_party_resources(pages):
    for url, root in pages:
        for element in root.xpath("//link[@rel='stylesheet'] | //script[@src] | //img | //iframe"):
            address = element.get("href") or element.get("src") or ""
            assert not address.startswith(("http:", "https:", "//")), f"{url}: loads {address}"


def test_feeds_are_written(built_site):
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        text = (built_site / feed).read_text(encoding="utf-8")
        assert "Co-production: not rocket science?" in text


def test_host_files_declare_security_headers_and_feed_types(built_site):
    from coproweek.publishing.headers import parse_netlify_headers

    rules = parse_netlify_headers((built_site / "_headers").read_text(encoding="utf-8"))
    assert rules["/*"]["X-Content-Type-Options"] == "nosniff"
    assert rules["/feeds/all.atom.xml"]["Content-Type"].startswith("application/atom+xml")
    ics_files = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.ics"))
    assert all(rules[f"/{path}"]["Content-Type"] == "text/calendar; charset=utf-8" for path in ics_files)
    assert "AddType text/calendar .ics" in (built_site / ".htaccess").read_text(encoding="utf-8")
    assert (built_site / ".nojekyll").exists()


def test_links_written_in_an_event_body_resolve_from_the_event_page(built_site):
    page = built_site / "events" / "co-production-week-2018" / "index.html"
    root = lxml.html.parse(str(page)).getroot()
    targets = [a.get("href") for a in root.xpath("//div[@class='prose']//a[@href]")]
    assert "../../events/co-production-festival-2018/" in targets
    for href in targets:
        if "://" not in href and not href.startswith(("mailto:", "#")):
            assert (page.parent / href / "index.html").resolve().is_file() or (page.parent / href).resolve().is_file(), href


def test_links_to_other_sites_open_without_access_to_ours(pages):
    for url, root in pages:
        for link in root.xpath("//a[starts-with(@href, 'http://') or starts-with(@href, 'https://')]"):
            assert "noopener" in (link.get("rel") or "").split(), f"{url}: {link.get('href')} has no rel=noopener"
