"""The <picture> markup written for content images, read back with lxml."""

from __future__ import annotations

import re
from html import escape

import pytest
from lxml import etree, html

from coproweek.images.derivatives import Derived, Variant
from coproweek.images import markup
from coproweek.images.markup import DEFAULT_SIZES, content_relpath, reference_line, rewrite_images

STATIC_DIRS = ["images", "extra"]


def fake_derived(relpath="images/photo.jpg", widths=(480, 960, 1600), ratio=0.75, fallback="jpg") -> Derived:
    stem = relpath.rsplit(".", 1)[0]
    variants = tuple(
        Variant(f"{stem}-{w}w.{ext}", ext, w, round(w * ratio))
        for w in widths for ext in dict.fromkeys([fallback, "webp"])
    )
    return Derived(relpath, widths[-1], round(widths[-1] * ratio), fallback, variants, cache_dir=None)


def rewrite(fragment: str, derived=None, **options) -> str:
    return rewrite_images(
        fragment,
        lambda reference: derived or fake_derived(reference.relpath),
        lambda relpath: "/" + relpath,
        lambda src: content_relpath(src, "blog", "", STATIC_DIRS),
        **options,
    )


def parse(fragment: str):
    return html.fragment_fromstring(fragment, create_parent="div")


def test_picture_with_webp_source_and_sized_img():
    out = parse(rewrite('<p>Before <img alt="Ten people round a table, laughing" src="/images/photo.jpg"> after</p>'))
    picture = out.find(".//picture")
    # (libxml2 does not know <source> is empty, so it nests the <img> in it
    # when reading back; browsers do not.)
    source, img = picture.find(".//source"), picture.find(".//img")
    assert source.tag == "source" and source.get("type") == "image/webp"
    assert source.get("srcset") == "/images/photo-480w.webp 480w, /images/photo-960w.webp 960w, /images/photo-1600w.webp 1600w"
    assert source.get("sizes") == DEFAULT_SIZES
    assert img.get("srcset") == "/images/photo-480w.jpg 480w, /images/photo-960w.jpg 960w, /images/photo-1600w.jpg 1600w"
    assert img.get("sizes") == DEFAULT_SIZES
    assert img.get("src") == "/images/photo-960w.jpg"
    assert (img.get("width"), img.get("height")) == ("960", "720")
    assert img.get("alt") == "Ten people round a table, laughing"
    assert img.get("data-source") == "images/photo.jpg"
    assert img.get("decoding") == "async"
    assert out.find("p").text == "Before " and picture.tail == " after"


def test_html5_output_has_no_source_end_tag():
    out = rewrite('<p><img alt="x" src="/images/photo.jpg"></p>')
    assert "</source>" not in out and "<source " in out


def test_first_image_eager_later_ones_lazy():
    out = parse(rewrite('<p><img alt="a" src="/images/a.jpg"></p><p><img alt="b" src="/images/b.jpg"></p>'))
    first, second = out.iter("img")
    assert first.get("loading") == "eager" and first.get("fetchpriority") == "high"
    assert second.get("loading") == "lazy" and second.get("fetchpriority") is None
    lazy_only = parse(rewrite('<p><img alt="a" src="/images/a.jpg"></p>', eager_first=False))
    assert lazy_only.find(".//img").get("loading") == "lazy"


def test_alt_text_and_other_attributes_are_kept_exactly():
    alt = 'Café owner "Sam" & friends <smiling>'
    out = parse(rewrite(f'<p><img alt="{escape(alt)}" src="/images/a.jpg" title="At the café" class="wide"></p>'))
    img = out.find(".//img")
    assert img.get("alt") == alt
    assert img.get("title") == "At the café" and img.get("class") == "wide"


def test_missing_alt_is_not_invented():
    img = parse(rewrite('<p><img src="/images/a.jpg"></p>')).find(".//img")
    assert img.get("alt") is None


def test_a_webp_source_gets_no_second_webp_source():
    derived = fake_derived("images/art.webp", fallback="webp")
    picture = parse(rewrite('<p><img alt="" src="/images/art.webp"></p>', derived=derived)).find(".//picture")
    assert [child.tag for child in picture.iter()] == ["picture", "img"]
    assert picture.find("img").get("srcset").startswith("/images/art-480w.webp 480w")


def test_other_images_are_left_alone():
    fragment = '<p><img alt="" src="https://example.org/a.jpg"><img alt="" src="data:image/png;base64,AAAA"></p>'
    assert rewrite(fragment) == fragment
    assert rewrite("<p>No images</p>") == "<p>No images</p>"


def test_unresolved_image_is_left_as_written():
    fragment = '<p><img alt="x" src="/images/missing.jpg"></p>'
    out = rewrite_images(fragment, lambda reference: None, lambda p: "/" + p,
                         lambda src: content_relpath(src, "blog", "", STATIC_DIRS))
    assert out == fragment


# Only the images change: the rest of the body keeps the bytes Markdown wrote
# (entities, `<br />`, attribute quotes), so a body stays ASCII, held by
# Python at one byte a character. Each fragment, spliced, must read as the
# same document as the whole fragment written again by lxml.
SPLICED = [
    '<p>It&rsquo;s &ldquo;ours&rdquo;<br />\n<img alt="Jo&rsquo;s caf\u00e9" src="/images/a.jpg" /> after</p>',
    '<p>\r\n<a href="/x"><IMG SRC="/images/a.jpg" ALT=\'a > b\'></a>\r\n<img src="https://example.org/b.jpg"></p>',
    '<p><code>&lt;img src="/images/a.jpg"&gt;</code><img alt="" src="/images/b.jpg"><img alt="" src=/images/b.jpg></p>',
    '<picture><source srcset="/x.webp"><img alt="hand" src="/images/a.jpg"></picture>\n\n<p><img alt="" src="/images/c.jpg"></p>',
    '<p>\u2014 \U0001F600</p><p><img alt="" src="/images/a.jpg"></p><p>last</p>',
    '<p>Ne\u00efve <img alt="one" src="/images/missing.jpg"> and <img alt="two" src="/images/a.jpg"></p>',
]


def resolve_all_but_missing(reference):
    return None if "missing" in reference.relpath else fake_derived(reference.relpath)


def same_document(left: str, right: str) -> bool:
    def canonical(fragment):
        return etree.tostring(parse(fragment), method="c14n")
    return canonical(left) == canonical(right)


@pytest.mark.parametrize("fragment", SPLICED)
def test_only_the_images_are_rewritten(fragment, monkeypatch):
    def rewrite_with(resolve):
        return rewrite_images(fragment, resolve, lambda relpath: "/" + relpath,
                              lambda src: content_relpath(src, "blog", "", STATIC_DIRS))
    splices = []
    splice = markup._splice_pictures
    monkeypatch.setattr(markup, "_splice_pictures", lambda *args: splices.append(splice(*args)) or splices[-1])
    spliced = rewrite_with(resolve_all_but_missing)
    assert "<picture><source" in spliced and splices[0] is not None  # spliced, not written whole
    monkeypatch.setattr(markup, "_splice_pictures", lambda *args: None)
    whole = rewrite_with(resolve_all_but_missing)
    assert same_document(spliced, whole)
    # What lay between the images is byte for byte what Markdown wrote.
    outside = re.split(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", fragment, flags=re.IGNORECASE)
    position = 0
    for piece in outside:
        position = spliced.index(piece, position) + len(piece)
    assert spliced.isascii() == "".join(outside).isascii()


@pytest.mark.parametrize("fragment", [
    '<p><img alt="" src="/images/a.jpg"></img> text</p>',  # an end tag lxml drops
    '<p><img alt="" src="/images/a.jpg"><textarea><img src="/images/b.jpg"></textarea></p>',
    '<!-- <img src="/images/b.jpg"> --><p><img alt="" src="/images/a.jpg"></p>',  # an image lxml does not see
    '<p><a title=\'<img src="/images/b.jpg">\' href="/x">x</a><img alt="" src="/images/a.jpg"></p>',
    '<p><img alt="a"b" src="/images/a.jpg"></p>',  # a quote the pattern reads otherwise than lxml
    # as many tags as images, yet not the same ones
    '<!-- <img src="/images/b.jpg"> --><p><img src=/images/a.jpg alt=x"></p>',
    '<p><img alt="a"b" src="/images/a.jpg"><textarea><img src="/images/b.jpg"></textarea></p>',
])
def test_tags_not_matched_one_for_one_to_lxmls_images_are_written_whole(fragment, monkeypatch):
    out = rewrite(fragment)
    assert "<picture>" in out and "</img>" not in out
    monkeypatch.setattr(markup, "_splice_pictures", lambda *args: None)
    assert out == rewrite(fragment)


@pytest.mark.parametrize("src, expected", [
    ("/images/a.jpg", "images/a.jpg"),
    ("{static}/images/a.jpg", "images/a.jpg"),
    ("{attach}/images/a.jpg", "images/a.jpg"),
    ("{static}../images/a.jpg", "images/a.jpg"),
    ("/images/sub/My%20photo.jpg", "images/sub/My photo.jpg"),
    ("/coproweek/images/a.jpg", None),
    ("https://example.org/images/a.jpg", None),
    ("//cdn.example.org/images/a.jpg", None),
    ("/theme/images/logo.png", None),
    ("{static}/../../etc/passwd", None),
])
def test_content_relpath(src, expected):
    assert content_relpath(src, "blog", "", STATIC_DIRS) == expected


def test_content_relpath_with_a_site_in_a_subfolder():
    assert content_relpath("/coproweek/images/a.jpg", "blog", "/coproweek", STATIC_DIRS) == "images/a.jpg"


def test_reference_line_counts_occurrences():
    text = "Title: x\n\n![one](/images/a.jpg)\n\ntext\n\n![two](/images/a.jpg) ![b](/images/b.jpg)\n"
    assert reference_line(text, "images/a.jpg", 0) == 3
    assert reference_line(text, "images/a.jpg", 1) == 7
    assert reference_line(text, "images/b.jpg", 0) == 7
    assert reference_line(text, "images/c.jpg", 0) is None


def test_reference_line_skips_mentions_of_the_file_name():
    # A problem with the second image of a.jpg is on the line that uses it,
    # not on a line of prose or code that names the file.
    text = ("Title: x\nSummary: About a.jpg\n\nWe took `a.jpg` last year; a.jpg is our favourite.\n\n"
            "![One](/images/a.jpg)\n\n<img src=\"/images/a.jpg\" alt=\"Two\">\n")
    assert reference_line(text, "images/a.jpg", 0) == 6
    assert reference_line(text, "images/a.jpg", 1) == 8
    assert reference_line("Title: x\n\nOnly a.jpg mentioned.\n", "images/a.jpg", 0) == 3
