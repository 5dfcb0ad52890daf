"""Where the author can fix a finding: the Markdown file and line for content
images, the theme template for theme markup, the CSS file and line for colours.

Works from what the build tells it (which source file and template made each
page); with nothing known (auditing any folder) it points at the built page."""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from coproweek.source_text import source_lines

from .findings import Finding, SourceLocation
from .html_utils import text_of


@dataclass
class PageOrigin:
    """What made one built page: its content source (Markdown) and template, as
    paths to show the author (relative to the project)."""

    content: str | None = None
    template: str | None = None


@dataclass
class SourceMap:
    project_root: Path | None = None
    pages: dict[str, PageOrigin] = field(default_factory=dict)  # built page (relative) -> origin
    template_dir: Path | None = None
    # Built CSS path (relative to the audited folder) -> source path to show, e.g.
    # "theme/css/main.css" -> "theme/static/css/main.css".
    css_prefixes: dict[str, str] = field(default_factory=dict)

    def display(self, path: Path) -> str:
        if self.project_root and path.is_relative_to(self.project_root):
            return path.relative_to(self.project_root).as_posix()
        return str(path)


@functools.lru_cache(maxsize=2048)
def _lines(path: str, mtime: float) -> tuple[str, ...]:
    try:
        return tuple(source_lines(Path(path).read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return ()


def find_line(path: Path, needle: str, occurrence: int = 0) -> int | None:
    """1-based line of the n-th line that contains `needle`, or None."""
    if not needle:
        return None
    try:
        lines = _lines(str(path), path.stat().st_mtime)
    except OSError:
        return None
    seen = 0
    last = None
    for number, line in enumerate(lines, 1):
        if needle in line:
            if seen == occurrence:
                return number
            seen += 1
            last = number
    return last


def _needles(element) -> list[str]:
    """Strings likely to appear where this element was written."""
    needles = []
    src = element.get("src") or element.get("data") or element.get("href") or ""
    if src:
        name = posixpath.basename(unquote(urlsplit(src).path))
        if name and name != "index.html":
            needles.append(name)
    for attribute in ("alt", "aria-label", "id", "style", "title", "href", "class"):
        value = element.get(attribute)
        if value and len(value.strip()) > 2:
            needles.append(value.strip()[:60])
    if element.attrib:
        # Raw HTML in Markdown keeps its attributes in order: '<svg role="img"'.
        name, value = next(iter(element.attrib.items()))
        needles.append(f'<{element.tag} {name}="{value}"')
    if not needles:
        text = " ".join((text_of(element) or "").split())
        if len(text) > 3:
            needles.append(text[:40])
    return needles


class SourceTracer:
    def __init__(self, root: Path, source_map: SourceMap | None = None):
        self.root = root
        self.map = source_map or SourceMap()

    def css_location(self, location: SourceLocation) -> SourceLocation:
        for built, source in self.map.css_prefixes.items():
            if location.file.startswith(built):
                return SourceLocation("css", source + location.file[len(built):], location.line, location.note)
        return location

    def trace(self, element, finding: Finding) -> None:
        """Fill finding.sources with where to fix it (best place first)."""
        traced: list[SourceLocation] = []
        markup_needed = finding.rule.startswith("alt-") or not finding.sources
        for location in finding.sources:
            if location.kind == "inline":
                traced.append(self.markup_location(element, finding, note=location.note))
            else:
                traced.append(self.css_location(location))
        if markup_needed:
            traced.insert(0, self.markup_location(element, finding))
        unique: dict = {}
        for location in traced:
            unique.setdefault((location.kind, location.file, location.line), location)
        finding.sources = list(unique.values())

    def markup_location(self, element, finding: Finding, note: str = "") -> SourceLocation:
        origin = self.map.pages.get(finding.page)
        needles = _needles(element)
        occurrence = self._occurrence(element, needles[0]) if needles else 0
        if origin and origin.content and self.map.project_root:
            content = self.map.project_root / origin.content
            for needle in needles:
                line = find_line(content, needle, occurrence if needle == needles[0] else 0)
                if line:
                    return SourceLocation("content", origin.content, line, note)
        if self.map.template_dir is not None:
            found = self._in_templates(origin.template if origin else None, needles)
            if found:
                return SourceLocation("template", found[0], found[1], note)
            if origin and origin.template:
                return SourceLocation("template", origin.template, None, note)
        return SourceLocation("page", finding.page, finding.page_line, note)

    def _occurrence(self, element, needle: str) -> int:
        """Which occurrence of the same image (same src), or of the same opening tag
        (same tag and first attribute: two `<button type="button">`), on the page this
        is (0 for the first), to pick the matching line when a Markdown file has it twice."""
        src = element.get("src")
        if src:
            same = [img for img in element.getroottree().iter(element.tag) if img.get("src") == src]
        elif element.attrib and needle.startswith(f"<{element.tag} "):
            first = next(iter(element.attrib.items()))
            same = [other for other in element.getroottree().iter(element.tag)
                    if other.attrib and next(iter(other.attrib.items())) == first]
        else:
            return 0
        return same.index(element) if element in same else 0

    def _in_templates(self, first: str | None, needles: list[str]) -> tuple[str, int] | None:
        template_dir = self.map.template_dir
        candidates = sorted(template_dir.rglob("*.html")) if template_dir and template_dir.is_dir() else []
        if first:
            candidates.sort(key=lambda p: self.map.display(p) != first)
        for needle in needles:
            for path in candidates:
                line = find_line(path, needle)
                if line:
                    return self.map.display(path), line
        return None
