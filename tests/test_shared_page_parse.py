"""A cold build parses each page once: the audit's parse gives the link
checks each page's ids and links (issue 12). They must be exactly what the
link checks' own parse finds, and a page changed since the audit read it
is parsed again."""

from __future__ import annotations

import shutil

import coproweek.checks.links as links
from coproweek.audit.engine import AuditOptions, Auditor
from coproweek.audit.html_utils import parse_page
from coproweek.page_cache import digest
from coproweek.site_files import files_in


def site_pages(site) -> list[str]:
    return list(files_in(site, ".html"))


def test_the_audits_parse_finds_the_same_ids_and_links_on_every_page_of_the_site(built_site):
    pages = site_pages(built_site)
    assert len(pages) > 50
    for page in pages:
        data = (built_site / page).read_bytes()
        assert links.links_in(parse_page(data).getroot()) == links.read_page(str(built_site / page)), page


def test_pages_the_audit_parsed_are_not_parsed_again_unless_they_changed(built_site, tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    result = Auditor(site, AuditOptions(collect_links=True, exclude=("admin/*",))).run()
    assert set(result.links) == set(result.pages) and result.pages
    changed = result.pages[0]
    (site / changed).write_bytes((site / changed).read_bytes().replace(b"</main>", b'<a href="/nowhere/">x</a></main>'))

    parsed_here = []
    own_read_page = links.read_page
    monkeypatch.setattr(links, "read_page", lambda path: parsed_here.append(path) or own_read_page(path))
    shared = links.find_broken_links(str(site), parsed=result.links)
    assert sorted(parsed_here) == sorted(str(site / page) for page in site_pages(site)
                                         if page not in result.links or page == changed)
    parsed_here.clear()
    alone = links.find_broken_links(str(site))
    assert len(parsed_here) == len(site_pages(site))
    assert shared == alone and any(broken.url == "/nowhere/" and broken.page == changed for broken in shared)


def test_the_digest_the_audit_gives_is_the_link_checks_key_for_the_same_bytes(built_site):
    page = site_pages(built_site)[0]
    result = Auditor(built_site, AuditOptions(collect_links=True)).run(pages=[page])
    assert result.links[page][0] == digest((built_site / page).read_bytes())
