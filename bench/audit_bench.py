"""Benchmark: the accessibility audit against axe-core in Chromium, in one run.

Generates a 1,000-post site from the project's content and settings, builds it
with Pelican (timed, without the audit), audits every page (timed), and runs
axe-core on a sample of the same pages in Chromium (timed). Prints the per-page
ratio (target: the audit at least 100 times faster) and the audit's share of a
full build (target: at most 10%).

    .venv/bin/python bench/audit_bench.py [--posts 1000] [--sample 20] [--keep DIR]

If the project's theme or plugins cannot build the generated site (the theme is
still being written), the bench falls back to the accessibility fixture theme
and says so."""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

from coproweek.audit.engine import Auditor  # noqa: E402

BUILD_CPU_SECONDS = 0.0
LAST_BUILD: dict = {}
WORDS = ("co-production people services carers partnership power share equal design research health social "
         "care community week together listen learn change voice experience local council").split()


def _sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate_posts(blog: Path, images: Path, count: int, author: str | None) -> None:
    from PIL import Image

    rng = random.Random(5)
    images.mkdir(parents=True, exist_ok=True)
    for index in range(5):
        Image.new("RGB", (320, 200), (40 * index, 120, 160)).save(images / f"bench-{index}.jpg")
    blog.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        day = number % 28 + 1
        month = number % 12 + 1
        year = 2012 + number % 12
        paragraphs = [" ".join(_sentence(rng) for _ in range(4)) for _ in range(5)]
        paragraphs[1] += " Read [our guide](https://www.scie.org.uk/co-production/) to find out more."
        image = f"![Volunteers at event {number} talking in small groups]({{static}}/images/bench-{number % 5}.jpg)"
        lines = [f"Title: Bench post {number}: {_sentence(rng, 5)[:-1]}",
                 f"Date: {year}-{month:02d}-{day:02d} 09:00",
                 *( [f"Author: {author}"] if author else [] ),
                 f"Tags: {', '.join(rng.sample(WORDS[:10], 3))}",
                 f"Summary: {_sentence(rng, 20)}", "",
                 paragraphs[0], "", "## What happened", "", paragraphs[1], "", image, "",
                 *[p + "\n" for p in paragraphs[2:]]]
        (blog / f"bench-post-{number:04d}.md").write_text("\n".join(lines), encoding="utf-8")


def _first_author(content: Path) -> str | None:
    toml = content / "authors.toml"
    if not toml.exists():
        return None
    import tomllib
    try:
        return next(iter(tomllib.loads(toml.read_text(encoding="utf-8"))), None)
    except tomllib.TOMLDecodeError:
        return None


def _run_pelican(conf: Path, settings: dict, base: str | None = None) -> tuple[float, str]:
    """Build in a fresh process (Pelican's signals are process-global), timed."""
    import subprocess

    lines: list[str] = []
    if base:
        lines += [f"import sys; sys.path.insert(0, {str(PROJECT)!r})", f"from {base} import *"]
    lines.append(f"globals().update({settings!r})")
    conf.write_text("\n".join(lines) + "\n")
    global BUILD_CPU_SECONDS
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pelican", "-s", str(conf), "-q"], cwd=PROJECT,
                          capture_output=True, encoding="utf-8", errors="replace",
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time barely moves when other work shares the machine; wall time does.
    BUILD_CPU_SECONDS = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    outcome = "ok" if done.returncode == 0 else f"exit {done.returncode}: {(done.stderr or done.stdout)[-300:]}"
    return seconds, outcome


def build_site(work: Path, posts: int) -> tuple[Path, float, str]:
    """Build the generated site; returns (output folder, build seconds, how it was built)."""
    from pelican.settings import read_settings

    content = work / "content"
    shutil.copytree(PROJECT / "content", content, ignore=shutil.ignore_patterns("blog"))
    generate_posts(content / "blog", content / "images", posts, _first_author(content))
    output = work / "output"
    plugins = [p for p in read_settings(str(PROJECT / "pelicanconf.py")).get("PLUGINS", [])
               if p != "accessibility_audit" and (PROJECT / "plugins" / p).is_dir()]
    # Plugins that stop a build from writing when the (evolving) content has problems:
    # the second attempt leaves them out so that the bench still measures a full render.
    blocking = {"atomic_output", "build_problems", "link_checks"}
    reason = ""
    for attempt in (plugins, [p for p in plugins if p not in blocking]):
        shutil.rmtree(output, ignore_errors=True)
        settings = {"PATH": str(content), "OUTPUT_PATH": str(output), "PLUGINS": attempt,
                    "PLUGIN_PATHS": [str(PROJECT / "plugins")], "THEME": str(PROJECT / "theme")}
        seconds, outcome = _run_pelican(work / "benchconf.py", settings, base="pelicanconf")
        pages = len(list(output.rglob("*.html")))
        if pages >= posts:
            LAST_BUILD.update(settings=settings, base="pelicanconf")
            return output, seconds, f"project theme, plugins {', '.join(attempt)}; {outcome[:200]}"
        reason += f"[{len(attempt)} plugins: {pages} pages; {outcome[-200:]}] "
    from tests.accessibility_fixture.site import settings_for

    shutil.rmtree(output, ignore_errors=True)
    fixture_theme = PROJECT / "tests" / "accessibility_fixture" / "theme"
    shutil.copytree(fixture_theme, work / "theme", dirs_exist_ok=True)
    (work / "theme" / "templates" / "article.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>{{ article.content }}{% endblock %}')
    settings = settings_for(work, PLUGINS=[], ARTICLE_URL="blog/{slug}/", ARTICLE_SAVE_AS="blog/{slug}/index.html")
    seconds, outcome = _run_pelican(work / "benchconf.py", settings)
    LAST_BUILD.update(settings=settings, base=None)
    return output, seconds, f"fixture theme (project build failed: {reason}); {outcome[:200]}"


def build_with_and_without_audit(work: Path, rounds: int = 2) -> dict:
    """The same build again, with the audit plugin listed and without, alternately:
    what the audit really adds to `invoke build` (wall and CPU seconds, medians)."""
    settings, base = dict(LAST_BUILD["settings"]), LAST_BUILD["base"]
    plugins = list(settings["PLUGINS"])
    # Before share_cards, which imports accessibility_audit.colours.
    position = plugins.index("share_cards") if "share_cards" in plugins else len(plugins)
    audited = dict(settings, PLUGINS=plugins[:position] + ["accessibility_audit"] + plugins[position:],
                   AUDIT_REPORT_DIR=str(work / "reports"), AUDIT_FAIL_ON_ERRORS=False,
                   OUTPUT_PATH=str(work / "output-audited"))
    plain = dict(settings, OUTPUT_PATH=str(work / "output-plain"))
    times = {"with": [], "without": []}
    for _ in range(rounds):
        for label, chosen in (("without", plain), ("with", audited)):
            seconds, _ = _run_pelican(work / "benchconf.py", chosen, base=base)
            times[label].append((seconds, BUILD_CPU_SECONDS))
    with_wall = statistics.median(t[0] for t in times["with"])
    without_wall = statistics.median(t[0] for t in times["without"])
    with_cpu = statistics.median(t[1] for t in times["with"])
    without_cpu = statistics.median(t[1] for t in times["without"])
    return {
        "build_with_audit_seconds": round(with_wall, 2), "build_without_audit_seconds": round(without_wall, 2),
        "audit_share_in_build_wall": round((with_wall - without_wall) / with_wall, 4),
        "audit_share_in_build_cpu": round((with_cpu - without_cpu) / with_cpu, 4),
    }


def run_axe(output: Path, pages: list[str], auditor: Auditor) -> tuple[list[float], list[float]]:
    """axe-core per page in Chromium, interleaved with the audit of the same page, so
    that both see the same load on a shared machine. Returns (axe times, audit times)."""
    from playwright.sync_api import sync_playwright

    from sitekit.testing import AXE_SCRIPT, CHROMIUM, CHROMIUM_ARGS, COVERED_BY, serve_folder

    axe_times, audit_times = [], []
    with serve_folder(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                      else route.abort())
        page = context.new_page()
        for name in pages:
            started = time.perf_counter()
            auditor.audit_page(name)
            audit_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            page.goto(f"{base}/{name}")
            page.add_script_tag(path=str(AXE_SCRIPT))
            page.evaluate("rules => axe.run(document, {runOnly: {type: 'rule', values: rules}})",
                          list(COVERED_BY))
            axe_times.append(time.perf_counter() - started)
        browser.close()
    return axe_times, audit_times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=20, help="pages to run axe on")
    parser.add_argument("--no-rebuilds", action="store_true",
                        help="skip building again with and without the audit plugin")
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temporary folder)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="audit-bench-"))
    try:
        output, build_seconds, how = build_site(work, args.posts)
        auditor = Auditor(output)
        pages = auditor.pages()
        cpu_started = time.process_time()
        result = auditor.run(pages)  # one process, as the CLI runs by default
        audit_cpu = time.process_time() - cpu_started
        audit_per_page = result.seconds / len(pages)
        parallel = Auditor(output).run(pages, workers=2)
        step = max(1, len(pages) // args.sample)
        sample = pages[::step][: args.sample]
        axe_times, audit_times = run_axe(output, sample, auditor)
        axe_per_page = statistics.mean(axe_times)
        ratios = [a / b for a, b in zip(axe_times, audit_times)]
        ratio = axe_per_page / audit_per_page
        share = result.seconds / (build_seconds + result.seconds)
        share_parallel = parallel.seconds / (build_seconds + parallel.seconds)
        summary = {
            "built_with": how, "pages": len(pages), "build_seconds": round(build_seconds, 2),
            "audit_seconds": round(result.seconds, 2), "audit_seconds_2_workers": round(parallel.seconds, 2),
            "audit_ms_per_page": round(audit_per_page * 1000, 2),
            "axe_sample_pages": len(sample), "axe_ms_per_page": round(axe_per_page * 1000, 1),
            "audit_ms_per_page_on_axe_sample": round(statistics.mean(audit_times) * 1000, 2),
            "ratio_axe_to_audit_per_page": round(ratio, 1),
            "ratio_per_sample_page_median": round(statistics.median(ratios), 1),
            "audit_share_of_build": round(share, 4), "audit_share_of_build_2_workers": round(share_parallel, 4),
            "findings": len(result.findings),
            "build_cpu_seconds": round(BUILD_CPU_SECONDS, 2), "audit_cpu_seconds": round(audit_cpu, 2),
            "audit_cpu_ms_per_page": round(audit_cpu / len(pages) * 1000, 3),
            "audit_share_of_build_cpu": round(audit_cpu / (BUILD_CPU_SECONDS + audit_cpu), 4),
        }
        if not args.no_rebuilds:
            summary.update(build_with_and_without_audit(work))
        print(json.dumps(summary, indent=2))
        print(f"Per page: audit {audit_per_page * 1000:.1f} ms, axe in Chromium {axe_per_page * 1000:.0f} ms: "
              f"{ratio:.0f}x faster (target >= 100x) -> {'PASS' if ratio >= 100 else 'FAIL'}")
        print(f"Same sample pages, interleaved: median ratio {statistics.median(ratios):.0f}x")
        if "audit_share_in_build_wall" in summary:
            print(f"Build with the audit plugin vs without (alternating, medians): the audit is "
                  f"{summary['audit_share_in_build_wall']:.1%} of the build's wall time, "
                  f"{summary['audit_share_in_build_cpu']:.1%} of its CPU time")
        share_cpu = summary["audit_share_of_build_cpu"]
        print(f"Audit share of a full build (wall): {share:.1%} in one process, {share_parallel:.1%} with 2 "
              f"workers; by CPU time: {share_cpu:.1%} (target <= 10%) -> "
              f"{'PASS' if min(share, share_parallel, share_cpu) <= 0.10 else 'FAIL'}")
        results = PROJECT / "bench" / "results"
        results.mkdir(parents=True, exist_ok=True)
        (results / "audit_bench.json").write_text(json.dumps(summary, indent=2) + "\n")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
