"""The site's search index, built by Pagefind (https://pagefind.app) from the
finished pages. Knows nothing of Pelican.

Pagefind reads only the elements marked data-pagefind-body (posts, pages,
events and weeks; the theme marks them), so list, filter and draft pages are
left out; data-pagefind-filter marks the search page's filters. Its binary
comes from the pinned `pagefind_bin` package."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from coproweek.pagefind_files import NAMED_BY_CONTENT, UNREADABLE, CannotMerge, files_in_use, merge_bundles, read_file
from coproweek.site_files import files_in

# The search page runs Pagefind's WebAssembly: only there does the
# Content-Security-Policy need to allow it.
SEARCH_PAGE_SOURCES = {"script-src": ["'wasm-unsafe-eval'"]}
BUNDLE_FOLDER = "pagefind"
_BODY_MARKER = b"data-pagefind-body"
# Pagefind holds every page's word map at once (about 190 kB a page of 600
# words, 30 times the HTML it indexes), so a large site is indexed in parts,
# one after another, each of at most this much indexed HTML (about 500 such
# pages, under 100 MiB), and the parts merged into one index
# (coproweek/pagefind_files.py).
PART_BYTES = 3_000_000
PARTS = "parts"  # a site in several parts keeps each in the seeds folder: parts/0/, parts/1/...


class SearchIndexFailed(RuntimeError):
    """Pagefind did not build the index (the message has its last words)."""


# Pagefind's glob (the wax crate's syntax) takes these characters as written;
# a page whose path has another is given to it in a folder of links instead.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*\Z")
_SUMMARY = "indexed.json"        # and the pages indexed and files read, for finish()
_KEPT_DIGEST = "pages-digest.json"  # in a kept part: the digest of the pages it was made from


def pages_to_read(site: Path) -> dict[str, int]:
    """The pages of `site` (paths inside it) that Pagefind has to read, each
    with the bytes of it that Pagefind indexes (from the body marker on).

    Pagefind indexes only the pages that mark their body (data-pagefind-body)
    once any page does, but reads and parses every page to find them: half
    the site here (lists, tags, archives). Given just the pages that carry the
    marker, it reads only those and makes the same index. With no marked page
    it indexes every page, so then every page is read."""
    return _read_pages(site)[0]


def _read_pages(site: Path) -> tuple[dict[str, int], dict[str, bytes]]:
    """pages_to_read(site), and a digest of every page's bytes: each page is
    read once for both (a kept part is reused only if its pages' are the same)."""
    sizes, marked, digests = {}, {}, {}
    for page in files_in(site, ".html"):
        html = (site / page).read_bytes()
        sizes[page] = len(html)
        digests[page] = hashlib.blake2b(html, digest_size=20).digest()
        body = html.find(_BODY_MARKER)
        if body >= 0:
            marked[page] = len(html) - body
    return marked or sizes, digests


def split_into_parts(pages: dict[str, int], budget: int = PART_BYTES) -> list[list[str]]:
    """The pages (each with the bytes Pagefind indexes) in as few parts as
    keep each near `budget`. A page's part comes from a hash of its path, so
    that it stays in its part from one build to the next (and its part's
    seeds serve it again)."""
    count = max(1, -(-sum(pages.values()) // max(budget, 1)))
    parts: list[list[str]] = [[] for _ in range(count)]
    for page in sorted(pages):
        parts[zlib.crc32(page.encode("utf-8")) % count].append(page)
    return [part for part in parts if part] or [[]]


def glob_naming(paths: list[str]) -> str:
    """A glob that matches exactly `paths` ("/"-separated, plain), folder by
    folder: {about/index.html,blog/2019/{a/index.html,b/index.html}}. Pagefind's
    matcher holds less for it than for the paths listed one by one (measured:
    4 MB against 10 MB more than no glob at 1,000 pages)."""
    tree: dict = {}  # a file is a name with nothing under it (no folder has its name)
    for path in paths:
        node = tree
        for part in path.split("/"):
            node = node.setdefault(part, {})

    def alternatives(node: dict) -> str:
        options = sorted(f"{name}/{alternatives(below)}" if below else name for name, below in node.items())
        return options[0] if len(options) == 1 else "{" + ",".join(options) + "}"

    return alternatives(tree)


def point_pagefind_at(site: Path, pages: list[str], folder: Path) -> Path:
    """Make Pagefind, run in `folder`, read just `pages` of `site`; returns
    the folder to give it as its site. Usually `site` itself, with the pages
    named in a glob in `folder`/pagefind.json (Pagefind reads its settings
    from the folder it runs in): nothing is made but that file. When a path
    has a character the glob would read as syntax, or there are no pages,
    links to the pages under their own paths in `folder`/pages."""
    if pages and all(_PLAIN_PATH.match(page) for page in pages):
        settings = {"glob": glob_naming(pages)}
        (folder / "pagefind.json").write_text(json.dumps(settings), encoding="utf-8")
        return site
    links = folder / "pages"
    links.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (links / page).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, links / page)
        except OSError:  # another file system: a copy
            shutil.copyfile(site / page, links / page)
    return links


def named_by_content(bundle: Path) -> set[str]:
    """The files of `bundle` that Pagefind names by their content, as paths inside it."""
    return {path.relative_to(bundle).as_posix() for pattern in NAMED_BY_CONTENT for path in bundle.glob(pattern)}


def fragments_match_pages(bundle: Path, fragments: set[str], pages: set[str]) -> bool:
    """Whether every fragment in use names its own page of `pages` (the pages
    Pagefind read, as paths in the site), no two the same.

    A reused file is Pagefind's only if its short name (seven hex digits of
    the content's hash) matched by chance a changed page's: that page would
    then show another page's title and text, and its own would be missing or
    named twice."""
    urls = set()
    for fragment in fragments:
        if not fragment.startswith("fragment/"):
            continue
        url = json.loads(read_file(bundle / fragment))["url"]
        page = unquote(url).lstrip("/") + ("index.html" if url.endswith("/") else "")
        if url in urls or page not in pages:
            return False
        urls.add(url)
    return True


def seed_bundle(bundle: Path, seeds: Path) -> None:
    """Link the content-named files kept in `seeds` into the empty `bundle`
    Pagefind will write, so that it writes only the ones that changed (making
    a thousand new files costs this machine's disk more than the indexing).
    None are linked if the seeds are on another file system (a copy would
    cost what it saves)."""
    for name in sorted(named_by_content(seeds)) if seeds.is_dir() else []:
        (bundle / name).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(seeds / name, bundle / name)
        except OSError:
            return


def forget_seeds(seeds: Path) -> None:
    """Remove the kept files of every part, and only those: SEARCH_CACHE_PATH
    set by mistake to a folder of the project must not cost anything else in it."""
    for folder in [seeds, *part_folders(seeds)] if seeds.is_dir() else []:
        _forget_folder(folder)


def _forget_folder(folder: Path) -> None:
    for name in [*named_by_content(folder), _KEPT_DIGEST]:
        (folder / name).unlink(missing_ok=True)


def keep_as_seeds(bundle: Path, in_use: set[str], seeds: Path) -> None:
    """Make `seeds` hold links to just the files of `bundle` in `in_use`.
    Two builds sharing the folder at once cost each other seeds, never a
    wrong index: a fragment that is not its page's is caught by finish()."""
    kept = named_by_content(seeds) if seeds.is_dir() else set()
    for name in kept - in_use:
        (seeds / name).unlink(missing_ok=True)
    for name in sorted(in_use - kept):
        (seeds / name).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(bundle / name, seeds / name)
        except FileExistsError:  # kept already: the very file seeded from it
            continue
        except OSError:  # another file system: no seeds
            forget_seeds(seeds)
            return


def part_path(number: int, count: int) -> str:
    """Where part `number` of `count` keeps its seeds, inside the seeds folder:
    a site in one part keeps them in the folder itself, as it always did."""
    return f"{PARTS}/{number}" if count > 1 else ""


def part_folders(root: Path) -> list[Path]:
    """The kept parts of an index made in parts, in order."""
    more = root / PARTS
    numbered = [path for path in more.iterdir() if path.name.isdigit()] if more.is_dir() else []
    return sorted(numbered, key=lambda path: int(path.name))


def _pages_digest(pages: list[str], digests: dict[str, bytes]) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for page in pages:
        hasher.update(f"{page}\0".encode("utf-8", "surrogatepass"))
        hasher.update(digests[page])
    return hasher.hexdigest()


def _replace_kept_part(made: Path, kept: Path) -> None:
    """Make `kept` hold the part just made, a file at a time: only Pagefind's
    files and the digest are replaced or removed, so that SEARCH_CACHE_PATH
    set by mistake to a folder of the project costs nothing else in it."""
    for name in named_by_content(kept) - named_by_content(made):
        (kept / name).unlink()
    for path in sorted(made.rglob("*")):
        if path.is_file():
            target = kept / path.relative_to(made)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)


def _unchanged_part(kept: Path, digest: str) -> bool:
    """Whether `kept` is a whole part made from pages with this digest."""
    try:
        if json.loads((kept / _KEPT_DIGEST).read_text(encoding="utf-8")) != digest:
            return False
        return all((kept / name).is_file() for name in files_in_use(kept))
    except UNREADABLE:  # json.JSONDecodeError is a ValueError
        return False


def _index_part(site: Path, pages: list[str], work: Path, output: Path, seeds: Path | None,
                pagefind: tuple[str, ...]) -> tuple[int, int]:
    """Run Pagefind on `pages` of `site` into `output`, seeded from `seeds`;
    returns the pages it indexed and the files it read.
    A seeded index whose reused files are not all sound (see
    fragments_match_pages) is made again without them, and they are forgotten."""
    work.mkdir(parents=True)
    read_from = point_pagefind_at(site, pages, work)
    if seeds is not None and not any(seeds.glob("pagefind.*.pf_meta")):
        seeds = None  # seeded only from a kept index (its meta file is linked last)
    if seeds is not None:
        try:
            seed_bundle(output, seeds)
        except OSError:  # seeds are only a saving: Pagefind writes whatever is missing
            pass
    try:
        run = subprocess.run([*pagefind, "--output-path", str(output), "--site", str(read_from)],
                             cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as error:
        print(f"Pagefind could not run ({error}).", flush=True)
        sys.exit(127)
    said = run.stdout.decode("utf-8", errors="replace")
    print(said, flush=True)
    if run.returncode != 0:
        sys.exit(run.returncode)
    if seeds is None:
        return _counted(said)
    try:
        in_use = files_in_use(output)
        for name in named_by_content(output) - in_use:
            (output / name).unlink()
        sound = fragments_match_pages(output, in_use, set(pages))
    except UNREADABLE:
        sound = False
    if not sound:
        _forget_folder(seeds)  # and this part is indexed afresh
        shutil.rmtree(output)
        shutil.rmtree(work)
        return _index_part(site, pages, work, output, None, pagefind)
    return _counted(said)


def _counted(said: str) -> tuple[int, int]:
    """The pages Pagefind indexed and the files it read, from what it said."""
    pages = re.search(r"Indexed (\d+) pages?", said)
    files = re.search(r"Found (\d+) files? matching", said)
    return int(pages[1]) if pages else 0, int(files[1]) if files else 0


def _index_in_parts(site: str, folder: str, seeds: str, budget: str, *pagefind: str) -> None:
    """The script's work (see RunningIndex), in `folder`: choose the pages to
    read and split them into parts; run Pagefind on each in turn (one at a
    time, so that only one part's word maps are ever held), each seeded from
    its own kept files; then merge the parts into folder/pagefind. A part
    whose pages are all as they were when it was kept is not indexed again."""
    site_path, working = Path(site), Path(folder)
    to_read, page_digests = _read_pages(site_path)
    parts = split_into_parts(to_read, int(budget))
    built = working / BUNDLE_FOLDER
    count, outputs, digests, counts, indexed = len(parts), [], [], [], []
    for number, pages in enumerate(parts):
        kept = Path(seeds) / part_path(number, count) if seeds else None
        digests.append(_pages_digest(pages, page_digests) if count > 1 else "")
        reused = kept is not None and count > 1 and _unchanged_part(kept, digests[-1])
        indexed.append(not reused)
        if reused:
            outputs.append(kept)  # read as it is by the merge
            counts.append((len(pages), len(pages)))
            continue
        outputs.append(built if count == 1 else working / "indexed" / str(number))
        counts.append(_index_part(site_path, pages, working / "work" / str(number), outputs[-1], kept, pagefind))
    summary = {"pages": sum(pages for pages, _files in counts), "files": sum(files for _pages, files in counts),
               "digests": digests, "indexed": indexed}
    (working / _SUMMARY).write_text(json.dumps(summary), encoding="utf-8")
    if count > 1:
        try:
            merge_bundles(outputs, built)
        except CannotMerge as error:
            print(f"The search index was made in {count} parts, which could not be merged: {error}. "
                  f"Set SEARCH_PART_BYTES above {sum(to_read.values())} to index the site "
                  "in one part.", flush=True)
            sys.exit(3)
        except UNREADABLE as error:
            print(f"The search index's parts could not be read to merge them ({error!r}).", flush=True)
            sys.exit(3)


@dataclass(frozen=True)
class IndexBuilt:
    pages: int
    seconds: float
    files_read: int = 0  # the HTML files Pagefind read to find them
    parts: int = 1       # the parts it was made in and merged from


def pagefind_executable() -> Path:
    from pagefind_bin import get_executable

    return Path(get_executable())


def build_index(site: Path, executable: Path | None = None, language: str = "en",
                budget: int = PART_BYTES) -> IndexBuilt:
    """Index the built site in `site`, writing `site`/pagefind/."""
    return RunningIndex(site, executable, language, budget=budget).finish()


def _page_stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {page: (status.st_mtime_ns, status.st_size) for page, status in files_in(site, ".html").items()}


class RunningIndex:
    """Pagefind indexing `site` in its own process, started as soon as the
    pages are written so that it runs beside the checks that read them.
    finish() waits for it; if any page was written, changed or removed in the
    meantime, the index is made again from the finished pages.

    A site with more indexed HTML than `budget` is indexed in parts, merged
    into one index (see _index_in_parts).

    With `seeds` (a folder of its own, kept between builds), Pagefind starts
    each part from the last index's content-named files and writes only those
    that changed; the ones no longer in use are removed, each reused fragment
    is checked to be its page's, and finish() keeps the new files as the next
    seeds."""

    def __init__(self, site: Path, executable: Path | None = None, language: str = "en",
                 seeds: Path | None = None, budget: int = PART_BYTES) -> None:
        self.site, self.language, self.seeds, self.budget = Path(site), language, seeds, budget
        # Built beside the site and moved in by finish(): until then no other
        # check sees a half-written bundle (the audit reads every .css file).
        self.building = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=self.site.parent))
        self.pages = _page_stamps(self.site)
        self.executable = executable = str(executable or pagefind_executable())
        # This file, run as a script, chooses the pages, splits them into
        # parts, runs Pagefind on each and merges them: the build's own
        # process goes straight on to its checks.
        self.command = [sys.executable, __file__, str(self.site), str(self.building),
                        str(seeds) if seeds is not None else "", str(budget), executable, "--force-language", language]
        self.started = time.monotonic()
        self.output = tempfile.TemporaryFile()  # not a pipe: nobody reads it until the end
        self.process = None
        if not os.access(executable, os.X_OK):
            self.error = FileNotFoundError(f"no program at {executable}")
            return
        try:
            # A session of its own, so that stop() ends Pagefind with the script.
            self.process = subprocess.Popen(self.command, stdout=self.output, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        except OSError as error:
            self.error = error

    def finish(self) -> IndexBuilt:
        """Wait for Pagefind; raises SearchIndexFailed."""
        if self.process is None:
            self._clean_up()
            raise SearchIndexFailed(f"Pagefind could not run ({self.error}).")
        try:
            code = self.process.wait(timeout=600)
        except subprocess.TimeoutExpired as error:
            self.stop()
            raise SearchIndexFailed(f"Pagefind could not run ({error}).") from error
        self.output.seek(0)
        output = self.output.read().decode("utf-8", errors="replace")
        self.output.close()
        if code != 0:
            self._clean_up()
            raise SearchIndexFailed(f"Pagefind stopped (exit {code}): {output.strip()[-800:]}")
        if _page_stamps(self.site) != self.pages:  # indexed pages that have changed since
            return self._again()
        summary = json.loads((self.building / _SUMMARY).read_text(encoding="utf-8"))
        parts = len(summary["indexed"])
        bundle = self.site / BUNDLE_FOLDER
        if bundle.exists():
            shutil.rmtree(bundle)
        shutil.move(self.building / BUNDLE_FOLDER, bundle)
        if self.seeds is not None:
            self._keep_as_seeds(bundle, summary)
        self._clean_up()
        return IndexBuilt(summary["pages"], time.monotonic() - self.started, summary["files"], parts)

    def _keep_as_seeds(self, bundle: Path, summary: dict) -> None:
        """Keep the index's content-named files for the next build; an index
        made in parts keeps each part whole (with its pages' digest), so that
        an unchanged part is merged as it is next time."""
        seeds, parts = Path(self.seeds), len(summary["indexed"])
        try:
            if parts == 1:
                keep_as_seeds(bundle, files_in_use(bundle), seeds)
            else:
                _forget_folder(seeds)  # the site was in one part before
                for number, (digest, indexed) in enumerate(zip(summary["digests"], summary["indexed"])):
                    if indexed:
                        made, kept = self.building / "indexed" / str(number), seeds / part_path(number, parts)
                        (made / _KEPT_DIGEST).write_text(json.dumps(digest), encoding="utf-8")
                        _replace_kept_part(made, kept)
        except UNREADABLE:  # an index this code cannot read: the next build starts afresh
            forget_seeds(seeds)
            return
        for gone in part_folders(seeds)[parts if parts > 1 else 0:]:  # parts the site no longer has
            _forget_folder(gone)

    def _again(self) -> IndexBuilt:
        self._clean_up()
        return RunningIndex(self.site, Path(self.executable), self.language, self.seeds, self.budget).finish()

    def _clean_up(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)

    def stop(self) -> None:
        """Stop Pagefind (a build that ended before waiting for it)."""
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:  # ended meanwhile
                pass
            self.process.wait()
        self._clean_up()


if __name__ == "__main__":
    _index_in_parts(*sys.argv[1:])
