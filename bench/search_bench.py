"""What indexing the site in parts costs and gives (issue 12).

A built site (`--site output/`, or `--posts N` generated and built as
build_bench.py does) is indexed twice from the same pages: by one Pagefind
run, and in parts of SEARCH_PART_BYTES merged into one index, as the build
does (coproweek/search.py, coproweek/pagefind_files.py). For each: peak memory
(the largest process, via wait4) and time. Then the same searches run in
Chromium against both, through Pagefind's own JavaScript API as the search
page uses it, and it prints:
- agreement: searches with the same results and scores, and with the same
  first 10 (ties between equal scores may be ordered otherwise);
- what a visitor fetches: requests and bytes to start, and for each search;
- time from the search call to the first 10 results' data.

The searches are words of the site's own pages, chosen by a seeded sample at
three frequencies (common, middling, rare) and pairs of them.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coproweek.search import BUNDLE_FOLDER, PART_BYTES, pagefind_executable  # noqa: E402
from sitekit.testing import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402

# Run in the page: Pagefind loaded as search.js loads it; returns every
# result's address and score, and the first 10 results' addresses.
SEARCH_IN_PAGE = """async ([term]) => {
  if (!window.pf) {
    window.pf = await import(new URL('/pagefind/pagefind.js', location.href).href);
    await pf.options({excerptLength: 30});
    await pf.init();
    await pf.filters();  // what the search page draws first
  }
  const started = performance.now();
  const search = await pf.search(term);
  const top = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
  // A result's id is its fragment's name: the same page's in both indexes.
  return {ms: performance.now() - started, top: top.map(d => d.url), scores: search.results.map(r => [r.id, r.score])};
}"""


def queries(site: Path, count: int, rng: random.Random) -> list[str]:
    """Words of the indexed pages, at three document frequencies, and pairs."""
    pages = [page for page in site.rglob("index.html") if b"data-pagefind-body" in page.read_bytes()]
    in_pages = collections.Counter()
    for page in rng.sample(pages, min(400, len(pages))):
        body = lxml.html.parse(str(page)).getroot().cssselect("[data-pagefind-body]")[0]
        in_pages.update(set(re.findall(r"[a-z]{4,}", body.text_content().lower())))
    ranked = [word for word, _pages in in_pages.most_common()]
    third = max(1, count // 4)
    chosen = (rng.sample(ranked[:60], third) + rng.sample(ranked[len(ranked) // 3: len(ranked) // 2], third)
              + rng.sample(ranked[-len(ranked) // 5:], third))
    pairs = [f"{a} {b}" for a, b in zip(rng.sample(chosen, count - 3 * third), rng.sample(chosen, count - 3 * third))]
    return chosen + pairs


def _count(run: dict) -> None:
    for result in run["results"].values():
        result["count"] = len(result["scores"])


def index(site: Path, budget: int) -> dict:
    """Index `site` (its pagefind/ replaced) as the build does; Pagefind's peak."""
    shutil.rmtree(site / BUNDLE_FOLDER, ignore_errors=True)
    working = Path(tempfile.mkdtemp(prefix="search-bench-"))
    started = time.perf_counter()
    command = [sys.executable, str(ROOT / "coproweek" / "search.py"), str(site), str(working), "", str(budget),
               str(pagefind_executable()), "--force-language", "en"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        sys.exit(f"Pagefind failed:\n{output[-2000:]}")
    shutil.move(working / BUNDLE_FOLDER, site / BUNDLE_FOLDER)
    shutil.rmtree(working)
    parts = len(re.findall(r"Indexed \d+ pages?", output))
    return {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024, "parts": parts}


def linked_copy(site: Path, to: Path) -> Path:
    shutil.copytree(site, to, symlinks=True, copy_function=os.link,
                    ignore=shutil.ignore_patterns(BUNDLE_FOLDER))
    return to


def searched(site: Path, terms: list[str]) -> dict:
    """Each search's results, and what the browser fetched (Pagefind fetches
    from a worker, which the page's own resource timings do not see): its
    requests, and their bytes as the files' sizes on disk."""
    from playwright.sync_api import sync_playwright

    fetched: list[int] = []

    def serve(route):
        path = route.request.url.split("127.0.0.1", 1)[-1].split("/", 1)[-1].split("?")[0]
        if "127.0.0.1" not in route.request.url:
            return route.abort()
        file = site / path / "index.html" if path.endswith("/") or not path else site / path
        fetched.append(file.stat().st_size if file.is_file() else 0)
        route.continue_()

    with serve_folder(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.route("**/*", serve)
        page = context.new_page()
        page.goto(base_url + "/search/")
        results = {}
        for number, term in enumerate(terms):
            before = len(fetched), sum(fetched)
            results[term] = page.evaluate(SEARCH_IN_PAGE, [term])
            if number == 0:  # the page, Pagefind, its entry, meta and filters, and a search
                start = {"requests": len(fetched), "bytes": sum(fetched)}
            results[term].update(requests=len(fetched) - before[0], bytes=sum(fetched) - before[1])
        browser.close()
    return {"start": start, "results": results}


def built_site(posts: int, scratch: Path) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    import build_bench

    project = build_bench.make_project(scratch / f"site-{posts}", posts, 20)
    run = build_bench.measured(project, ["invoke", "build"], "cold")
    if not run["ok"]:
        sys.exit(f"The build failed: {run['errors']}")
    return project / "output"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--site", type=Path, help="a built site (an output/ folder)")
    source.add_argument("--posts", type=int, help="generate and build a site of this many posts")
    parser.add_argument("--queries", type=int, default=40, help="searches to compare (default 40)")
    parser.add_argument("--budget", type=int, default=PART_BYTES, help="bytes of indexed HTML a part")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as scratch:
        scratch = Path(scratch)
        site = options.site or built_site(options.posts, scratch)
        terms = queries(site, options.queries, random.Random(12))
        figures = {}
        for name, budget in (("one run", 10**15), ("in parts", options.budget)):
            copy = linked_copy(site, scratch / name.replace(" ", "-"))
            figures[name] = {**index(copy, budget), **searched(copy, terms)}
            _count(figures[name])
    one, split = figures["one run"], figures["in parts"]
    print(f"{len(terms)} searches on {site} ({', '.join(terms[:6])}, ...)")
    for name, run in figures.items():
        each = list(run["results"].values())[1:]
        print(f"{name:>8}: {run['parts']} Pagefind run(s), {run['seconds']:.1f} s, peak {run['peak_mib']:.0f} MiB;"
              f" to start {run['start']['requests']} requests, {run['start']['bytes'] / 1024:.0f} KiB;"
              f" a search (median) {statistics.median(r['requests'] for r in each):.0f} requests,"
              f" {statistics.median(r['bytes'] for r in each) / 1024:.1f} KiB,"
              f" {statistics.median(r['ms'] for r in each):.0f} ms to its first 10 results")
    same = [t for t in terms if sorted(one["results"][t]["scores"]) == sorted(split["results"][t]["scores"])]
    same_top = [t for t in terms if one["results"][t]["top"] == split["results"][t]["top"]]
    # Pagefind orders pages of equal score by page number, which its parallel
    # reading of the files sets; the parts' order is part by part.
    tied_top = [t for t in terms if [score for _id, score in one["results"][t]["scores"][:10]]
                == [score for _id, score in split["results"][t]["scores"][:10]]]
    print(f"agreement: the same results with the same scores in {len(same)} of {len(terms)} searches;"
          f" the first 10 with the same scores in {len(tied_top)}, the very same first 10 in {len(same_top)}"
          " (the others differ only in the order of equal scores)")
    for term in terms:
        if term not in same:
            a, b = one["results"][term], split["results"][term]
            print(f"  {term!r}: {a['count']} results from one run, {b['count']} from the parts")


if __name__ == "__main__":
    main()
