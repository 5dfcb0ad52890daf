import os
import time

from coproweek.publishing.staging import discard, make_staging, promote, remove_leftovers


def tree(folder):
    return {
        os.path.relpath(os.path.join(path, name), folder): open(os.path.join(path, name), "rb").read()
        for path, _, names in os.walk(folder) for name in names
    }


def test_staging_is_a_new_hidden_sibling(tmp_path):
    staging = make_staging(str(tmp_path / "output"))
    assert os.path.dirname(staging) == str(tmp_path)
    assert os.path.basename(staging).startswith(".output.building-")
    assert os.listdir(staging) == []


def test_promote_replaces_the_old_site_completely(tmp_path):
    output = tmp_path / "output"
    (output / "old").mkdir(parents=True)
    (output / "old" / "gone.html").write_text("old")
    staging = make_staging(str(output))
    with open(os.path.join(staging, "index.html"), "w") as handle:
        handle.write("new")
    promote(staging, str(output))
    assert tree(output) == {"index.html": b"new"}
    assert sorted(os.listdir(tmp_path)) == ["output"]
    assert oct(os.stat(output).st_mode & 0o777) == "0o755"


def test_promote_into_a_new_folder(tmp_path):
    staging = make_staging(str(tmp_path / "site" / "output"))
    promote(staging, str(tmp_path / "site" / "output"))
    assert (tmp_path / "site" / "output").is_dir()


def test_discard_leaves_the_published_site_untouched(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("published")
    before = tree(output)
    staging = make_staging(str(output))
    with open(os.path.join(staging, "index.html"), "w") as handle:
        handle.write("half-written")
    discard(staging)
    assert tree(output) == before
    assert sorted(os.listdir(tmp_path)) == ["output"]


def test_leftovers_of_crashed_builds_are_removed(tmp_path):
    output = tmp_path / "output"
    make_staging(str(output))
    make_staging(str(output))
    (tmp_path / "unrelated").mkdir()
    remove_leftovers(str(output))
    assert sorted(os.listdir(tmp_path)) == ["unrelated"]


def test_build_lock_makes_a_second_build_wait_and_says_so(tmp_path):
    import threading

    from coproweek.publishing.staging import BuildLock

    first, second = BuildLock(str(tmp_path / "output")), BuildLock(str(tmp_path / "output"))
    assert first.acquire(timeout=1)
    told = []
    assert not second.acquire(timeout=0.5, on_wait=lambda: told.append(True))
    assert told == [True]
    threading.Timer(0.5, first.release).start()
    assert second.acquire(timeout=5)
    second.release()
    assert os.path.basename(first.path) == ".lock-output"
    assert BuildLock(str(tmp_path / "other")).acquire(timeout=0)  # another folder is not held up


def test_promote_can_leave_the_old_site_to_another_process(tmp_path):
    output = tmp_path / "output"
    (output / "deep" / "er").mkdir(parents=True)
    for number in range(200):
        (output / "deep" / "er" / f"{number}.html").write_text("old")
    staging = make_staging(str(output))
    with open(os.path.join(staging, "index.html"), "w") as handle:
        handle.write("new")
    promote(staging, str(output), background=True)
    assert tree(output) == {"index.html": b"new"}  # the new site is in place at once
    deadline = time.monotonic() + 30
    while sorted(os.listdir(tmp_path)) != ["output"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(os.listdir(tmp_path)) == ["output"]  # and the old one is gone soon after
