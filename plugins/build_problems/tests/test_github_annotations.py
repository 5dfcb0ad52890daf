"""On GitHub Actions the build's problems also appear as annotations on the
Markdown file and line (`::error file=…,line=…::…`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coproweek.problems import Problem, github_annotations

PROJECT = Path(__file__).resolve().parents[3]


def test_each_problem_is_one_error_line_with_file_line_and_fix():
    text = github_annotations([
        Problem("content/blog/post.md", 2, "'16 Aprl 2018' is not a date: 50% wrong", "write 2018-04-16"),
        Problem("pelicanconf.py", None, "two lines,\nwith a comma: here"),
    ])
    assert text.splitlines() == [
        "::error file=content/blog/post.md,line=2,title=Build problem::'16 Aprl 2018' is not a date: 50%25 wrong"
        "%0AHow to fix it: write 2018-04-16",
        "::error file=pelicanconf.py,title=Build problem::two lines,%0Awith a comma: here",
    ]


def test_file_names_with_commas_and_colons_are_escaped():
    line = github_annotations([Problem("content/blog/a,b:c.md", 1, "x")])
    assert line.startswith("::error file=content/blog/a%2Cb%3Ac.md,line=1,")


def _build(content: Path, output: Path, environment: dict) -> subprocess.CompletedProcess:
    script = ("import sys; from sitekit.build import build_site; "
              "build_site(content=sys.argv[1], output=sys.argv[2], SITE_NOW='2018-06-20', BROWSER_EDITOR=False)")
    return subprocess.run([sys.executable, "-c", script, str(content), str(output)], cwd=PROJECT,
                          env={**os.environ, **environment,
                               "PYTHONPATH": os.pathsep.join([str(PROJECT), str(PROJECT / "plugins")])},
                          capture_output=True, encoding="utf-8", timeout=600)


@pytest.mark.slow
def test_a_build_on_github_actions_annotates_planted_problems(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    post = content / "blog" / "co-production-not-rocket-science.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Date: 2018-04-16 09:00", "Date: 16 Aprl 2018"), encoding="utf-8")
    event = content / "events" / "co-production-festival-2018.md"
    event.write_text(event.read_text(encoding="utf-8").replace("end: 16:00", "end: 09:00"), encoding="utf-8")

    on_github = _build(content, tmp_path / "output", {"GITHUB_ACTIONS": "true"})
    assert on_github.returncode != 0
    annotations = [line for line in on_github.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 2, on_github.stdout + on_github.stderr
    assert annotations[0].startswith(f"::error file={os.path.relpath(post, tmp_path)},line=2,")
    assert "Aprl" in annotations[0]
    assert annotations[1].startswith(f"::error file={os.path.relpath(event, tmp_path)},line=3,")
    assert "ends" in annotations[1] and "How to fix it" in annotations[1]

    elsewhere = _build(content, tmp_path / "output", {"GITHUB_ACTIONS": ""})
    assert elsewhere.returncode != 0 and "::error" not in elsewhere.stdout + elsewhere.stderr
    assert "The site was not built: 2 problems" in elsewhere.stderr
