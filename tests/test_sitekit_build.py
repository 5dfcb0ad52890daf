"""Builds in one process do not leak plugins into each other."""

import shutil

from sitekit.build import ROOT, build_site


def test_a_plugin_left_out_of_plugins_does_not_run_in_a_later_build(tmp_path):
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "authors.toml", content / "authors.toml")
    (content / "blog" / "post.md").write_text(
        "Title: Post\nDate: 2018-04-16\nAuthor: Gary Hickey\n\n[A broken link](/nowhere/)\n", encoding="utf-8")
    build_site(content, tmp_path / "first", SITE_NOW="2018-06-20",
               PLUGINS=["build_problems", "host_config"])
    assert (tmp_path / "first" / "_headers").exists()
    build_site(content, tmp_path / "second", SITE_NOW="2018-06-20", PLUGINS=["build_problems"])
    assert not (tmp_path / "second" / "_headers").exists(), "host_config ran though it was not listed"
