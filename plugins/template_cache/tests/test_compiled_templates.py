"""Compiled templates are kept between builds, and never used for a source
or an environment option they were not compiled from."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader
from jinja2.bccache import bc_magic

from coproweek.compiled_templates import compile_options_digest, keep_compiled_templates


class CountingEnvironment(Environment):
    """An environment that counts the templates it compiled from source."""

    compiled = 0

    def compile(self, *args, **kwargs):
        CountingEnvironment.compiled += 1
        return super().compile(*args, **kwargs)


def render(templates, cache, **options) -> str:
    environment = CountingEnvironment(loader=FileSystemLoader(str(templates)), **options)
    keep_compiled_templates(environment, cache)
    return environment.get_template("page.html").render(name="Ada & co")


def templates_in(folder, page: str):
    folder.mkdir(exist_ok=True)
    (folder / "base.html").write_text("<main>\n  {% block body %}{% endblock %}\n</main>\n", encoding="utf-8")
    (folder / "page.html").write_text(page, encoding="utf-8")
    return folder


PAGE = '{% extends "base.html" %}{% block body %}\n  {% if name %}\n  <p>{{ name }}</p>\n  {% endif %}\n{% endblock %}'


def test_a_second_build_loads_every_template_compiled(tmp_path):
    templates, cache = templates_in(tmp_path / "templates", PAGE), tmp_path / "cache"
    CountingEnvironment.compiled = 0
    first = render(templates, cache)
    assert CountingEnvironment.compiled == 2  # page.html and base.html
    assert render(templates, cache) == first
    assert CountingEnvironment.compiled == 2  # none compiled again


def test_a_changed_source_is_compiled_again(tmp_path):
    templates, cache = templates_in(tmp_path / "templates", PAGE), tmp_path / "cache"
    render(templates, cache)
    templates_in(templates, PAGE.replace("</p>", " and friends</p>"))
    CountingEnvironment.compiled = 0
    assert "Ada & co and friends" in render(templates, cache)
    assert CountingEnvironment.compiled == 1  # base.html is unchanged


def test_an_option_that_shapes_the_code_gets_code_of_its_own(tmp_path):
    """The same sources, with trim_blocks or autoescape changed, render as
    Jinja renders them fresh, not as the cached code of other options does."""
    templates, cache = templates_in(tmp_path / "templates", PAGE), tmp_path / "cache"
    variants = [{}, {"trim_blocks": True, "lstrip_blocks": True}, {"autoescape": True},
                {"variable_start_string": "[[", "variable_end_string": "]]"}]
    for options in variants:
        render(templates, cache, **options)  # every variant's cache filled...
    for options in variants:  # ...and each still renders as a fresh environment does
        fresh = Environment(loader=FileSystemLoader(str(templates)), **options)
        assert render(templates, cache, **options) == fresh.get_template("page.html").render(name="Ada & co")
    digests = {compile_options_digest(Environment(**options)) for options in variants}
    assert len(digests) == len(variants)
    assert render(templates, cache, autoescape=True) != render(templates, cache)  # "&amp;" against "&"


def test_a_damaged_cache_file_is_compiled_again_and_a_full_disk_only_costs_speed(tmp_path, monkeypatch):
    templates, cache = templates_in(tmp_path / "templates", PAGE), tmp_path / "cache"
    first = render(templates, cache)
    for kept in cache.rglob("__jinja2_*.cache"):  # cut short just after Jinja's header
        kept.write_bytes(kept.read_bytes()[:len(bc_magic) + 3])
    CountingEnvironment.compiled = 0
    assert render(templates, cache) == first
    assert CountingEnvironment.compiled == 2

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tempfile.NamedTemporaryFile", disk_full)
    templates_in(templates, PAGE.replace("</p>", "!</p>"))
    assert "Ada &amp; co!" in render(templates, cache, autoescape=True)


def test_a_cache_folder_that_cannot_be_made_leaves_templates_compiled_as_jinja_does(tmp_path):
    templates, in_the_way = templates_in(tmp_path / "templates", PAGE), tmp_path / "a-file"
    in_the_way.write_text("not a folder", encoding="utf-8")
    environment = Environment(loader=FileSystemLoader(str(templates)))
    keep_compiled_templates(environment, in_the_way)
    assert environment.bytecode_cache is None
    assert "Ada" in environment.get_template("page.html").render(name="Ada")
