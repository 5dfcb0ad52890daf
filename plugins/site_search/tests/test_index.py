"""Pagefind indexes what the theme marks, and a failure is reported."""

from __future__ import annotations

import gzip
import os
import stat

import pytest

from coproweek.search import SearchIndexFailed, build_index


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
