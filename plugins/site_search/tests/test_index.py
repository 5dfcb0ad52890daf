"""Pagefind indexes what the theme marks, and a failure is reported."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import stat
import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from coproweek.search import (
    RunningIndex, SearchIndexFailed, build_index, files_in_use, glob_naming, named_by_content, pagefind_executable,
    pages_to_read, part_folders, point_pagefind_at, split_into_parts,
)
from plugins.site_search.tests.index_reading import index_as_read


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


# Which pages Pagefind reads: named in a glob, or, for paths the glob would
# misread, linked into a folder of their own.

ODD_NAMES = ["café", "with space", "a,b", "c{d}", "e[f]", "g*h", "i?j", "k$l", "m(n)"]


def test_plain_paths_are_named_in_a_glob_and_nothing_is_linked(tmp_path):
    site = _site(tmp_path / "site", {"post": "one", "blog/2019/03/a-post": "two"})
    working = tmp_path / "working"
    working.mkdir()
    pages = pages_to_read(site)
    assert point_pagefind_at(site, pages, working) == site
    assert json.loads((working / "pagefind.json").read_text())["glob"] == "{blog/2019/03/a-post/index.html,post/index.html}"
    assert not (working / "pages").exists()


@pytest.mark.parametrize("odd", ODD_NAMES)
def test_a_path_the_glob_would_misread_is_linked_instead(tmp_path, odd):
    site = _site(tmp_path / "site", {"post": "one", odd: "two"})
    working = tmp_path / "working"
    working.mkdir()
    read_from = point_pagefind_at(site, pages_to_read(site), working)
    assert read_from == working / "pages" and not (working / "pagefind.json").exists()
    assert (read_from / odd / "index.html").samefile(site / odd / "index.html")


NESTED = ["about", "blog/2019/03/a", "blog/2019/03/b", "blog/2019/04/c", "blog/2020/d", "blog/2020/d/more"]


def test_the_glob_names_the_pages_folder_by_folder():
    paths = [f"{name}/index.html" for name in NESTED] + ["index.html"]
    assert glob_naming(paths) == ("{about/index.html,blog/{2019/{03/{a/index.html,b/index.html},04/c/index.html},"
                                  "2020/d/{index.html,more/index.html}},index.html}")
    assert glob_naming(["solo/index.html"]) == "solo/index.html"


@pytest.mark.parametrize("names", [["solo"], ["post", "blog/2019/03/a-post"], NESTED, ["post", "café", "a,b"]],
                         ids=["one page", "plain paths", "nested folders", "odd paths"])
def test_every_page_given_is_indexed_under_its_own_address(tmp_path, names):
    site = _site(tmp_path / "site", {name: f"words of page {number}" for number, name in enumerate(names)})
    (site / "tags").mkdir()
    (site / "tags" / "index.html").write_text(page("Tags", "listofthings", indexed=False), encoding="utf-8")
    built = RunningIndex(site).finish()
    assert (built.pages, built.files_read) == (len(names), len(names))
    urls = {json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
            for fragment in (site / "pagefind" / "fragment").iterdir()}
    assert {unquote(url) for url in urls} == {f"/{name}/" for name in names}
    assert b"listofthings" not in _fragments(site)
    assert [path.name for path in tmp_path.iterdir()] == ["site"]  # no working folder left beside it


# Seeds: the last index's content-named files, which Pagefind leaves alone
# when a file of the same name is already in its output folder.

def _site(folder, pages: dict[str, str]):
    for name, body in pages.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        (folder / name / "index.html").write_text(page(name, body), encoding="utf-8")
    return folder


def _bundle_bytes(site) -> dict[str, bytes]:
    bundle = site / "pagefind"
    return {name: (bundle / name).read_bytes() for name in named_by_content(bundle) if not name.startswith(("filter/", "pagefind."))}


def test_the_reader_of_pagefinds_meta_file_finds_every_file_it_wrote(tmp_path):
    site = _site(tmp_path / "site", {f"page-{n}": f"words number {n} " * n for n in range(1, 30)})
    (site / "event").mkdir()
    (site / "event" / "index.html").write_text(page("An event", '<span data-pagefind-filter="type">Webinar</span>'),
                                               encoding="utf-8")
    build_index(site)
    bundle = site / "pagefind"
    in_use = files_in_use(bundle)
    assert in_use == named_by_content(bundle)
    kinds = sorted(name.split("/")[0] if "/" in name else "meta" for name in in_use)
    assert (kinds.count("fragment"), kinds.count("filter"), kinds.count("meta")) == (30, 1, 1)
    assert kinds.count("index") >= 1


def test_a_seeded_index_reuses_unchanged_files_and_equals_a_fresh_one(tmp_path):
    pages = {f"page-{n}": f"the words of page {n}" for n in range(12)}
    site, seeds = _site(tmp_path / "site", pages), tmp_path / "seeds"
    RunningIndex(site, seeds=seeds).finish()
    first = {name: (site / "pagefind" / name).stat().st_ino for name in named_by_content(site / "pagefind")}
    assert named_by_content(seeds) == set(first)
    # The next build: one page edited, one removed, one added.
    _site(site, {"page-3": "rewritten with new words", "page-12": "a new page"})
    shutil.rmtree(site / "page-7")
    built = RunningIndex(site, seeds=seeds).finish()
    fresh = _site(tmp_path / "fresh", {**{k: v for k, v in pages.items() if k != "page-7"},
                                       "page-3": "rewritten with new words", "page-12": "a new page"})
    build_index(fresh)
    assert built.pages == 12
    assert _bundle_bytes(site) == _bundle_bytes(fresh)  # nothing stale left, nothing missing
    now = {name: (site / "pagefind" / name).stat().st_ino for name in named_by_content(site / "pagefind")}
    reused = [name for name in now if first.get(name) == now[name]]
    assert len([name for name in reused if name.startswith("fragment/")]) == 10  # the ten unchanged pages
    assert named_by_content(seeds) == set(now)


@pytest.mark.parametrize("planted", ["a removed page's", "another page's", "damaged"])
def test_a_reused_fragment_that_is_not_its_pages_is_caught(tmp_path, planted):
    """Pagefind names a fragment by seven hex digits of its hash: a changed
    page may by chance take the name of a kept file with other content."""
    pages = {"alpha": "first page", "beta": "second page", "gamma": "third page"}
    site, seeds = _site(tmp_path / "site", pages), tmp_path / "seeds"
    changed = _site(tmp_path / "changed", {"alpha": "first page", "beta": "second page, changed"})
    build_index(changed)
    beta_name = _fragment_of(changed, "/beta/")
    # The seeds hold, under beta's coming name, the fragment of a page that is
    # gone (gamma) or of one that stays (alpha).
    build_index(site)
    source = _fragment_of(site, "/gamma/" if planted == "a removed page's" else "/alpha/")
    (seeds / "fragment").mkdir(parents=True)
    shutil.copy(site / "pagefind" / source, seeds / beta_name)
    if planted == "damaged":  # cut short, as by a full disk
        (seeds / beta_name).write_bytes((seeds / beta_name).read_bytes()[:20])
    shutil.copy(next((site / "pagefind").glob("pagefind.*.pf_meta")), seeds)  # a kept index's mark
    # SEARCH_CACHE_PATH set by mistake to a folder with files of its own: only
    # the index's files are ever removed from it.
    (seeds / "notes.md").write_text("mine", encoding="utf-8")
    (seeds / "fragment" / "notes.md").write_text("mine too", encoding="utf-8")
    _site(site, {"beta": "second page, changed"})
    shutil.rmtree(site / "gamma")
    RunningIndex(site, seeds=seeds).finish()
    assert _fragment_of(site, "/beta/") and b"second page, changed" in _fragments(site)
    assert _bundle_bytes(site) == _bundle_bytes(changed)
    assert (seeds / "notes.md").is_file() and (seeds / "fragment" / "notes.md").is_file()
    assert named_by_content(seeds) == named_by_content(site / "pagefind")  # kept afresh for the next build


def _fragment_of(site, url: str) -> str:
    for fragment in (site / "pagefind" / "fragment").iterdir():
        if json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])["url"] == url:
            return fragment.relative_to(site / "pagefind").as_posix()
    return ""


def test_a_bundle_this_code_cannot_read_is_still_published_and_not_kept(tmp_path):
    """A Pagefind whose files this code does not know (an upgrade, say): the
    search still works, and no build reuses what it cannot check."""
    site, seeds = _site(tmp_path / "site", {"alpha": "first page"}), tmp_path / "seeds"
    unfamiliar = tmp_path / "unfamiliar-pagefind"
    unfamiliar.write_text('#!/bin/sh\nwhile [ "$1" != "--output-path" ]; do shift; done\nmkdir -p "$2"\n'
                          'echo "window.search = 1" > "$2/pagefind.js"\necho "Indexed 1 page"\n', encoding="utf-8")
    os.chmod(unfamiliar, stat.S_IRWXU)
    (seeds / "fragment").mkdir(parents=True)  # seeds of an earlier index: checked, found unreadable, forgotten
    (seeds / "fragment" / "en_1234567.pf_fragment").write_bytes(b"not gzip")
    (seeds / "pagefind.en_1234567.pf_meta").write_bytes(b"not gzip")
    built = RunningIndex(site, executable=unfamiliar, seeds=seeds).finish()
    assert built.pages == 1 and (site / "pagefind" / "pagefind.js").read_text() == "window.search = 1\n"
    assert named_by_content(seeds) == set()


# A large site is indexed in parts, one Pagefind run at a time, so that
# Pagefind's memory is bounded by a part, not by the site; the parts are
# merged into one index (test_merge.py checks the merge itself).

def _pages(count: int, size: int = 1000) -> dict[str, int]:
    return {f"blog/post-{n}/index.html": size for n in range(count)}


def test_pages_are_split_into_parts_of_about_the_budget():
    parts = split_into_parts(_pages(300), budget=50_000)
    assert len(parts) == 6
    assert sorted(page for part in parts for page in part) == sorted(_pages(300))  # each page once
    assert all(30 <= len(part) <= 70 for part in parts), [len(part) for part in parts]
    assert all(part == sorted(part) for part in parts)
    assert split_into_parts(_pages(300), budget=300_000) == [sorted(_pages(300))]  # it fits: one part
    assert split_into_parts({}, budget=10) == [[]]  # Pagefind still runs, on nothing


def test_a_long_page_counts_for_its_length():
    pages = {**_pages(10), "long/index.html": 95_000}
    assert len(split_into_parts(pages, budget=35_000)) == 3


def test_a_page_keeps_its_part_when_others_come_and_go():
    before = split_into_parts(_pages(300), budget=50_000)
    more = {**_pages(300), "blog/a-new-post/index.html": 900}
    del more["blog/post-7/index.html"]
    after = split_into_parts(more, budget=50_000)
    assert len(after) == len(before)
    moved = [page for old, new in zip(before, after) for page in set(old) - set(new)]
    assert moved == ["blog/post-7/index.html"]


def _split_site(folder, count: int):
    return _site(folder, {f"post-{n}": f"the words of post number {n}, about ramps and hearing loops" for n in range(count)})


def _urls(bundle) -> set[str]:
    return {json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
            for fragment in (bundle / "fragment").iterdir()}


def test_a_site_over_the_budget_is_indexed_in_parts_merged_into_the_index_of_the_whole(tmp_path):
    site = _split_site(tmp_path / "site", 40)
    whole = tmp_path / "whole"
    shutil.copytree(site, whole)
    build_index(whole)
    built = build_index(site, budget=sum(pages_to_read(site).values()) // 3)
    assert (built.pages, built.files_read, built.parts) == (40, 40, 4)
    assert index_as_read(site / "pagefind") == index_as_read(whole / "pagefind")
    assert files_in_use(site / "pagefind") == named_by_content(site / "pagefind")  # nothing else left in it
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / "pagefind-worker.js").is_file()
    assert not (site / "pagefind" / "parts").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site", "whole"]  # no working folder left beside it


def test_parts_are_indexed_one_at_a_time(tmp_path):
    site = _split_site(tmp_path / "site", 30)
    pagefind, log = _logging_pagefind(tmp_path)
    built = build_index(site, executable=pagefind, budget=sum(pages_to_read(site).values()) // 3)
    assert built.parts >= 3 and log.read_text().split() == ["start", "end"] * built.parts


def test_a_seeded_index_in_parts_equals_a_fresh_one_even_when_the_parts_change(tmp_path):
    site, seeds = _split_site(tmp_path / "site", 40), tmp_path / "seeds"
    budget = sum(pages_to_read(site).values()) // 3
    assert RunningIndex(site, seeds=seeds, budget=budget).finish().parts == 4
    assert [folder.relative_to(seeds).as_posix() for folder in part_folders(seeds)] == ["parts/0", "parts/1", "parts/2", "parts/3"]
    for folder in part_folders(seeds):
        assert named_by_content(folder)
    # An edit and a new page (same parts), then half the site gone (fewer parts).
    for change in ({"post-3": "rewritten with new words", "post-40": "a new post"}, None):
        if change:
            _site(site, change)
        else:
            for n in range(20, 41):
                shutil.rmtree(site / f"post-{n}")
        built = RunningIndex(site, seeds=seeds, budget=budget).finish()
        fresh = tmp_path / f"fresh-{built.parts}"
        shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("pagefind"))
        build_index(fresh, budget=budget)
        assert _all_bytes(site / "pagefind") == _all_bytes(fresh / "pagefind")
    assert built.parts == 2
    assert [folder.relative_to(seeds).as_posix() for folder in part_folders(seeds) if named_by_content(folder)] == \
           ["parts/0", "parts/1"]  # the parts that are gone keep nothing


def _logging_pagefind(tmp_path):
    """Pagefind, writing "start" and "end" to a log around each run."""
    log, real = tmp_path / "runs.log", pagefind_executable()
    script = tmp_path / "logging-pagefind"
    script.write_text(f'#!/bin/sh\necho start >> "{log}"\n"{real}" "$@"\nstatus=$?\n'
                      f'echo end >> "{log}"\nexit $status\n', encoding="utf-8")
    os.chmod(script, stat.S_IRWXU)
    return script, log


def test_only_the_parts_whose_pages_changed_are_indexed_again(tmp_path):
    site, seeds = _split_site(tmp_path / "site", 40), tmp_path / "seeds"
    budget = int(sum(pages_to_read(site).values()) / 3.5)  # four parts, with room for an edit
    pagefind, log = _logging_pagefind(tmp_path)
    assert RunningIndex(site, pagefind, seeds=seeds, budget=budget).finish().parts == 4
    assert log.read_text().split() == ["start", "end"] * 4
    log.unlink()
    built = RunningIndex(site, pagefind, seeds=seeds, budget=budget).finish()  # nothing changed
    assert not log.exists() and built.pages == 40
    _site(site, {"post-3": "rewritten with new words"})
    RunningIndex(site, pagefind, seeds=seeds, budget=budget).finish()
    assert log.read_text().split() == ["start", "end"]  # post-3's part only
    # A kept part that lost a file is made again, not merged as it is.
    damaged = next(path for path in (seeds / "parts").rglob("*.pf_fragment"))
    damaged.unlink()
    log.unlink()
    _site(site, {"post-3": "rewritten once more"})
    RunningIndex(site, pagefind, seeds=seeds, budget=budget).finish()
    assert log.read_text().split().count("start") == (1 if damaged.parent.parent == _part_of(seeds, "/post-3/") else 2)
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("pagefind"))
    build_index(fresh, budget=budget)
    assert _all_bytes(site / "pagefind") == _all_bytes(fresh / "pagefind")


def test_files_of_its_own_in_the_search_cache_folder_are_never_removed(tmp_path):
    """SEARCH_CACHE_PATH set by mistake to a folder of the project: kept
    parts are replaced a file at a time, and only the index's files go."""
    site, seeds = _split_site(tmp_path / "site", 40), tmp_path / "mine"
    (seeds / "parts" / "0").mkdir(parents=True)
    for name in ("notes.md", "parts/list.txt", "parts/0/draft.md", "parts/1/fragment/draft.md"):
        (seeds / name).parent.mkdir(parents=True, exist_ok=True)
        (seeds / name).write_text("mine", encoding="utf-8")
    budget = int(sum(pages_to_read(site).values()) / 3.5)
    RunningIndex(site, seeds=seeds, budget=budget).finish()
    _site(site, {f"post-{n}": f"post {n} rewritten" for n in range(40)})  # every part made again
    RunningIndex(site, seeds=seeds, budget=budget).finish()
    RunningIndex(site, seeds=seeds, budget=10**12).finish()  # and the site in one part again
    for name in ("notes.md", "parts/list.txt", "parts/0/draft.md", "parts/1/fragment/draft.md"):
        assert (seeds / name).read_text(encoding="utf-8") == "mine", name


def _part_of(seeds, url: str):
    return next(folder for folder in part_folders(seeds) if url in _urls(folder))


def _all_bytes(bundle) -> dict[str, bytes]:
    return {name: (bundle / name).read_bytes() for name in named_by_content(bundle)}


def test_a_reused_fragment_in_a_further_part_that_is_not_its_pages_is_caught(tmp_path):
    site, seeds = _split_site(tmp_path / "site", 30), tmp_path / "seeds"
    budget = sum(pages_to_read(site).values()) // 2
    RunningIndex(site, seeds=seeds, budget=budget).finish()
    # Every fragment kept for the second part now holds one and the same page's.
    kept = sorted((seeds / "parts" / "1" / "fragment").iterdir())
    for fragment in kept[1:]:
        fragment.unlink()
        shutil.copy(kept[0], fragment)
    _site(site, {"post-0": "post zero, changed"})
    RunningIndex(site, seeds=seeds, budget=budget).finish()
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("pagefind"))
    build_index(fresh, budget=budget)
    assert _all_bytes(site / "pagefind") == _all_bytes(fresh / "pagefind")
    assert len(_urls(site / "pagefind")) == 30


def test_stopping_the_index_stops_pagefind_too(tmp_path):
    site = _split_site(tmp_path / "site", 3)
    pid_file = tmp_path / "pid"
    slow = tmp_path / "slow-pagefind"
    slow.write_text(f'#!/bin/sh\necho $$ > "{pid_file}"\nexec sleep 30\n', encoding="utf-8")
    os.chmod(slow, stat.S_IRWXU)
    running = RunningIndex(site, executable=slow)
    for _ in range(100):
        if pid_file.exists() and pid_file.read_text().strip():
            break
        time.sleep(0.05)
    pagefind_pid = int(pid_file.read_text())
    running.stop()
    time.sleep(0.2)
    assert _state(pagefind_pid) in ("gone", "Z")  # ended (a zombie until whoever adopted it reaps it)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"
