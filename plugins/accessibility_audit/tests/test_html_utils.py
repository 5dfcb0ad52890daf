

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
