"""The plugin puts the editor into a build, leaves it out with one setting,
and says what to do when its files are not installed."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

import browser_editor
from coproweek.problems import problem_log

PROJECT = Path(__file__).resolve().parents[3]


def pelican(tmp_path, **settings):
    output = tmp_path / "output"
    output.mkdir(exist_ok=True)
    defaults = {"PATH": str(PROJECT / "content"), "SITEURL": "", "RELATIVE_URLS": True, "PLUGINS": ["browser_editor"]}
    site = SimpleNamespace(output_path=str(output), settings=defaults | settings)
    browser_editor.start(site)  # as on `initialized`
    return site


@pytest.fixture(autouse=True)
def no_problems_left_over():
    problem_log.clear()
    yield
    problem_log.clear()


def test_the_editor_is_written_with_its_configuration(tmp_path):
    site = pelican(tmp_path, BROWSER_EDITOR_REPO="scie/coproweek", BROWSER_EDITOR_BACKEND_PORT=9001)
    browser_editor.write_editor(site)
    admin = Path(site.output_path) / "admin"
    for name in ("index.html", "decap-cms.js", "editor.js", "pelican-format.js", "vendor/smol-toml/index.js"):
        assert (admin / name).is_file(), name
    assert not list(admin.glob("*.map")), "source maps are not published"
    assert not (admin / "package.json").exists() and not (admin / "tests").exists()
    config = json.loads((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "scie/coproweek"
    assert config["local_backend"]["url"] == "http://localhost:9001/api/v1"
    assert '<meta name="robots" content="noindex, nofollow">' in (admin / "index.html").read_text(encoding="utf-8")


def test_one_setting_leaves_it_out(tmp_path):
    site = pelican(tmp_path, BROWSER_EDITOR=False)
    browser_editor.write_editor(site)
    assert not (Path(site.output_path) / "admin").exists()


def test_without_node_modules_the_build_says_how_to_get_them(tmp_path, caplog):
    site = pelican(tmp_path, BROWSER_EDITOR_NODE_MODULES=str(tmp_path / "nowhere"))
    with caplog.at_level(logging.WARNING):
        browser_editor.write_editor(site)
    assert not (Path(site.output_path) / "admin").exists()
    assert "left out of this build" in caplog.text and "npm ci --ignore-scripts" in caplog.text
    assert not problem_log.problems  # a local build still succeeds


def test_a_production_build_without_them_is_a_problem(tmp_path):
    site = pelican(tmp_path, BROWSER_EDITOR_NODE_MODULES=str(tmp_path / "nowhere"), BROWSER_EDITOR_REQUIRED=True,
                   SETTINGS_FILE="publishconf.py")
    browser_editor.write_editor(site)
    [problem] = problem_log.problems
    assert problem.path == "publishconf.py" and "BROWSER_EDITOR = False" in problem.fix
