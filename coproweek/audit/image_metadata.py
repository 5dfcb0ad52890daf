"""Descriptions embedded in image files (EXIF ImageDescription, XMP
dc:description or the IPTC alt-text field, IPTC caption), read with Pillow,
to suggest alt text for images that have none."""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree
from PIL import Image, IptcImagePlugin, UnidentifiedImageError

EXIF_IMAGE_DESCRIPTION = 0x010E
IPTC_CAPTION = (2, 120)
_XMP_PATHS = [
    # IPTC's own accessibility field first: written for exactly this purpose.
    "{http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/}AltTextAccessibility",
    "{http://purl.org/dc/elements/1.1/}description",
]
_RDF_LI = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li"
# Camera firmware writes these into ImageDescription; they describe nothing.
_JUNK = {"", "default", "olympus digital camera", "sony dsc", "digital camera", "image", "untitled"}


def _clean(text) -> str | None:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return None
    text = " ".join(text.replace("\x00", " ").split())
    return None if text.lower() in _JUNK else text


def _xmp_description(packet) -> str | None:
    if not packet:
        return None
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    start = packet.find(b"<x:xmpmeta")
    if start < 0:
        start = packet.find(b"<rdf:RDF")
    try:
        root = etree.fromstring(packet[max(start, 0):].split(b"<?xpacket end")[0].strip(),
                                etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    for path in _XMP_PATHS:
        for node in root.iter(path):
            items = [li for li in node.iter(_RDF_LI)]
            english = [li for li in items if (li.get("{http://www.w3.org/XML/1998/namespace}lang") or "").lower()
                       in ("x-default", "en", "en-gb", "en-us")]
            for item in english + items + [node]:
                text = _clean("".join(item.itertext()))
                if text:
                    return text
    return None


@functools.lru_cache(maxsize=512)
def _cached_description(path: str, mtime: float) -> tuple[str, str] | None:
    try:
        with Image.open(path) as image:
            xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
            if text := _xmp_description(xmp):
                return text, "XMP"
            if text := _clean(image.getexif().get(EXIF_IMAGE_DESCRIPTION)):
                return text, "EXIF ImageDescription"
            iptc = IptcImagePlugin.getiptcinfo(image) or {}
            caption = iptc.get(IPTC_CAPTION)
            if isinstance(caption, list):
                caption = caption[0] if caption else None
            if text := _clean(caption):
                return text, "IPTC caption"
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        return None
    return None


def embedded_description(path: Path) -> tuple[str, str] | None:
    """(description, where it came from) for an image file, or None."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    return _cached_description(str(path), mtime)
