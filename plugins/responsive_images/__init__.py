"""Pelican plugin: responsive images. Every raster image in content gets
resized, metadata-free WebP and original-format derivatives (made once, kept
in cache/images/, linked into each build's output), and each <img> becomes a
<picture> with srcset, sizes, width, height and lazy loading. Bad images are
reported with the Markdown file and line, and fail the build.

Its settings, all optional, are in coproweek.images.stage.ImageSettings; the
per-build state is an ImageStage (there too, so the images benchmark runs the
same code without Pelican)."""

from __future__ import annotations

import os
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from coproweek.config import plugin_settings
from coproweek.images.derivatives import Derived, ImageProblem
from coproweek.images.markup import ImageReference, reference_line, rewrite_images
from coproweek.images.stage import PUBLISHED_EXTENSIONS, ImageSettings, ImageStage
from coproweek.page_cache import digest
from coproweek.problems import metadata_line, read_source, report_problem

Settings = ImageSettings  # this plugin's settings (the one pattern; see docs/architecture.md)

_build: ImageStage | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    settings = plugin_settings(Settings, pelican.settings, __name__)
    _build = ImageStage(settings) if settings else None
    if _build is not None:
        _build.prepare()


def rewrite_content(content) -> None:
    """content_object_init: the Markdown's <img> elements become <picture>s
    (before {static} links are resolved, so both link forms are seen)."""
    html = getattr(content, "_content", None)
    if _build is None or not isinstance(html, str) or "<img" not in html:
        return
    source_path = content.source_path
    content_dir = os.path.dirname(getattr(content, "relative_source_path", "") or "")
    key = digest(html, content_dir, _build.identity)
    rewritten = _build.markup.get(source_path, key)
    if rewritten is not None:  # the same HTML, images and settings as a build before: the same markup
        content._content = rewritten
        return
    source_text = None
    problems = False

    def resolve(reference: ImageReference) -> Derived | None:
        nonlocal source_text, problems
        try:
            return _build.derive(reference.relpath)
        except ImageProblem as problem:
            if source_text is None:
                source_text = read_source(source_path)
            line = reference_line(source_text, reference.relpath, reference.occurrence)
            report_problem(source_path, problem.what, problem.fix, line=line)
            _build.reported.add(reference.relpath)
            problems = True
            return None

    content._content = rewrite_images(
        html, resolve, _build.url_for, lambda src: _build.to_relpath(src, content_dir), sizes=_build.sizes
    )
    if not problems:
        _build.markup.put(source_path, key, content._content)


def take_over_static_images(generator) -> None:
    """static_generator_finalized: raster images in the static folders are
    published as metadata-free derivatives (also under their own names), never
    copied as uploaded, so no photo's GPS position reaches the site."""
    if _build is None:
        return
    for static in list(generator.staticfiles):
        relpath = static.relative_source_path.replace(os.sep, "/")
        if Path(relpath).suffix.lower() not in PUBLISHED_EXTENSIONS:
            continue
        generator.staticfiles.remove(static)
        _build.static_images.append(relpath)


def _derive_static_images() -> None:
    """Images no page or event refers to are still published (clean): a
    problem with one is reported on the image file itself."""
    for relpath in _build.static_images:
        try:
            _build.derive(relpath)
        except ImageProblem as problem:
            if relpath not in _build.reported:  # else already reported with its Markdown line
                report_problem(str(_build.content_path / relpath), problem.what, problem.fix)


def picture_for_event_images(generators) -> None:
    """all_generators_finalized: events (from the events generator) get
    `image_picture`, ready-made <picture> markup for their `image` (templates:
    `{{ event.image_picture }}`, falling back to a plain <img>)."""
    if _build is None:
        return
    for generator in generators:
        for page in getattr(generator, "events", None) or []:
            event = getattr(page, "event", page)  # the events plugin's Event behind each page
            image = getattr(event, "image", "")
            if not image:
                continue
            src = image if image.startswith(("/", "{")) or "://" in image else "/" + image
            relpath = _build.to_relpath(src)
            if relpath is None:
                continue
            try:
                derived = _build.derive(relpath)
            except ImageProblem as problem:
                report_problem(event.source_path, problem.what, problem.fix, line=metadata_line(event.source_path, "image"))
                _build.reported.add(relpath)
                continue
            if derived is None:
                continue
            alt = getattr(event, "image_alt", "") or ""
            fragment = rewrite_images(
                f'<img src="{_escape(src)}" alt="{_escape(alt)}">', lambda _ref: derived, _build.url_for,
                lambda _src: relpath, sizes=_build.sizes, eager_first=False,
            )
            try:
                event.image_picture = Markup(fragment)
            except AttributeError:  # a frozen object: templates fall back to the plain image
                pass


def _escape(text: str) -> str:
    return str(Markup.escape(text))


def images_for_events_then_publish(generators) -> None:
    """all_generators_finalized: every image is known by now (the static
    generator runs last), so the derivatives go into the output folder (the
    staging folder, with atomic_output) before pages are written and before
    link checks at `finalized` look for them."""
    picture_for_event_images(generators)
    if _build is not None and generators:
        _derive_static_images()
        _build.publish_all(generators[0].output_path)


def publish_images(pelican) -> None:
    """finalized: publish anything derived while pages were written, and report."""
    if _build is None:
        return
    _build.publish_all(pelican.output_path)
    _build.log_summary()


def register() -> None:
    signals.initialized.connect(start)
    signals.content_object_init.connect(rewrite_content)
    signals.static_generator_finalized.connect(take_over_static_images)
    signals.all_generators_finalized.connect(images_for_events_then_publish)
    signals.finalized.connect(publish_images)
