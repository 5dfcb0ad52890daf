"""Builds the accessibility fixture site (planted problems + clean controls)
with Pelican and the accessibility_audit plugin, into a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

FIXTURE = Path(__file__).parent
PLUGINS = FIXTURE.parent.parent / "plugins"
NO_ALT_DESCRIPTION = "Carers and staff planning the week together"


def _image(path: Path, colour=(120, 140, 90), size=(40, 30), description: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    picture = Image.new("RGB", size, colour)
    if path.suffix == ".jpg":
        exif = Image.Exif()
        if description:
            exif[0x010E] = description
        picture.save(path, exif=exif)
    else:
        picture.save(path)


def make_images(site: Path) -> None:
    images = site / "content" / "images"
    for name in ("camera.jpg", "placeholder.jpg", "mural.jpg", "long.jpg", "garden.jpg", "workshop-1.jpg",
                 "workshop-2.jpg", "divider.png", "home-icon.png", "go.png", "map.png", "ignored.jpg", "trees.jpg",
                 "flourish.png", "home.png", "search.png", "report.png"):
        _image(images / name)
    _image(images / "no-alt.jpg", description=NO_ALT_DESCRIPTION)
    (images / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    theme_images = site / "theme" / "static" / "images"
    _image(theme_images / "partner-logo.png")
    hero = Image.new("RGB", (240, 120), (255, 255, 255))
    hero.paste((25, 25, 25), (0, 0, 120, 120))  # dark left half, white right half
    theme_images.mkdir(parents=True, exist_ok=True)
    hero.save(theme_images / "hero.png")


def settings_for(site: Path, **extra) -> dict:
    settings = {
        "PATH": str(site / "content"), "THEME": str(site / "theme"), "OUTPUT_PATH": str(site / "output"),
        "PLUGIN_PATHS": [str(PLUGINS)], "PLUGINS": ["accessibility_audit"],
        "SITENAME": "Fixture", "SITEURL": "", "RELATIVE_URLS": True, "TIMEZONE": "Europe/London",
        "PAGE_PATHS": ["pages"], "ARTICLE_PATHS": ["blog"], "STATIC_PATHS": ["images"],
        "PAGE_URL": "{slug}/", "PAGE_SAVE_AS": "{slug}/index.html",
        "DIRECT_TEMPLATES": ["index"], "AUTHOR_SAVE_AS": "", "AUTHORS_SAVE_AS": "", "CATEGORY_SAVE_AS": "",
        "CATEGORIES_SAVE_AS": "", "TAG_SAVE_AS": "", "TAGS_SAVE_AS": "", "ARCHIVES_SAVE_AS": "",
        "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None, "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None, "AUTHOR_FEED_RSS": None,
        "MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"},
        "AUDIT_REPORT_DIR": "reports", "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
    }
    settings.update(extra)
    return settings


class FixtureBuildFailed(Exception):
    """The fixture build exited non-zero; the exception's text is its output."""


def build_fixture(destination: Path, **extra_settings) -> Path:
    """Copy the fixture to `destination`, add its images, build it; returns the site folder.

    Pelican runs in its own process: its signals are process-wide, so plugins other
    tests loaded would otherwise join this build."""
    site = destination / "site"
    shutil.copytree(FIXTURE / "content", site / "content")
    shutil.copytree(FIXTURE / "theme", site / "theme")
    make_images(site)
    conf = site / "fixtureconf.py"
    conf.write_text(f"globals().update({settings_for(site, **extra_settings)!r})\n")
    paths = os.pathsep.join([str(PLUGINS), str(FIXTURE.parent.parent)])
    done = subprocess.run([sys.executable, "-m", "pelican", "-s", str(conf)], cwd=site, capture_output=True,
                          encoding="utf-8", errors="replace",
                          env={**os.environ, "PYTHONPATH": paths, "PYTHONIOENCODING": "utf-8"})
    if done.returncode != 0:
        raise FixtureBuildFailed(done.stdout + done.stderr)
    return site
