"""Every plugin follows the one pattern of docs/architecture.md: a frozen
`Settings` read from Pelican's settings with its defaults in one place, one
per-build state (`_build`) made on `initialized`, and nothing at all done in
a build whose PLUGINS leave the plugin out, even in the same process."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import shutil
import subprocess
import sys
import weakref
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican import Pelican, signals
from pelican.settings import DEFAULT_CONFIG

from coproweek import problems
from coproweek.config import BLANK_IS_DEFAULT, lists_plugin, plugin_settings, read_settings
from sitekit.build import ROOT, build_site, disconnect_plugins, site_settings

PLUGINS = sorted(path.parent.name for path in (ROOT / "plugins").glob("*/__init__.py"))


@dataclasses.dataclass(frozen=True)
class Example:
    path: str
    example_limit: int = 3
    example_name: str = dataclasses.field(default="default", metadata=BLANK_IS_DEFAULT)


def test_settings_come_from_the_capitalised_name_with_defaults_for_missing_or_none():
    assert read_settings(Example, {"PATH": "content"}) == Example("content", 3, "default")
    assert read_settings(Example, {"PATH": "c", "EXAMPLE_LIMIT": 5, "EXAMPLE_NAME": "x"}) == Example("c", 5, "x")
    assert read_settings(Example, {"PATH": "c", "EXAMPLE_LIMIT": None}).example_limit == 3
    assert read_settings(Example, {"PATH": "c", "EXAMPLE_NAME": ""}).example_name == "default"
    assert read_settings(Example, {"PATH": "c", "EXAMPLE_LIMIT": 0}).example_limit == 0  # 0 is a value
    with pytest.raises(KeyError, match="PATH"):
        read_settings(Example, {})
    with pytest.raises(dataclasses.FrozenInstanceError):
        read_settings(Example, {"PATH": "c"}).path = "elsewhere"


def test_a_plugin_is_listed_by_name_or_module_or_dotted_path():
    assert lists_plugin({"PLUGINS": ["events"]}, "events")
    assert lists_plugin({"PLUGINS": ["plugins.events"]}, "events")
    assert lists_plugin({"PLUGINS": [SimpleNamespace(__name__="events")]}, "events")
    assert not lists_plugin({"PLUGINS": ["calendar_feeds"]}, "events")
    assert not lists_plugin({"PLUGINS": None}, "events")
    assert plugin_settings(Example, {"PLUGINS": ["x"], "PATH": "c"}, "y") is None


def test_no_plugin_imports_another_and_the_library_never_imports_pelican():
    plugin_names = set(PLUGINS)
    for plugin in PLUGINS:
        tree = ast.parse((ROOT / "plugins" / plugin / "__init__.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert name.split(".")[0] not in plugin_names - {plugin}, f"{plugin} imports {name}"
                assert not (isinstance(node, ast.ImportFrom) and node.level), f"{plugin}: logic belongs in coproweek"
    for module in (ROOT / "coproweek").rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(n.split(".")[0] == "pelican" for n in names), f"{module} imports Pelican"


def test_every_plugin_is_only_its_glue():
    for plugin in PLUGINS:
        files = {p.name for p in (ROOT / "plugins" / plugin).iterdir() if p.name not in ("tests", "__pycache__")}
        assert files == {"__init__.py"}, f"plugins/{plugin} holds more than its glue: {files}"


def _initialized_receivers(module) -> list:
    receivers = (reference() if isinstance(reference, weakref.ref) else reference
                 for reference in list(signals.initialized.receivers.values()))
    return [receiver for receiver in receivers if getattr(receiver, "__module__", None) == module.__name__]


def fake_pelican(tmp_path: Path, plugins: list[str]) -> SimpleNamespace:
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    settings = {**DEFAULT_CONFIG, "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"),
                "THEME": str(ROOT / "theme"), "PLUGINS": plugins, "IMAGE_CACHE_PATH": str(tmp_path / "images"),
                "SHARE_CARD_CACHE_PATH": str(tmp_path / "cards")}
    return SimpleNamespace(settings=settings, output_path=settings["OUTPUT_PATH"])


@pytest.mark.parametrize("plugin", PLUGINS)
def test_each_plugin_has_frozen_settings_and_one_state_made_on_initialized(plugin, tmp_path):
    module = importlib.import_module(plugin)
    assert dataclasses.is_dataclass(module.Settings) and module.Settings.__dataclass_params__.frozen
    assert hasattr(module, "_build"), f"{plugin} keeps its per-build state in `_build`"
    disconnect_plugins()
    try:
        module.register()
        (start,) = _initialized_receivers(module)
        start(fake_pelican(tmp_path, ["some_other_plugin"]))
        assert module._build is None, f"{plugin} keeps state in a build that does not list it"
        start(fake_pelican(tmp_path, [plugin]))
        assert module._build is not None, f"{plugin} made no state in a build that lists it"
        start(fake_pelican(tmp_path, ["some_other_plugin"]))
        assert module._build is None, f"{plugin} kept the last build's state"
    finally:
        disconnect_plugins()
        problems.start_build(str(tmp_path))


@pytest.mark.slow
def test_plugins_left_out_do_nothing_in_a_later_build_in_the_same_process(tmp_path):
    """Pelican never disconnects a plugin's receivers: build once with every
    plugin, then again with only build_problems, WITHOUT forgetting them."""
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    (content / "events").mkdir()
    shutil.copy(ROOT / "content" / "authors.toml", content / "authors.toml")
    (content / "events" / "meet-up.md").write_text(
        "title: Meet-up\nstart: 2018-07-03 10:00\nend: 12:00\nattendance: online\n"
        "joining-link: https://meet.example.org/meet-up\nsummary: A meet-up.\ntags: meet-up\n\nText.\n",
        encoding="utf-8")
    (content / "blog" / "post.md").write_text(
        "Title: Post\nDate: 2018-04-16\nAuthor: Gary Hickey\n\nText.\n", encoding="utf-8")
    build_site(content, tmp_path / "first", SITE_NOW="2018-06-20")
    first = tmp_path / "first"
    assert (first / "_headers").exists() and (first / "events" / "calendar.ics").exists()
    assert list(first.rglob("*.png")), "share cards were drawn"
    (content / "blog" / "post.md").write_text(
        "Title: Post\nDate: 2018-04-16\n\n[A broken link](/nowhere/)\n", encoding="utf-8")  # no author either
    settings = site_settings(content, tmp_path / "second", SITE_NOW="2018-06-20", PLUGINS=["build_problems"])
    Pelican(settings).run()  # no disconnect_plugins(): the plugins themselves must stay quiet
    second = tmp_path / "second"
    assert not (second / "_headers").exists(), "host_config ran"
    assert not (second / "events").exists(), "events or calendar_feeds ran"
    assert not list(second.rglob("*.png")) and not list(second.rglob("*.webp")), "share cards or images ran"
    assert (second / "blog" / "2018" / "04" / "post" / "index.html").exists(), "atomic_output kept it staged"
    assert not list(tmp_path.glob(".second.building-*")), "atomic_output staged the build"


def test_no_plugin_or_library_module_uses_a_deprecated_api_when_imported():
    """Each plugin and each module of the library imported in a fresh
    interpreter, every warning recorded: none may come from this project's
    code (MarkupSafe's __version__, deprecated and gone in 3.1, once did)."""
    script = f"""
import importlib, pkgutil, sys, warnings
sys.path[:0] = [{str(ROOT / "plugins")!r}, {str(ROOT)!r}]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for name in {PLUGINS!r}:
        importlib.import_module(name)
    import coproweek
    for module in pkgutil.walk_packages(coproweek.__path__, "coproweek."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
for warning in caught:
    print(warning.filename, warning.lineno, warning.category.__name__, warning.message, sep=" | ")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    ours = [line for line in result.stdout.splitlines() if line.startswith(str(ROOT)) and "/.venv/" not in line]
    assert ours == []
