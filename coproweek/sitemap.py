"""sitemap.xml and robots.txt for search engines. Knows nothing of Pelican.

The sitemap lists the pages worth finding (posts, pages, events, campaign
weeks and the main lists); the glue decides which, this module writes the
XML with lxml (sitemaps.org schema 0.9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Entry:
    url: str                      # absolute
    modified: date | datetime | None = None


def sitemap_xml(entries: list[Entry]) -> bytes:
    """The sitemap, one <url> per distinct address, in address order (so a
    rebuild of the same site writes the same bytes)."""
    urlset = etree.Element(f"{{{NAMESPACE}}}urlset", nsmap={None: NAMESPACE})
    latest: dict[str, Entry] = {}
    for entry in entries:
        latest.setdefault(entry.url, entry)
    for url in sorted(latest):
        element = etree.SubElement(urlset, f"{{{NAMESPACE}}}url")
        etree.SubElement(element, f"{{{NAMESPACE}}}loc").text = url
        modified = latest[url].modified
        if modified is not None:
            day = modified.date() if isinstance(modified, datetime) else modified
            etree.SubElement(element, f"{{{NAMESPACE}}}lastmod").text = day.isoformat()
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def robots_txt(sitemap_url: str | None) -> str:
    """Every crawler may read every page; the sitemap is named when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"


def absolute(site_url: str, relative_url: str) -> str:
    return f"{site_url.rstrip('/')}/{relative_url.lstrip('/')}"
