"""Rewrites <img> elements in rendered content into <picture> elements with
WebP and original-format srcsets, intrinsic width and height, and lazy
loading, using lxml. Knows nothing of Pelican."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import unquote, urlparse

from lxml import etree, html

from coproweek.source_text import body_lines, source_lines

from .derivatives import Derived, Variant

DEFAULT_SIZES = "(min-width: 48em) 40em, 100vw"
_LINK_MARKER = re.compile(r"^\{(static|attach)\}")
_SOURCE_END_TAG = re.compile(r"(<source\b[^<>]*>)</source>")


@dataclass(frozen=True)
class ImageReference:
    """One <img> found in content: its src as written, the path it names
    inside the content folder (None when it is not a site image), and which
    occurrence of that path in the content it is (0 for the first)."""

    src: str
    relpath: str | None
    occurrence: int


def content_relpath(src: str, content_dir: str, site_path_prefix: str, static_dirs: list[str]) -> str | None:
    """The content-folder path an image src names: '/images/a.jpg',
    '{static}/images/a.jpg' and '{static}../images/a.jpg' (relative to the
    Markdown file's folder, `content_dir`) all give 'images/a.jpg'. None for
    other sites, data: URLs and paths outside the static folders."""
    marker = _LINK_MARKER.match(src)
    value = src[marker.end():] if marker else src
    parsed = urlparse(value)
    if parsed.scheme or parsed.netloc:
        return None
    path = unquote(parsed.path)
    if not path:
        return None
    if path.startswith("/"):
        if site_path_prefix and path.startswith(site_path_prefix + "/"):
            path = path[len(site_path_prefix):]
        path = path.lstrip("/")
    elif marker:
        path = posixpath.join(content_dir, path)
    path = posixpath.normpath(path)
    if path.startswith("..") or path.split("/", 1)[0] not in static_dirs:
        return None
    return path


def _srcset(variants: list[Variant], url_for: Callable[[str], str]) -> str:
    return ", ".join(f"{url_for(v.relpath)} {v.width}w" for v in variants)


def picture_element(img: etree._Element, derived: Derived, url_for: Callable[[str], str], sizes: str,
                    eager: bool) -> etree._Element:
    """A <picture> holding a WebP <source> and `img` (modified in place) as
    the fallback (appended by the caller), with the author's alt text and other
    attributes kept."""
    picture = etree.Element("picture")
    if derived.webp:
        source = etree.SubElement(picture, "source")
        source.set("type", "image/webp")
        source.set("srcset", _srcset(derived.webp, url_for))
        source.set("sizes", sizes)
    default = derived.default_variant()
    img.set("src", url_for(default.relpath))
    img.set("srcset", _srcset(derived.fallbacks, url_for))
    img.set("sizes", sizes)
    # Intrinsic size: the browser reserves the right space before the image
    # arrives, so the text does not jump (CSS keeps height: auto).
    img.set("width", str(default.width))
    img.set("height", str(default.height))
    img.set("loading", "eager" if eager else "lazy")
    img.set("decoding", "async")
    if eager:
        img.set("fetchpriority", "high")
    # Lets the accessibility audit trace the image back to the Markdown.
    img.set("data-source", derived.source_relpath)
    # A missing alt stays missing: the audit reports it; inventing one would hide it.
    return picture


def rewrite_images(fragment: str, resolve: Callable[[ImageReference], Derived | None],
                   url_for: Callable[[str], str], to_relpath: Callable[[str], str | None],
                   sizes: str = DEFAULT_SIZES, eager_first: bool = True) -> str:
    """`fragment` with each site image turned into a <picture>. `to_relpath`
    maps a src to a content path (or None to leave the image alone);
    `resolve` gives its derivatives, or None (a problem was reported, or the
    image is not a raster image) to leave it as written."""
    if "<img" not in fragment:
        return fragment
    wrapper = html.fragment_fromstring(fragment, create_parent="div")
    seen: dict[str, int] = {}
    first = True
    images = list(wrapper.iter("img"))
    written = [dict(img.attrib) for img in images]  # before the pictures change them
    changed: list[int] = []
    for index, img in enumerate(images):
        if img.getparent() is not None and img.getparent().tag == "picture":
            continue  # already responsive (written by hand): leave it
        src = img.get("src") or ""
        relpath = to_relpath(src)
        occurrence = seen.get(relpath or src, 0)
        seen[relpath or src] = occurrence + 1
        if relpath is None:
            continue
        derived = resolve(ImageReference(src, relpath, occurrence))
        if derived is None:
            continue
        parent = img.getparent()
        picture = picture_element(img, derived, url_for, sizes, eager=eager_first and first)
        first = False
        picture.tail, img.tail = img.tail, None
        parent.replace(img, picture)
        picture.append(img)
        changed.append(index)
    if not changed:
        return fragment
    spliced = _splice_pictures(fragment, images, written, set(changed))
    if spliced is not None:
        return spliced
    return (wrapper.text or "") + "".join(_markup(child, with_tail=True) for child in wrapper)


def _markup(element: etree._Element, with_tail: bool, ascii_only: bool = False) -> str:
    if ascii_only:
        text = html.tostring(element, encoding="us-ascii", method="html", with_tail=with_tail).decode("ascii")
    else:
        text = html.tostring(element, encoding="unicode", method="html", with_tail=with_tail)
    # libxml2 knows HTML 4's void elements only, so it closes <source>; HTML5
    # forbids that end tag. lxml writes it straight after the start tag.
    return _SOURCE_END_TAG.sub(r"\1", text)


# Where an <img> start tag may be: its attributes, quoted either way or not.
# Only a candidate: each is read again by lxml (_splice_pictures).
_IMG_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)


def _splice_pictures(fragment: str, images: list, written: list[dict], changed: set[int]) -> str | None:
    """The fragment as the author's Markdown made it, with only the changed
    <img> tags (by their place among lxml's `images`, whose attributes were
    `written`) replaced by their <picture>; None when the tags cannot be
    matched to lxml's images one for one (then the whole fragment is written
    again).

    Writing the whole fragment again would turn every `&rsquo;` Markdown wrote
    into the character itself, and one character past U+00FF makes Python
    hold the whole body at two bytes a character: at 3,000 posts, 20 MiB more
    for the build to hold. The picture markup is written in ASCII (character
    references) for the same reason. lxml gives no source offsets, and the
    standard library's tokenizer took 0.5 ms a post (1.5 s of a 3,000-post
    build), so the tags are found by a pattern, and each must be one lxml,
    reading it alone, gives the same attributes as the image in its place."""
    if "</img" in fragment.lower():
        return None  # an end tag lxml drops and a splice would leave
    tags = list(_IMG_TAG.finditer(fragment))
    if len(tags) != len(images) or any(_attributes(tag.group()) != attributes
                                       for tag, attributes in zip(tags, written)):
        return None  # an <img> in a comment, or a tag the pattern misreads
    parts, done = [], 0
    for index in sorted(changed):
        parts += [fragment[done:tags[index].start()],
                  _markup(images[index].getparent(), with_tail=False, ascii_only=True)]
        done = tags[index].end()
    return "".join(parts) + fragment[done:]


def _attributes(tag: str) -> dict | None:
    try:
        element = html.fragment_fromstring(tag)
    except etree.ParserError:
        return None
    return dict(element.attrib) if element.tag == "img" and not len(element) else None


def reference_line(source_text: str, relpath: str, occurrence: int = 0) -> int | None:
    """The line (from 1) of the `occurrence`-th image of that file in the
    Markdown source, for pointing an author at it: counted where the body
    uses it as an image or link target (not where prose or code mentions the
    file name), else any mention."""
    name = posixpath.basename(relpath)
    candidates = {name, name.replace(" ", "%20")}
    used, mentioned = [], []
    for number, line in body_lines(source_text):
        for candidate in candidates:
            used.extend([number] * len(re.findall(r"(?:\]\(|src=[\"']?)[^)\"'\s]*" + re.escape(candidate), line)))
    for number, line in enumerate(source_lines(source_text), start=1):
        for candidate in candidates:
            mentioned.extend([number] * line.count(candidate))
    found = used or mentioned
    if not found:
        return None
    return found[min(occurrence, len(found) - 1)]
