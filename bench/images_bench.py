"""Benchmark: the image stage of a build for 200 camera photos of 4000×3000,
cold (empty cache) then warm (the same photos, the cache from the cold run).

Run: .venv/bin/python bench/images_bench.py [--photos 200] [--warm-runs 3]

The stage is the plugin's own ImageStage (coproweek.images.stage): derive every
photo's WebP and JPEG derivatives (or find them in the cache), then link them
into a fresh output folder, as each build does. The photos are made once and
kept in cache/bench-photos/ (gradients, shapes and some noise, with EXIF GPS,
so they compress like photos, not like flat colour or pure noise).
Requirement: the warm stage takes under 5% of the cold one."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from PIL import Image, ImageDraw  # noqa: E402
from PIL.ExifTags import IFD, GPS  # noqa: E402

from coproweek.images.stage import ImageSettings, ImageStage  # noqa: E402

SIZE = (4000, 3000)


def make_photos(folder: Path, count: int) -> list[Path]:
    """`count` distinct 4000×3000 JPEGs, made once and reused by later runs."""
    images = folder / "images"
    images.mkdir(parents=True, exist_ok=True)
    noise = None
    paths = []
    for number in range(count):
        path = images / f"photo-{number:03d}.jpg"
        paths.append(path)
        if path.exists():
            continue
        if noise is None:
            noise = Image.effect_noise(SIZE, 24).convert("RGB")
        gradient = Image.linear_gradient("L").resize(SIZE)
        photo = Image.merge("RGB", (
            gradient, gradient.rotate(90 + number, expand=False).resize(SIZE),
            gradient.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
        ))
        draw = ImageDraw.Draw(photo)
        for shape in range(12):
            x, y = (number * 97 + shape * 331) % 3600, (number * 53 + shape * 211) % 2600
            draw.ellipse((x, y, x + 400, y + 400), fill=((number * 7) % 256, (shape * 40) % 256, 128))
        photo = Image.blend(photo, noise, 0.15)
        exif = Image.Exif()
        exif.get_ifd(IFD.GPSInfo)[GPS.GPSLatitude] = (51.0, 30.0, float(number % 60))
        photo.save(path, "JPEG", quality=92, exif=exif)
    return paths


def run_stage(content: Path, cache: Path, relpaths: list[str], workers: int) -> tuple[float, ImageStage]:
    """The plugin's image stage as a build runs it: prepare (make what the
    cache lacks, in worker processes), derive each page's image, publish."""
    output = Path(tempfile.mkdtemp(prefix="images-bench-output-"))
    try:
        started = time.perf_counter()
        stage = ImageStage(ImageSettings(path=str(content), image_cache_path=str(cache), static_paths=("images",),
                                         image_workers=workers))
        stage.prepare()
        for relpath in relpaths:
            stage.derive(relpath)
        stage.publish_all(str(output))
        return time.perf_counter() - started, stage
    finally:
        shutil.rmtree(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--warm-runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="processes for the cold run (0: as the plugin)")
    arguments = parser.parse_args()

    content = ROOT / "cache" / "bench-photos"
    started = time.perf_counter()
    photos = make_photos(content, arguments.photos)
    print(f"{len(photos)} photos of {SIZE[0]}×{SIZE[1]} ready in {time.perf_counter() - started:.1f} s "
          f"({sum(p.stat().st_size for p in photos) / 1e6:.0f} MB)")
    # A content folder holding exactly these photos (links, not copies).
    site = Path(tempfile.mkdtemp(prefix="images-bench-content-"))
    (site / "images").mkdir()
    for photo in photos:
        os.link(photo, site / "images" / photo.name)
    relpaths = [f"images/{p.name}" for p in photos]

    cache = Path(tempfile.mkdtemp(prefix="images-bench-cache-"))
    try:
        cold, stage = run_stage(site, cache, relpaths, arguments.workers)
        assert stage.cache.decoded == len(photos), "the cold run must make every derivative"
        warm_times = []
        for _ in range(arguments.warm_runs):
            seconds, stage = run_stage(site, cache, relpaths, arguments.workers)
            assert stage.cache.decoded == 0, "a warm run decoded an image"
            warm_times.append(seconds)
    finally:
        shutil.rmtree(cache)
        shutil.rmtree(site)
    warm = statistics.median(warm_times)
    ratio = warm / cold
    result = {
        "photos": len(photos), "size": list(SIZE), "workers": stage.workers, "cold_seconds": round(cold, 2),
        "cold_seconds_per_photo": round(cold / len(photos), 3), "warm_seconds_median": round(warm, 3),
        "warm_runs": [round(t, 3) for t in warm_times], "warm_over_cold": round(ratio, 4),
        "requirement": "warm < 5% of cold", "met": ratio < 0.05,
    }
    print(f"cold image stage: {cold:.1f} s ({cold / len(photos):.2f} s a photo, {stage.workers} worker processes)")
    print(f"warm image stage: {warm:.3f} s (median of {len(warm_times)})")
    print(f"warm / cold: {ratio:.2%} (must be under 5%): {'met' if ratio < 0.05 else 'NOT MET'}")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "images_bench.json").write_text(json.dumps(result, indent=2))
    sys.exit(0 if ratio < 0.05 else 1)


if __name__ == "__main__":
    main()
