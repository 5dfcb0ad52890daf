"""Finding and parsing the style sheets a page uses: <link rel=stylesheet>
inside the audited folder (with media), <style> elements and @import, each
file parsed once for the whole audit."""

from __future__ import annotations

import posixpath
from pathlib import Path

import tinycss2
import tinycss2.ast

from ..html_utils import resolve_local
from .parsing import SelectorRule, StyleSheet, _media_applies, parse_css


def _target(folder: str, href: str | None) -> str | None:
    """Where a relative href points, as a path (for cache keys only)."""
    if not href or "://" in href or href.startswith("//"):
        return href
    path = href.split("#")[0].split("?")[0]
    return posixpath.normpath(path if path.startswith("/") else posixpath.join("/", folder, path))


class StyleSheetLoader:
    """Parses each style sheet file once for a whole audit (a site's pages share them)."""

    def __init__(self, root: Path, site_urls: tuple[str, ...] = ()):
        self.root = root
        self.site_urls = site_urls
        self.cache: dict[Path, StyleSheet] = {}
        self.lists: dict[tuple, list[StyleSheet]] = {}
        self.scheme_sheets: dict[tuple, StyleSheet] = {}

    def load_file(self, path: Path, depth: int = 0) -> StyleSheet | None:
        if path in self.cache:
            return self.cache[path]
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return None
        relative = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)
        self.cache[path] = StyleSheet()  # guards against @import loops

        def load_import(url):
            target = resolve_local(self.root, relative, url, self.site_urls)
            return self.load_file(target, depth + 1) if target and depth < 10 else None

        sheet = parse_css(text, relative, load_import)
        self.cache[path] = sheet
        return sheet

    def sheets_for(self, doc, page_rel: str) -> list[StyleSheet]:
        """The page's style sheets in document order: <link rel=stylesheet> within
        the audited folder and <style> elements."""
        elements = list(doc.iter("link", "style"))
        signature = None
        if not any(element.tag == "style" for element in elements):
            # Pages linking the same sheets get the same list (most of a site): the
            # key is each link's target as a path, so pages in other folders share it.
            folder = posixpath.dirname(page_rel)
            signature = tuple(
                (element.get("rel"), _target(folder, element.get("href")), element.get("media"),
                 element.get("disabled"))
                for element in elements)
            cached = self.lists.get(signature)
            if cached is not None:
                return cached
        sheets = []
        for element in elements:
            media = element.get("media")
            media_scheme = None
            if media:
                applies, media_scheme = _media_applies(tinycss2.parse_component_value_list(media))
                if not applies:
                    continue
            if element.tag == "link":
                rel = (element.get("rel") or "").lower().split()
                if "stylesheet" not in rel or "alternate" in rel or element.get("disabled") is not None:
                    continue
                path = resolve_local(self.root, page_rel, element.get("href"), self.site_urls)
                sheet = self.load_file(path) if path else None
            else:
                line = element.sourceline or 1
                sheet = parse_css(element.text or "", page_rel, line_offset=line - 1, order_start=10_000_000)
                sheet.shared = False
            if sheet is not None and media_scheme:
                sheet = self._for_scheme(sheet, media_scheme)
            if sheet is not None:
                sheets.append(sheet)
        if signature is not None:
            self.lists[signature] = sheets
        return sheets

    def _for_scheme(self, sheet: StyleSheet, scheme: str) -> StyleSheet:
        """A sheet linked with media="(prefers-color-scheme: …)": all its rules need that scheme."""
        key = (id(sheet), scheme)
        if key not in self.scheme_sheets:
            rules = [SelectorRule(r.selector, r.specificity, r.order, r.declarations, r.scheme or scheme, r.focus,
                                  r.source) for r in sheet.rules if r.scheme in (None, scheme)]
            self.scheme_sheets[key] = StyleSheet(rules, scheme == "dark" or sheet.has_dark_rules, sheet.shared)
        return self.scheme_sheets[key]
