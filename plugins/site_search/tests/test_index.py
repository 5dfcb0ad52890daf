"""Pagefind indexes what the theme marks, and a failure is reported."""

from __future__ import annotations

import gzip
import os
import stat

import pytest

from coproweek.search import RunningIndex, SearchIndexFailed, build_index


def page(title: str, body: str, indexed: bool = True) -> str:
    marker = " data-pagefind-body" if indexed else ""
    return (f'<!DOCTYPE html><html lang="en"><head><title>{title}</title></head>'
            f"<body><main{marker}><h1>{title}</h1><p>{body}</p></main></body></html>")


def test_only_marked_pages_are_indexed(tmp_path):
    (tmp_path / "post").mkdir()
    (tmp_path / "post" / "index.html").write_text(page("A post", "hearing loops everywhere"), encoding="utf-8")
    (tmp_path / "tags").mkdir()
    (tmp_path / "tags" / "index.html").write_text(page("Tags", "listofthings", indexed=False), encoding="utf-8")
    built = build_index(tmp_path)
    assert built.pages == 1 and built.seconds >= 0
    fragments = b"".join(gzip.decompress(f.read_bytes()) for f in (tmp_path / "pagefind" / "fragment").iterdir())
    assert b"hearing loops everywhere" in fragments and b"listofthings" not in fragments
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()


def test_a_failing_indexer_is_reported_in_words(tmp_path):
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: something broke' >&2\nexit 3\n", encoding="utf-8")
    os.chmod(broken, stat.S_IRWXU)
    with pytest.raises(SearchIndexFailed, match=r"exit 3.*something broke"):
        build_index(tmp_path, executable=broken)
    with pytest.raises(SearchIndexFailed, match="could not run"):
        build_index(tmp_path, executable=tmp_path / "missing")


def _fragments(site) -> bytes:
    return b"".join(gzip.decompress(f.read_bytes()) for f in (site / "pagefind" / "fragment").iterdir())


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_pages_changed_while_pagefind_ran_are_indexed_as_they_ended(tmp_path, change):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(page(name, f"words of page {name}"), encoding="utf-8")
    running = RunningIndex(tmp_path)  # Pagefind starts on two pages...
    if change == "edit":  # ...and a check then writes into one of them (the audit's alt filling, say)
        (tmp_path / "one" / "index.html").write_text(page("one", "filledinlater"), encoding="utf-8")
    elif change == "add":
        (tmp_path / "three").mkdir()
        (tmp_path / "three" / "index.html").write_text(page("three", "a late page"), encoding="utf-8")
    else:
        (tmp_path / "two" / "index.html").unlink()
    built = running.finish()
    fragments = _fragments(tmp_path)
    assert built.pages == {"edit": 2, "add": 3, "remove": 1}[change]
    assert (b"filledinlater" in fragments) == (change == "edit")
    assert (b"words of page one" in fragments) == (change != "edit")


def test_a_running_index_can_be_stopped(tmp_path):
    slow = tmp_path / "slow-pagefind"
    slow.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    os.chmod(slow, stat.S_IRWXU)
    running = RunningIndex(tmp_path, executable=slow)
    running.stop()
    with pytest.raises(SearchIndexFailed, match="exit -9"):
        running.finish()


def test_the_bundle_appears_in_the_site_only_when_finished(tmp_path):
    site = tmp_path / "site"
    (site / "post").mkdir(parents=True)
    (site / "post" / "index.html").write_text(page("A post", "ramps and lifts"), encoding="utf-8")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "from-the-last-build.js").write_text("old", encoding="utf-8")
    running = RunningIndex(site)
    running.process.wait()  # Pagefind is done, but the checks still running must not see its files yet
    assert [p.name for p in (site / "pagefind").iterdir()] == ["from-the-last-build.js"]
    assert not list(site.rglob("*.css"))
    running.finish()
    assert (site / "pagefind" / "pagefind.js").is_file() and not (site / "pagefind" / "from-the-last-build.js").exists()
    assert b"ramps and lifts" in _fragments(site)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # nothing left beside it


def test_only_pages_that_mark_their_body_are_read_when_any_does(tmp_path):
    site = tmp_path / "site"
    for name, indexed in (("post", True), ("event", True), ("tags", False), ("archive", False)):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(page(name, f"words of {name}", indexed), encoding="utf-8")
    built = RunningIndex(site).finish()
    assert (built.pages, built.files_read) == (2, 2)  # the lists are neither read nor indexed
    fragments = _fragments(site)
    assert b"words of post" in fragments and b"words of event" in fragments and b"words of tags" not in fragments


def test_with_no_marked_page_every_page_is_read_and_indexed(tmp_path):
    for name in ("one", "two", "three"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(page(name, f"words of {name}", indexed=False), encoding="utf-8")
    built = build_index(tmp_path)
    assert (built.pages, built.files_read) == (3, 3)
