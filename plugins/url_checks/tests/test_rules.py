from coproweek.checks.urls import MAX_SEGMENT_BYTES, duplicate_addresses, long_segment, slug_problem


def test_duplicates_name_every_file_claiming_the_address():
    claims = [("a.md", "blog/x/index.html"), ("b.md", "blog/x/index.html"), ("c.md", "blog/y/index.html"),
              ("a.md", "blog/x/index.html")]
    assert duplicate_addresses(claims) == {"blog/x/index.html": ["a.md", "b.md"]}


def test_slug_problems():
    assert slug_problem("title", "Hello", "hello") is None
    what, fix = slug_problem("title", "🎉", "")
    assert "no letters or numbers" in what and "Slug:" in fix
    what, fix = slug_problem("tag", "x" * 300, "x" * 300)
    assert "too long" in what and "shorten the tag" in fix
    assert slug_problem("tag", "é" * 101, "é" * 101) is not None  # counted in bytes


def test_long_segment():
    assert long_segment("blog/2018/04/short/index.html") is None
    assert long_segment("blog/" + "y" * (MAX_SEGMENT_BYTES + 1) + "/index.html")


from coproweek.checks.urls import output_clashes, output_file, page_address_problem  # noqa: E402


def test_output_file_of_an_address():
    assert output_file("about/") == "about/index.html"
    assert output_file("/drafts/pages/x.html") == "drafts/pages/x.html"
    assert output_file("") == "index.html"


def test_a_page_must_be_html_at_its_own_url():
    assert page_address_problem("about/index.html", "about/") is None
    assert page_address_problem("about.html", "about.html") is None
    for save_as in ("feeds/all.atom.xml", "images/logo.png", "_headers", ".htaccess", "theme/css/main.css",
                    "events/calendar.ics", "robots.txt", "about/"):
        assert page_address_problem(save_as, "")[0] == "save_as", save_as
    key, what, _ = page_address_problem("blog/2018/04/x/index.html", "feeds/all.atom.xml")
    assert key == "url" and "'/feeds/all.atom.xml'" in what and "'/blog/2018/04/x/index.html'" in what


def test_clashes_with_the_sites_own_files_folders_and_other_pages():
    reserved = {"index.html": "the home page", "theme/": "the folder of the site's styles",
                "blog/page/": "the later pages of the blog", "tags/health/index.html": "the list of posts tagged 'health'"}
    claims = [("a.md", "index.html"), ("b.md", "theme/x/index.html"), ("c.md", "blog/page/2/index.html"),
              ("d.md", "tags/health/index.html"), ("e.md", "about/index.html"), ("f.md", "about/index.html/x/index.html"),
              ("g.md", "theme.html"), ("h.md", "blog/pages/index.html")]
    found = {source: what for source, _, what in output_clashes(claims, reserved)}
    assert found == {
        "a.md": "the home page",
        "b.md": "the folder of the site's styles (at /theme)",
        "c.md": "the later pages of the blog (at /blog/page)",
        "d.md": "the list of posts tagged 'health'",
        "f.md": "the page of e.md (at /about/index.html)",
    }
