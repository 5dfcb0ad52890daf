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


class SearchIndexFailed(RuntimeError):
    """Pagefind did not build the index (the message has its last words)."""


# Pagefind's glob (the wax crate's syntax) takes these characters as written;
# a page whose path has another is given to it in a folder of links instead.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*\Z")
_PAGES_READ = "pages-read.json"  # in the working folder: the pages Pagefind was given, for finish()


def pages_to_read(site: Path) -> list[str]:
    """The pages of `site` (paths inside it) that Pagefind has to read.

    Pagefind indexes only the pages that mark their body (data-pagefind-body)
    once any page does, but reads and parses every page to find them: half
    the site here (lists, tags, archives). Given just the pages that carry the
    marker, it reads only those and makes the same index. With no marked page
    it indexes every page, so then every page is read."""
    pages = list(files_in(site, ".html"))
    marked = [page for page in pages if _BODY_MARKER in (site / page).read_bytes()]
    return marked or pages


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
    (folder / _PAGES_READ).write_text(json.dumps(pages), encoding="utf-8")
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
    """Remove the kept files, and only those: SEARCH_CACHE_PATH set by mistake
    to a folder of the project must not cost anything else in it."""
    for name in named_by_content(seeds) if seeds.is_dir() else ():
        (seeds / name).unlink(missing_ok=True)


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


def _choose_pages_then_run_pagefind(site: str, folder: str, seeds: str, bundle: str, *pagefind: str) -> None:
    """The script's work (see RunningIndex): choose the pages to read, link
    the seeds, then become Pagefind, in `folder`."""
    read_from = point_pagefind_at(Path(site), pages_to_read(Path(site)), Path(folder))
    if seeds:
        try:
            seed_bundle(Path(bundle), Path(seeds))
        except OSError:  # seeds are only a saving: Pagefind writes whatever is missing
            pass
    try:
        os.chdir(folder)
        os.execv(pagefind[0], [*pagefind, "--site", str(read_from)])
    except OSError as error:
        print(f"Pagefind could not run ({error}).", flush=True)
        sys.exit(127)


@dataclass(frozen=True)
class IndexBuilt:
    pages: int
    seconds: float
    files_read: int = 0  # the HTML files Pagefind read to find them


def pagefind_executable() -> Path:
    from pagefind_bin import get_executable

    return Path(get_executable())


def build_index(site: Path, executable: Path | None = None, language: str = "en") -> IndexBuilt:
    """Index the built site in `site`, writing `site`/pagefind/."""
    return RunningIndex(site, executable, language).finish()


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
                 seeds: Path | None = None) -> None:
        self.site, self.language, self.seeds = Path(site), language, seeds
        # Built beside the site and moved in by finish(): until then no other
        # check sees a half-written bundle (the audit reads every .css file).
        self.building = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=self.site.parent))
        self.pages = _page_stamps(self.site)
        self.executable = executable = str(executable or pagefind_executable())
        # Seeded only from a kept index (its meta file is linked last): decided
        # here, so that finish() checks exactly the indexes that reused files.
        self.seeded = seeds is not None and any(Path(seeds).glob("pagefind.*.pf_meta"))
        bundle = self.building / BUNDLE_FOLDER
        pagefind = [executable, "--output-path", str(bundle), "--force-language", language]
        # This file, run as a script, chooses the pages to read (and links the
        # seeds) and then becomes Pagefind: the build's own process goes
        # straight on to its checks.
        self.command = [sys.executable, __file__, str(self.site), str(self.building),
                        str(seeds) if self.seeded else "", str(bundle), *pagefind]
        self.started = time.monotonic()
        self.output = tempfile.TemporaryFile()  # not a pipe: nobody reads it until the end
        self.process = None
        if not os.access(executable, os.X_OK):
            self.error = FileNotFoundError(f"no program at {executable}")
            return
        try:
            self.process = subprocess.Popen(self.command, stdout=self.output, stderr=subprocess.STDOUT)
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
        if self.seeded and not self._reused_files_are_sound(built):
            forget_seeds(self.seeds)  # index afresh, and keep its files
            return self._again()
        bundle = self.site / BUNDLE_FOLDER
        if bundle.exists():
            shutil.rmtree(bundle)
        shutil.move(built, bundle)
        self._clean_up()
        if self.seeds is not None:
            try:
                keep_as_seeds(bundle, files_in_use(bundle), self.seeds)
            except _UNREADABLE:  # a bundle this code cannot read: the next build starts afresh
                forget_seeds(self.seeds)
        pages = re.search(r"Indexed (\d+) pages?", output)
        files = re.search(r"Found (\d+) files? matching", output)
        return IndexBuilt(int(pages[1]) if pages else 0, time.monotonic() - self.started,
                          int(files[1]) if files else 0)

    def _reused_files_are_sound(self, built: Path) -> bool:
        """Remove the seeds the new index did not use; whether every fragment
        in use is its own page's (False too if the bundle cannot be read)."""
        try:
            in_use = files_in_use(built)
            for name in named_by_content(built) - in_use:
                (built / name).unlink()
            pages_read = set(json.loads((self.building / _PAGES_READ).read_text(encoding="utf-8")))
            return fragments_match_pages(built, in_use, pages_read)
        except _UNREADABLE:
            return False

    def _again(self) -> IndexBuilt:
        self._clean_up()
        return RunningIndex(self.site, Path(self.executable), self.language, self.seeds).finish()

    def _clean_up(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)

    def stop(self) -> None:
        """Stop Pagefind (a build that ended before waiting for it)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._clean_up()


if __name__ == "__main__":
    _choose_pages_then_run_pagefind(*sys.argv[1:])
