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
