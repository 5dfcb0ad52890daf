"""The site's search index, built by Pagefind (https://pagefind.app) from the
finished pages. Knows nothing of Pelican.

Pagefind reads only the elements marked data-pagefind-body (posts, pages,
events and weeks; the theme marks them), so list, filter and draft pages are
left out; data-pagefind-filter marks the search page's filters. Its binary
comes from the pinned `pagefind_bin` package."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# The search page runs Pagefind's WebAssembly: only there does the
# Content-Security-Policy need to allow it.
SEARCH_PAGE_SOURCES = {"script-src": ["'wasm-unsafe-eval'"]}
BUNDLE_FOLDER = "pagefind"
_BODY_MARKER = b"data-pagefind-body"


class SearchIndexFailed(RuntimeError):
    """Pagefind did not build the index (the message has its last words)."""


def link_pages_to_read(site: Path, folder: Path) -> int:
    """Links in `folder`, under their own paths, to the pages of `site` that
    Pagefind has to read; returns how many.

    Pagefind indexes only the pages that mark their body (data-pagefind-body)
    once any page does, but reads and parses every page to find them: half
    the site here (lists, tags, archives). Given just the pages that carry the
    marker, it reads only those and makes the same index. With no marked page
    it indexes every page, so then every page is linked."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = sorted(path.relative_to(site) for path in site.rglob("*.html"))
    marked = [page for page in pages if _BODY_MARKER in (site / page).read_bytes()]
    for page in marked or pages:
        (folder / page).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, folder / page)
        except OSError:  # another file system: a copy
            shutil.copyfile(site / page, folder / page)
    return len(marked or pages)


def _link_then_run_pagefind(site: str, folder: str, *pagefind: str) -> None:
    """The script's work (see RunningIndex): link the pages, then become Pagefind."""
    link_pages_to_read(Path(site), Path(folder))
    try:
        os.execv(pagefind[0], list(pagefind))
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
    stamps = {}
    for path in site.rglob("*.html"):
        status = path.stat()
        stamps[path.relative_to(site).as_posix()] = (status.st_mtime_ns, status.st_size)
    return stamps


class RunningIndex:
    """Pagefind indexing `site` in its own process, started as soon as the
    pages are written so that it runs beside the checks that read them.
    finish() waits for it; if any page was written, changed or removed in the
    meantime, the index is made again from the finished pages."""

    def __init__(self, site: Path, executable: Path | None = None, language: str = "en") -> None:
        self.site, self.language = Path(site), language
        # Built beside the site and moved in by finish(): until then no other
        # check sees a half-written bundle (the audit reads every .css file).
        self.building = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=self.site.parent))
        self.pages = _page_stamps(self.site)
        self.executable = executable = str(executable or pagefind_executable())
        pagefind = [executable, "--site", str(self.building / "pages"),
                    "--output-path", str(self.building / BUNDLE_FOLDER), "--force-language", language]
        # This file, run as a script, links the pages to read and then becomes
        # Pagefind: the build's own process goes straight on to its checks.
        self.command = [sys.executable, __file__, str(self.site), str(self.building / "pages"), *pagefind]
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
            self._clean_up()
            return RunningIndex(self.site, Path(self.executable), self.language).finish()
        bundle = self.site / BUNDLE_FOLDER
        if bundle.exists():
            shutil.rmtree(bundle)
        shutil.move(self.building / BUNDLE_FOLDER, bundle)
        self._clean_up()
        pages = re.search(r"Indexed (\d+) pages?", output)
        files = re.search(r"Found (\d+) files? matching", output)
        return IndexBuilt(int(pages[1]) if pages else 0, time.monotonic() - self.started,
                          int(files[1]) if files else 0)

    def _clean_up(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)

    def stop(self) -> None:
        """Stop Pagefind (a build that ended before waiting for it)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._clean_up()


if __name__ == "__main__":
    _link_then_run_pagefind(*sys.argv[1:])
