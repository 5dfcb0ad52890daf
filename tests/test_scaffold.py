from datetime import datetime

import pytest

from coproweek.problems import metadata_lines
from sitekit.scaffold import post_template, slug_for, write_new_file


def test_slug_is_made_from_the_title():
    assert slug_for("Co-production: not rocket science?") == "co-production-not-rocket-science"
    assert slug_for("  Café – Zoë’s talk 🎉 ") == "cafe-zoes-talk"


def test_a_title_without_letters_cannot_make_a_slug():
    with pytest.raises(ValueError, match="no letters or numbers"):
        slug_for("🎉 ?!")


def test_post_template_has_every_field_and_todays_date():
    text = post_template("My post", datetime(2026, 11, 25, 9, 30))
    fields = metadata_lines(text)
    assert {"title", "date", "author", "tags", "summary", "status"} <= set(fields)
    assert "Date: 2026-11-25 09:30" in text
    assert "Status: draft" in text


def test_write_new_file_never_overwrites(tmp_path):
    path = write_new_file(str(tmp_path), "my-post", "first")
    with pytest.raises(FileExistsError):
        write_new_file(str(tmp_path), "my-post", "second")
    assert open(path, encoding="utf-8").read() == "first"
