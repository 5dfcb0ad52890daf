"""One build's image work, for the responsive_images plugin and the images
benchmark: derive every content image once (in worker processes when cold),
remember what failed, and publish the derivatives into the output folder."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from coproweek.build_cache import project_cache
from coproweek.config import worker_count
from coproweek.page_cache import PageCache, code_digest, digest

from . import derivatives as derivatives_module
from . import markup as markup_module
from .derivatives import VECTOR_EXTENSIONS, DerivativeCache, Derived, ImageProblem, Spec, publish
from .markup import DEFAULT_SIZES, content_relpath

logger = logging.getLogger(__name__)
PUBLISHED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass(frozen=True)
class ImageSettings:
    """The responsive_images plugin's settings (see coproweek.config)."""

    path: str                           # Pelican's content folder
    siteurl: str = ""                   # Pelican's; its path prefixes image addresses
    static_paths: tuple = ("images",)   # Pelican's; folders whose images are published
    image_widths: tuple = (480, 960, 1600)
    image_max_pixels: int = 40_000_000
    image_sizes: str = DEFAULT_SIZES    # the sizes attribute
    image_cache_path: str = ""          # default: cache/images beside the content folder
    image_jpeg_quality: int = 80
    image_webp_quality: int = 78
    image_workers: int = 0              # processes for a cold build; 0: the number of CPUs, at most 4


class ImageStage:
    """One build's images: what was derived (to publish at the end), what
    failed (reported once per reference), and how long it all took."""

    def __init__(self, settings: ImageSettings) -> None:
        self.content_path = Path(settings.path).resolve()
        cache_path = project_cache(self.content_path, "images", settings.image_cache_path)
        self.cache = DerivativeCache(
            cache_path,
            Spec(
                widths=tuple(settings.image_widths),
                jpeg_quality=settings.image_jpeg_quality,
                webp_quality=settings.image_webp_quality,
                max_pixels=settings.image_max_pixels,
            ),
        )
        self.sizes = settings.image_sizes
        self.workers = worker_count(settings.image_workers)
        self.static_dirs = [p.strip("/").split("/", 1)[0] for p in settings.static_paths]
        self.site_path_prefix = urlparse(settings.siteurl).path.rstrip("/")
        self.derived: dict[str, Derived] = {}
        self.problems: dict[str, ImageProblem | None] = {}  # None: not a raster image
        self.reported: set[str] = set()  # relpaths reported with a Markdown line
        self.static_images: list[str] = []  # taken over from the static generator
        self.identity = ""  # digest of the images and settings the markup depends on (prepare)
        # Rewritten HTML by source file: digest(html, folder, identity) -> the
        # HTML with <picture>s. A page whose images had a problem is never kept.
        self.markup = PageCache(Path(cache_path).parent / "image-markup.sqlite",
                                code_digest(markup_module, derivatives_module))
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
            if path.suffix.lower() in PUBLISHED_EXTENSIONS and path.is_file()
        ]
        self.problems.update(self.cache.derive_many(items, self.workers))
        # Everything that decides the <picture> markup besides the page's own HTML.
        self.identity = digest(self.cache.spec.key(), self.sizes, self.site_path_prefix, *self.static_dirs,
                               *(f"{relpath}:{self._hash_or_missing(path)}" for path, relpath in items))
        self.seconds += time.perf_counter() - started

    def _hash_or_missing(self, path: Path) -> str:
        try:
            return self.cache.content_hash(path)
        except OSError:
            return "unreadable"

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
        self.markup.save()
        self.seconds += time.perf_counter() - started

    def log_summary(self) -> None:
        logger.info(
            "Images: %d made, %d reused from %s, %.2f s",
            self.cache.decoded, self.cache.hits, self.cache.root, self.seconds,
        )
