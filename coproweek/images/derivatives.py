"""Resized, metadata-free copies of content images, made with Pillow and kept
in a cache folder outside output/ so that each is made once and reused by
every later build while its source is unchanged. Knows nothing of Pelican.

A cache entry is a folder named by the source's content hash and the
derivative spec (widths, qualities, renderer version); it holds the image
files and a manifest.json written last, so a half-written entry (a build
killed mid-way) is never taken for a finished one."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps, UnidentifiedImageError

# Bump when the processing below changes, so old cache entries are not reused.
RENDERER_VERSION = 1

# Formats the site publishes, and the file extension used for each.
PUBLISHED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Extensions worth giving an author a precise "unsupported format" message for.
KNOWN_IMAGE_EXTENSIONS = {
    ".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp",
    ".heic", ".heif", ".avif", ".psd", ".jp2", ".ico",
}
VECTOR_EXTENSIONS = {".svg", ".svgz"}
_EXIF_ORIENTATION = 0x0112
_TURNED_SIDEWAYS = {5, 6, 7, 8}  # EXIF orientations that swap width and height


class ImageProblem(Exception):
    """A content image the site cannot publish, in words for its author."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(what)
        self.what = what
        self.fix = fix

    def __reduce__(self):  # travels back from worker processes
        return ImageProblem, (self.what, self.fix)


@dataclass(frozen=True)
class Spec:
    """How derivatives are made. Part of every cache key."""

    widths: tuple[int, ...] = (480, 960, 1600)
    jpeg_quality: int = 80
    webp_quality: int = 78
    max_pixels: int = 40_000_000

    def key(self) -> str:
        text = json.dumps([RENDERER_VERSION, list(self.widths), self.jpeg_quality, self.webp_quality])
        return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Variant:
    """One published file: `relpath` in output/ (e.g. images/photo-960w.webp)."""

    relpath: str
    extension: str  # "jpg", "png" or "webp"
    width: int
    height: int


@dataclass(frozen=True)
class Derived:
    """All derivatives of one source image, smallest first within each format."""

    source_relpath: str        # e.g. images/photo.jpg
    width: int                 # of the source, after EXIF orientation
    height: int
    fallback_extension: str    # the source's own format: jpg or png (webp stays webp)
    variants: tuple[Variant, ...]
    cache_dir: Path = field(compare=False)

    def of_extension(self, extension: str) -> list[Variant]:
        return sorted((v for v in self.variants if v.extension == extension), key=lambda v: v.width)

    @property
    def fallbacks(self) -> list[Variant]:
        return self.of_extension(self.fallback_extension)

    @property
    def webp(self) -> list[Variant]:
        return [] if self.fallback_extension == "webp" else self.of_extension("webp")

    def default_variant(self, preferred_width: int = 960) -> Variant:
        """The `src` for browsers without srcset: the largest fallback no wider
        than `preferred_width`, else the smallest."""
        fallbacks = self.fallbacks
        fitting = [v for v in fallbacks if v.width <= preferred_width]
        return fitting[-1] if fitting else fallbacks[0]

    def cache_file(self, variant: Variant) -> Path:
        # Named by size alone: the entry belongs to the content, whatever
        # name (or names) the image has in content/.
        return self.cache_dir / f"{variant.width}w.{variant.extension}"


def target_widths(source_width: int, wanted: tuple[int, ...]) -> list[int]:
    """The requested widths narrower than the source, never upscaling; a
    source narrower than the largest requested width is also kept at its own
    width, so the biggest derivative is as sharp as the original allows."""
    below = sorted({w for w in wanted if w < source_width})
    if source_width <= max(wanted):
        below.append(source_width)
    return below


def derivative_relpath(source_relpath: str, width: int, extension: str) -> str:
    """images/photo.jpg -> images/photo-960w.jpg: the same folder and stem, so
    anything tracing an image back to its source by name still can."""
    path = PurePosixPath(source_relpath)
    return str(path.with_name(f"{path.stem}-{width}w.{extension}"))


def _scaled_height(width: int, source_width: int, source_height: int) -> int:
    return max(1, round(source_height * width / source_width))


class DerivativeCache:
    """Makes derivatives on a cache miss; on a hit reads only the manifest.
    `decoded` counts images Pillow opened for processing: a warm build keeps
    it at zero."""

    def __init__(self, cache_root: str | os.PathLike, spec: Spec | None = None) -> None:
        self.root = Path(cache_root)
        self.spec = spec or Spec()
        self.decoded = 0
        self.hits = 0
        self._hash_index_path = self.root / "source-hashes.json"
        self._hash_index: dict[str, list] = {}
        self._hash_index_changed = False
        try:
            self._hash_index = json.loads(self._hash_index_path.read_text())
        except (OSError, ValueError):
            self._hash_index = {}

    # -- content hashes, remembered by (size, mtime) so a warm build reads no image bytes

    def content_hash(self, source: Path) -> str:
        stat = source.stat()
        remembered = self._hash_index.get(str(source.resolve()))
        if remembered and remembered[:2] == [stat.st_size, stat.st_mtime_ns]:
            return remembered[2]
        digest = hashlib.sha256()
        with open(source, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        value = digest.hexdigest()
        self._hash_index[str(source.resolve())] = [stat.st_size, stat.st_mtime_ns, value]
        self._hash_index_changed = True
        return value

    def save_index(self) -> None:
        if not self._hash_index_changed:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self._hash_index_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self._hash_index, indent=0, sort_keys=True))
        os.replace(temporary, self._hash_index_path)
        self._hash_index_changed = False

    # -- derivatives

    def derive(self, source: str | os.PathLike, source_relpath: str) -> Derived:
        """Derivatives of `source` (published as `source_relpath`), from the
        cache when possible. Raises ImageProblem for a file that cannot be
        published."""
        source = Path(source)
        if not source.is_file():
            raise ImageProblem(
                f"the image '{source_relpath}' does not exist.",
                "check the file name (it is case-sensitive) and that the file is in content/images/.",
            )
        entry = self._entry(source)
        manifest = entry / "manifest.json"
        if manifest.is_file():
            try:
                derived = self._read_manifest(manifest, source_relpath)
                self.hits += 1
                return derived
            except (OSError, ValueError, KeyError):
                pass  # a damaged entry: make it again
        return self._make(source, source_relpath, entry)

    def _entry(self, source: Path) -> Path:
        return self.root / f"{self.content_hash(source)}-{self.spec.key()}"

    def is_cached(self, source: str | os.PathLike) -> bool:
        source = Path(source)
        return source.is_file() and (self._entry(source) / "manifest.json").is_file()

    def derive_many(self, items: list[tuple[Path, str]], workers: int) -> dict[str, ImageProblem]:
        """Makes the missing derivatives of many images at once in `workers`
        processes (a first build of a folder of photos is CPU-bound), so
        that later derive() calls are cache hits. Returns the problems found,
        by relpath; anything else that goes wrong in a worker is left for
        derive() to meet again in this process."""
        misses, seen = [], set()
        for source, relpath in items:
            source = Path(source)
            if self._worth_preparing(source) and (key := self.content_hash(source)) not in seen:
                seen.add(key)  # the same photo under two names is made once
                misses.append((source, relpath))
        problems: dict[str, ImageProblem] = {}
        if workers < 2 or len(misses) < 2:
            return problems
        self.save_index()  # workers read the hashes just computed
        jobs = [(str(self.root), self.spec, str(source), relpath) for source, relpath in misses]
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
            for relpath, outcome in pool.map(_derive_in_worker, jobs):
                if isinstance(outcome, ImageProblem):
                    problems[relpath] = outcome
                elif outcome:
                    self.decoded += 1
        return problems

    def _worth_preparing(self, source: Path) -> bool:
        try:
            return source.is_file() and not self.is_cached(source)
        except OSError:
            return False

    def _read_manifest(self, manifest: Path, source_relpath: str) -> Derived:
        data = json.loads(manifest.read_text())
        extension = data["fallback_extension"]
        variants = tuple(
            Variant(derivative_relpath(source_relpath, v["width"], v["extension"]), v["extension"], v["width"], v["height"])
            for v in data["variants"]
        )
        derived = Derived(source_relpath, data["width"], data["height"], extension, variants, manifest.parent)
        if not all(derived.cache_file(v).is_file() for v in variants):
            raise KeyError("missing file")
        return derived

    def _open(self, source: Path, source_relpath: str) -> tuple[Image.Image, tuple[int, int]]:
        """Opens and fully decodes the source, turning each way it can fail
        into a plain-English ImageProblem."""
        suffix = source.suffix.lower()
        previous_limit = Image.MAX_IMAGE_PIXELS
        # Pillow's decompression-bomb guard, checked on the header before any
        # decoding: an error past twice the limit; past the limit only a
        # warning, silenced here because the size check below reports it
        # with the image's dimensions.
        Image.MAX_IMAGE_PIXELS = self.spec.max_pixels
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                try:
                    image = Image.open(source)
                except Image.DecompressionBombError:
                    raise self._too_big(source_relpath, None) from None
                except UnidentifiedImageError:
                    if suffix in KNOWN_IMAGE_EXTENSIONS:
                        raise ImageProblem(
                            f"the file '{source_relpath}' is not a picture the site can read: "
                            "it may be damaged, or be another kind of file renamed.",
                            "open it in an image editor and export it again as JPEG (photos) or PNG (drawings).",
                        ) from None
                    raise ImageProblem(
                        f"the file '{source_relpath}' is not an image.",
                        "link to a JPEG, PNG or WebP file here, or use a normal link instead of an image.",
                    ) from None
                if image.format not in PUBLISHED_FORMATS:
                    found = image.format or suffix.lstrip(".").upper()
                    image.close()
                    raise ImageProblem(
                        f"the image '{source_relpath}' is in {found} format, which the site does not publish.",
                        "export it as JPEG (photos) or PNG (drawings and screenshots) and link to that file.",
                    )
                if image.width * image.height > self.spec.max_pixels:
                    size = image.size
                    image.close()
                    raise self._too_big(source_relpath, size)
                orientation = _orientation(image)
                # The true size after orientation, read from the header before
                # a reduced-scale decode changes image.size.
                oriented_size = (image.height, image.width) if orientation in _TURNED_SIDEWAYS else image.size
                oriented_width = oriented_size[0]
                largest = target_widths(oriented_width, self.spec.widths)[-1]
                if image.format == "JPEG":
                    # Decode at 1/2, 1/4 or 1/8 scale when that still covers the
                    # largest derivative: far faster for big camera photos.
                    scale = largest / oriented_width
                    image.draft("RGB", (max(1, round(image.width * scale)), max(1, round(image.height * scale))))
                try:
                    image.load()
                except (OSError, SyntaxError, ValueError) as error:
                    raise ImageProblem(
                        f"the image '{source_relpath}' is damaged or cut short ({error}).",
                        "copy the file from the camera or the sender again, or export it again from an image editor.",
                    ) from None
                return image, oriented_size
        finally:
            Image.MAX_IMAGE_PIXELS = previous_limit

    def _too_big(self, source_relpath: str, size) -> ImageProblem:
        dimensions = f" ({size[0]:,} × {size[1]:,} pixels)" if size else ""
        return ImageProblem(
            f"the image '{source_relpath}' is too large{dimensions}: the limit is "
            f"{self.spec.max_pixels:,} pixels, a guard against files built to exhaust memory.",
            "resize it to at most 4000 pixels wide in an image editor, or raise IMAGE_MAX_PIXELS in pelicanconf.py "
            "if the file is trustworthy.",
        )

    def _make(self, source: Path, source_relpath: str, entry: Path) -> Derived:
        image, (true_width, true_height) = self._open(source, source_relpath)
        self.decoded += 1
        source_format = image.format
        # A CMYK profile would not describe the RGB pixels published.
        icc_profile = image.info.get("icc_profile") if image.mode != "CMYK" else None
        fallback_extension = PUBLISHED_FORMATS[source_format]
        # exif_transpose reads the orientation tag; the draft-decoded pixels
        # keep the camera's orientation until it is applied here.
        oriented = ImageOps.exif_transpose(image) if _orientation(image) != 1 else image
        has_alpha = oriented.mode in ("RGBA", "LA", "PA") or "transparency" in oriented.info
        working_mode = "RGBA" if has_alpha else "RGB"
        oriented = oriented.convert(working_mode) if oriented.mode != working_mode else oriented
        widths = target_widths(true_width, self.spec.widths)

        self.root.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=self.root))
        variants = []
        try:
            current = oriented
            for width in reversed(widths):  # largest first: each smaller one is resized from the last
                height = _scaled_height(width, true_width, true_height)
                if current.size != (width, height):
                    current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
                # A fresh image with no metadata at all: no EXIF (GPS, camera
                # serial numbers), no XMP; only the colour profile is kept.
                clean = Image.new(current.mode, current.size)
                clean.paste(current)
                for extension in dict.fromkeys([fallback_extension, "webp"]):
                    saveable = clean if extension != "jpg" or clean.mode == "RGB" else clean.convert("RGB")
                    _save(saveable, building / f"{width}w.{extension}", extension, self.spec, icc_profile)
                    variants.append({"width": width, "height": height, "extension": extension})
            manifest = {
                "source": source_relpath,
                "width": true_width,
                "height": true_height,
                "fallback_extension": fallback_extension,
                "variants": variants,
            }
            (building / "manifest.json").write_text(json.dumps(manifest, indent=1))
            if entry.exists():
                shutil.rmtree(entry, ignore_errors=True)  # a damaged entry
            try:
                os.replace(building, entry)
            except OSError:
                # Another process finished the same content first: use its entry.
                shutil.rmtree(building, ignore_errors=True)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        finally:
            image.close()
        return self._read_manifest(entry / "manifest.json", source_relpath)


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation (1: as stored); damaged EXIF counts as 1 rather
    than failing a photo whose pixels are fine."""
    try:
        value = image.getexif().get(_EXIF_ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - Pillow raises several kinds on bad EXIF
        return 1
    return value if value in range(1, 9) else 1


def _derive_in_worker(job: tuple[str, Spec, str, str]) -> tuple[str, ImageProblem | bool]:
    """One image in a worker process: True when made, an ImageProblem, or
    False for an unexpected failure (derive() meets it again in the build)."""
    root, spec, source, relpath = job
    try:
        DerivativeCache(root, spec).derive(source, relpath)
        return relpath, True
    except ImageProblem as problem:
        return relpath, problem
    except Exception:  # noqa: BLE001 - reported by the build's own derive() call
        return relpath, False


def _save(image: Image.Image, path: Path, extension: str, spec: Spec, icc_profile: bytes | None) -> None:
    options: dict = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if extension == "jpg":
        image.save(path, "JPEG", quality=spec.jpeg_quality, optimize=True, progressive=True, **options)
    elif extension == "webp":
        image.save(path, "WEBP", quality=spec.webp_quality, method=4, **options)
    else:
        image.save(path, "PNG", optimize=False, **options)


def publish(derived: Derived, output_dir: str | os.PathLike, alias_original: bool = True) -> list[Path]:
    """Puts the derivatives in `output_dir` as hard links to the cache (a copy
    where links are impossible, e.g. across file systems). With
    `alias_original`, the source's own path (images/photo.jpg) gets the largest
    fallback, so a plain link to it still works and never serves the original
    with its metadata."""
    output_dir = Path(output_dir)
    placed = []
    pairs = [(derived.cache_file(v), v.relpath) for v in derived.variants]
    if alias_original:
        pairs.append((derived.cache_file(derived.fallbacks[-1]), derived.source_relpath))
    for cached, relpath in pairs:
        destination = output_dir / relpath
        if destination.exists():
            if os.path.samefile(cached, destination):
                continue  # published earlier in this build
            destination.unlink()  # left by an earlier build from an older source
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(cached, destination)
        except OSError:
            shutil.copyfile(cached, destination)
        placed.append(destination)
    return placed

