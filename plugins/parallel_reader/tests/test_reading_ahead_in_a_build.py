"""Reading ahead in a whole build: posts are read in worker processes, and
everything reading says about bad files (problems with their lines, Pelican's
own warnings) reaches the author exactly as when the build reads in turn:
once, from the build's process."""

from __future__ import annotations

import shutil

import pytest

from coproweek.problems import BuildFailed
from metadata_checks import CheckedMarkdownReader
from parallel_reader import FEWEST_FILES
from sitekit.build import ROOT, build_site

pytestmark = pytest.mark.slow

POST = "Title: Post {n}\nDate: 2018-04-{day:02d} 09:00\nAuthor: Pete Fleischmann\nTags: co-production\n\nText {n}.\n"
BAD = {  # every kind of problem found while a Markdown file is read
    "unknown-field.md": POST.format(n="a", day=1).replace("Tags:", "Summery: a typo\nTags:"),
    "ambiguous-date.md": POST.format(n="b", day=1).replace("2018-04-01", "05/04/2018"),
    "empty-title.md": POST.format(n="c", day=1).replace("Title: Post c", "Title:   "),
    "windows-1252.md": POST.format(n="d \u201cquoted\u201d", day=1).encode("cp1252"),
    "swallowed-first-line.md": "Co-production week is here\n" + POST.format(n="e", day=1),
    "twice.md": POST.format(n="f", day=1).replace("Tags:", "Title: Another title\nTags:"),
}


def make_content(folder, bad: dict) -> str:
    content = folder / "content"
    (content / "blog").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "authors.toml", content / "authors.toml")
    for n in range(FEWEST_FILES + 5):
        (content / "blog" / f"post-{n}.md").write_text(POST.format(n=n, day=1 + n % 28), encoding="utf-8")
    for name, text in bad.items():
        (content / "blog" / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return str(content)


def build_reading_with(folder, workers: int, bad: dict, monkeypatch, capfd) -> tuple[str, list[str], str]:
    """The build's report, the files read in the build's own process, and what it logged."""
    read_here: list[str] = []
    own_read = CheckedMarkdownReader.read

    def counted(self, source_path):
        if "/blog/" in source_path:  # the few standing pages are read in turn
            read_here.append(source_path.rsplit("/", 1)[-1])  # a worker's count stays in the worker
        return own_read(self, source_path)

    monkeypatch.setattr(CheckedMarkdownReader, "read", counted)
    capfd.readouterr()
    try:
        build_site(make_content(folder, bad), folder / "output", SITE_NOW="2018-06-20", READ_WORKERS=workers,
                   CACHE_CONTENT=False)
        report = ""
    except BuildFailed as failure:
        report = failure.report
    return report, sorted(read_here), capfd.readouterr().err


def test_posts_are_read_in_workers_and_bad_ones_are_reported_as_when_read_in_turn(tmp_path, monkeypatch, capfd):
    in_turn, read_in_turn, said_in_turn = build_reading_with(tmp_path / "one", 1, BAD, monkeypatch, capfd)
    ahead, read_ahead, said_ahead = build_reading_with(tmp_path / "two", 2, BAD, monkeypatch, capfd)
    assert len(read_in_turn) == FEWEST_FILES + 5 + len(BAD)
    assert read_ahead == sorted(BAD)  # the good posts were read by workers; the bad ones again here
    assert in_turn and ahead == in_turn
    for name in BAD:
        assert ahead.count(f"blog/{name}") == 1, (name, ahead)
    assert said_ahead.replace("/two/", "/one/") == said_in_turn  # nothing more said, or said twice


def test_a_site_of_clean_posts_is_read_entirely_ahead_and_builds(tmp_path, monkeypatch, capfd):
    report, read_here, _ = build_reading_with(tmp_path, 2, {}, monkeypatch, capfd)
    assert report == "" and read_here == []
    assert len(list((tmp_path / "output" / "blog").rglob("index.html"))) >= FEWEST_FILES + 5
