from pathlib import Path

from PIL import Image, TiffImagePlugin

from coproweek.audit.image_metadata import embedded_description

XMP = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>
<rdf:li xml:lang="x-default">Carers sharing lunch at the community hall</rdf:li></rdf:Alt></dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


def test_exif_image_description(tmp_path: Path):
    exif = Image.Exif()
    exif[0x010E] = "A volunteer reading to a child"
    path = tmp_path / "a.jpg"
    Image.new("RGB", (8, 8)).save(path, exif=exif)
    assert embedded_description(path) == ("A volunteer reading to a child", "EXIF ImageDescription")


def test_xmp_description_in_jpeg(tmp_path: Path):
    path = tmp_path / "b.jpg"
    Image.new("RGB", (8, 8)).save(path, xmp=XMP)
    assert embedded_description(path) == ("Carers sharing lunch at the community hall", "XMP")


def test_iptc_caption(tmp_path: Path):
    # IPTC-IIM record 2, dataset 120 (caption), in a TIFF's IPTC tag.
    caption = "Panel discussion on co-production".encode()
    iptc = b"\x1c\x02\x78" + len(caption).to_bytes(2, "big") + caption
    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[33723] = iptc
    info.tagtype[33723] = 7  # undefined bytes
    path = tmp_path / "c.tif"
    Image.new("RGB", (8, 8)).save(path, tiffinfo=info)
    assert embedded_description(path) == ("Panel discussion on co-production", "IPTC caption")


def test_no_description_camera_junk_and_bad_files(tmp_path: Path):
    plain = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(plain)
    junk = tmp_path / "junk.jpg"
    exif = Image.Exif()
    exif[0x010E] = "OLYMPUS DIGITAL CAMERA         "
    Image.new("RGB", (8, 8)).save(junk, exif=exif)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    assert embedded_description(plain) is None
    assert embedded_description(junk) is None
    assert embedded_description(broken) is None
    assert embedded_description(tmp_path / "missing.jpg") is None
