"""Checks that every internal link in a built site leads somewhere: a file that
exists and, for #fragments, an element with that id on the target page.
Plain functions over a folder of HTML; nothing here knows Pelican."""

from __future__ import annotations

import os
import posixpath
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import lxml.html

from coproweek.source_text import link_line

from ..page_cache import PageCache, digest
from ..site_files import listing

# Attributes that hold one URL each; srcset is handled separately.
_LINK_ATTRIBUTES = (("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"),
                    ("script", "src"), ("source", "src"), ("video", "src"), ("audio", "src"),
                    ("iframe", "src"))
_UNRESOLVED_PELICAN_LINK = ("{filename}", "{static}", "{attach}", "%7bfilename%7d", "%7bstatic%7d")


@dataclass(frozen=True)
class BrokenLink:
    page: str          # the page's path in the site, e.g. "blog/2018/04/post/index.html"
    url: str           # the link exactly as written in the page
    reason: str        # plain English


@dataclass
class PageLinks:
    ids: set[str]
    links: list[str]


def read_page(path: str) -> PageLinks:
    return links_in(lxml.html.parse(path).getroot())


def links_in(root) -> PageLinks:
    """A parsed page's ids and links (also taken from the audit's parse of
    the page, so that a cold build parses each page once)."""
    if root is None:
        return PageLinks(set(), [])
    ids = {element.get("id") for element in root.iter() if isinstance(element.tag, str) and element.get("id")}
    ids |= {a.get("name") for a in root.iter("a") if a.get("name")}
    links = []
    for tag, attribute in _LINK_ATTRIBUTES:
        links += [element.get(attribute) for element in root.iter(tag) if element.get(attribute)]
    for element in root.xpath("//*[@srcset]"):
        links += [candidate.strip().split()[0] for candidate in element.get("srcset").split(",") if candidate.strip()]
    # Interned: the same menu, tag and footer links appear on every page.
    return PageLinks({sys.intern(i) for i in ids}, [sys.intern(link) for link in links])


class SiteTarget(NamedTuple):  # a tuple: a large site has hundreds of thousands, pickled in the link cache
    """Where a link in a built page points inside the site."""

    path: str | None   # site-relative file, e.g. "blog/index.html"; None when the link leaves the site
    fragment: str      # the #fragment, unquoted ("" for none)
    same_page: bool    # the link has no path: "#top", "?q"


def site_target(site: str, page: str, url: str, site_urls: tuple[str, ...] = (),
                folders: set[str] | None = None) -> SiteTarget | None:
    """Where `url`, found in `page` of the built `site`, points; None for
    another host, mailto:, data: and the like. Absolute URLs starting with one
    of `site_urls` (the published address) and root-relative paths under its
    path count as the site's own. `folders`, the site's folders (relative,
    "/"-separated), saves asking the file system about each link."""
    url = url.strip()
    from_own_address = False
    for site_url in site_urls:
        prefix = site_url.rstrip("/")
        if prefix and (url == prefix or url.startswith(prefix + "/")):
            url, from_own_address = url[len(prefix):] or "/", True
            break
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    fragment, path = unquote(parts.fragment), unquote(parts.path)
    if not path:
        return SiteTarget(page, fragment, same_page=True)
    if path.startswith("/"):
        if not from_own_address:  # a site published under a path: /week/about/ is about/
            for site_url in site_urls:
                base = urlsplit(site_url).path.rstrip("/")
                if base and (path == base or path.startswith(base + "/")):
                    path = path[len(base):] or "/"
                    break
        resolved = posixpath.normpath(path.lstrip("/") or ".")
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if resolved.startswith(".."):
        return SiteTarget(None, fragment, same_page=False)
    is_folder = resolved in folders if folders is not None else os.path.isdir(os.path.join(site, resolved))
    if resolved == "." or path.endswith("/") or is_folder:
        resolved = posixpath.join("" if resolved == "." else resolved, "index.html")
    # Interned: most links of a site point at a few hundred pages, and the
    # link cache stores each shared string once.
    return SiteTarget(sys.intern(resolved), sys.intern(fragment), same_page=False)


_UNRESOLVED = "unresolved"  # a {filename}-style link Pelican could not resolve


@dataclass
class ReadPage:
    """One page's ids and links, and where its links point (worked out for
    one shape of the site: its folders and own addresses)."""

    found: PageLinks
    shape: str = ""
    targets: list[tuple[str, SiteTarget | str | None]] = field(default_factory=list)


def where_it_leads(page: str, url: str) -> str | int | None:
    """What, besides `url` itself, decides where it points from `page`: None
    when nothing does (an address with a host, or from the site's root); when
    the link climbs out of the page's folder with "../", the number of
    folders it starts from if it climbs them all (from any folder that deep
    it lands in the same place), else the folders it does not climb out of."""
    return _Page(page).where_it_leads(url)


class _Page:
    """A page's folders, split once for all its links."""

    def __init__(self, page: str) -> None:
        self.page = page
        self.folders = page.split("/")[:-1]

    def where_it_leads(self, url: str) -> str | int | None:
        colon = url.find(":")
        if url.startswith("/") or (colon != -1 and not 0 <= url.find("/") < colon):
            return None  # root-relative, or with a scheme (https:, mailto:)
        climbs = 0
        while url.startswith("../", climbs * 3):
            climbs += 1
        depth = len(self.folders)
        return depth if climbs >= depth else "/".join(self.folders[:depth - climbs])


class TargetMemo:
    """site_target for many pages of one site, each distinct link worked out
    once: a site's menu, footer, tag and author links appear on every page,
    written the same from every folder of one depth (85,000 links, 10,000
    distinct, on a site of 1,000 posts)."""

    def __init__(self, site: str, site_urls: tuple[str, ...], folders: set[str] | None) -> None:
        self.site, self.site_urls, self.folders = site, site_urls, folders
        self.known: dict[tuple[str, str | int | None], SiteTarget | None] = {}

    def target(self, page: str | _Page, url: str) -> SiteTarget | None:
        page = page if isinstance(page, _Page) else _Page(page)
        key = (url, page.where_it_leads(url.strip()))
        if key in self.known:
            return self.known[key]
        target = site_target(self.site, page.page, url, self.site_urls, self.folders)
        if target is None or not target.same_page:  # a link with no path (#top, ?q) is its page's own
            self.known[key] = target
        return target


def _targets(page: str, found: PageLinks, memo: TargetMemo) -> list[tuple[str, SiteTarget | str | None]]:
    """Where each of the page's links points. Equal targets are one object
    across pages (the memo's), which the link cache then stores, and reads
    back, once."""
    targets, page = [], _Page(page)
    for url in found.links:
        # Pelican only replaces a marker at the start of a link; the same text
        # further on (an event called "{static}" in a calendar link) is data.
        if url.strip().lower().startswith(_UNRESOLVED_PELICAN_LINK):
            targets.append((url, _UNRESOLVED))
        else:
            targets.append((url, memo.target(page, url)))
    return targets


PAGES_PER_WORKER = 200  # below this a process costs more than it saves


class SitePages(NamedTuple):
    paths: frozenset[str]                       # every page of the site
    each: Iterator[tuple[str, ReadPage]]        # each page read, in order, one at a time


def read_pages(site: str, site_urls: tuple[str, ...] = (), cache: PageCache | None = None,
               workers: int = 1, parsed: Mapping[str, tuple[str, PageLinks]] | None = None) -> SitePages:
    """Every page's ids and links and their targets, a page at a time (held
    all at once, a site of 3,000 posts' 260,000 targets took 20 MiB). With a
    `cache`, a page whose bytes are as last time is not parsed again, and its
    links are not worked out again while the site's folders stay the same.
    `parsed` gives pages already parsed in this build (page -> (digest of its
    bytes, links)): a page whose bytes are still those is not parsed again
    either. Pages to parse are split over `workers` processes when there are
    enough of them."""
    listed = listing(site, ".html")
    return SitePages(frozenset(listed.files), _each_page(site, listed, site_urls, cache, workers, parsed))


def _each_page(site, listed, site_urls, cache, workers, parsed) -> Iterator[tuple[str, ReadPage]]:
    folders = set(listed.folders)
    shape = digest(*sorted(folders), *site_urls)
    keys: dict[str, str | None] = dict.fromkeys(listed.files)
    if cache is not None or parsed:
        for page in keys:
            with open(os.path.join(site, page), "rb") as stream:
                keys[page] = digest(stream.read())

    def parsed_now(page: str) -> PageLinks | None:
        found = parsed.get(page) if parsed else None
        return found[1] if found is not None and found[0] == keys[page] else None

    unread = {page for page in keys
              if not (cache is not None and cache.has(page, keys[page])) and parsed_now(page) is None}
    parses = _parse_all([os.path.join(site, page) for page in keys if page in unread], workers)
    targets_seen: dict[SiteTarget, SiteTarget] = {}
    memo = TargetMemo(site, site_urls, folders)
    for page, key in keys.items():
        if page in unread:
            read = ReadPage(next(parses))
        elif cache is not None and (kept := cache.get(page, key)) is not None:
            read = _shared(kept, targets_seen)
        elif (found := parsed_now(page)) is not None:
            read = ReadPage(_interned(found))
        else:  # a cached row that no longer reads
            read = ReadPage(read_page(os.path.join(site, page)))
        if read.shape != shape:
            read = ReadPage(read.found, shape, _targets(page, read.found, memo))
            if cache is not None:  # a page the cache had as it is is kept by cache.get()
                cache.put(page, key, read)
        yield page, read


def _parse_all(paths: list[str], workers: int) -> Iterator[PageLinks]:
    """Each page parsed, in order, as its parse is ready."""
    workers = min(workers, len(paths) // PAGES_PER_WORKER)
    if workers < 2:
        yield from map(read_page, paths)
        return
    import concurrent.futures
    import multiprocessing

    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        found = pool.map(read_page, paths, chunksize=max(1, len(paths) // (4 * workers)))
        yield from map(_interned, found)


def _interned(found: PageLinks) -> PageLinks:
    """Strings come back from another process as copies: intern them again."""
    return PageLinks({sys.intern(i) for i in found.ids}, [sys.intern(link) for link in found.links])


def _shared(read: ReadPage, targets_seen: dict[SiteTarget, SiteTarget]) -> ReadPage:
    """A page read from the cache (pickled on its own) sharing its strings
    and targets with every other page's again: the menu's links of 3,000
    pages are one set of strings, not 3,000."""
    targets = [(sys.intern(url), targets_seen.setdefault(target, target) if isinstance(target, tuple) else target)
               for url, target in read.targets]
    return ReadPage(_interned(read.found), sys.intern(read.shape), targets)


def find_broken_links(site: str, site_url: str = "", cache: PageCache | None = None,
                      workers: int = 1, parsed: Mapping[str, tuple[str, PageLinks]] | None = None) -> list[BrokenLink]:
    """Every internal link in `site` whose file or #fragment does not exist.
    `site_url` (the published address) lets absolute links to the site count as internal.
    A `cache` keeps each page's links, ids and their targets between builds;
    whether each target exists is checked every time, as any page may link
    to one that changed."""
    site_urls = (site_url,) if site_url else ()
    pages = read_pages(site, site_urls, cache, workers, parsed)
    files: dict[str, bool] = {}

    def exists(path: str) -> bool:
        if path in pages.paths:
            return True
        if path not in files:  # asked once per file: most links point at the same few
            files[path] = os.path.isfile(os.path.join(site, path))
        return files[path]

    # Pages are read in order and let go of, keeping only their ids: a link
    # to a #fragment of a page not read yet is checked once every page is.
    ids: dict[str, set[str]] = {}
    broken: list[tuple[tuple[int, int], BrokenLink]] = []
    later: list[tuple[tuple[int, int], str, str, SiteTarget]] = []
    for number, (page, read) in enumerate(pages.each):
        ids[page] = read.found.ids
        for position, (url, target) in enumerate(read.targets):
            if isinstance(target, tuple) and target.fragment and target.path in pages.paths and target.path not in ids:
                later.append(((number, position), page, url, target))
            elif reason := _why_broken(target, exists, ids.get):
                broken.append(((number, position), BrokenLink(page, url, reason)))
    for place, page, url, target in later:
        if reason := _why_broken(target, exists, ids.get):
            broken.append((place, BrokenLink(page, url, reason)))
    return [link for _, link in sorted(broken, key=lambda item: item[0])]


def broken_links_on(site: str, page: str, site_url: str = "") -> list[BrokenLink]:
    """The broken links of one built page of `site` (for a live preview that
    wrote just that page): its targets are looked up in the site as it is."""
    site_urls = (site_url,) if site_url else ()
    found = read_page(os.path.join(site, page))
    targets = _targets(page, found, TargetMemo(site, site_urls, folders=None))
    read: dict[str, PageLinks] = {page: found}

    def ids_of(path: str) -> set[str] | None:
        if not path.endswith(".html") or not os.path.isfile(os.path.join(site, path)):
            return None
        if path not in read:
            read[path] = read_page(os.path.join(site, path))
        return read[path].ids

    return _broken(page, targets, lambda path: os.path.isfile(os.path.join(site, path)), ids_of)


def _broken(page: str, targets, exists, ids_of) -> list[BrokenLink]:
    """The links among a page's (url, target) pairs that lead nowhere."""
    return [BrokenLink(page, url, reason) for url, target in targets if (reason := _why_broken(target, exists, ids_of))]


def _why_broken(target: SiteTarget | str | None, exists, ids_of) -> str | None:
    """Why a link's target leads nowhere, or None when it leads somewhere.
    `exists(path)` says whether the site has a file there; `ids_of(path)` gives
    the ids of a page of the site (None for other files)."""
    if target == _UNRESOLVED:
        return "it links to a content file that does not exist."
    if target is None:
        return None  # another site, mailto:, tel:, webcal: …
    if target.path is None:
        return "it points outside the site."
    if not exists(target.path):
        return "there is no page or file at that address."
    ids = ids_of(target.path) if target.fragment else None
    if target.fragment and ids is not None and target.fragment not in ids:
        return f"the page has no section with the id '{target.fragment}'."
    return None


def link_needles(url: str) -> list[str]:
    """What an author may have written for a link that the build rewrote: the
    URL itself, without its #fragment, or just its last path segment (a
    {filename} link names the source file, whose name is usually the slug)."""
    path = url.split("#")[0]
    last = [part for part in path.split("/") if part and part not in (".", "..")][-1:]
    needles = [url, path] + [segment.removesuffix(".html") for segment in last]
    return [needle for needle in dict.fromkeys(needles) if needle and needle not in ("index", "/")]


def source_line(text: str, url: str) -> int | None:
    """The line of a Markdown source where the link is made (not an earlier
    mention of the address in the fields or in prose), so the author can find it."""
    return link_line(text, link_needles(url))
