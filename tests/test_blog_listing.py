"""Blog index pagination, yearly archives and feeds, on a fixture of many posts."""

import shutil

import lxml.html
import pytest

from sitekit.build import ROOT, build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("blog")
    content = base / "content"
    (content / "blog").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "authors.toml", content / "authors.toml")
    for number in range(12):
        year = 2017 + number % 2
        (content / "blog" / f"post-{number}.md").write_text(
            f"Title: Post number {number}\nDate: {year}-03-{number + 1:02d}\nAuthor: Gary Hickey\n"
            f"Tags: research\n\nBody of post {number}.\n", encoding="utf-8")
    build_site(content, base / "output", SITE_NOW="2018-06-20")
    return base / "output"


def page(site, path):
    return lxml.html.parse(str(site / path / "index.html")).getroot()


def test_index_is_paginated_newest_first(site):
    first = page(site, "blog")
    titles = [a.text_content() for a in first.xpath("//main//h2/a")]
    assert titles == ["Post number 11", "Post number 9", "Post number 7", "Post number 5", "Post number 3"]
    assert first.xpath("//a[@rel='next']")[0].get("href").endswith("blog/page/2/")
    assert "Page 1 of 3" in first.text_content()
    last = page(site, "blog/page/3")
    assert last.xpath("//a[@rel='prev']") and not last.xpath("//a[@rel='next']")
    assert "(page 3)" in last.findtext(".//title")


def test_yearly_archives_hold_only_their_year(site):
    titles = {a.text_content() for a in page(site, "blog/2017").xpath("//main//h2/a")}
    assert titles == {f"Post number {n}" for n in range(0, 12, 2)}
    archive = page(site, "blog/archive")
    assert [h.text_content() for h in archive.xpath("//main//h2")] == ["2018", "2017"]


def test_tag_and_author_pages_list_posts(site):
    assert len(page(site, "tags/research").xpath("//main//h2/a")) == 5
    assert "Posts by Gary Hickey" in page(site, "authors/gary-hickey").findtext(".//h1")


def test_feeds_hold_every_post(site):
    atom = (site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert all(f"Post number {n}<" in atom for n in range(12))
