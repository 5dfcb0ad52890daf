"""Two builds of one site at the same time (a second terminal, livereload
while a build runs) queue behind one lock instead of one deleting the other's
staging folder ("FileNotFoundError inside the site builder")."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sitekit.build import ROOT

pytestmark = pytest.mark.slow


def start_build(output):
    return subprocess.Popen(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(output)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8",
        env={**os.environ, "SITE_NOW": "2018-06-20"},
    )


def test_two_builds_at_once_both_succeed_one_after_the_other(tmp_path):
    output = tmp_path / "output"
    builds = [start_build(output), start_build(output)]
    results = [(build.wait(timeout=600), *build.communicate()) for build in builds]
    for code, out, err in results:
        assert code == 0, err
        assert "FileNotFoundError" not in out + err and "inside the site builder" not in err
    assert (output / "index.html").exists() and (output / "events" / "index.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock-output", "output"]


def test_a_build_waits_for_the_lock_and_says_why(tmp_path):
    from coproweek.publishing.staging import BuildLock

    output = tmp_path / "output"
    holder = BuildLock(str(output))
    assert holder.acquire(timeout=1)
    build = start_build(output)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            build.wait(timeout=8)  # it waits rather than failing or racing
    finally:
        holder.release()
    code = build.wait(timeout=600)
    _, err = build.communicate()
    assert code == 0, err
    assert "Another build of this site is writing" in err and "this one will start when it has finished" in err
