"""Test photos made with Pillow: camera-like JPEGs with EXIF orientation,
GPS position and XMP, and damaged or odd files for the error cases."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PIL.ExifTags import IFD, Base, GPS

RED = (220, 20, 20)
BLUE = (20, 20, 220)
# Where a participant lives, in EXIF and in XMP: neither may be published.
GPS_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.5N" '
    b'exif:GPSLongitude="0,7.5W"/></rdf:RDF></x:xmpmeta>'
)


def make_photo(path: Path, size=(2000, 1500), orientation: int | None = None, gps: bool = True,
               image_format: str = "JPEG") -> Path:
    """A photo whose stored left half is red and right half blue (so a test
    can see which way up it was published), with EXIF and XMP metadata."""
    width, height = size
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[Base.Make] = "TestCam"
    if orientation:
        exif[Base.Orientation] = orientation
    if gps:
        gps_ifd = exif.get_ifd(IFD.GPSInfo)
        gps_ifd[GPS.GPSLatitudeRef] = "N"
        gps_ifd[GPS.GPSLatitude] = (51.0, 30.0, 30.0)
        gps_ifd[GPS.GPSLongitudeRef] = "W"
        gps_ifd[GPS.GPSLongitude] = (0.0, 7.0, 30.0)
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"exif": exif}
    if image_format in ("JPEG", "WEBP"):
        options["xmp"] = GPS_XMP
    if image_format == "GIF":
        options = {}
    image.save(path, image_format, **options)
    return path


def make_truncated(path: Path) -> Path:
    make_photo(path, size=(800, 600), gps=False)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def make_not_an_image(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("<html><body>This is a web page saved with a .jpg name</body></html>")
    return path
