"""The editor's configuration follows the site's own rules: the fields of an
event in the order `invoke new-event` writes them, every pick-list from the
event model, every field labelled and explained."""

from __future__ import annotations

import json
import re
from datetime import date

from coproweek.editor.config import config_text, editor_config
from coproweek.events.model import AccessFeature, AttendanceMode, Status
from coproweek.events.parse import DRAFT_WORD, FIELDS
from coproweek.events.scaffold import event_template
from sitekit.scaffold import post_template


def collection(name: str) -> dict:
    return next(c for c in editor_config()["collections"] if c["name"] == name)


def names(fields: list[dict]) -> list[str]:
    return [field["name"] for field in fields]


def header_keys(text: str) -> list[str]:
    return [match[1].lower() for match in re.finditer(r"^([A-Za-z-]+):", text.split("\n\n")[0], re.M)]


def in_order(subset: list[str], whole: list[str]) -> bool:
    positions = [whole.index(key) for key in subset]
    return positions == sorted(positions)


def test_event_fields_are_every_field_the_event_reader_knows_in_scaffold_order():
    fields = names(collection("events")["fields"])
    assert set(fields) - {"body"} == set(FIELDS)
    scaffold = header_keys(event_template("Café", date(2027, 7, 1)))
    assert in_order(scaffold, fields), "config.py's event fields are not in the order of plugins/events/scaffold.py"


def test_post_fields_follow_the_new_post_scaffold():
    fields = names(collection("blog")["fields"])
    from datetime import datetime
    scaffold = header_keys(post_template("Why", datetime(2027, 1, 1)))
    assert in_order(scaffold, fields) and set(scaffold) <= set(fields)


def test_pick_lists_are_the_event_models_values():
    fields = {field["name"]: field for field in collection("events")["fields"]}
    values = lambda name: [o["value"] if isinstance(o, dict) else o for o in fields[name]["options"]]  # noqa: E731
    assert values("access") == [feature.value for feature in AccessFeature]
    assert values("status") == [DRAFT_WORD] + [status.value for status in Status]
    assert fields["status"]["default"] == DRAFT_WORD  # as `invoke new-event` starts
    assert values("attendance") == [mode.value for mode in AttendanceMode]
    assert "Europe/London" in values("timezone") and "America/Toronto" in values("timezone")
    assert fields["access"]["multiple"] is True


def test_every_field_has_a_label_and_required_ones_are_marked():
    for each in editor_config()["collections"]:
        for field in each.get("fields", []) + [f for file in each.get("files", []) for f in file["fields"]]:
            assert field["label"].strip(), field
            assert field.get("hint", "").strip(), f"{each['name']}: the field {field['name']} has no hint"
    required = {f["name"] for f in collection("events")["fields"] if f["required"]}
    assert required == {"title", "start", "body"}


def test_images_need_alt_text_and_end_comes_after_start():
    fields = {field["name"]: field for field in collection("events")["fields"]}
    assert fields["image-alt"]["widget"] == "alt-text" and fields["image-alt"]["image"] == "image"
    assert fields["end"]["widget"] == "event-time" and fields["end"]["after"] == "start"
    for each in ("blog", "pages", "events"):
        assert {f["widget"] for f in collection(each)["fields"] if f["name"] == "body"} == {"markdown-alt"}


def test_authors_are_chosen_from_the_authors_file():
    author = next(f for f in collection("blog")["fields"] if f["name"] == "author")
    assert (author["widget"], author["collection"], author["file"]) == ("relation", "authors", "authors")
    assert collection("authors")["files"][0]["file"] == "content/authors.toml"
    # On the collection, where Decap looks when it reads the file (on the file
    # entry it is ignored, and Decap's own TOML would read no authors at all).
    assert collection("authors")["format"] == "authors-toml"


def test_config_is_json_that_yaml_readers_accept_and_names_the_repository():
    config = json.loads(config_text(repo="scie/coproweek", auth_url="https://auth.example.org"))
    assert config["backend"] == config["backend"] | {"name": "github", "repo": "scie/coproweek", "branch": "main",
                                                      "base_url": "https://auth.example.org"}
    assert config["local_backend"] == {"url": "http://localhost:8081/api/v1"}
    assert config["media_folder"] == "content/images"
