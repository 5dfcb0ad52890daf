"""Submitted events -> draft event files: complete, incomplete and hostile
submissions, in the JSON and CSV that Netlify and Formspree export."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import lxml.html
import pytest

from coproweek.submissions.draft import literal_markdown, make_draft, one_line
from coproweek.submissions.exports import ExportUnreadable, Submission, read_export
from coproweek.submissions.importer import import_events
from coproweek.markdown_files import markdown_converter
from coproweek.events.model import AccessFeature
from sitekit.build import site_settings, site_slugify

COMPLETE = {
    "title": "Co-production coffee morning", "date-day": "6", "date-month": "7", "date-year": "2027",
    "start-time": "10am", "end-time": "12pm", "attendance": "in person", "venue": "Anytown Library",
    "address": "1 High Street, Anytown", "postcode": "AN1 2BC", "joining-link": "", "organiser": "Anytown Carers Centre",
    "organiser-url": "https://www.example.org", "contact-name": "Sam Jones", "organiser-email": "events@example.org",
    "access": ["step-free", "bsl"], "access-details": "Ramp at the side door.", "booking": "", "cost": "free",
    "description": "Come and meet people who use services.\n\nTea and cake provided.", "_gotcha": "",
}


def netlify_json(*submissions, form="event") -> str:
    return json.dumps([{"number": n, "form_name": form, "created_at": "2027-05-01T10:00:00Z", "ip": "192.0.2.1",
                        "data": {**data, "form-name": form}} for n, data in enumerate(submissions, 1)])


def formspree_json(*submissions) -> str:
    return json.dumps({"submissions": [{"_date": "2027-05-01", **data} for data in submissions]})


def as_csv(*submissions) -> str:
    """Both services' CSV: one column a field; ticked boxes joined by commas."""
    names = list(dict.fromkeys(name for data in submissions for name in data))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["created_at", *names])
    writer.writeheader()
    for data in submissions:
        writer.writerow({"created_at": "2027-05-01", **{k: ", ".join(v) if isinstance(v, list) else v
                                                          for k, v in data.items()}})
    return out.getvalue()


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "content" / "events").mkdir(parents=True)
    return tmp_path


def run(project: Path, name: str, text: str):
    export = project / name
    export.write_text(text, encoding="utf-8")
    return import_events(export, project, site_settings(), site_slugify())


@pytest.mark.parametrize(("name", "text"), [
    ("netlify.json", netlify_json(COMPLETE)),
    ("formspree.json", formspree_json(COMPLETE)),
    ("netlify.csv", as_csv(COMPLETE)),
])
def test_complete_submission_becomes_a_clean_draft(project, name, text):
    report = run(project, name, text)
    assert report.ok, report.text()
    assert report.written == ["content/events/co-production-coffee-morning-2027.md"]
    draft = (project / report.written[0]).read_text(encoding="utf-8")
    assert "status: draft\n" in draft
    assert "start: 2027-07-06 10am\nend: 12pm\n" in draft
    assert "access: step-free, bsl\n" in draft
    assert "Sam Jones" not in draft and "192.0.2.1" not in draft  # private
    assert "sent by Sam Jones" in report.text()


def test_incomplete_submission_lists_every_problem_with_its_line(project):
    data = {**COMPLETE, "date-day": "31", "date-month": "2", "end-time": "", "organiser": "", "venue": "",
            "access": ["ramps", "bsl"], "attendance": "online", "joining-link": "", "booking": "not a link"}
    report = run(project, "netlify.json", netlify_json(data))
    assert not report.ok and report.written
    text = "\n".join(report.problems)
    path = report.written[0]
    assert f"{path}, line 2: \"2027-02-31 10am\" is not a day of the calendar" in text
    assert '"ramps" is not an access feature' in text
    assert "names no organiser" in text
    assert "How to fix it:" in text
    assert (project / path).exists()  # written anyway: the sender's words are not lost


def test_hostile_submission_cannot_add_fields_markup_or_links(project):
    attack = "<script>alert(1)</script>\nstatus: scheduled\r\nslug: past\u2028image: /x.svg"
    data = {name: (attack if isinstance(value, str) and name not in ("date-day", "date-month", "date-year") else value)
            for name, value in COMPLETE.items()}
    data.update({"_gotcha": "", "access": [attack, "bsl"],
                 "description": "Hi <img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) **bold** {filename}x"
                                "\n\n<iframe src=https://evil.example></iframe>"})
    report = run(project, "attack.json", netlify_json(data))
    path = project / report.written[0]
    text = path.read_text(encoding="utf-8")
    header, body = text.split("\n\n", 1)
    keys = [line.split(":", 1)[0] for line in header.splitlines()]
    assert len(keys) == len(set(keys)) and keys.count("status") == 1
    assert header.splitlines()[-1] == "status: draft"
    converter = markdown_converter(site_settings()["MARKDOWN"])
    html = converter.convert(text)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html and "<a " not in html
    assert "onerror=alert(1)" in lxml.html.fromstring(f"<div>{html}</div>").text_content()  # shown as typed


def test_hostile_draft_once_published_shows_text_not_markup(tmp_path):
    from tests.site_tools import PROJECT_ROOT, build_real_site

    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    data = {**COMPLETE, "title": "Morning <em>tea</em>", "venue": "Hall\nstatus: cancelled",
            "description": "<script>alert(1)</script> and [a link](javascript:alert(1))"}
    report = import_events(_write(tmp_path / "x.json", netlify_json(data)), tmp_path, site_settings(), site_slugify())
    draft = tmp_path / report.written[0]
    slug = draft.stem
    site = build_real_site(tmp_path / "draft-site", PATH=str(content), SHOW_DRAFTS=False)  # as in production
    assert not (site / "events" / slug).exists()  # a draft is not published
    draft.write_text(draft.read_text(encoding="utf-8").replace("status: draft", "status: scheduled"), encoding="utf-8")
    site = build_real_site(tmp_path / "site", PATH=str(content))
    page = lxml.html.parse(str(site / "events" / slug / "index.html")).getroot()
    main = page.get_element_by_id("main-content")
    assert main.cssselect("h1")[0].text_content() == "Morning <em>tea</em>"
    assert not main.cssselect("script, em, a[href^=javascript]")
    assert "<script>alert(1)</script> and [a link](javascript:alert(1))" in main.text_content()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_spam_and_other_forms_are_not_imported(project):
    report = run(project, "mixed.json", json.dumps([
        {"form_name": "event", "data": {**COMPLETE, "_gotcha": "cheap pills"}},
        {"form_name": "examples", "data": {"name": "Sam", "example": "Ours"}},
        {"form_name": "event", "data": COMPLETE},
    ]))
    assert len(report.written) == 1
    assert any("Submission 1" in line and "anti-spam" in line for line in report.skipped)
    assert any("Submission 2" in line and '"examples" form' in line for line in report.skipped)


def test_nothing_is_overwritten(project):
    existing = project / "content" / "events" / "co-production-coffee-morning-2027.md"
    existing.write_text("an author's own file", encoding="utf-8")
    report = run(project, "two.json", netlify_json(COMPLETE, COMPLETE))
    assert existing.read_text(encoding="utf-8") == "an author's own file"
    assert report.written == ["content/events/co-production-coffee-morning-2027-2.md",
                              "content/events/co-production-coffee-morning-2027-3.md"]


@pytest.mark.parametrize(("name", "text", "words"), [
    ("bad.json", '[{"title": "x",}]', "line 1: this is not valid JSON"),
    ("bad.json", '"just a string"', "expected a list of submissions"),
    ("empty.csv", "", "has no submissions"),
    ("latin1.csv", None, "could not be read as UTF-8"),
])
def test_unreadable_exports_are_explained(tmp_path, name, text, words):
    path = tmp_path / name
    if text is None:
        path.write_bytes("title\nCaf\xe9\n".encode("cp1252"))
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ExportUnreadable, match=words):
        read_export(path)


def test_access_labels_and_joined_values_map_to_feature_slugs():
    draft = make_draft(Submission({**COMPLETE, "access": "British Sign Language (BSL) interpretation; hearing loop"}), site_slugify())
    assert "access: bsl, hearing-loop\n" in draft.text
    every = make_draft(Submission({**COMPLETE, "access": [feature.value for feature in AccessFeature]}), site_slugify())
    assert f"access: {', '.join(feature.value for feature in AccessFeature)}\n" in every.text


def test_one_line_and_literal_markdown():
    assert one_line("a\nb\r\nc\u2028d\x00e\tf") == "a b c d e f"
    assert literal_markdown("# Not a heading\n\n* not a list <b>") == "\\# Not a heading\n\n\\* not a list &lt;b&gt;"
