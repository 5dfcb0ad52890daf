
from coproweek.checks.links import find_broken_links, source_line


def write(site, path, body):
    file = site / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")


def broken(site, site_url=""):
    return {(b.page, b.url) for b in find_broken_links(str(site), site_url)}


def test_good_links_of_every_kind_pass(tmp_path):
    write(tmp_path, "index.html", '<a href="blog/">Blog</a><a href="#top" id="top">Top</a>'
          '<a href="blog/post/#intro">Intro</a><img src="images/a.jpg" srcset="images/a.jpg 1x, images/a.jpg 2x" alt="">'
          '<a href="https://example.org/missing">Elsewhere</a><a href="mailto:x@example.org">Mail</a>'
          '<a href="webcal://example.org/cal.ics">Sub</a><a href="/blog/post/">Root-relative</a>')
    write(tmp_path, "blog/index.html", '<a href="../">Home</a><a href="post/">Post</a>')
    write(tmp_path, "blog/post/index.html", '<h2 id="intro">Intro</h2><a href="../../index.html">Home</a>')
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.jpg").write_bytes(b"jpeg")
    assert broken(tmp_path) == set()


def test_missing_pages_files_and_fragments_are_found(tmp_path):
    write(tmp_path, "index.html", '<a href="nowhere/">x</a><img src="images/gone.png" alt="">'
          '<a href="about/#team">team</a><a href="#missing">m</a><a href="../../etc/passwd">out</a>')
    write(tmp_path, "about/index.html", '<h2 id="history">History</h2>')
    assert broken(tmp_path) == {
        ("index.html", "nowhere/"), ("index.html", "images/gone.png"), ("index.html", "about/#team"),
        ("index.html", "#missing"), ("index.html", "../../etc/passwd"),
    }


def test_unresolved_pelican_links_are_broken(tmp_path):
    write(tmp_path, "index.html", '<a href="{filename}/blog/missing.md">x</a>')
    [link] = find_broken_links(str(tmp_path))
    assert "content file that does not exist" in link.reason


def test_pelican_markers_count_only_at_the_start_of_a_link(tmp_path):
    """A title such as "{static}" reaches calendar links' query strings as data."""
    write(tmp_path, "index.html", '<a href="%7Bstatic%7D/images/gone.png">a</a>'
          '<a href="https://calendar.example.org/add?text=%7Bstatic%7D">b</a>'
          '<a href="https://calendar.example.org/add?text={filename}x">c</a>')
    assert [link.url for link in find_broken_links(str(tmp_path))] == ["%7Bstatic%7D/images/gone.png"]


def test_absolute_links_to_the_published_site_are_checked(tmp_path):
    write(tmp_path, "index.html", '<a href="https://example.org/week/about/">a</a>'
          '<a href="https://example.org/week/gone/">b</a><a href="/week/about/">c</a>')
    write(tmp_path, "about/index.html", "")
    assert broken(tmp_path, "https://example.org/week") == {("index.html", "https://example.org/week/gone/")}


def test_source_line_finds_the_link_in_markdown():
    text = "Title: x\n\nSee [the events](/events/#soon) and\n[about](/about/)\n"
    assert source_line(text, "/about/") == 4
    assert source_line(text, "/events/#soon") == 3
    assert source_line(text, "/nowhere/") is None


def test_link_needles_find_rewritten_links():
    from coproweek.checks.links import link_needles

    assert link_needles("../../events/festival-2018/#book") == [
        "../../events/festival-2018/#book", "../../events/festival-2018/", "festival-2018"]
    text = "Title: x\n\n- Come to the [Festival]({filename}festival-2018.md)\n"
    assert source_line(text, "events/festival-2018/") == 3
    assert source_line(text, "../index.html") is None


def test_site_target_for_a_site_published_under_a_path(tmp_path):
    from coproweek.checks.links import site_target

    write(tmp_path, "about/index.html", "")
    own = ("https://example.org/week",)
    assert site_target(str(tmp_path), "index.html", "/week/about/#team", own) == \
        site_target(str(tmp_path), "index.html", "https://example.org/week/about/#team", own)
    assert site_target(str(tmp_path), "index.html", "/week/about/", own).path == "about/index.html"
    assert site_target(str(tmp_path), "index.html", "https://example.org/weekly/", own) is None
    assert site_target(str(tmp_path), "index.html", "https://example.org/week/week/x", own).path == "week/x"
    assert site_target(str(tmp_path), "blog/index.html", "#top").same_page


def test_cached_pages_give_the_same_answers_and_follow_changes(tmp_path):
    from coproweek.page_cache import PageCache

    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<a href="a/">A</a> <a href="a/#part">part</a> <a href="b/">B</a>')
    (site / "a" / "index.html").write_text('<h2 id="part">Part</h2>')
    cache_file = tmp_path / "links.pickle"

    def broken():
        cache = PageCache(cache_file, "code")
        found = {(b.page, b.url) for b in find_broken_links(str(site), "", cache)}
        cache.save()
        return found, cache.hits

    assert broken() == ({("index.html", "b/")}, 0)
    assert broken() == ({("index.html", "b/")}, 2)  # nothing parsed again
    (site / "a" / "index.html").write_text('<h2 id="other">Part</h2>')  # the target page changed
    assert broken()[0] == {("index.html", "b/"), ("index.html", "a/#part")}
    (site / "b").mkdir()
    (site / "b" / "index.html").write_text('<p>B</p>')  # a new folder: targets worked out again
    assert broken()[0] == {("index.html", "a/#part")}


def test_pages_parsed_in_worker_processes_give_the_same_answers(tmp_path):
    from coproweek.checks import links

    site = tmp_path / "site"
    for n in range(450):
        (site / f"p{n}").mkdir(parents=True)
        target = f"../p{(n + 1) % 450}/#s{n % 3}"
        (site / f"p{n}" / "index.html").write_text(f'<h2 id="s0">A</h2><a href="{target}">next</a><a href="../gone/">x</a>')
    one = {(b.page, b.url) for b in links.find_broken_links(str(site), workers=1)}
    two = {(b.page, b.url) for b in links.find_broken_links(str(site), workers=2)}
    assert one == two and len(one) == 450 + 300  # every "gone" link, and the #s1/#s2 fragments


def test_fragments_of_pages_read_later_are_checked_and_order_is_kept(tmp_path):
    """Pages are read one at a time in order; a #fragment on a page not read
    yet is checked once it is, and the answers come in page and link order."""
    write(tmp_path, "a/index.html", '<p id="here"></p><a href="../z/#missing">1</a><a href="../gone/">2</a>'
          '<a href="../z/#there">3</a><a href="../z/#also-missing">4</a><a href="#nope">5</a>')
    write(tmp_path, "m/index.html", '<a href="../a/#here">6</a><a href="../a/#lost">7</a>')
    write(tmp_path, "z/index.html", '<h2 id="there">There</h2><a href="../m/#x">8</a>')
    assert [(b.page, b.url) for b in find_broken_links(str(tmp_path))] == [
        ("a/index.html", "../z/#missing"), ("a/index.html", "../gone/"), ("a/index.html", "../z/#also-missing"),
        ("a/index.html", "#nope"), ("m/index.html", "../a/#lost"), ("z/index.html", "../m/#x")]


def test_pages_are_let_go_of_as_they_are_read(tmp_path):
    """A page's links and targets are not held once the next page is read."""
    import gc
    import weakref

    from coproweek.checks.links import read_pages

    for n in range(5):
        write(tmp_path, f"p{n}/index.html", f'<a href="../p{(n + 1) % 5}/">next</a>')
    pages = read_pages(str(tmp_path))
    assert len(pages.paths) == 5
    alive = []
    for _page, read in pages.each:
        alive.append(weakref.ref(read))
        del read
        gc.collect()
        assert sum(ref() is not None for ref in alive) <= 1


def test_a_cached_page_that_no_longer_reads_is_parsed_again(tmp_path):
    from coproweek.page_cache import PageCache

    write(tmp_path / "site", "index.html", '<a href="a/">A</a><a href="gone/">x</a>')
    write(tmp_path / "site", "a/index.html", '<a href="../#nowhere">top</a>')
    cache_file = tmp_path / "links.sqlite"
    first = PageCache(cache_file, "code")
    expected = [(b.page, b.url) for b in find_broken_links(str(tmp_path / "site"), "", first)]
    first.save()
    import sqlite3
    with sqlite3.connect(cache_file) as db:  # rows from other code: the cache holds them, they do not unpickle
        db.execute("UPDATE entries SET result = ?", (b"\x80\x05not a pickle",))
    again = PageCache(cache_file, "code")
    assert [(b.page, b.url) for b in find_broken_links(str(tmp_path / "site"), "", again)] == expected
    assert expected == [("a/index.html", "../#nowhere"), ("index.html", "gone/")]


# -- the memo of where links lead ---------------------------------------------------------

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from coproweek.checks.links import TargetMemo, site_target, where_it_leads  # noqa: E402

_SEGMENTS = st.sampled_from(["..", "a", "b", "tags", ".", "", "x:y"])
_FOLDERS = st.lists(st.sampled_from(["a", "b", "blog", "1", "tags"]), max_size=4).map("/".join)
_URLS = st.one_of(
    st.lists(_SEGMENTS, max_size=6).map("/".join).map(lambda path: path + st_suffix(path)),
    st.sampled_from(["#top", "?q=1", "/", "/a/b/", "https://example.org/week/a/", "http://elsewhere/x",
                     "mailto:x@example.org", "//cdn.example.org/x.js", " ../a/ ", "../../../../", "../../a/../../b",
                     "//", "//#x", "/?q", " #top"]),
)


def st_suffix(path: str) -> str:
    return "#f" if len(path) % 3 == 0 else ""


@settings(max_examples=600, deadline=None)
@given(folders_asking=st.lists(_FOLDERS, min_size=2, max_size=6), url=_URLS)
@example(folders_asking=["1/a", "b"], url="../x")  # "1" the folder and 1 the depth are different keys
def test_a_remembered_target_is_the_one_site_target_gives_from_any_page(tmp_path_factory, folders_asking, url):
    """Whatever page asked first, the memo answers every page as site_target
    would: its key holds all that decides where a link leads."""
    site = str(tmp_path_factory.getbasetemp())
    folders = {".", "a", "a/b", "tags", "blog", "blog/1", "1"}
    own = ("https://example.org/week",)
    memo = TargetMemo(site, own, folders)
    for folder in folders_asking:
        page = f"{folder}/index.html" if folder else "index.html"
        assert memo.target(page, url) == site_target(site, page, url, own, folders), (page, url)


def test_links_that_climb_to_the_root_are_worked_out_once_per_depth():
    memo = TargetMemo("/site", (), {"about", "blog", "tags"})
    pages = [f"blog/2019/0{n}/post-{n}/index.html" for n in range(1, 6)] + ["tags/leeds/page/2/index.html"]
    for page in pages:
        assert memo.target(page, "../../../../about/").path == "about/index.html"
        memo.target(page, "#main-content")
    assert len([key for key in memo.known if key[0] == "../../../../about/"]) == 1
    assert all(memo.target(page, "#main-content").path == page for page in pages)  # the page's own
    assert where_it_leads("blog/post/index.html", "../x/") == "blog"  # the folder it climbs to decides
    assert where_it_leads("blog/post/index.html", "x/") == "blog/post"
    assert where_it_leads("blog/post/index.html", "../../x/") == 2  # to the root, from any folder two deep
    assert where_it_leads("1/index.html", "../x/") == 1 != where_it_leads("1/a/index.html", "../x/") == "1"
    assert where_it_leads("blog/post/index.html", "/x/") is None
    assert where_it_leads("blog/post/index.html", "mailto:someone@example.org") is None
