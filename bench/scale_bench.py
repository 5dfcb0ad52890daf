"""Scale: the whole kit on a large site. Builds 3,000 blog posts and 1,000
events (a quarter repeating weekly for a year) with the project's settings and
every plugin, and reports wall time, CPU time and peak memory. The baseline,
run in the same invocation on the same posts, is plain Pelican: no plugins, its
own default theme, no events. Each build runs in its own child process so its
peak memory (ru_maxrss) is its own. The goal: no errors, peak memory under 1 GiB.

    .venv/bin/python bench/scale_bench.py                  # 3,000 posts, 1,000 events
    .venv/bin/python bench/scale_bench.py --posts 300 --events 100"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("events_bench", ROOT / "bench" / "events_bench.py")
events_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(events_bench)  # reuse its generated posts and events

CHILD = """
import json
from sitekit.build import build_site
build_site({content!r}, {output!r}, SITE_NOW="2018-06-20", **json.loads({overrides!r}))
"""


def make_site(folder: Path, posts: int, events: int) -> None:
    (folder / "blog").mkdir(parents=True)
    (folder / "events").mkdir()
    shutil.copytree(ROOT / "content" / "pages", folder / "pages")
    shutil.copy(ROOT / "content" / "authors.toml", folder / "authors.toml")
    rng = random.Random(2018)
    for index in range(posts):
        (folder / "blog" / f"post-{index}.md").write_text(events_bench.article_file(index, rng), encoding="utf-8")
    for index in range(events):
        (folder / "events" / f"event-{index}.md").write_text(events_bench.event_file(index, rng), encoding="utf-8")


def measured_build(content: Path, output: Path, overrides: dict) -> dict:
    """Build in a child process; its own wall time, CPU time and peak memory."""
    shutil.rmtree(output, ignore_errors=True)
    code = CHILD.format(content=str(content), output=str(output),
                        overrides=json.dumps(overrides))
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    errors = child.stderr.read().decode(errors="replace")
    child.returncode = os.waitstatus_to_exitcode(status)
    pages = sum(1 for _ in output.rglob("*.html")) if output.exists() else 0
    return {"ok": child.returncode == 0, "errors": errors[-2000:] if child.returncode else "", "wall_s": wall,
            "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024, "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--events", type=int, default=1000)
    arguments = parser.parse_args()
    from pelican.settings import DEFAULT_THEME

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        full, plain = scratch / "full" / "content", scratch / "plain" / "content"
        make_site(full, arguments.posts, arguments.events)
        make_site(plain, arguments.posts, 0)
        baseline = measured_build(plain, scratch / "plain" / "output",
                                  {"PLUGINS": [], "THEME": DEFAULT_THEME, "TEMPLATE_PAGES": {},
                                   "JINJA_ENVIRONMENT": {"trim_blocks": True, "lstrip_blocks": True, "extensions": []}})
        kit = measured_build(full, scratch / "full" / "output", {})
        # Again with the same content: images and share cards come from the cache.
        warm = measured_build(full, scratch / "full" / "output", {})

    print(f"Scale: {arguments.posts} posts and {arguments.events} events ({arguments.events // 4} repeating weekly)")
    print(f"{'build':<40}{'ok':>4}{'pages':>8}{'wall s':>9}{'CPU s':>9}{'peak MiB':>10}")
    for name, result in (("plain Pelican, posts only (baseline)", baseline), ("the kit: posts, events, all plugins", kit),
                         ("the kit again, warm caches", warm)):
        print(f"{name:<40}{'yes' if result['ok'] else 'NO':>4}{result['pages']:>8}{result['wall_s']:>9.1f}"
              f"{result['cpu_s']:>9.1f}{result['peak_mib']:>10.0f}")
    print(f"kit / baseline: wall {kit['wall_s'] / baseline['wall_s']:.2f}x, CPU {kit['cpu_s'] / baseline['cpu_s']:.2f}x, "
          f"peak memory {kit['peak_mib'] / baseline['peak_mib']:.2f}x; warm: CPU {warm['cpu_s'] / baseline['cpu_s']:.2f}x")
    peak = max(kit["peak_mib"], warm["peak_mib"])
    print(f"peak memory {peak:.0f} MiB: {'under' if peak < 1024 else 'OVER'} the 1 GiB limit")
    for name, result in (("baseline", baseline), ("kit", kit), ("warm kit", warm)):
        if not result["ok"]:
            print(f"\n{name} build FAILED:\n{result['errors']}")
    if not (kit["ok"] and warm["ok"] and baseline["ok"] and peak < 1024):
        sys.exit(1)


if __name__ == "__main__":
    main()
