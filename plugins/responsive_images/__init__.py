"""Pelican plugin: responsive images. Every raster image in content gets
resized, metadata-free WebP and original-format derivatives (made once, kept
in cache/images/, linked into each build's output), and each <img> becomes a
<picture> with srcset, sizes, width, height and lazy loading. Bad images are
reported with the Markdown file and line, and fail the build.

Settings (all optional): IMAGE_WIDTHS (480, 960, 1600), IMAGE_MAX_PIXELS
(40_000_000), IMAGE_SIZES (the sizes attribute), IMAGE_CACHE_PATH
(cache/images beside the content folder), IMAGE_JPEG_QUALITY (80),
IMAGE_WEBP_QUALITY (78), IMAGE_WORKERS (processes for a cold build: the
number of CPUs, at most 4)."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from urllib.parse import urlparse

from markupsafe import Markup
from pelican import signals

from coproweek.problems import metadata_line, read_source, report_problem

from coproweek.images.derivatives import (
    VECTOR_EXTENSIONS,
    Derived,
    DerivativeCache,
    ImageProblem,
    Spec,
    publish,
)
from coproweek.images.markup import DEFAULT_SIZES, ImageReference, content_relpath, reference_line, rewrite_images

logger = logging.getLogger(__name__)
_PUBLISHED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}


class ImageStage:
    """One build's images: what was derived (to publish at the end), what
    failed (reported once per reference), and how long it all took."""

    def __init__(self, settings: dict) -> None:
        self.content_path = Path(settings["PATH"]).resolve()
        cache_path = settings.get("IMAGE_CACHE_PATH") or self.content_path.parent / "cache" / "images"
        self.cache = DerivativeCache(
            cache_path,
            Spec(
                widths=tuple(settings.get("IMAGE_WIDTHS", (480, 960, 1600))),
                jpeg_quality=settings.get("IMAGE_JPEG_QUALITY", 80),
                webp_quality=settings.get("IMAGE_WEBP_QUALITY", 78),
                max_pixels=settings.get("IMAGE_MAX_PIXELS", 40_000_000),
            ),
        )
        self.sizes = settings.get("IMAGE_SIZES", DEFAULT_SIZES)
        self.workers = int(settings.get("IMAGE_WORKERS") or min(4, os.cpu_count() or 1))
        self.static_dirs = [p.strip("/").split("/", 1)[0] for p in settings.get("STATIC_PATHS", ["images"])]
        self.site_path_prefix = urlparse(settings.get("SITEURL", "")).path.rstrip("/")
        self.derived: dict[str, Derived] = {}
        self.problems: dict[str, ImageProblem | None] = {}  # None: not a raster image
        self.reported: set[str] = set()  # relpaths reported with a Markdown line
        self.static_images: list[str] = []  # taken over from the static generator
        self.seconds = 0.0

    def prepare(self) -> None:
        """Makes the missing derivatives of every image in the static folders
        at once, in IMAGE_WORKERS processes: the pages then find them all in
        the cache. A warm build only checks the cache here."""
        started = time.perf_counter()
        items = [
            (path, path.relative_to(self.content_path).as_posix())
            for folder in dict.fromkeys(self.static_dirs)
            if (self.content_path / folder).is_dir()
            for path in sorted((self.content_path / folder).rglob("*"))
            if path.suffix.lower() in _PUBLISHED_EXTENSIONS and path.is_file()
        ]
        self.problems.update(self.cache.derive_many(items, self.workers))
        self.seconds += time.perf_counter() - started

    def url_for(self, relpath: str) -> str:
        return f"{self.site_path_prefix}/{relpath}"

    def to_relpath(self, src: str, content_dir: str = "") -> str | None:
        return content_relpath(src, content_dir, self.site_path_prefix, self.static_dirs)

    def derive(self, relpath: str) -> Derived:
        """Derivatives of one content image; raises ImageProblem. Returns None
        for vector images, which are published as they are."""
        if relpath in self.derived:
            return self.derived[relpath]
        if relpath in self.problems:
            if self.problems[relpath] is None:
                return None
            raise self.problems[relpath]
        source = self.content_path / relpath
        started = time.perf_counter()
        try:
            if Path(relpath).suffix.lower() in VECTOR_EXTENSIONS and source.is_file():
                self.problems[relpath] = None
                return None
            derived = self.cache.derive(source, relpath)
        except ImageProblem as problem:
            self.problems[relpath] = problem
            raise
        finally:
            self.seconds += time.perf_counter() - started
        self.derived[relpath] = derived
        return derived

    def publish_all(self, output_path: str) -> None:
        """Links every derivative so far into `output_path`; files already
        there are kept, so calling this again publishes only what is new."""
        started = time.perf_counter()
        for derived in self.derived.values():
            publish(derived, output_path)
        self.cache.save_index()
        self.seconds += time.perf_counter() - started

    def log_summary(self) -> None:
        logger.info(
            "Images: %d made, %d reused from %s, %.2f s",
            self.cache.decoded, self.cache.hits, self.cache.root, self.seconds,
        )


_stage: ImageStage | None = None


def start(pelican) -> None:
    global _stage
    _stage = ImageStage(pelican.settings)
    _stage.prepare()


def rewrite_content(content) -> None:
    """content_object_init: the Markdown's <img> elements become <picture>s
    (before {static} links are resolved, so both link forms are seen)."""
    html = getattr(content, "_content", None)
    if _stage is None or not isinstance(html, str) or "<img" not in html:
        return
    source_path = content.source_path
    content_dir = os.path.dirname(getattr(content, "relative_source_path", "") or "")
    source_text = None

    def resolve(reference: ImageReference) -> Derived | None:
        nonlocal source_text
        try:
            return _stage.derive(reference.relpath)
        except ImageProblem as problem:
            if source_text is None:
                source_text = read_source(source_path)
            line = reference_line(source_text, reference.relpath, reference.occurrence)
            report_problem(source_path, problem.what, problem.fix, line=line)
            _stage.reported.add(reference.relpath)
            return None

    content._content = rewrite_images(
        html, resolve, _stage.url_for, lambda src: _stage.to_relpath(src, content_dir), sizes=_stage.sizes
    )


def take_over_static_images(generator) -> None:
    """static_generator_finalized: raster images in the static folders are
    published as metadata-free derivatives (also under their own names), never
    copied as uploaded, so no photo's GPS position reaches the site."""
    if _stage is None:
        return
    for static in list(generator.staticfiles):
        relpath = static.relative_source_path.replace(os.sep, "/")
        if Path(relpath).suffix.lower() not in _PUBLISHED_EXTENSIONS:
            continue
        generator.staticfiles.remove(static)
        _stage.static_images.append(relpath)


def _derive_static_images() -> None:
    """Images no page or event refers to are still published (clean): a
    problem with one is reported on the image file itself."""
    for relpath in _stage.static_images:
        try:
            _stage.derive(relpath)
        except ImageProblem as problem:
            if relpath not in _stage.reported:  # else already reported with its Markdown line
                report_problem(str(_stage.content_path / relpath), problem.what, problem.fix)


def picture_for_event_images(generators) -> None:
    """all_generators_finalized: events (from the events generator) get
    `image_picture`, ready-made <picture> markup for their `image` (templates:
    `{{ event.image_picture }}`, falling back to a plain <img>)."""
    if _stage is None:
        return
    for generator in generators:
        for page in getattr(generator, "events", None) or []:
            event = getattr(page, "event", page)  # the events plugin's Event behind each page
            image = getattr(event, "image", "")
            if not image:
                continue
            src = image if image.startswith(("/", "{")) or "://" in image else "/" + image
            relpath = _stage.to_relpath(src)
            if relpath is None:
                continue
            try:
                derived = _stage.derive(relpath)
            except ImageProblem as problem:
                report_problem(event.source_path, problem.what, problem.fix, line=metadata_line(event.source_path, "image"))
                _stage.reported.add(relpath)
                continue
            if derived is None:
                continue
            alt = getattr(event, "image_alt", "") or ""
            fragment = rewrite_images(
                f'<img src="{_escape(src)}" alt="{_escape(alt)}">', lambda _ref: derived, _stage.url_for,
                lambda _src: relpath, sizes=_stage.sizes, eager_first=False,
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
    if _stage is not None and generators:
        _derive_static_images()
        _stage.publish_all(generators[0].output_path)


def publish_images(pelican) -> None:
    """finalized: publish anything derived while pages were written, and report."""
    if _stage is None:
        return
    _stage.publish_all(pelican.output_path)
    _stage.log_summary()


def register() -> None:
    signals.initialized.connect(start)
    signals.content_object_init.connect(rewrite_content)
    signals.static_generator_finalized.connect(take_over_static_images)
    signals.all_generators_finalized.connect(images_for_events_then_publish)
    signals.finalized.connect(publish_images)
