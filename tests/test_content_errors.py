"""Content mistakes stop the build with one plain-English report naming the
file and line; Pelican alone would skip the file and exit 0."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coproweek.problems import BuildFailed
from tests.site_tools import public_html_files
from sitekit.build import ROOT, build_site

GOOD_POST = """Title: A good post
Date: 2018-04-16 09:00
Author: Pete Fleischmann
Tags: co-production

Text.
"""


def make_content(tmp_path: Path, posts: dict[str, str | bytes]) -> Path:
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    (content / "pages").mkdir()
    shutil.copy(ROOT / "content" / "authors.toml", content / "authors.toml")
    for name, text in posts.items():
        path = content / "blog" / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return content


def build_report(tmp_path, posts) -> str:
    with pytest.raises(BuildFailed) as failure:
        build_site(make_content(tmp_path, posts), tmp_path / "output", SITE_NOW="2018-06-20")
    assert failure.value.code == 1
    return failure.value.report


def test_a_good_post_builds(tmp_path):
    build_site(make_content(tmp_path, {"good.md": GOOD_POST}), tmp_path / "output", SITE_NOW="2018-06-20")
    assert (tmp_path / "output" / "blog" / "2018" / "04" / "a-good-post" / "index.html").exists()


def test_missing_title(tmp_path):
    report = build_report(tmp_path, {"good.md": GOOD_POST, "untitled.md": GOOD_POST.replace("Title: A good post\n", "")})
    assert "content/blog/untitled.md: this file has no title" in report
    assert "Title:" in report


def test_unparseable_date_names_the_line(tmp_path):
    report = build_report(tmp_path, {"bad-date.md": GOOD_POST.replace("2018-04-16 09:00", "16 Aprl 2018")})
    assert "content/blog/bad-date.md, line 2: '16 Aprl 2018' in the date line has a month the site does not know" in report


def test_missing_date(tmp_path):
    report = build_report(tmp_path, {"no-date.md": GOOD_POST.replace("Date: 2018-04-16 09:00\n", "")})
    assert "content/blog/no-date.md: this file has no date" in report


def test_unknown_author_names_the_line_and_suggests(tmp_path):
    report = build_report(tmp_path, {"who.md": GOOD_POST.replace("Pete Fleischmann", "Pete Fleischman")})
    assert "content/blog/who.md, line 3: the author 'Pete Fleischman' is not in content/authors.toml" in report
    assert "did you mean 'Pete Fleischmann'" in report


def test_missing_author(tmp_path):
    report = build_report(tmp_path, {"anon.md": GOOD_POST.replace("Author: Pete Fleischmann\n", "")})
    assert "content/blog/anon.md: this post has no author" in report


def test_invalid_utf8_and_empty_files(tmp_path):
    report = build_report(tmp_path, {
        "word.md": GOOD_POST.replace("Text.", "It’s pasted").encode("cp1252"),
        "empty.md": "",
    })
    assert "content/blog/word.md, line 6: this line has a character that is not UTF-8" in report
    assert "content/blog/empty.md: the file is empty" in report


def test_all_problems_are_reported_together(tmp_path):
    report = build_report(tmp_path, {
        "a.md": GOOD_POST.replace("2018-04-16 09:00", "yesterday-ish"),
        "b.md": GOOD_POST.replace("Pete Fleischmann", "Nobody Known"),
        "c.md": GOOD_POST.replace("Title: A good post\n", ""),
    })
    assert report.startswith("The site was not built: 3 problems to fix first.")


def test_the_pelican_command_exits_non_zero_without_a_traceback(tmp_path):
    content = make_content(tmp_path, {"bad.md": GOOD_POST.replace("2018-04-16 09:00", "16 Aprl 2018")})
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(tmp_path / "out")],
        cwd=ROOT, capture_output=True, encoding="utf-8", env={**os.environ, "SITE_NOW": "2018-06-20"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "bad.md, line 2: '16 Aprl 2018' in the date line has a month the site does not know" in result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_build_leaves_the_last_good_output_byte_for_byte(tmp_path):
    content = make_content(tmp_path, {"good.md": GOOD_POST})
    output = tmp_path / "output"
    build_site(content, output, SITE_NOW="2018-06-20")
    before = snapshot(output)
    assert "blog/2018/04/a-good-post/index.html" in before

    (content / "blog" / "good.md").write_text(GOOD_POST.replace("Text.", "Changed text."), encoding="utf-8")
    (content / "blog" / "bad.md").write_text(GOOD_POST.replace("2018-04-16 09:00", "soon"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(content, output, SITE_NOW="2018-06-20")
    assert snapshot(output) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")], "staging folder left behind"


def test_a_good_build_replaces_output_and_drops_stale_pages(tmp_path):
    content = make_content(tmp_path, {"good.md": GOOD_POST})
    output = tmp_path / "output"
    build_site(content, output, SITE_NOW="2018-06-20")
    (content / "blog" / "good.md").rename(content / "blog" / "renamed.md")
    (content / "blog" / "renamed.md").write_text(GOOD_POST.replace("A good post", "A renamed post"), encoding="utf-8")
    build_site(content, output, SITE_NOW="2018-06-20")
    assert (output / "blog/2018/04/a-renamed-post/index.html").exists()
    assert not (output / "blog/2018/04/a-good-post").exists()


def test_unsafe_raw_html_names_its_line(tmp_path):
    report = build_report(tmp_path, {"pasted.md": GOOD_POST.replace(
        "Text.", "Intro.\n\n<p onclick=\"steal()\">Hi</p>\n\n<script>alert(1)</script>\n")})
    assert "content/blog/pasted.md, line 10: the <script> element would run code" in report
    assert "content/blog/pasted.md, line 8: the HTML attribute onclick=" in report


def test_external_links_open_safely(tmp_path):
    content = make_content(tmp_path, {"good.md": GOOD_POST.replace("Text.", "See [SCIE](https://www.scie.org.uk/).")})
    build_site(content, tmp_path / "output", SITE_NOW="2018-06-20")
    html = (tmp_path / "output/blog/2018/04/a-good-post/index.html").read_text(encoding="utf-8")
    assert '<a href="https://www.scie.org.uk/" rel="noopener">SCIE</a>' in html


def test_markup_in_titles_names_and_tags_is_shown_as_text(tmp_path):
    hostile = "</script><script>alert(1)</script> & <b>bold</b>"
    post = GOOD_POST.replace("A good post", hostile).replace("co-production", 'x"><img src=x onerror=alert(1)>')
    content = make_content(tmp_path, {"good.md": post})
    build_site(content, tmp_path / "output", SITE_NOW="2018-06-20")
    import lxml.html

    for page in public_html_files(tmp_path / "output"):
        root = lxml.html.parse(str(page)).getroot()
        assert not root.xpath("//*[@onerror]"), page
        assert not [s for s in root.iter("script") if "alert" in (s.text or "")], page
    article = next((tmp_path / "output" / "blog" / "2018" / "04").glob("*/index.html"))
    assert lxml.html.parse(str(article)).getroot().findtext(".//h1") == hostile


def test_two_posts_at_one_address_are_both_named(tmp_path):
    report = build_report(tmp_path, {"one.md": GOOD_POST, "two.md": GOOD_POST.replace("Text.", "Other text.")})
    assert "content/blog/one.md, line 1: this file and two.md would both be published at /blog/2018/04/a-good-post/" in report
    assert "content/blog/two.md, line 1: this file and one.md would both be published" in report


def test_titles_and_tags_that_cannot_make_an_address(tmp_path):
    report = build_report(tmp_path, {
        "emoji.md": GOOD_POST.replace("A good post", "🎉🎉"),
        "long-tag.md": GOOD_POST.replace("Tags: co-production", "Tags: " + "word " * 60).replace("A good post", "Other"),
        "empty-title.md": GOOD_POST.replace("Title: A good post", "Title:   "),
    })
    assert "content/blog/emoji.md, line 1: the title '🎉🎉' has no letters or numbers" in report
    assert "content/blog/long-tag.md, line 4: the tag is too long to make a web address from" in report
    assert "content/blog/empty-title.md, line 1: the title line is empty." in report
