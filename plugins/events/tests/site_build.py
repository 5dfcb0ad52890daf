"""Build a small fixture site with the events plugin, for the page tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from sitekit.build import build_site, site_settings

FIXTURE = Path(__file__).parent / "fixture"
NOW = "2018-06-20"


def plugins_with_events() -> list[str]:
    plugins = list(site_settings()["PLUGINS"])
    return plugins if "events" in plugins else [*plugins, "events"]


def build(content: Path, output: Path, **overrides) -> dict:
    overrides.setdefault("SITE_NOW", NOW)
    return build_site(content, output, PLUGINS=plugins_with_events(), **overrides)


def fixture_copy(tmp_path: Path, extra_events: dict[str, str] | None = None) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    for name, text in (extra_events or {}).items():
        (content / "events" / name).write_text(text, encoding="utf-8")
    return content


def soup(site: Path, url_path: str) -> BeautifulSoup:
    path = site / url_path.strip("/") / "index.html" if not url_path.endswith(".html") else site / url_path.strip("/")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
