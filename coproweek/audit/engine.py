"""Audit a folder of built HTML pages: parse each page with lxml, run the alt,
control name and colour rules, drop ignored elements, trace each finding to its source."""

from __future__ import annotations

import fnmatch
import functools
import html as html_escape
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from PIL import Image, UnidentifiedImageError

from .alt_rules import check_alt_text
from .colours import RGBA, luminance
from .contrast_rules import check_page_contrast
from .cascade import StyleEngine, StyleSheetLoader
from ..checks.links import PageLinks, links_in
from ..config import read_settings
from ..page_cache import PageCache, digest
from ..publishing.chunks import RUNS_PER_WORKER, contiguous_runs
from ..site_files import files_in
from .findings import Finding, sort_key
from .html_utils import is_ignored, parse_page, resolve_local
from .image_metadata import embedded_description
from .name_rules import check_control_names
from .settings import AuditSettings
from .sources import SourceMap, SourceTracer

IMAGE_GRID = 12  # background images are judged in regions of 1/12 of their width
PAGES_PER_WORKER = 100  # below this a process costs more than it saves


@dataclass
class AuditOptions:
    check_dark_scheme: bool = True
    fill_alt_from_metadata: bool = False  # write the embedded description into the built page
    exclude: tuple[str, ...] = ()  # glob patterns of pages (relative paths) to skip
    site_urls: tuple[str, ...] = ()  # the site's own addresses: links starting so are files in the folder
    # Share matching and computed styles between elements and pages with the same
    # inputs (the speed of the audit). False works everything out afresh for each
    # element of each page: slow, for tests that the sharing changes no finding.
    share_styles: bool = True
    collect_links: bool = False  # also give each parsed page's ids and links (AuditResult.links)

    @classmethod
    def from_settings(cls, settings) -> "AuditOptions":
        """The options a site build's settings ask for: a Mapping (Pelican's
        settings) or the AuditSettings already read from one."""
        if not isinstance(settings, AuditSettings):
            settings = read_settings(AuditSettings, settings)
        return cls(
            check_dark_scheme=settings.audit_check_dark_scheme,
            fill_alt_from_metadata=settings.audit_fill_alt_from_metadata,
            exclude=tuple(settings.audit_exclude),
            # A production build writes absolute links (https://site/theme/css/main.css).
            site_urls=_site_urls(settings.siteurl or ""),
        )


def _site_urls(site_url: str) -> tuple[str, ...]:
    """SITEURL and the same address with the other scheme or none (//host/…)."""
    if "://" not in site_url:
        return ()
    _, rest = site_url.split("://", 1)
    return (site_url, f"https://{rest}", f"http://{rest}", f"//{rest}")


@dataclass
class AuditResult:
    root: Path
    pages: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    ignored: int = 0
    seconds: float = 0.0
    unreadable: list[str] = field(default_factory=list)
    # page -> (findings ignored on it, the image files it consulted as (path, size, mtime)):
    # what a PageCache needs besides the findings to reuse the page's result.
    audited: dict[str, tuple[int, tuple]] = field(default_factory=dict)
    reused: int = 0  # pages whose result came from the cache
    # page -> (digest of its bytes, its ids and links), with options.collect_links:
    # the link checks take them instead of parsing each page again.
    links: dict[str, tuple[str, PageLinks]] = field(default_factory=dict)


@functools.lru_cache(maxsize=256)
def _measure(path: str, mtime: float, under: RGBA) -> tuple[RGBA, RGBA] | None:
    """Darkest and lightest regions of an image painted over `under` (Pillow)."""
    try:
        with Image.open(path) as image:
            image = image.convert("RGBA")
            backdrop = Image.new("RGBA", image.size, tuple(round(c * 255) for c in (under.r, under.g, under.b)) + (255,))
            flat = Image.alpha_composite(backdrop, image).convert("RGB")
            width, height = flat.size
            columns = max(1, min(IMAGE_GRID, width))
            rows = max(1, min(round(IMAGE_GRID * height / max(width, 1)) or 1, height))
            cells = flat.resize((columns, rows), Image.Resampling.BOX)
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    raw = cells.tobytes()
    colours = [RGBA(raw[i] / 255, raw[i + 1] / 255, raw[i + 2] / 255) for i in range(0, len(raw), 3)]
    return min(colours, key=luminance), max(colours, key=luminance)


class Auditor:
    def __init__(self, root: Path, options: AuditOptions | None = None, source_map: SourceMap | None = None):
        self.root = Path(root).resolve()
        self.options = options or AuditOptions()
        self.loader = StyleSheetLoader(self.root, self.options.site_urls)
        self.tracer = SourceTracer(self.root, source_map)
        self.engines: dict[tuple, StyleEngine] = {}  # one per distinct list of style sheets
        self.consulted: set[Path] = set()  # image files the current page's checks read
        self.links: dict[str, tuple[str, PageLinks]] = {}  # with options.collect_links

    def pages(self) -> list[str]:
        return [page for page in files_in(self.root, ".html")
                if not any(fnmatch.fnmatch(page, pattern) for pattern in self.options.exclude)]

    def run(self, pages: list[str] | None = None, workers: int = 1, cache: PageCache | None = None) -> AuditResult:
        """Audit the pages (all by default). workers > 1 splits a large site over
        processes; each shares its style work across its own pages. With a
        `cache`, a page whose bytes, sources and consulted images are as when
        it was last audited gets its stored result back instead."""
        pages = pages if pages is not None else self.pages()
        if self.options.fill_alt_from_metadata:
            cache = None  # the audit writes into the pages: each build's pages need it again
        started = time.perf_counter()
        reused, keys, todo = {}, {}, []
        for page in pages:
            if cache is None:
                todo.append(page)
                continue
            keys[page] = self._page_key(page)
            stored = cache.get(page, keys[page]) if keys[page] else None
            if stored is not None and _unchanged(stored[2]):
                reused[page] = stored
            else:
                todo.append(page)
        if workers > 1 and len(todo) >= PAGES_PER_WORKER * 2:
            result = self._run_parallel(todo, workers)
        else:
            result = self._run_serial(todo)
        if cache is not None:
            found: dict[str, list[Finding]] = {}
            for finding in result.findings:
                found.setdefault(finding.page, []).append(finding)
            for page, (ignored, consulted) in result.audited.items():
                if keys.get(page):
                    cache.put(page, keys[page], (found.get(page, []), ignored, consulted))
            for page, (findings, ignored, consulted) in reused.items():
                result.findings += findings
                result.ignored += ignored
                result.audited[page] = (ignored, consulted)
            result.pages = [page for page in pages if page in result.audited or page in result.pages]
            result.reused = len(reused)
        result.findings.sort(key=sort_key)
        result.seconds = time.perf_counter() - started
        return result

    def _page_key(self, page: str) -> str | None:
        """What decides a page's findings besides the shared CSS and code: its
        bytes, where it came from and the text of its source (for the lines
        findings point to)."""
        try:
            data = (self.root / page).read_bytes()
        except OSError:
            return None
        origin = self.tracer.map.pages.get(page) if self.tracer.map else None
        content, template, source = "", "", b""
        if origin is not None:
            content, template = origin.content or "", origin.template or ""
            if content and self.tracer.map.project_root:
                try:
                    source = (self.tracer.map.project_root / content).read_bytes()
                except OSError:
                    source = b"(unreadable)"
        return digest(data, content, template, source)

    def _run_serial(self, pages: list[str]) -> AuditResult:
        result = AuditResult(self.root)
        for page in pages:
            result.pages.append(page)
            self.consulted = set()
            try:
                findings, ignored = self.audit_page(page)
            except (OSError, etree.ParserError, ValueError) as error:
                result.unreadable.append(f"{page}: {error}")
                continue
            result.findings.extend(findings)
            result.ignored += ignored
            result.audited[page] = (ignored, _identities(self.consulted))
        result.links, self.links = self.links, {}
        return result

    def _run_parallel(self, pages: list[str], workers: int) -> AuditResult:
        import concurrent.futures
        import multiprocessing

        workers = min(workers, len(pages) // PAGES_PER_WORKER)
        result = AuditResult(self.root)
        context = multiprocessing.get_context("fork")
        _forked[id(self)] = self  # set before the pool forks: each worker audits with its own copy
        try:
            with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
                for part in pool.map(_run_in_worker, [(id(self), run) for run in runs_for(pages, workers)]):
                    result.pages += part.pages
                    result.findings += part.findings
                    result.ignored += part.ignored
                    result.unreadable += part.unreadable
                    result.audited.update(part.audited)
                    result.links.update(part.links)
        finally:
            _forked.pop(id(self), None)
        return result

    def audit_page(self, page: str) -> tuple[list[Finding], int]:
        path = self.root / page
        data = path.read_bytes()
        if not data.strip():
            return [], 0
        doc = parse_page(data)
        if self.options.collect_links:
            self.links[page] = (digest(data), links_in(doc.getroot()))

        def describe(src: str):
            image = resolve_local(self.root, page, src, self.options.site_urls)
            if image:
                self.consulted.add(image)
            return embedded_description(image) if image else None

        pairs = check_alt_text(page, doc, describe) + check_control_names(page, doc)
        sheets = self.loader.sheets_for(doc, page)

        def measure(url: str, base_file: str, under: RGBA):
            image = resolve_local(self.root, base_file, url, self.options.site_urls)
            if image:
                self.consulted.add(image)
            return _measure(str(image), image.stat().st_mtime, under) if image else None

        engine_key = tuple(id(sheet) for sheet in sheets)
        engine = self.engines.get(engine_key) if self.options.share_styles else None
        if engine is None:
            engine = StyleEngine(sheets, share=self.options.share_styles)
            if all(sheet.shared for sheet in sheets) and self.options.share_styles:
                self.engines[engine_key] = engine
        match = engine.match_page(doc)
        pairs += check_page_contrast(page, doc, match, measure, reuse_clean_subtrees=self.options.share_styles,
                                     dark=self.options.check_dark_scheme and engine.has_dark_rules)

        findings, ignored = [], 0
        for element, finding in pairs:
            if is_ignored(element, finding.rule):
                ignored += 1
                continue
            self.tracer.trace(element, finding)
            findings.append(finding)
        if self.options.fill_alt_from_metadata:
            findings = self.fill_alt(path, data, doc, findings)
        return findings, ignored

    def fill_alt(self, path: Path, data: bytes, doc, findings: list[Finding]) -> list[Finding]:
        """Write suggested alt text into the built page, reporting each fill."""
        text = data.decode("utf-8", errors="replace")
        changed = False
        out = []
        for finding in findings:
            if finding.rule != "alt-missing" or not finding.suggestion or not finding.details.get("subject"):
                out.append(finding)
                continue
            new_text = _insert_alt(text, finding.details["subject"], finding.suggestion)
            if new_text is None:
                out.append(finding)
                continue
            text, changed = new_text, True
            out.append(Finding(rule="alt-filled-from-metadata", page=finding.page, selector=finding.selector,
                               snippet=finding.snippet, sources=finding.sources, suggestion=finding.suggestion,
                               page_line=finding.page_line, details=finding.details,
                               message=f"This image had no alt; the built page now uses the description from the "
                                       f"image file's {finding.details.get('suggestion_from', 'metadata')}: "
                                       f"\"{finding.suggestion}\". Check it and write it into the source."))
        if changed:
            # A new file in the page's place, never a write through the old one:
            # a page kept from the last build is a hard link to the published site's.
            temporary = path.with_name(f".{path.name}.filling")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
        return out


def runs_for(pages: list[str], workers: int) -> list[list[str]]:
    """The pages in contiguous runs, several a worker (as the page writer's),
    each taken by whichever worker is free: neighbouring pages share templates,
    and a worker that is held up (costly pages, or a core the machine gives
    less of) does not leave the others idle at the end, as one run a worker did."""
    every = [True] * len(pages)
    return [pages[run.start:run.stop] for run in contiguous_runs([1] * len(pages), every, workers * RUNS_PER_WORKER)]


# Auditors by id, set before a pool forks: a worker audits every run it takes
# with its copy, so the style sheets it parsed and the styles it worked out for
# one run serve the next (and nothing but a run's pages is sent to it).
_forked: dict[int, Auditor] = {}


def _run_in_worker(arguments) -> AuditResult:
    key, pages = arguments
    return _forked[key]._run_serial(pages)


def _identities(paths) -> tuple:
    """(path, size, mtime) of each file: a file replaced since has another."""
    found = []
    for path in sorted(map(str, paths)):
        try:
            stat = os.stat(path)
            found.append((path, stat.st_size, stat.st_mtime_ns))
        except OSError:
            found.append((path, -1, -1))
    return tuple(found)


def _unchanged(identities: tuple) -> bool:
    return _identities(path for path, _, _ in identities) == identities


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I | re.S)


def _insert_alt(page_text: str, src: str, alt: str) -> str | None:
    """The page with alt="…" added to the first <img> with this src and no alt."""
    for match in _IMG_TAG.finditer(page_text):
        tag = match.group(0)
        if re.search(r"\salt\s*=", tag, re.I):
            continue
        if f'"{src}"' in tag or f"'{src}'" in tag or html_escape.escape(src) in tag:
            insert_at = match.start() + 4
            attribute = f' alt="{html_escape.escape(alt, quote=True)}"'
            return page_text[:insert_at] + attribute + page_text[insert_at:]
    return None

