"""Alt-text rules for img, input type=image, area, svg, role="img" and object.

Plain functions over an lxml document; they return (element, Finding) pairs
and know nothing about Pelican."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import PurePosixPath
from typing import Callable
from urllib.parse import urlsplit, unquote

from lxml import etree

from .findings import Finding
from .html_utils import css_path, normalise_text, snippet, text_of

MAX_ALT_LENGTH = 150
DECORATIVE_ROLES = {"presentation", "none"}
PLACEHOLDER_WORDS = {
    "image", "images", "img", "photo", "photos", "photograph", "picture", "pictures", "pic", "pics",
    "graphic", "graphics", "logo", "spacer", "banner", "icon", "thumbnail", "thumb", "placeholder",
    "alt", "text", "untitled", "blank", "figure", "illustration", "screenshot", "avatar", "jpg", "jpeg",
    "png", "gif", "svg", "webp", "small", "large", "header", "hero", "decorative", "decoration", "here",
}
_FILLER = {"a", "an", "the"}
_IMAGE_EXTENSIONS = r"(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic|ico)"
_FILENAME = re.compile(rf"^[^\s/]+\.{_IMAGE_EXTENSIONS}$|^\S+/\S+\.{_IMAGE_EXTENSIONS}$", re.I)
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|www\.|/|\.\.?/)\S*$", re.I)
_CAMERA_NAME = re.compile(r"^(?:img|dsc[nf]?|pxl|mvimg|gopr|dcim|p|screenshot|screen shot|photo)[ _-]?\d{3,}", re.I)
_PREFIX = re.compile(
    r"^\s*(?:an?\s+|the\s+)?(?:image|picture|photo|photograph|graphic|illustration|screenshot)\s+(?:of|showing)\b",
    re.I,
)

FindingPair = tuple[object, Finding]
DescribeImage = Callable[[str], tuple[str, str] | None]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def is_placeholder(alt: str) -> bool:
    """Only placeholder words ('Image', 'photo 1', 'logo image', '-'), in any case."""
    words = [w for w in _words(alt) if w not in _FILLER]
    return all(w in PLACEHOLDER_WORDS for w in words)


def is_file_name_or_url(alt: str, src: str | None) -> bool:
    text = alt.strip()
    if _FILENAME.match(text) or _URL.match(text) or _CAMERA_NAME.match(text):
        return True
    if src and " " not in text and re.search(r"[\d_-]", text):
        # The image's own file name without extension ("team-day-2018"), not a word like "Search".
        stem = PurePosixPath(unquote(urlsplit(src).path)).stem
        return bool(stem) and stem.lower() == text.lower()
    return False


def _comparable(text: str) -> str:
    return " ".join(_words(text))


def _text_outside(container, element) -> str:
    """The container's text without the element's own text (an svg's <title>)."""
    full = normalise_text(text_of(container))
    own = normalise_text(text_of(element))
    return full.replace(own, "", 1) if own else full


def _labelled_by(element, doc_ids: dict) -> str | None:
    ids = (element.get("aria-labelledby") or "").split()
    if not ids:
        return None
    texts = [normalise_text(text_of(doc_ids[i])) for i in ids if i in doc_ids]
    return " ".join(t for t in texts if t) or None


def _aria_name(element, doc_ids: dict) -> str | None:
    return _labelled_by(element, doc_ids) or normalise_text(element.get("aria-label")) or None


def _enclosing_control(element):
    for ancestor in element.iterancestors():
        if ancestor.tag == "button" or (ancestor.tag == "a" and ancestor.get("href") is not None):
            return ancestor
    return None


def _is_only_content_of_control(element, doc_ids: dict):
    """The link or button this image is the only content of, else None."""
    control = _enclosing_control(element)
    if control is None or _aria_name(control, doc_ids) or normalise_text(control.get("title")):
        return None
    if normalise_text(text_of(control)):
        return None
    for other in control.iter("img", "svg", "input"):
        if other is not element and normalise_text(other.get("alt") or other.get("aria-label")):
            return None
    return control


def _is_hidden(element) -> bool:
    return element.get("aria-hidden") == "true" or element.get("hidden") is not None


# Only the elements an alt rule can apply to, in document order (lxml's XPath is much
# faster than visiting every element in Python).
_IMAGE_TAGS = ("img", "input", "area", "svg", "object")
_WITH_ROLE = etree.XPath("descendant-or-self::*[@role]")


def _CANDIDATES(root):
    elements = list(root.iter(*_IMAGE_TAGS))
    seen = set(elements)
    return elements + [element for element in _WITH_ROLE(root) if element not in seen]


class _LazyIds(dict):
    """id -> element, built on first use (only aria-labelledby needs it)."""

    def __init__(self, doc):
        super().__init__()
        self.doc = doc
        self.built = False

    def _build(self):
        if not self.built:
            self.built = True
            for element in self.doc.iter():
                if isinstance(element.tag, str) and element.get("id"):
                    super().setdefault(element.get("id"), element)

    def __contains__(self, key):
        self._build()
        return super().__contains__(key)

    def __getitem__(self, key):
        self._build()
        return super().__getitem__(key)


class AltChecker:
    def __init__(self, page: str, doc, describe_image: DescribeImage | None = None):
        self.page = page
        self.doc = doc
        self.describe_image = describe_image
        self.ids = _LazyIds(doc)
        self.results: list[FindingPair] = []
        self.named_images: list[tuple[object, str, str]] = []  # element, alt, src

    def add(self, element, rule: str, message: str, **extra) -> Finding:
        finding = Finding(rule=rule, page=self.page, selector=css_path(element), snippet=snippet(element),
                          message=message, page_line=element.sourceline, **extra)
        self.results.append((element, finding))
        return finding

    def run(self) -> list[FindingPair]:
        body = self.doc.find(".//body")
        root = body if body is not None else self.doc
        for element in _CANDIDATES(root):
            tag = element.tag.lower()
            role = (element.get("role") or "").strip().lower()
            if tag == "img":
                self.check_img(element, role)
            elif tag == "input" and (element.get("type") or "").lower() == "image":
                self.check_input_image(element)
            elif tag == "area" and element.get("href") is not None:
                self.check_named(element, element.get("alt"), "This image-map area")
            elif tag == "svg":
                self.check_svg(element, role)
            elif tag == "object" and role not in DECORATIVE_ROLES and not _is_hidden(element):
                name = _aria_name(element, self.ids) or normalise_text(element.get("title")) \
                    or normalise_text(text_of(element))
                if not name:
                    self.add(element, "alt-missing", "This embedded object has no text alternative "
                             "(aria-label, title or fallback text inside it).",
                             details={"subject": element.get("data") or ""})
            elif role == "img" and not _is_hidden(element):
                self.check_named(element, None, "This element with role=\"img\"", allow_title=True)
        self.check_duplicates()
        return self.results

    # Each kind of image -------------------------------------------------
    def check_img(self, element, role: str) -> None:
        alt = element.get("alt")
        src = element.get("src") or ""
        decorative = role in DECORATIVE_ROLES or _is_hidden(element)
        control = _is_only_content_of_control(element, self.ids)
        label = _aria_name(element, self.ids)
        if label:
            self.check_quality(element, label, src)
            return
        if alt is None and not decorative:
            suggestion = self.describe_image(src) if self.describe_image and src else None
            message = "This image has no alt attribute, so screen readers read out its file name or nothing."
            extra = {}
            if suggestion:
                extra = {"suggestion": suggestion[0], "details": {"subject": src, "suggestion_from": suggestion[1]}}
                message += f" The image file's {suggestion[1]} suggests: \"{suggestion[0]}\"."
            self.add(element, "alt-missing", message, **extra)
            return
        if not normalise_text(alt):
            if control is not None:
                self.add(element, "alt-empty-in-link",
                         f"This image is the only content of a {'button' if control.tag == 'button' else 'link'} "
                         "but its alt is empty, so the control has no name.", details={"subject": src})
            elif alt is not None and not decorative:
                self.add(element, "alt-empty-unmarked",
                         "This image has empty alt (screen readers skip it) but is not marked decorative.",
                         details={"subject": src})
            return
        self.check_quality(element, alt, src)

    def check_input_image(self, element) -> None:
        self.check_named(element, element.get("alt"), "This image button", allow_title=True)

    def check_svg(self, element, role: str) -> None:
        if _is_hidden(element) or role in DECORATIVE_ROLES:
            return
        name = _aria_name(element, self.ids)
        if not name:
            title = element.find("{http://www.w3.org/2000/svg}title")
            if title is None:
                title = element.find("title")
            name = normalise_text(text_of(title)) if title is not None else ""
        if name:
            self.check_quality(element, name, "")
        elif role == "img":
            self.add(element, "alt-missing", "This SVG has role=\"img\" but no <title>, aria-label or aria-labelledby.")
        elif _is_only_content_of_control(element, self.ids) is not None:
            self.add(element, "alt-empty-in-link", "This SVG is the only content of a link or button but has no "
                     "text alternative, so the control has no name.")
        else:
            self.add(element, "alt-empty-unmarked", "This SVG has no text alternative and is not marked "
                     "decorative with aria-hidden=\"true\".")

    def check_named(self, element, alt: str | None, what: str, allow_title: bool = False) -> None:
        name = _aria_name(element, self.ids) or normalise_text(alt)
        if not name and allow_title:
            name = normalise_text(element.get("title"))
        if not name:
            self.add(element, "alt-missing", f"{what} has no text alternative.",
                     details={"subject": element.get("src") or element.get("href") or ""})
        else:
            self.check_quality(element, name, element.get("src") or "")

    # Quality of a non-empty alternative ---------------------------------------
    def check_quality(self, element, alt: str, src: str) -> None:
        text = normalise_text(alt)
        details = {"subject": src, "alt": text}
        if is_file_name_or_url(text, src):
            self.add(element, "alt-filename", f"The alt text \"{text}\" is a file name or web address.",
                     details=details)
            return
        if is_placeholder(text):
            self.add(element, "alt-placeholder", f"The alt text \"{text}\" is only a placeholder word.",
                     details=details)
            return
        if _PREFIX.match(text):
            self.add(element, "alt-redundant-prefix",
                     f"The alt text starts with \"{' '.join(text.split()[:3])}\": screen readers already say 'image'.",
                     details=details)
        if len(text) > MAX_ALT_LENGTH:
            self.add(element, "alt-too-long", f"The alt text is {len(text)} characters long (over {MAX_ALT_LENGTH}).",
                     details=details)
        if (same := self.adjacent_text_equal(element, text)) is not None:
            self.add(element, "alt-same-as-text", f"The alt text repeats the {same} next to the image, so "
                     "screen-reader users hear it twice.", details=details)
        if element.tag in ("img", "svg", "input") or element.get("role") == "img":
            self.named_images.append((element, text, src))

    def adjacent_text_equal(self, element, alt: str) -> str | None:
        wanted = _comparable(alt)
        if not wanted:
            return None
        for ancestor in element.iterancestors():
            if ancestor.tag == "figure":
                caption = ancestor.find(".//figcaption")
                if caption is not None and _comparable(text_of(caption)) == wanted:
                    return "caption"
                break
        control = _enclosing_control(element)
        if control is not None and _comparable(_text_outside(control, element)) == wanted:
            return "link text"
        parent = element.getparent()
        if parent is not None and parent.tag in ("p", "li", "td", "dd", "div") and control is None:
            if _comparable(_text_outside(parent, element)) == wanted:
                return "text"
        return None

    def check_duplicates(self) -> None:
        seen: dict[str, list[tuple[object, str]]] = defaultdict(list)
        for element, alt, src in self.named_images:
            key = _comparable(alt)
            earlier = seen[key]
            if any(other_src != src or not src for _, other_src in earlier):
                first = earlier[0][0]
                self.add(element, "alt-duplicate",
                         f"Another image on this page ({css_path(first)}) has the same alt text \"{alt}\".",
                         details={"subject": src, "alt": alt})
            earlier.append((element, src))


def check_alt_text(page: str, doc, describe_image: DescribeImage | None = None) -> list[FindingPair]:
    return AltChecker(page, doc, describe_image).run()
