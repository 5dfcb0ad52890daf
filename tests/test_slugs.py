"""One slug rule (coproweek.slugs): a blog tag, an event tag, an organiser and
an access feature with the same name get the same address segment, Pelican's
own, and the sample site's addresses are the ones it always had."""

from __future__ import annotations

import shutil

import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag
from pelican.utils import slugify

from coproweek.checks.urls import slug_problem
from coproweek.config import read_settings
from coproweek.events.model import AccessFeature
from coproweek.slugs import SlugSettings, is_usable
from sitekit.build import ROOT, build_site, site_settings, site_slugify

NAMES = ["Co-production & care", "Health", "HEALTH ", "People's voice", "Café culture", "Žižkov",
         "日本語", "children and families", "Social Care Institute for Excellence (SCIE)", "C++ / C#",
         "<em>Emphasis</em>", "  spaces   everywhere ", "ﬁne ligature", "---", "🎉"]


@pytest.mark.parametrize("overrides", [{}, {"TAG_REGEX_SUBSTITUTIONS": [(r"&", "and"), (r"[^\w\s-]", ""), (r"[-\s]+", "-")]},
                                       {"SLUG_REGEX_SUBSTITUTIONS": [(r"[^\w\s-]", ""), (r"\s+", "_")]},
                                       {"SLUGIFY_PRESERVE_CASE": True}, {"SLUGIFY_USE_UNICODE": True}])
def test_the_rule_is_exactly_how_pelican_slugs_a_blog_tag(overrides):
    settings = {**DEFAULT_CONFIG, **overrides}
    rule = read_settings(SlugSettings, settings).rule(slugify)
    for name in NAMES:
        assert rule(name) == Tag(name, settings).slug, name


def test_the_project_rule_follows_the_project_settings():
    rule = site_slugify()
    assert rule("Co-production & care") == "co-production-care"  # the blog's address, now the events' too
    assert rule("Café culture") == "cafe-culture"
    assert rule("日本語") == "ri-ben-yu"  # transliterated, as Pelican does, not dropped
    assert site_slugify(TAG_REGEX_SUBSTITUTIONS=[(r"&", "and"), (r"[^\w\s-]", ""), (r"[-\s]+", "-")])(
        "Co-production & care") == "co-production-and-care"


def test_access_features_are_already_what_the_rule_makes_of_them():
    rule = site_slugify()
    for feature in AccessFeature:
        assert rule(feature.value) == feature.value


def test_a_slug_without_a_letter_or_digit_is_no_address():
    assert not is_usable("") and not is_usable("-") and not is_usable("--_")
    assert is_usable("a") and is_usable("2018") and is_usable("ri-ben")
    assert slug_problem("tag", "---", site_slugify()("---"))  # Pelican makes "-" of it: reported
    assert slug_problem("tag", "Health", "health") is None


def _site_with_one_topic(tmp_path, topic: str):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "plugins" / "events" / "tests" / "fixture", content)
    (content / "blog" / "a-post.md").write_text(
        f"Title: A post\nDate: 2018-04-16 09:00\nAuthor: Pete Fleischmann\nTags: {topic}\n\nText.\n", encoding="utf-8")
    (content / "events" / "topic-event.md").write_text(
        f"title: A topic event\nstart: 2018-07-03 10:00\nend: 12:00\nattendance: online\n"
        f"joining-link: https://meet.example.org/topic\nsummary: About the topic.\ntags: {topic}\n"
        f"organiser: {topic} Network\n\nText.\n", encoding="utf-8")
    output = tmp_path / "output"
    plugins = site_settings()["PLUGINS"]
    build_site(content, output, SITE_NOW="2018-06-20", PLUGINS=[*plugins, *(["events"] if "events" not in plugins else [])])
    return output


@pytest.mark.slow
@pytest.mark.parametrize("topic, slug", [("Co-production & care", "co-production-care"),
                                         ("Café culture", "cafe-culture"), ("People's voice", "peoples-voice")])
def test_a_topic_has_one_address_on_the_blog_the_events_and_the_feeds(tmp_path, topic, slug):
    output = _site_with_one_topic(tmp_path, topic)
    assert (output / "tags" / slug / "index.html").is_file()
    assert (output / "events" / "tags" / slug / "index.html").is_file()
    assert (output / "events" / "tags" / f"{slug}.ics").is_file()
    assert (output / "events" / "organisers" / f"{slug}-network" / "index.html").is_file()
    assert (output / "events" / "organisers" / f"{slug}-network.ics").is_file()
    event_page = (output / "events" / "topic-event" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../events/tags/{slug}/"' in event_page  # the local build's relative links


@pytest.mark.slow
def test_the_sample_sites_event_addresses_are_unchanged(built_site):
    """The addresses the sample site had before the one rule (recorded then)."""
    def listed(folder):
        return sorted(path.name for path in (built_site / folder).iterdir())

    assert listed("events/access") == ["accessible-toilet", "assistance-dogs", "bsl", "captions", "easy-read",
                                       "hearing-loop", "large-print", "quiet-room", "step-free"]
    organisers = ["co-production-network", "social-care-institute-for-excellence-scie", "south-west-childrens-voices",
                  "toronto-co-design-collective", "yorkshire-housing-voices"]
    assert listed("events/organisers") == sorted([*organisers, *(f"{name}.ics" for name in organisers)])
    tags = ["birmingham", "bristol", "campaign", "children-and-families", "co-production-week", "cpd", "drop-in",
            "festival", "housing", "international", "leeds", "london", "manchester", "network", "payment",
            "training", "webinar"]
    assert listed("events/tags") == sorted([*tags, *(f"{name}.ics" for name in tags)])
    assert listed("tags") == ["co-production", "co-production-week", "index.html", "research", "training"]
