"""The site's search index, built by Pagefind (https://pagefind.app) from the
finished pages. Knows nothing of Pelican.

Pagefind reads only the elements marked data-pagefind-body (posts, pages,
events and weeks; the theme marks them), so list, filter and draft pages are
left out; data-pagefind-filter marks the search page's filters. Its binary
comes from the pinned `pagefind_bin` package."""

from __future__ import annotations

import gzip
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

import cbor2

from coproweek.site_files import files_in

# The search page runs Pagefind's WebAssembly: only there does the
# Content-Security-Policy need to allow it.
SEARCH_PAGE_SOURCES = {"script-src": ["'wasm-unsafe-eval'"]}
BUNDLE_FOLDER = "pagefind"
_BODY_MARKER = b"data-pagefind-body"
# Pagefind holds every page's word map at once (about 190 kB a page of 600
# words, 30 times the HTML it indexes), so a large site is indexed as several
# bundles, one after another, each of at most this much indexed HTML
# (about 500 such pages, 110 MiB). The search page merges them in the browser.
BUNDLE_BYTES = 3_000_000
MORE_BUNDLES = "more"        # the second bundle on: pagefind/more/1/, pagefind/more/2/...
MERGE_LIST = "merge.json"    # pagefind/merge.json: the bundles to merge, relative to pagefind/


class SearchIndexFailed(RuntimeError):
    """Pagefind did not build the index (the message has its last words)."""


# Pagefind's glob (the wax crate's syntax) takes these characters as written;
# a page whose path has another is given to it in a folder of links instead.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*\Z")
_PAGES_READ = "pages-read.json"  # in the working folder: the pages Pagefind was given, for finish()


def pages_to_read(site: Path) -> dict[str, int]:
    """The pages of `site` (paths inside it) that Pagefind has to read, each
    with the bytes of it that Pagefind indexes (from the body marker on).

    Pagefind indexes only the pages that mark their body (data-pagefind-body)
    once any page does, but reads and parses every page to find them: half
    the site here (lists, tags, archives). Given just the pages that carry the
    marker, it reads only those and makes the same index. With no marked page
    it indexes every page, so then every page is read."""
    sizes, marked = {}, {}
    for page in files_in(site, ".html"):
        html = (site / page).read_bytes()
        sizes[page] = len(html)
        body = html.find(_BODY_MARKER)
        if body >= 0:
            marked[page] = len(html) - body
    return marked or sizes


def split_into_bundles(pages: dict[str, int], budget: int = BUNDLE_BYTES) -> list[list[str]]:
    """The pages (each with the bytes Pagefind indexes) in as few bundles as
    keep each near `budget`. A page's bundle comes from a hash of its path:
    each bundle is a fair sample of the whole site, so the word statistics
    each ranks its results by (how rare a word is, how long pages are) are
    close to the whole site's, as in a search engine's hashed shards; and a
    page stays in its bundle from one build to the next."""
    count = max(1, -(-sum(pages.values()) // max(budget, 1)))
    bundles: list[list[str]] = [[] for _ in range(count)]
    for page in sorted(pages):
        bundles[zlib.crc32(page.encode("utf-8")) % count].append(page)
    return [bundle for bundle in bundles if bundle] or [[]]


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


# Pagefind names these files by their content, and leaves a file alone if one
# of that name is already in its output folder: the rest it writes every time.
_NAMED_BY_CONTENT = ("pagefind.*.pf_meta", "fragment/*.pf_fragment", "index/*.pf_index", "filter/*.pf_filter")
_PAGEFIND_FILE_START = b"pagefind_dcd"  # the first bytes of each, once unzipped
# What reading a damaged or unfamiliar bundle raises (gzip's errors are OSError or zlib.error).
_UNREADABLE = (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, zlib.error, cbor2.CBORDecodeError)


def named_by_content(bundle: Path) -> set[str]:
    """The files of `bundle` that Pagefind names by their content, as paths inside it."""
    return {path.relative_to(bundle).as_posix() for pattern in _NAMED_BY_CONTENT for path in bundle.glob(pattern)}


def _read_pagefind_file(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_PAGEFIND_FILE_START):
        raise ValueError(f"{path} is not a Pagefind index file")
    return data[len(_PAGEFIND_FILE_START):]


def files_in_use(bundle: Path) -> set[str]:
    """The content-named files that `bundle`'s entry file leads to: each
    language's meta file, and the fragments, word-index chunks and filters it
    lists. Reads Pagefind 1.5's meta format: a CBOR array of version, pages
    [hash, word count], chunks [from, to, hash], filters [name, hash], sorts,
    meta fields. (Written here because Pagefind has no reader for it but the
    browser's; test_index checks it against Pagefind's own output.)"""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    in_use = set()
    for language in entry["languages"].values():
        meta = f"pagefind.{language['hash']}.pf_meta"
        _version, pages, chunks, filters, *_ = cbor2.loads(_read_pagefind_file(bundle / meta))
        in_use.add(meta)
        in_use.update(f"fragment/{page_hash}.pf_fragment" for page_hash, _words in pages)
        in_use.update(f"index/{chunk[-1]}.pf_index" for chunk in chunks)
        in_use.update(f"filter/{filter_hash}.pf_filter" for _name, filter_hash in filters)
    return in_use


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
        url = json.loads(_read_pagefind_file(bundle / fragment))["url"]
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
    """Remove the kept files of every bundle, and only those: SEARCH_CACHE_PATH
    set by mistake to a folder of the project must not cost anything else in it."""
    for folder in bundle_folders(seeds):
        for name in named_by_content(folder):
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


def bundle_path(number: int) -> str:
    """Where bundle `number` is inside the site's pagefind/ folder ("" for the first)."""
    return f"{MORE_BUNDLES}/{number}" if number else ""


def bundle_folders(root: Path) -> list[Path]:
    """`root` (the first bundle, or its seeds) and the further bundles in it, in order."""
    more = root / MORE_BUNDLES
    if not root.is_dir():
        return []
    numbered = [path for path in more.iterdir() if path.name.isdigit()] if more.is_dir() else []
    return [root, *sorted(numbered, key=lambda path: int(path.name))]


# A further bundle needs only its entry file and the files it leads to: the
# search page loads Pagefind's scripts and WebAssembly from the first.
_KEPT_IN_FURTHER_BUNDLES = ("pagefind-entry.json", *_NAMED_BY_CONTENT)


def _drop_scripts(bundle: Path) -> None:
    for path in bundle.iterdir():
        if path.is_file() and not any(path.match(pattern) for pattern in _KEPT_IN_FURTHER_BUNDLES):
            path.unlink()


def _index_in_bundles(site: str, folder: str, seeds: str, budget: str, *pagefind: str) -> None:
    """The script's work (see RunningIndex), in `folder`: choose the pages to
    read, split them into bundles, and run Pagefind on each in turn (one at a
    time, so that only one bundle's word maps are ever held), each seeded
    from its own kept files; then list the further bundles in merge.json."""
    site_path, working = Path(site), Path(folder)
    bundles = split_into_bundles(pages_to_read(site_path), int(budget))
    (working / _PAGES_READ).write_text(json.dumps(bundles), encoding="utf-8")
    built = working / BUNDLE_FOLDER
    for number, pages in enumerate(bundles):
        work = working / f"bundle-{number}"
        work.mkdir()
        read_from = point_pagefind_at(site_path, pages, work)
        output = built / bundle_path(number)
        if seeds:
            try:
                seed_bundle(output, Path(seeds) / bundle_path(number))
            except OSError:  # seeds are only a saving: Pagefind writes whatever is missing
                pass
        try:
            code = subprocess.run([*pagefind, "--output-path", str(output), "--site", str(read_from)],
                                  cwd=work).returncode
        except OSError as error:
            print(f"Pagefind could not run ({error}).", flush=True)
            sys.exit(127)
        if code != 0:
            sys.exit(code)
        if number:
            _drop_scripts(output)
    further = [f"{bundle_path(number)}/" for number in range(1, len(bundles))]
    (built / MERGE_LIST).write_text(json.dumps(further), encoding="utf-8")


@dataclass(frozen=True)
class IndexBuilt:
    pages: int
    seconds: float
    files_read: int = 0  # the HTML files Pagefind read to find them
    bundles: int = 1


def pagefind_executable() -> Path:
    from pagefind_bin import get_executable

    return Path(get_executable())


def build_index(site: Path, executable: Path | None = None, language: str = "en",
                budget: int = BUNDLE_BYTES) -> IndexBuilt:
    """Index the built site in `site`, writing `site`/pagefind/."""
    return RunningIndex(site, executable, language, budget=budget).finish()


def _page_stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {page: (status.st_mtime_ns, status.st_size) for page, status in files_in(site, ".html").items()}


class RunningIndex:
    """Pagefind indexing `site` in its own process, started as soon as the
    pages are written so that it runs beside the checks that read them.
    finish() waits for it; if any page was written, changed or removed in the
    meantime, the index is made again from the finished pages.

    With `seeds` (a folder of its own, kept between builds), Pagefind starts
    from the last index's content-named files and writes only those that
    changed; finish() removes the ones no longer in use, checks that each
    reused fragment is its page's, and keeps the new files as the next seeds."""

    def __init__(self, site: Path, executable: Path | None = None, language: str = "en",
                 seeds: Path | None = None, budget: int = BUNDLE_BYTES) -> None:
        self.site, self.language, self.seeds, self.budget = Path(site), language, seeds, budget
        # Built beside the site and moved in by finish(): until then no other
        # check sees a half-written bundle (the audit reads every .css file).
        self.building = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=self.site.parent))
        self.pages = _page_stamps(self.site)
        self.executable = executable = str(executable or pagefind_executable())
        # Seeded only from a kept index (its meta file is linked last): decided
        # here, so that finish() checks exactly the indexes that reused files.
        self.seeded = seeds is not None and any(Path(seeds).glob("pagefind.*.pf_meta"))
        # This file, run as a script, chooses the pages, splits them into
        # bundles and runs Pagefind on each: the build's own process goes
        # straight on to its checks.
        self.command = [sys.executable, __file__, str(self.site), str(self.building),
                        str(seeds) if self.seeded else "", str(budget), executable, "--force-language", language]
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
        built = self.building / BUNDLE_FOLDER
        bundles = json.loads((self.building / _PAGES_READ).read_text(encoding="utf-8"))
        if self.seeded and not self._reused_files_are_sound(built, bundles):
            forget_seeds(self.seeds)  # index afresh, and keep its files
            return self._again()
        bundle = self.site / BUNDLE_FOLDER
        if bundle.exists():
            shutil.rmtree(bundle)
        shutil.move(built, bundle)
        self._clean_up()
        if self.seeds is not None:
            self._keep_as_seeds(bundle)
        count = lambda pattern: sum(int(number) for number in re.findall(pattern, output))  # one line a bundle
        return IndexBuilt(count(r"Indexed (\d+) pages?"), time.monotonic() - self.started,
                          count(r"Found (\d+) files? matching"), len(bundles))

    def _reused_files_are_sound(self, built: Path, bundles: list[list[str]]) -> bool:
        """Remove the seeds each new bundle did not use; whether every fragment
        in use is its own page's (False too if a bundle cannot be read)."""
        try:
            for folder, pages in zip(bundle_folders(built), bundles, strict=True):
                in_use = files_in_use(folder)
                for name in named_by_content(folder) - in_use:
                    (folder / name).unlink()
                if not fragments_match_pages(folder, in_use, set(pages)):
                    return False
            return True
        except _UNREADABLE:  # ValueError too: not as many bundles as Pagefind was asked for
            return False

    def _keep_as_seeds(self, bundle: Path) -> None:
        folders = bundle_folders(bundle)
        try:
            for number, folder in enumerate(folders):
                keep_as_seeds(folder, files_in_use(folder), self.seeds / bundle_path(number))
        except _UNREADABLE:  # a bundle this code cannot read: the next build starts afresh
            forget_seeds(self.seeds)
            return
        for gone in bundle_folders(self.seeds)[len(folders):]:  # the site has fewer bundles now
            for name in named_by_content(gone):
                (gone / name).unlink(missing_ok=True)

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
    _index_in_bundles(*sys.argv[1:])
