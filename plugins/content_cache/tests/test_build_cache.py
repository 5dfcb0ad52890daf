"""The content cache's folder follows every setting that shapes reading, and
the page cache gives back a result only for the same key and context."""

from __future__ import annotations

import os

import pytest

from coproweek.build_cache import cache_folder, project_cache, settings_digest
from coproweek.page_cache import PageCache, digest

SETTINGS = {"MARKDOWN": {"extension_configs": {"markdown.extensions.toc": {"permalink": False}}},
            "TAG_URL": "tags/{slug}/", "OUTPUT_PATH": "/tmp/a", "JINJA_FILTERS": {"f": os.path.join}}


def test_the_digest_changes_with_reading_settings_and_code_not_with_where_output_goes(tmp_path):
    base = settings_digest(SETTINGS)
    assert base == settings_digest(dict(SETTINGS))  # the same in every process: no memory addresses
    assert settings_digest({**SETTINGS, "OUTPUT_PATH": "/tmp/.output.building-x"}) == base
    toc = {"extension_configs": {"markdown.extensions.toc": {"permalink": True}}}
    assert settings_digest({**SETTINGS, "MARKDOWN": toc}) != base
    assert settings_digest({**SETTINGS, "TAG_URL": "topics/{slug}/"}) != base
    reader = tmp_path / "reader.py"
    reader.write_text("x = 1\n")
    with_code = settings_digest(SETTINGS, [reader])
    reader.write_text("x = 2\n")
    assert settings_digest(SETTINGS, [reader]) != with_code
    assert settings_digest(SETTINGS, versions=("4.12.0",)) != settings_digest(SETTINGS, versions=("4.13.0",))


def test_a_cache_is_beside_the_real_content_folder_unless_a_setting_chose(tmp_path):
    (tmp_path / "project" / "content").mkdir(parents=True)
    (tmp_path / "linked").symlink_to(tmp_path / "project" / "content")
    assert project_cache(tmp_path / "linked", "links") == tmp_path / "project" / "cache" / "links"
    assert project_cache(str(tmp_path / "project" / "content"), "safe-bodies.pickle") == (
        tmp_path / "project" / "cache" / "safe-bodies.pickle")
    assert project_cache(tmp_path / "linked", "links", str(tmp_path / "elsewhere")) == tmp_path / "elsewhere"


def test_old_cache_folders_are_pruned_to_the_most_recent(tmp_path):
    digests = [settings_digest({"N": n}) for n in range(4)]
    folders = [cache_folder(tmp_path, digest, keep=2) for digest in digests]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(digests[2:])
    assert folders[-1] == tmp_path / digests[3]


def test_a_cache_root_pointed_at_a_project_folder_loses_none_of_its_folders(tmp_path):
    """CONTENT_CACHE_ROOT (or TEMPLATE_CACHE_PATH) set to content/ by mistake:
    its own folders are not caches, however many there are."""
    for name in ("blog", "events", "images", "pages", "a" * 15, "f" * 17):
        (tmp_path / name).mkdir()
        (tmp_path / name / "kept.md").write_text("words", encoding="utf-8")
    for n in range(6):
        cache_folder(tmp_path, settings_digest({"N": n}), keep=2)
    assert all((tmp_path / name / "kept.md").is_file() for name in ("blog", "events", "images", "pages", "a" * 15, "f" * 17))
    assert len([p for p in tmp_path.iterdir() if len(p.name) == 16]) == 2
    with pytest.raises(ValueError):
        cache_folder(tmp_path, "../content")


def test_page_cache_hits_only_the_same_key_and_context_and_forgets_unused_pages(tmp_path):
    path = tmp_path / "pages.pickle"
    cache = PageCache(path, "context-1")
    assert cache.get("a.html", "k1") is None
    cache.put("a.html", "k1", ["finding"])
    cache.put("gone.html", "k9", [])
    cache.save()
    again = PageCache(path, "context-1")
    assert again.get("a.html", "k2") is None  # the page changed
    assert again.get("a.html", "k1") == ["finding"]
    again.save()
    third = PageCache(path, "context-1")
    assert third.get("gone.html", "k9") is None  # not built last time: dropped
    assert third.get("a.html", "k1") == ["finding"]
    assert PageCache(path, "context-2").get("a.html", "k1") is None  # other code or CSS


def test_saving_again_in_one_build_keeps_what_the_first_save_wrote(tmp_path):
    # The image markup is saved when the content is read and again at the end of
    # the build: the second save once replaced the file with an empty one.
    path = tmp_path / "cache.sqlite"
    old = PageCache(path, "ctx")
    old.put("a.html", "k1", "A")
    old.put("gone.html", "k0", "G")
    old.save()
    cache = PageCache(path, "ctx")
    assert cache.get("a.html", "k1") == "A"  # used: kept; gone.html not asked for
    cache.put("b.html", "k2", "B")
    cache.save()
    cache.save()  # nothing since: the same file
    assert cache.get("a.html", "k1") == "A" and cache.get("b.html", "k2") == "B"  # reads what this build saved
    cache.put("c.html", "k3", "C")
    cache.put("b.html", "k2b", "B2")  # made again under another key: the newer wins
    cache.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.sqlite"]  # no temporary file left
    later = PageCache(path, "ctx")
    assert [later.get(page, key) for page, key in [("a.html", "k1"), ("b.html", "k2b"), ("c.html", "k3")]] == \
        ["A", "B2", "C"]
    assert later.get("b.html", "k2") is None and later.get("gone.html", "k0") is None


def test_a_damaged_cache_file_is_an_empty_cache(tmp_path):
    path = tmp_path / "pages.pickle"
    path.write_bytes(b"not a pickle")
    assert PageCache(path, "c").get("a.html", "k") is None
    assert digest("ab", "c") != digest("a", "bc")


def test_page_cache_reads_from_a_forked_worker_and_writes_only_from_its_own_process(tmp_path):
    path = tmp_path / "pages.sqlite"
    first = PageCache(path, "c")
    first.put("a.html", "k", {"ids": ["top"]})
    first.save()
    cache = PageCache(path, "c")
    assert cache.get("a.html", "k") == {"ids": ["top"]}  # the parent's connection, open before the fork
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # a worker asks too, then ends as pool workers do
        os.close(reader)
        found = cache.get("a.html", "k") == {"ids": ["top"]} and cache.get("a.html", "other") is None
        os.write(writer, b"yes" if found else b"no")
        os._exit(0)
    os.close(writer)
    assert os.read(reader, 8) == b"yes"
    os.waitpid(child, 0)
    cache.put("b.html", "k2", [1])
    cache.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages.sqlite"]
    again = PageCache(path, "c")
    assert again.get("a.html", "k") == {"ids": ["top"]} and again.get("b.html", "k2") == [1]


def test_a_cache_never_saved_leaves_no_file(tmp_path):
    cache = PageCache(tmp_path / "pages.sqlite", "c")
    cache.put("a.html", "k", [1])
    assert len(list(tmp_path.iterdir())) == 1  # the new file, being written
    del cache
    import gc
    gc.collect()
    assert list(tmp_path.iterdir()) == []


def test_a_result_carried_forward_unread_is_there_next_time_and_only_under_its_key(tmp_path):
    path = tmp_path / "pages.sqlite"
    first = PageCache(path, "c")
    first.put("a.html", "k", ["kept"])
    first.put("b.html", "k", ["dropped"])
    first.save()
    cache = PageCache(path, "c")
    assert cache.carry("a.html", "k") and not cache.carry("b.html", "other key") and not cache.carry("c.html", "k")
    cache.save()
    again = PageCache(path, "c")
    assert again.get("a.html", "k") == ["kept"] and again.get("b.html", "k") is None


def test_a_files_stamp_is_worked_out_once_until_the_file_is_written_again(tmp_path):
    import hashlib
    import os
    import time

    from coproweek.build_cache import FileStamps

    post = tmp_path / "post.md"
    post.write_text("Title: One\n\nText.\n", encoding="utf-8")
    hashed = []

    def sha256(filename):
        hashed.append(filename)
        return hashlib.sha256(open(filename, "rb").read()).digest()

    stamps = FileStamps()
    stamp = stamps.remembering(sha256, "sha256")
    first = stamp(str(post))
    assert [stamp(str(post)) for _ in range(4)] == [first] * 4 and len(hashed) == 1
    # The same size and the same modified time put back (a copy that keeps its
    # time): its changed time still tells, and the new bytes are hashed.
    before = os.stat(post)
    time.sleep(0.01)
    post.write_text("Title: Two\n\nText.\n", encoding="utf-8")
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(post).st_size == before.st_size
    assert stamp(str(post)) == hashlib.sha256(post.read_bytes()).digest() != first and len(hashed) == 2
    # Another method's stamps are its own; a file that is gone gives the method's own error.
    assert stamps.remembering(lambda name: b"md5", "md5")(str(post)) == b"md5"
    with pytest.raises(FileNotFoundError):
        stamp(str(tmp_path / "gone.md"))
