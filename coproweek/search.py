"""The site's search index, built by Pagefind (https://pagefind.app) from the
finished pages. Knows nothing of Pelican.

Pagefind reads only the elements marked data-pagefind-body (posts, pages,
events and weeks; the theme marks them), so list, filter and draft pages are
left out; data-pagefind-filter marks the search page's filters. Its binary
comes from the pinned `pagefind_bin` package."""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

# The search page runs Pagefind's WebAssembly: only there does the
# Content-Security-Policy need to allow it.
SEARCH_PAGE_SOURCES = {"script-src": ["'wasm-unsafe-eval'"]}
BUNDLE_FOLDER = "pagefind"


class SearchIndexFailed(RuntimeError):
    """Pagefind did not build the index (the message has its last words)."""


@dataclass(frozen=True)
class IndexBuilt:
    pages: int
    seconds: float


def pagefind_executable() -> Path:
    from pagefind_bin import get_executable

    return Path(get_executable())


def build_index(site: Path, executable: Path | None = None, language: str = "en") -> IndexBuilt:
    """Index the built site in `site`, writing `site`/pagefind/."""
    command = [str(executable or pagefind_executable()), "--site", str(site), "--output-subdir", BUNDLE_FOLDER,
               "--force-language", language]
    started = time.monotonic()
    try:
        result = subprocess.run(command, capture_output=True, encoding="utf-8", errors="replace", timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexFailed(f"Pagefind could not run ({error}).") from error
    seconds = time.monotonic() - started
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise SearchIndexFailed(f"Pagefind stopped (exit {result.returncode}): {output.strip()[-800:]}")
    pages = re.search(r"Indexed (\d+) pages?", output)
    return IndexBuilt(int(pages[1]) if pages else 0, seconds)
