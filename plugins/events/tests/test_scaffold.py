from datetime import date, datetime

import markdown

from coproweek.events.model import AccessFeature, AttendanceMode
from coproweek.events.parse import FIELDS, parse_event
from sitekit.build import site_slugify
from coproweek.events.scaffold import event_template


def metadata(text: str) -> dict:
    converter = markdown.Markdown(extensions=["markdown.extensions.meta"])
    converter.convert(text)
    return converter.Meta


def test_scaffold_parses_into_an_event():
    event = parse_event(metadata(event_template("Co-production café", datetime(2027, 3, 1, 9, 15))), slug="co-production-cafe", slugify=site_slugify())
    assert event.title == "Co-production café"
    assert event.start.date() == date(2027, 3, 29)
    assert event.attendance is AttendanceMode.IN_PERSON
    assert event.access == (AccessFeature.STEP_FREE, AccessFeature.ACCESSIBLE_TOILET)


def test_scaffold_lists_every_field_except_the_expert_ones():
    keys = set(metadata(event_template("X", date(2027, 3, 1))))
    expert = {"slug", "duration", "rrule", "uid", "sequence", "modified", "previous-start"}
    assert keys == set(FIELDS) - expert


def test_writers_guide_examples_parse():
    from pathlib import Path

    guide = (Path(__file__).parents[3] / "docs" / "writing-events.md").read_text(encoding="utf-8")
    example = guide.split("```\ntitle:", 1)[1].split("```")[0]
    example = "title:" + example
    event = parse_event(metadata(example), slug="drop-in", slugify=site_slugify())
    assert event.recurrence.rrule.startswith("FREQ=WEEKLY")
    rrule_example = guide.split("`rrule: ")[1].split("`")[0]
    expert = parse_event({"title": "T", "start": "2018-06-05 10:00", "end": "11:00", "venue": "Hall",
                          "rrule": rrule_example}, slug="t", slugify=site_slugify())
    assert "BYDAY=TU,TH" in expert.recurrence.rrule
    for feature in AccessFeature:
        assert f"| `{feature.value}` | {feature.label} |" in guide
