"""Events versus blog articles: the cost of building N generated events
(a quarter of them repeating weekly for a year) against N plain blog articles
of the same size, with the project's own settings and plugins, in one run.

    .venv/bin/python bench/events_bench.py            # N = 2000: 1 cold, 3 warm rounds
    .venv/bin/python bench/events_bench.py --n 500 --rounds 1

The first round is cold: the plugins' caches beside each content folder are
empty, so share cards are drawn for every post and every event. Later rounds
are warm (cards reused), alternating which kind goes first. Times are CPU
seconds of this process (the machine is shared; wall time swings with other
work). The figure is events over articles, cold and warm (median); the goal
is at most 1.3 at N = 2,000. Writes nothing into the project."""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from sitekit.build import build_site, site_settings  # noqa: E402

NOW = "2018-06-20"
FIRST_DAY = date(2018, 1, 1)
TAGS = ["training", "festival", "webinar", "network", "housing", "health", "London", "Leeds", "online", "carers"]
ORGANISERS = ["Social Care Institute for Excellence (SCIE)", "Co-production Network", "Carers Together",
              "Housing Voices", "Think Local Act Personal"]
ACCESS = ["step-free", "accessible-toilet", "bsl", "captions", "hearing-loop", "quiet-room", "easy-read",
          "large-print", "assistance-dogs"]
PARAGRAPH = (
    "Co-production means people who use services, carers and professionals working together as equal "
    "partners, sharing power and responsibility from the start. This session looks at what that means in "
    "practice, with examples from social care, health and housing, and time to plan what you will do next."
)


def body(index: int) -> str:
    return f"## Session {index}\n\n" + "\n\n".join(PARAGRAPH for _ in range(4)) + "\n"


def event_file(index: int, rng: random.Random) -> str:
    day = FIRST_DAY + timedelta(days=index * 730 // 2000 % 730)
    hour = 9 + index % 8
    lines = [
        f"title: Generated event number {index}",
        f"start: {day:%Y-%m-%d} {hour:02d}:00",
        f"end: {hour + 2:02d}:00",
        "attendance: in person",
        f"venue: Venue {index % 50}",
        "address: 1 High Street, London",
        "postcode: SE1 7ZZ",
        f"organiser: {ORGANISERS[index % len(ORGANISERS)]}",
        "cost: free",
        "summary: One or two sentences saying what the event is and who it is for.",
        f"tags: {', '.join(rng.sample(TAGS, 2))}",
        f"access: {', '.join(rng.sample(ACCESS, 3))}",
        "access-contact: events@example.org",
    ]
    if index % 4 == 0:  # a quarter repeat weekly for a year
        lines += ["repeat: weekly", "repeat-count: 52"]
    return "\n".join(lines) + "\n\n" + body(index)


def article_file(index: int, rng: random.Random) -> str:
    day = FIRST_DAY + timedelta(days=index * 730 // 2000 % 730)
    lines = [
        f"Title: Generated article number {index}",
        f"Date: {day:%Y-%m-%d} 09:00",
        "Author: Pete Fleischmann",
        f"Tags: {', '.join(rng.sample(TAGS, 2))}",
        "Summary: One or two sentences saying what the post is about and who it is for.",
    ]
    return "\n".join(lines) + "\n\n" + body(index)


def padded_to(text: str, size: int) -> str:
    """An article as long as its event: the event's extra metadata bytes
    become one more paragraph of text (so Markdown has as much to do)."""
    missing = size - len(text.encode())
    if missing <= 2:
        return text
    words = (PARAGRAPH + " ") * (missing // len(PARAGRAPH) + 1)
    return text + "\n" + words[: missing - 2].rstrip() + ".\n"


def make_content(folder: Path, kind: str, n: int) -> int:
    """Write N files of one kind (and the real pages and authors) into `folder`."""
    (folder / "blog").mkdir(parents=True)
    (folder / "events").mkdir()
    # The real pages: the menu and footer link to them (and the link check insists).
    shutil.copytree(ROOT / "content" / "pages", folder / "pages")
    shutil.copy(ROOT / "content" / "authors.toml", folder / "authors.toml")
    rng = random.Random(2018)  # the same tags and access flags every run
    size = 0
    for index in range(n):
        event_text = event_file(index, rng)
        text = event_text if kind == "events" else padded_to(article_file(index, rng), len(event_text.encode()))
        target = folder / ("events" if kind == "events" else "blog") / f"generated-{index}.md"
        target.write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


def timed_build(content: Path, output: Path, plugins: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds). CPU time of this process is the figure
    compared: the machine is shared, and wall time swings with other work."""
    shutil.rmtree(output, ignore_errors=True)
    cpu, wall = time.process_time(), time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        build_site(content, output, PLUGINS=plugins, SITE_NOW=NOW)
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="warm rounds after the first (cold) one")
    options = parser.parse_args()
    plugins = list(site_settings()["PLUGINS"])
    if "events" not in plugins:
        plugins.append("events")
    kinds = ("articles", "events")
    with tempfile.TemporaryDirectory(prefix="events-bench-") as tmp:
        # Each kind in its own folder, so the plugins' caches beside the
        # content (share cards, images) are separate and start empty.
        folders = {kind: Path(tmp) / kind for kind in kinds}
        sizes = {kind: make_content(folders[kind] / "content", kind, options.n) for kind in kinds}
        cpu: dict[str, list[float]] = {kind: [] for kind in kinds}
        wall: dict[str, list[float]] = {kind: [] for kind in kinds}
        for round_number in range(options.rounds + 1):
            order = kinds if round_number % 2 == 0 else kinds[::-1]
            for kind in order:
                seconds, elapsed = timed_build(folders[kind] / "content", folders[kind] / "output", plugins)
                cpu[kind].append(seconds)
                wall[kind].append(elapsed)
                pages = sum(1 for _ in (folders[kind] / "output").rglob("*.html"))
                label = "cold" if round_number == 0 else f"warm {round_number}"
                print(f"{label:7}: {kind:8} CPU {seconds:6.2f} s, wall {elapsed:6.2f} s  ({pages} pages)", flush=True)
    print(f"\nN = {options.n}; source size: articles {sizes['articles'] / 1e6:.2f} MB, "
          f"events {sizes['events'] / 1e6:.2f} MB")
    cold = {kind: cpu[kind][0] for kind in kinds}
    print(f"cold build (empty caches, share cards drawn): articles {cold['articles']:.2f} s, "
          f"events {cold['events']:.2f} s CPU; events / articles = {cold['events'] / cold['articles']:.2f}")
    if options.rounds:
        warm = {kind: statistics.median(cpu[kind][1:]) for kind in kinds}
        warm_wall = {kind: statistics.median(wall[kind][1:]) for kind in kinds}
        print(f"warm builds, median: articles {warm['articles']:.2f} s, events {warm['events']:.2f} s CPU "
              f"(wall {warm_wall['articles']:.2f} s, {warm_wall['events']:.2f} s); "
              f"events / articles = {warm['events'] / warm['articles']:.2f}")
    print("goal: events / articles at most 1.30 at N = 2,000")


if __name__ == "__main__":
    main()
