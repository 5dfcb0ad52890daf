"""Files in content/ that the build will not use are reported, each with a
reason an author understands; system litter is not."""

from coproweek.checks.unused import MARKDOWN_EXTENSIONS, extension_variants, unused_files

SETTINGS = {"ARTICLE_PATHS": ["blog"], "PAGE_PATHS": ["pages"], "EVENTS_PATHS": ["events"],
            "AUTHOR_PROFILES_FILE": "authors.toml"}


def make(tmp_path, names):
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return str(tmp_path)


def test_unused_files_are_named_with_a_reason(tmp_path):
    folder = make(tmp_path, ["blog/used.md", "blog/post.md.txt", "blog/notes.txt", "blog/draft.docx",
                             "posts/lost.md", "blog/photo.jpg", "blog/data.csv", "authors.toml", "images/a.jpg",
                             "blog/.DS_Store", "blog/Thumbs.db", "blog/used.md~", ".git/config"])
    found = {path: (what, fix) for path, what, fix in unused_files(folder, {"blog/used.md", "images/a.jpg"}, SETTINGS)}
    assert set(found) == {"blog/post.md.txt", "blog/notes.txt", "blog/draft.docx", "posts/lost.md",
                          "blog/photo.jpg", "blog/data.csv"}
    assert "ends in '.md.txt'" in found["blog/post.md.txt"][0] and "rename it to 'post.md'" in found["blog/post.md.txt"][1]
    assert "rename it to 'notes.md'" in found["blog/notes.txt"][1]
    assert "word-processor" in found["blog/draft.docx"][0]
    assert "content/blog/ (posts), content/pages/ (pages), content/events/ (events)" in found["posts/lost.md"][1]
    assert "content/images/" in found["blog/photo.jpg"][1]


def test_extensions_that_differ_only_in_case_are_found(tmp_path):
    folder = make(tmp_path, ["blog/a.MD", "blog/b.Md", "events/c.Markdown", "blog/d.md", "blog/e.txt"])
    assert extension_variants(folder, MARKDOWN_EXTENSIONS) == {"MD", "Md", "Markdown"}


def test_markdown_in_a_folder_another_content_type_reads_is_its_own(tmp_path):
    # A new type (campaign weeks) reads content/weeks/ by the *_PATHS convention:
    # its Markdown files are not "unused", but a .txt beside them still is.
    folder = make(tmp_path, ["weeks/2018.md", "weeks/2019.md.txt"])
    found = [path for path, _, _ in unused_files(folder, set(), {**SETTINGS, "WEEKS_PATHS": ["weeks"]})]
    assert found == ["weeks/2019.md.txt"]
