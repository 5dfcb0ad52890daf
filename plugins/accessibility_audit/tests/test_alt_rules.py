import pytest
from lxml import html

from coproweek.audit.alt_rules import check_alt_text, is_file_name_or_url, is_placeholder


def rules(body: str, describe=None) -> list[str]:
    doc = html.fromstring(f"<html><body>{body}</body></html>").getroottree()
    return sorted(finding.rule for _, finding in check_alt_text("page.html", doc, describe))


@pytest.mark.parametrize("alt", ["image", "Photo", "PICTURE", "graphic", "logo", "spacer", "banner", "icon",
                                 "image 1", "Logo image", "-", "an image", "  "])
def test_placeholders(alt):
    assert is_placeholder(alt)


@pytest.mark.parametrize("alt", ["Logo of the Coalition for Collaborative Care", "Two people talking", "Icon Theatre"])
def test_real_descriptions_are_not_placeholders(alt):
    assert not is_placeholder(alt)


@pytest.mark.parametrize("alt, src", [("IMG_1234.jpg", "x.jpg"), ("DSC01234", "x.jpg"), ("photo.PNG", "x.png"),
                                      ("https://example.org/a.jpg", "a.jpg"), ("/images/team.jpg", "x"),
                                      ("team-day-2018", "/images/team-day-2018.jpg"), ("www.example.org", "")])
def test_file_names_and_urls(alt, src):
    assert is_file_name_or_url(alt, src)


@pytest.mark.parametrize("alt", ["People at a workshop", "Version 2.0 launch", "A team. Smiling."])
def test_sentences_are_not_file_names(alt):
    assert not is_file_name_or_url(alt, "/images/a.jpg")


def test_missing_alt_is_an_error():
    assert rules('<img src="a.jpg">') == ["alt-missing"]


def test_good_alt_passes():
    assert rules('<img src="a.jpg" alt="Volunteers planting trees in a park">') == []


def test_decorative_marked_passes():
    assert rules('<img src="a.jpg" alt="" role="presentation"><img src="b.jpg" alt="" aria-hidden="true">') == []


def test_empty_alt_unmarked_is_a_warning():
    assert rules('<img src="a.jpg" alt="">') == ["alt-empty-unmarked"]


def test_empty_alt_alone_in_link_or_button():
    assert rules('<a href="/"><img src="a.jpg" alt=""></a>') == ["alt-empty-in-link"]
    assert rules('<button><img src="a.jpg" alt="" role="presentation"></button>') == ["alt-empty-in-link"]
    # With link text the empty alt is right.
    assert rules('<a href="/"><img src="a.jpg" alt="" role="presentation"> Home</a>') == []


def test_prefix_and_length_are_warnings():
    assert rules('<img src="a.jpg" alt="Image of a cat asleep">') == ["alt-redundant-prefix"]
    assert rules('<img src="a.jpg" alt="picture of people">') == ["alt-redundant-prefix"]
    assert rules(f'<img src="a.jpg" alt="{"A long description. " * 8}">') == ["alt-too-long"]


def test_alt_repeating_caption_or_link_text():
    assert rules('<figure><img src="a.jpg" alt="Our team"><figcaption>Our team.</figcaption></figure>') \
        == ["alt-same-as-text"]
    assert rules('<a href="/t"><img src="a.jpg" alt="Our team"> Our team</a>') == ["alt-same-as-text"]


def test_same_alt_on_different_images():
    assert rules('<img src="a.jpg" alt="Workshop"><img src="b.jpg" alt="workshop">') == ["alt-duplicate"]
    # The same image twice is not a duplicate description.
    assert rules('<img src="a.jpg" alt="Workshop"><img src="a.jpg" alt="Workshop">') == []


def test_other_image_elements():
    assert rules('<input type="image" src="go.png">') == ["alt-missing"]
    assert rules('<input type="image" src="go.png" alt="Search">') == []
    assert rules('<map><area href="/a" shape="rect" coords="0,0,1,1"></map>') == ["alt-missing"]
    assert rules('<svg role="img"><circle r="1"/></svg>') == ["alt-missing"]
    assert rules('<svg role="img"><title>Growth chart</title></svg>') == []
    assert rules('<svg aria-hidden="true"></svg>') == []
    assert rules('<svg><circle r="1"/></svg>') == ["alt-empty-unmarked"]
    assert rules('<div role="img"></div>') == ["alt-missing"]
    assert rules('<div role="img" aria-label="Map of venues"></div>') == []
    assert rules('<object data="a.pdf"></object>') == ["alt-missing"]
    assert rules('<object data="a.pdf">Annual report</object>') == []


def test_aria_labelledby_names_an_image():
    assert rules('<p id="d">Sunrise over the hills</p><img src="a.jpg" aria-labelledby="d">') == []


def test_suggestion_from_image_metadata():
    doc = html.fromstring('<html><body><img src="a.jpg"></body></html>').getroottree()
    [(_, finding)] = check_alt_text("p.html", doc, lambda src: ("A red kite", "EXIF ImageDescription"))
    assert finding.rule == "alt-missing"
    assert finding.suggestion == "A red kite"
    assert "A red kite" in finding.message
