"""Build speed against plain Pelican (issue 12). Generated blog posts (about
600 words, one image, three tags each) are built by plain Pelican 4.12 (its
default theme, no plugins, the project's URL and feed settings) and by the
project, interleaved in one run, each build in its own child process (wall
time, CPU time including worker processes, and peak memory via wait4):

  plain      `pelican content` with no plugins and the default theme, cold, with
             the project's URL, feed, pagination and Markdown settings (the same pages)
  defaults   the same with Pelican's own default settings (fewer pages, plainer
             Markdown): the issue's baseline as worded; ratios to it are printed too
  cold       `invoke build`, no output/ and no caches
  edit       `invoke build` again after editing one post
  production `pelican content -s publishconf.py`, cold (cards, images, feeds, audit)
  preview    `invoke livereload` running: from writing a post to the served
             page showing the change (median of several saves)

Every project figure is printed as a ratio to the plain build of the same
round. A breakdown of where the project's time went (per plugin and signal,
per phase, Markdown, templates) comes from the same builds (build_timing.py).
At the largest size the project is also built with events added, for the
memory limit (under 1 GiB at 3,000 posts and 1,000 events).

    .venv/bin/python bench/build_bench.py                  # 1,000 and 3,000 posts
    .venv/bin/python bench/build_bench.py --posts 1000     # a few minutes
    .venv/bin/python bench/build_bench.py --posts 1000 --rounds 3 --json bench/results/run.json

Writes nothing into the project: the site, its caches and output live in a
scratch copy of the project (tasks.py and the settings copied, the theme and
plugins linked)."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("events_bench", ROOT / "bench" / "events_bench.py")
events_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(events_bench)  # reuse its generated events and wording

NOW = "2018-06-20"
# Builds see a fixed "now" and hash seed, so runs compare alike. The real clock
# leaves both unset, as a comms person's `invoke build` does: a fixed "now"
# once hid that no page was kept between real builds. `--clock both` takes
# each round's builds under both, in turn, so the two are compared on the same
# machine at the same moment.
FIXED = {"SITE_NOW": NOW, "PYTHONHASHSEED": "0"}
CLOCKS = {"fixed": FIXED, "real": {}}
build_environment = dict(FIXED)


def use_clock(clock: str) -> None:
    build_environment.clear()
    build_environment.update(CLOCKS[clock])


def child_environment() -> dict:
    return {**{name: value for name, value in os.environ.items() if name not in FIXED}, **build_environment}
PROJECT_FILES = ("tasks.py", "pelicanconf.py", "publishconf.py")
LINKED = ("theme", "plugins", "sitekit", "coproweek", "pyproject.toml")
PLAIN_SETTINGS = '''"""Plain Pelican: the project's URLs, feeds and pagination; no plugins, default theme."""
import os, sys
sys.path.append(os.curdir)
from pelicanconf import *  # noqa
from pelican.settings import DEFAULT_THEME
PLUGINS = []
THEME = DEFAULT_THEME
TEMPLATE_PAGES = {}
OUTPUT_PATH = "output-plain"
CACHE_CONTENT = False  # Pelican's defaults: a cold build that writes no cache
LOAD_CONTENT_CACHE = False
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": []}
PAGE_PATHS = []  # the site's pages name templates only our theme has (search, forms); the posts are compared
'''
DEFAULTS_SETTINGS = '''"""Plain Pelican with its own defaults (the issue's baseline as worded): no plugins,
default theme, Pelican's URLs, feeds and Markdown, no pagination."""
PATH = "content"
ARTICLE_PATHS = ["blog"]
PAGE_PATHS = []
STATIC_PATHS = ["images"]
OUTPUT_PATH = "output-defaults"
PLUGINS = []
TIMEZONE = "Europe/London"
'''
PARAGRAPHS = [
    events_bench.PARAGRAPH,
    "We asked people who took part what made the difference. Most said it was being paid for their time, "
    "being asked early rather than once the decisions were made, and seeing what changed because of what "
    "they said. Several said the jargon got in the way, so the group wrote its own plain-English glossary.",
    "The group met every fortnight for six months, in a community centre with step-free access and a quiet "
    "room. Meetings were short, papers went out a week ahead in large print and easy read, and anyone could "
    "join by phone. Carers could bring the person they care for, and travel was paid on the day.",
    "If you want to try this where you work, start small: one decision, made together, with everyone's "
    "expenses paid. Write down what you agreed and who will do what, then come back to it a month later. "
    "Share what went wrong as well as what went right; it helps other teams more than a success story.",
]
TAGS = events_bench.TAGS


def post_text(index: int, posts: int, images: int, rng: random.Random) -> str:
    """About 600 words: headings, paragraphs, a list, a link to another post and one image."""
    day = events_bench.FIRST_DAY + events_bench.timedelta(days=index * 730 // max(posts, 1) % 730)
    other = (index + 1) % posts
    lines = [
        f"Title: Generated post number {index}: what co-production changed",
        f"Date: {day:%Y-%m-%d} 09:{index % 60:02d}",
        "Author: Pete Fleischmann",
        f"Tags: {', '.join(rng.sample(TAGS, 3))}",
        "Summary: One or two sentences saying what the post is about and who it is for.",
        "",
        PARAGRAPHS[index % 4],
        "",
        f"![A group of people around a table, working together (photo {index % images})]"
        f"(/images/photo-{index % images}.jpg)",
        "",
    ]
    for section in range(3):
        lines += [f"## Part {section + 1}", ""]
        lines += [PARAGRAPHS[(index + section + n) % 4] + "\n" for n in range(3)]
    lines += ["What we would do again:", "", "- pay people for their time", "- meet somewhere step-free",
              "- send papers a week ahead", "",
              f"Read [the next post in this series]({{filename}}post-{other}.md) for what happened next.", ""]
    return "\n".join(lines)


def make_images(folder: Path, count: int) -> None:
    """Photo-like JPEGs (smooth gradients and noise, 1600x1067), so the
    derivatives cost what real photos cost."""
    from PIL import Image, ImageFilter

    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        rng = random.Random(number)
        small = Image.new("RGB", (16, 11))
        small.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(16 * 11)])
        image = small.resize((1600, 1067), Image.Resampling.BICUBIC)
        noise = Image.effect_noise((1600, 1067), 24).convert("RGB")
        image = Image.blend(image, noise, 0.15).filter(ImageFilter.SMOOTH)
        image.save(folder / f"photo-{number}.jpg", quality=85)


def make_project(folder: Path, posts: int, images: int) -> Path:
    """A scratch copy of the project around generated content."""
    folder.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, folder / name)
    (folder / "plainconf.py").write_text(PLAIN_SETTINGS, encoding="utf-8")
    (folder / "defaultsconf.py").write_text(DEFAULTS_SETTINGS, encoding="utf-8")
    for name in LINKED:
        if (ROOT / name).exists():
            (folder / name).symlink_to(ROOT / name)
    content = folder / "content"
    (content / "blog").mkdir(parents=True)
    (content / "events").mkdir()
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    shutil.copy(ROOT / "content" / "authors.toml", content / "authors.toml")
    make_images(content / "images", images)
    rng = random.Random(2018)
    for index in range(posts):
        (content / "blog" / f"post-{index}.md").write_text(post_text(index, posts, images, rng), encoding="utf-8")
    return folder


def add_events(project: Path, count: int) -> None:
    rng = random.Random(2027)
    for index in range(count):
        (project / "content" / "events" / f"event-{index}.md").write_text(
            events_bench.event_file(index, rng), encoding="utf-8")


CHILD = """
import sys
sys.path.insert(0, {bench!r})
import build_timing
build_timing.install({timing!r})
sys.argv = {argv!r}
if sys.argv[0] == "invoke":
    from invoke.main import program
    program.run()
else:
    from pelican import main
    main(sys.argv[1:])
"""


def forget_caches(project: Path, *, output: str = "output") -> None:
    for name in (output, "cache", "reports"):
        shutil.rmtree(project / name, ignore_errors=True)


def measured(project: Path, argv: list[str], label: str) -> dict:
    """Run one build in a child process: wall, CPU (with its workers) and peak memory."""
    timing = project / f".timing-{label}.json"
    timing.unlink(missing_ok=True)
    code = CHILD.format(bench=str(ROOT / "bench"), timing=str(timing), argv=argv)
    env = child_environment()
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], cwd=project, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = []
    import threading
    reader = threading.Thread(target=lambda: stderr.append(child.stderr.read()))
    reader.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    reader.join()
    code = os.waitstatus_to_exitcode(status)
    breakdown = json.loads(timing.read_text()) if timing.exists() else {}
    return {"label": label, "ok": code == 0, "errors": stderr[0].decode(errors="replace")[-3000:] if code else "",
            "wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024,
            "breakdown": breakdown}


def edit_post(project: Path, index: int, marker: str) -> Path:
    post = project / "content" / "blog" / f"post-{index}.md"
    text = post.read_text(encoding="utf-8")
    head, _, tail = text.partition("\n\n")
    post.write_text(f"{head}\n\nEdited: {marker}.\n\n{tail}", encoding="utf-8")
    return post


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def preview_latency(project: Path, index: int, saves: int) -> dict:
    """Start `invoke livereload` on the site, wait for its first build, then
    save one post `saves` times and time each save to the served page's change."""
    port = free_port()
    env = child_environment()
    log = open(project / ".livereload.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "invoke", "livereload", "--port", str(port)], cwd=project,
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    slug_date = None
    try:
        # The post's address, from its Date line (ARTICLE_URL is blog/{date:%Y}/{date:%m}/{slug}/).
        for line in (project / "content" / "blog" / f"post-{index}.md").read_text().splitlines():
            if line.startswith("Date: "):
                slug_date = line[6:16]
        year, month = slug_date[:4], slug_date[5:7]
        url = (f"http://127.0.0.1:{port}/blog/{year}/{month}/"
               f"generated-post-number-{index}-what-co-production-changed/")
        deadline = time.monotonic() + 900
        while fetch(url) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the livereload server did not start: see .livereload.log")
            time.sleep(0.2)
        time.sleep(2)  # let the watcher record every file's time once
        latencies = []
        for save in range(saves):
            marker = f"preview-marker-{save}-{time.time_ns()}"
            started = time.perf_counter()
            edit_post(project, index, marker)
            while True:
                page = fetch(url)
                if page is not None and marker in page:
                    latencies.append(time.perf_counter() - started)
                    break
                if time.perf_counter() - started > 120 or server.poll() is not None:
                    latencies.append(float("inf"))
                    break
                time.sleep(0.02)
            time.sleep(1.0)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    return {"median_s": statistics.median(latencies), "all_s": latencies}


def run_size(scratch: Path, posts: int, images: int, rounds: int, saves: int, events: int,
             clocks: tuple[str, ...] = ("fixed",)) -> list[dict]:
    """One figure set per clock; with two clocks each round takes both in turn
    (fixed first in odd rounds, real first in even ones)."""
    project = make_project(scratch / f"site-{posts}", posts, images)
    edited = posts // 2
    names = ("plain", "defaults", "cold", "edit", "production")
    by_clock: dict[str, dict[str, list[dict]]] = {clock: {name: [] for name in names} for clock in clocks}
    for round_number in range(rounds):
        for clock in clocks if round_number % 2 == 0 else tuple(reversed(clocks)):
            use_clock(clock)
            results = by_clock[clock]
            forget_caches(project, output="output-plain")
            results["plain"].append(measured(project, ["pelican", "content", "-s", "plainconf.py"], "plain"))
            forget_caches(project, output="output-defaults")
            results["defaults"].append(measured(project, ["pelican", "content", "-s", "defaultsconf.py"],
                                                "defaults"))
            forget_caches(project)
            results["cold"].append(measured(project, ["invoke", "build"], "cold"))
            edit_post(project, edited, f"round {round_number} {clock}")
            results["edit"].append(measured(project, ["invoke", "build"], "edit"))
            forget_caches(project)
            results["production"].append(measured(project, ["pelican", "content", "-s", "publishconf.py"],
                                                  "production"))
            print(f"  {posts} posts, round {round_number + 1}, {clock} clock: " + ", ".join(
                f"{name} {runs[-1]['wall_s']:.1f} s{'' if runs[-1]['ok'] else ' FAILED'}"
                for name, runs in results.items()), flush=True)
            failed = [runs[-1] for runs in results.values() if not runs[-1]["ok"]]
            if failed:  # a failed build's figures mean nothing: stop now, not after every round
                sys.exit(f"{failed[0]['label']} build failed, so the run stops here:\n{failed[0]['errors']}")
    use_clock(clocks[0])
    forget_caches(project)
    preview = preview_latency(project, edited, saves) if saves else None
    with_events = None
    if events:
        add_events(project, events)
        forget_caches(project)
        with_events = measured(project, ["invoke", "build"], "events")
    return [{"posts": posts, "images": images, "clock": clock, "results": by_clock[clock],
             "preview": preview if index == 0 else None, "with_events": with_events if index == 0 else None,
             "events": events} for index, clock in enumerate(clocks)]


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def _each_round(results: dict, key: str, baseline: str, field: str = "wall_s") -> list[float]:
    """Each `key` run over the `baseline` run of its own round."""
    return [run[field] / base[field] for run, base in zip(results[key], results[baseline])]


def _paired(results: dict, key: str, baseline: str, field: str = "wall_s") -> float:
    """The median of each `key` run over the `baseline` run of its own round."""
    return statistics.median(_each_round(results, key, baseline, field))


def report(size: dict) -> list[str]:
    results, posts = size["results"], size["posts"]
    clock = "today's date, random hash seed" if size.get("clock") == "real" else f"SITE_NOW={NOW}, PYTHONHASHSEED=0"
    out = [f"\n== {posts} posts ({size['images']} images), {len(results['plain'])} round(s), {clock}, medians =="]
    out.append(f"{'build':<38}{'ok':>4}{'wall s':>9}{'CPU s':>8}{'peak MiB':>10}{'wall ratio':>12}{'mem ratio':>11}"
               f"{'vs defaults':>13}")
    plain_wall = _median(results["plain"], "wall_s")
    plain_mem = _median(results["plain"], "peak_mib")
    names = {"plain": "plain Pelican, project's settings", "defaults": "plain Pelican, its own defaults",
             "cold": "project, cold invoke build", "edit": "project, invoke build after 1 edit",
             "production": "project, cold production build"}
    for key, name in names.items():
        runs = results.get(key) or []
        if not runs:
            continue
        ok = "yes" if all(run["ok"] for run in runs) else "NO"
        defaults = f"{_paired(results, key, 'defaults'):>12.2f}x" if results.get("defaults") else ""
        out.append(f"{name:<38}{ok:>4}{_median(runs, 'wall_s'):>9.2f}{_median(runs, 'cpu_s'):>8.2f}"
                   f"{_median(runs, 'peak_mib'):>10.0f}{_paired(results, key, 'plain'):>11.2f}x"
                   f"{_paired(results, key, 'plain', 'peak_mib'):>10.2f}x{defaults}")
    if size["preview"]:
        preview = size["preview"]
        out.append(f"live preview (invoke livereload), write -> served page: median {preview['median_s']:.2f} s "
                   f"(each: {', '.join(f'{s:.2f}' for s in preview['all_s'])})")
    own = [(names[key], runs[-1]) for key, runs in results.items()
           if key in ("cold", "edit", "production") and runs and (runs[-1].get("breakdown") or {}).get("own_peak_mib")]
    if own:
        out.append("peak memory by process (last round): " + "; ".join(
            f"{name}: the build's own {run['breakdown']['own_peak_mib']:.0f} MiB "
            f"({run['breakdown']['own_peak_mib'] / plain_mem:.2f}x plain), the largest process {run['peak_mib']:.0f} MiB"
            for name, run in own))
    if size["with_events"]:
        run = size["with_events"]
        out.append(f"project, cold, {posts} posts + {size['events']} events: {'ok' if run['ok'] else 'FAILED'}, "
                   f"wall {run['wall_s']:.1f} s, peak {run['peak_mib']:.0f} MiB "
                   f"({run['peak_mib'] / plain_mem:.2f}x plain; {'under' if run['peak_mib'] < 1024 else 'OVER'} 1 GiB)")
    targets = [("cold <= 2.0x", "cold", 2.0), ("production <= 2.0x", "production", 2.0), ("edit <= 0.6x", "edit", 0.6)]
    verdicts = []
    for label, key, limit in targets:
        # Each round too: on a machine whose speed drifts between a round's builds
        # the spread shows how far one round's ratio can be trusted.
        each = _each_round(results, key, "plain")
        ratio = statistics.median(each)
        rounds = ", ".join(f"{r:.2f}" for r in each)
        # And its CPU time over plain Pelican's: the same code doing the same work,
        # so where this moves from round to round with the wall ratio, the machine moved.
        cpu = ", ".join(f"{r:.1f}" for r in _each_round(results, key, "plain", "cpu_s"))
        verdicts.append(f"{label}: {'met' if ratio <= limit else 'NOT met'} ({ratio:.2f}x; each round {rounds}; "
                        f"CPU time {cpu}x plain's)")
    if results.get("defaults"):
        verdicts.append("against plain Pelican's own defaults: " + ", ".join(
            f"{key} {_paired(results, key, 'defaults'):.2f}x" for _, key, _ in targets))
    if size["preview"]:
        verdicts.append(f"preview <= 1.5 s: {'met' if size['preview']['median_s'] <= 1.5 else 'NOT met'}")
    out.append("targets: " + "; ".join(verdicts))
    for key in ("cold", "edit", "production"):
        out += breakdown(names[key], results[key][-1], plain_wall)
    for key in ("cold", "edit"):
        out += timeline_lines(names[key], results[key][-1])
    out.append("-- plain Pelican's own phases (last round):")
    out += breakdown_lines(results["plain"][-1]["breakdown"], results["plain"][-1]["wall_s"], limit=8)
    for key, runs in results.items():
        for run in runs:
            if not run["ok"]:
                out.append(f"\n{key} build FAILED:\n{run['errors']}")
    return out


def breakdown(name: str, run: dict, plain_wall: float) -> list[str]:
    return [f"-- where the time went: {name} (last round; wall {run['wall_s']:.2f} s, "
            f"{run['wall_s'] / plain_wall:.2f}x plain; seconds are inclusive, signals nest inside phases)"] + \
        breakdown_lines(run["breakdown"], run["wall_s"])


def timeline_lines(name: str, run: dict) -> list[str]:
    """When each phase and plugin ran in the build's own process (from its
    start, calls of 50 ms or more; Markdown and page writes, too many to list,
    left out): what is left after the workers finish is the single-core tail."""
    timeline = (run.get("breakdown") or {}).get("timeline") or []
    out = [f"-- when it ran: {name} (last round; the build's own process, seconds from its start)"]
    for start, seconds, item in timeline:
        if not item.startswith(("markdown:", "writing:")):
            out.append(f"   {start:7.2f} s  +{seconds:6.2f} s  {item}")
    return out


def breakdown_lines(figures: dict, wall: float, limit: int = 22) -> list[str]:
    if not figures:
        return ["   (no timing figures: the build did not finish)"]
    items = sorted(figures["items"].items(), key=lambda item: -item[1]["s"])
    lines = [f"   {'process start and imports (wall - in-process)':<66}{wall - figures['process_s']:>7.2f} s"]
    for name, item in items[:limit]:
        if item["s"] < 0.01:
            continue
        lines.append(f"   {name:<66}{item['s']:>7.2f} s  {item['calls']:>6} call(s)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, action="append",
                        help="site size in posts; repeat for several (default: 1000 and 3000)")
    parser.add_argument("--images", type=int, default=20, help="distinct photos the posts share (default 20)")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds per size (medians reported)")
    parser.add_argument("--saves", type=int, default=5, help="saves timed with invoke livereload (0: skip)")
    parser.add_argument("--events", type=int, default=1000,
                        help="events added for the memory build at the largest size (0: skip)")
    parser.add_argument("--json", help="also write every figure to this JSON file")
    parser.add_argument("--clock", choices=("fixed", "real", "both"), default="fixed",
                        help="fixed: SITE_NOW and PYTHONHASHSEED set (default); real: today's date and a random "
                             "hash seed, as `invoke build` runs; both: each round under both, in turn")
    parser.add_argument("--real-clock", action="store_const", const="real", dest="clock",
                        help="the same as --clock real")
    options = parser.parse_args()
    clocks = ("fixed", "real") if options.clock == "both" else (options.clock,)
    sizes = sorted(options.posts or [1000, 3000])
    figures = []
    with tempfile.TemporaryDirectory(prefix="build-bench-") as scratch:
        for posts in sizes:
            events = options.events if posts == sizes[-1] else 0
            size_figures = run_size(Path(scratch), posts, options.images, options.rounds, options.saves, events,
                                    clocks)
            figures += size_figures
            for figure in size_figures:
                print("\n".join(report(figure)), flush=True)
    if options.json:
        Path(options.json).parent.mkdir(parents=True, exist_ok=True)
        Path(options.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    bad = [run for size in figures for runs in size["results"].values() for run in runs if not run["ok"]]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
