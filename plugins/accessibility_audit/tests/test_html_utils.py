

def test_picture_sources_do_not_swallow_the_img_as_in_a_browser():
    from coproweek.audit.html_utils import css_path, parse_page

    page = (b'<html><body><main id="m"><picture><source type="image/webp" srcset="a.webp">'
            b'<source srcset="b.jpg" />\n<img src="a.jpg" alt="x"></picture>'
            b'<video><track kind="captions" src="c.vtt"></video></main></body></html>')
    doc = parse_page(page)
    [img] = doc.getroot().iter("img")
    assert img.getparent().tag == "picture"
    assert css_path(img) == "#m > picture > img"
    assert [child.tag for child in doc.getroot().iter("picture")][0] == "picture"
    assert len(list(doc.getroot().iter("source"))) == 2 and list(doc.getroot().iter("track"))


def test_text_is_normalised_at_every_kind_of_space_as_the_pattern_would():
    import re
    import sys

    from coproweek.audit.html_utils import normalise_text

    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if re.fullmatch(r"\s", c))
    assert {" ", "\t", "\n", "\xa0", "\x1c", "\u2003", "\u3000"} <= set(spaces)
    samples = [None, "", "   ", "Close", f"{spaces}Next{spaces}page{spaces}", "a\u200bb", "one\r\n two\x0bthree",
               *(f" x{c}{c}y{c}" for c in spaces)]
    for sample in samples:
        assert normalise_text(sample) == re.sub(r"\s+", " ", sample or "").strip(), repr(sample)
    assert normalise_text("a\u200bb") == "a\u200bb"  # a zero-width space is not a space to either
