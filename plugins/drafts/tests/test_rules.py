from types import SimpleNamespace

from coproweek.drafts import is_draft, leaks, without_drafts


def test_any_object_with_status_draft_is_a_draft_whatever_its_case():
    items = [SimpleNamespace(status=s) for s in ("draft", "Draft", " DRAFT ", "published", "hidden", "")]
    assert [is_draft(item) for item in items] == [True, True, True, False, False, False]
    assert not is_draft(object())
    assert without_drafts(items) == items[3:]


def write(folder, relative, text=""):
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_leaks_finds_the_page_files_under_it_and_links_in_any_text_output(tmp_path):
    write(tmp_path, "drafts/secret/index.html", "<p>the draft</p>")
    write(tmp_path, "events/secret-event/secret-event.ics", "BEGIN:VCALENDAR")
    write(tmp_path, "feeds/all.atom.xml", '<link href="https://site.example/drafts/secret/"/>')
    write(tmp_path, "search.json", '[{"url": "drafts/secret/"}]')
    write(tmp_path, "sitemap.xml", "<loc>https://site.example/drafts/secret-two/</loc>")  # another address
    write(tmp_path, "cards/home.png", "/drafts/secret/")  # not a text output: not read
    found = leaks(str(tmp_path), {"blog/secret.md": "drafts/secret/", "events/secret-event.md": "events/secret-event/"})
    assert sorted(found["blog/secret.md"]) == ["drafts/secret/index.html", "feeds/all.atom.xml", "search.json"]
    assert found["events/secret-event.md"] == ["events/secret-event/secret-event.ics"]


def test_no_leaks_in_a_site_without_the_drafts(tmp_path):
    write(tmp_path, "blog/index.html", '<a href="/blog/2018/04/secretive/">a published post</a>')
    assert leaks(str(tmp_path), {"blog/secret.md": "blog/2018/04/secret/"}) == {}
    assert leaks(str(tmp_path), {}) == {}
