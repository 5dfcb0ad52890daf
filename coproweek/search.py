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
        self.command = [str(executable or pagefind_executable()), "--site", str(self._pages_to_read()),
                        "--output-path", str(self.building / BUNDLE_FOLDER), "--force-language", language]
        self.started = time.monotonic()
        self.output = tempfile.TemporaryFile()  # not a pipe: nobody reads it until the end
        try:
            self.process = subprocess.Popen(self.command, stdout=self.output, stderr=subprocess.STDOUT)
        except OSError as error:
            self.process, self.error = None, error

    def _pages_to_read(self) -> Path:
        """Pagefind indexes only the pages that mark their body (data-pagefind-body)
        once any page does, but it reads and parses every page to find them: half
        the site here (lists, tags, archives). It is given a folder of links to
        just the pages that carry the marker, under their own paths, so it
        reads only those and makes the same index. With no marked page it
        indexes every page, so it then reads the site itself."""
        marked = [page for page in self.pages if _BODY_MARKER in (self.site / page).read_bytes()]
        if not marked:
            return self.site
        shadow = self.building / "pages"
        for page in marked:
            (shadow / page).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.site / page, shadow / page)
            except OSError:  # another file system: a copy
                shutil.copyfile(self.site / page, shadow / page)
        return shadow

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
            return RunningIndex(self.site, Path(self.command[0]), self.language).finish()
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
