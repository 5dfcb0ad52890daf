"""The audit finds exactly the problems planted in the fixture site (and none
in its clean controls), and traces each to where an author fixes it."""

import json
import posixpath
from collections import Counter

import pytest

from tests.accessibility_fixture.site import NO_ALT_DESCRIPTION, FixtureBuildFailed, build_fixture

ALT, COLOURS, HOME, LINKS = "alt-text/index.html", "colours/index.html", "index.html", "links/index.html"

PLANTED = Counter({
    (ALT, "alt-missing", "light", "no-alt.jpg"): 1,
    (ALT, "alt-missing", "light", "go.png"): 1,  # input type=image
    (ALT, "alt-missing", "light", "north"): 1,  # area (href /north/)
    (ALT, "alt-missing", "light", ""): 2,  # svg role=img, div role=img
    (ALT, "alt-missing", "light", "chart.svg"): 1,  # object without fallback text
    (ALT, "alt-same-as-text", "light", "report.png"): 1,  # alt repeats the link text
    (ALT, "alt-filename", "light", "camera.jpg"): 1,
    (ALT, "alt-placeholder", "light", "placeholder.jpg"): 1,
    (ALT, "alt-redundant-prefix", "light", "mural.jpg"): 1,
    (ALT, "alt-too-long", "light", "long.jpg"): 1,
    (ALT, "alt-same-as-text", "light", "garden.jpg"): 1,
    (ALT, "alt-duplicate", "light", "workshop-2.jpg"): 1,
    (ALT, "alt-empty-unmarked", "light", "divider.png"): 1,
    (ALT, "alt-empty-in-link", "light", "home-icon.png"): 1,
    # Theme markup: on every page.
    (ALT, "alt-placeholder", "light", "partner-logo.png"): 1,
    (COLOURS, "alt-placeholder", "light", "partner-logo.png"): 1,
    (HOME, "alt-placeholder", "light", "partner-logo.png"): 1,
    (LINKS, "alt-placeholder", "light", "partner-logo.png"): 1,
    # Links among words only; none for the stand-alone links on the same page.
    (LINKS, "link-in-text-block", "light", "the team"): 1,
    (LINKS, "link-in-text-block", "light", "the map"): 1,
    (LINKS, "link-no-name", "light", "/search/"): 1,
    (LINKS, "link-no-name", "light", "/share/"): 1,
    (LINKS, "link-no-name", "light", "/print/"): 1,
    (LINKS, "button-no-name", "light", "button.icon-menu"): 1,
    (LINKS, "button-no-name", "light", "button"): 1,
    (LINKS, "button-no-name", "light", "input.icon-close"): 1,
    (COLOURS, "contrast-aa", "light", "Faint grey words."): 1,
    (COLOURS, "contrast-aa", "light", "Ghostly translucent words."): 1,
    (COLOURS, "contrast-aa", "light", "Pale brand words."): 1,
    (COLOURS, "contrast-aa", "light", "Inline grey words."): 1,
    (COLOURS, "contrast-aa", "dark", "Dark only problem words."): 1,
    (COLOURS, "contrast-aa", "light", "Silver named colour words."): 1,
    (COLOURS, "contrast-aa", "light", "HSL grey words."): 1,
    (COLOURS, "contrast-over-image", "light", "Words over a gradient"): 1,
    (COLOURS, "focus-contrast", "light", "A link whose focus outline is removed"): 1,
    (COLOURS, "contrast-aaa", "light", "Words that pass AA but not AAA."): 1,
    (COLOURS, "contrast-aaa", "light", "A large muted heading"): 1,
    (COLOURS, "contrast-over-image", "light", "Join us for Co-production Week"): 1,
    (COLOURS, "link-in-text-block", "light", "about the week"): 1,
    (COLOURS, "focus-contrast", "light", "A link with a weak focus style"): 1,
    (COLOURS, "control-boundary-contrast", "light", "email"): 1,
})


def _key(finding: dict) -> tuple:
    subject = finding["details"].get("subject", "")
    if finding["rule"].startswith("alt-"):
        subject = posixpath.basename(subject.rstrip("/"))
    return finding["page"], finding["rule"], finding["scheme"], subject


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = build_fixture(tmp_path_factory.mktemp("a11y"))
    report = json.loads((site / "reports" / "audit.json").read_text(encoding="utf-8"))
    return site, report


def test_finds_exactly_the_planted_problems(built):
    _, report = built
    found = Counter(_key(f) for f in report["findings"])
    assert found == PLANTED, (
        f"missed: {sorted((PLANTED - found).elements())}\nunexpected: {sorted((found - PLANTED).elements())}")
    assert report["summary"]["ignored"] == 2  # one alt, one contrast data-audit-ignore


def _one(report, rule, subject_end):
    return next(f for f in report["findings"] if f["rule"] == rule and _key(f)[3].endswith(subject_end))


def test_findings_are_traced_to_markdown_template_and_css(built):
    _, report = built
    missing = _one(report, "alt-missing", "no-alt.jpg")
    assert (missing["sources"][0]["kind"], missing["sources"][0]["file"], missing["sources"][0]["line"]) \
        == ("content", "content/pages/alt-text.md", 6)
    assert missing["suggestion"] == NO_ALT_DESCRIPTION
    logo = _one(report, "alt-placeholder", "partner-logo.png")
    assert (logo["sources"][0]["kind"], logo["sources"][0]["file"], logo["sources"][0]["line"]) \
        == ("template", "theme/templates/base.html", 15)
    faint = _one(report, "contrast-aa", "Faint grey words.")
    assert (faint["sources"][0]["kind"], faint["sources"][0]["file"], faint["sources"][0]["line"]) \
        == ("css", "theme/static/css/fixture.css", 14)
    inline = _one(report, "contrast-aa", "Inline grey words.")
    assert (inline["sources"][0]["file"], inline["sources"][0]["line"]) == ("content/pages/colours.md", 28)
    # Controls with no name: the Markdown line of each, even where two open with the same tag.
    lines = {(f["rule"], f["details"]["subject"]): f["sources"][0]["line"] for f in report["findings"]
             if f["rule"] in ("link-no-name", "button-no-name")}
    assert lines == {("link-no-name", "/search/"): 12, ("link-no-name", "/share/"): 14,
                     ("link-no-name", "/print/"): 16, ("button-no-name", "button.icon-menu"): 18,
                     ("button-no-name", "button"): 20, ("button-no-name", "input.icon-close"): 22}
    assert {f["sources"][0]["file"] for f in report["findings"] if f["rule"].endswith("-no-name")} \
        == {"content/pages/links.md"}
    svg = [f for f in report["findings"] if f["rule"] == "alt-missing" and "svg" in f["selector"]][0]
    assert svg["sources"][0]["file"] == "content/pages/alt-text.md" and svg["sources"][0]["line"] == 30


def test_html_report_is_written_outside_output(built):
    site, _ = built
    assert (site / "reports" / "audit.html").exists()
    assert not list((site / "output").rglob("audit.*"))


def test_production_setting_fails_the_build_on_errors(tmp_path):
    with pytest.raises(FixtureBuildFailed) as failure:
        build_fixture(tmp_path, PLUGINS=["build_problems", "accessibility_audit"], AUDIT_FAIL_ON_ERRORS=True)
    report = str(failure.value)
    assert "accessibility" in report and "content/pages/alt-text.md" in report and "Traceback" not in report


def test_fill_alt_from_metadata_setting(tmp_path):
    site = build_fixture(tmp_path, AUDIT_FILL_ALT_FROM_METADATA=True)
    page = (site / "output" / "alt-text" / "index.html").read_text(encoding="utf-8")
    assert f'alt="{NO_ALT_DESCRIPTION}"' in page
    report = json.loads((site / "reports" / "audit.json").read_text(encoding="utf-8"))
    assert [f["suggestion"] for f in report["findings"] if f["rule"] == "alt-filled-from-metadata"] \
        == [NO_ALT_DESCRIPTION]


def test_a_build_that_does_not_list_the_plugin_is_not_audited(built, tmp_path):
    # Pelican's signals stay connected for the whole process once the plugin loaded.
    site = build_fixture(tmp_path, PLUGINS=[])
    assert not (site / "reports").exists()


def test_a_production_build_with_absolute_links_is_audited_the_same(built, tmp_path):
    # publishconf.py writes https://site/theme/css/… links: they are files in the output.
    site = build_fixture(tmp_path, SITEURL="https://www.example.org", RELATIVE_URLS=False)
    report = json.loads((site / "reports" / "audit.json").read_text(encoding="utf-8"))
    found = Counter((f["page"], f["rule"], f["scheme"]) for f in report["findings"])
    assert found == Counter((page, rule, scheme) for page, rule, scheme, _ in PLANTED.elements())
    missing = _one(report, "alt-missing", "no-alt.jpg")
    assert missing["suggestion"] == NO_ALT_DESCRIPTION
