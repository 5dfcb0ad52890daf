"""Every violation that axe-core (real, in Chromium) reports on the fixture site
for the alt-text, colour and control-name rules is also reported by our audit, on
the same element; and for the rules where our audit claims more than axe could
miss (links in text, controls with no name), every finding of ours is axe's too."""

import json
from pathlib import Path

import pytest

from tests.site_tools import public_html_files
from lxml import html

from tests.accessibility_fixture.site import build_fixture
from tests.browser.site_browser import AXE_SCRIPT
from tests.site_tools import serve_folder
from sitekit.testing import COVERED_BY

# axe rule -> our rules that cover it.
# Our rule -> the axe rules that must report the same element (no false alarms).
MATCHED_BY = {
    "link-in-text-block": {"link-in-text-block"},
    "link-no-name": {"link-name"},
    "button-no-name": {"button-name", "input-button-name"},
}

pytestmark = pytest.mark.browser


def axe_violations(browser, output: Path, pages: list[str], run_only: dict | None = None) -> list[tuple[str, str, str]]:
    """(page, axe rule, target selector) for each violation node."""
    run_only = run_only or {"type": "rule", "values": list(COVERED_BY)}
    found = []
    with serve_folder(output) as base:
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                      else route.abort())
        page = context.new_page()
        try:
            for name in pages:
                page.goto(f"{base}/{name}")
                page.add_script_tag(path=str(AXE_SCRIPT))
                result = page.evaluate("runOnly => axe.run(document, {runOnly})", run_only)
                for violation in result["violations"]:
                    for node in violation["nodes"]:
                        found.append((name, violation["id"], node["target"][-1]))
        finally:
            context.close()
    return found


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("axe"))


def test_every_axe_violation_is_reported_by_the_audit(chromium, fixture_site):
    output = fixture_site / "output"
    report = json.loads((fixture_site / "reports" / "audit.json").read_text(encoding="utf-8"))
    pages = [p.relative_to(output).as_posix() for p in public_html_files(output)]
    violations = axe_violations(chromium, output, pages)
    assert {rule for _, rule, _ in violations} >= {"image-alt", "color-contrast", "link-in-text-block",
                                                   "svg-img-alt", "role-img-alt", "input-image-alt",
                                                   "area-alt", "link-name", "button-name",
                                                   "input-button-name"}, violations

    missed = []
    for page, axe_rule, target in violations:
        doc = html.parse(str(output / page))
        [element] = doc.getroot().cssselect(target)
        ignore = (element.get("data-audit-ignore") or "").split()
        if set(ignore) & COVERED_BY[axe_rule]:
            continue  # the author told our audit to accept this one
        ours = [f for f in report["findings"] if f["page"] == page and f["scheme"] == "light"
                and f["rule"] in COVERED_BY[axe_rule]]
        # On the control itself, or (alt rules) on the image that is its only content.
        if not any(found[0] is element or found[0] in element.iterdescendants()
                   for found in (doc.getroot().cssselect(f["selector"]) for f in ours) if len(found) == 1):
            missed.append((page, axe_rule, target))
    assert missed == [], f"axe reports these, our audit does not: {missed}"


def test_links_in_text_and_unnamed_controls_are_reported_only_where_axe_reports_them(chromium, fixture_site):
    """The stand-alone links of links.md (tag rows, "Read more", a block link around a
    heading, lists, navigation) and its named icon controls must draw no finding."""
    output = fixture_site / "output"
    report = json.loads((fixture_site / "reports" / "audit.json").read_text(encoding="utf-8"))
    ours = [f for f in report["findings"] if f["rule"] in MATCHED_BY and f["scheme"] == "light"]
    pages = sorted({f["page"] for f in ours})
    assert "links/index.html" in pages and len(ours) >= 8
    axe_rules = sorted(set().union(*MATCHED_BY.values()))
    violations = axe_violations(chromium, output, pages, {"type": "rule", "values": axe_rules})
    extra = []
    for finding in ours:
        doc = html.parse(str(output / finding["page"]))
        [element] = doc.getroot().cssselect(finding["selector"])
        if not any(page == finding["page"] and rule in MATCHED_BY[finding["rule"]]
                   and doc.getroot().cssselect(target) == [element] for page, rule, target in violations):
            extra.append((finding["page"], finding["rule"], finding["selector"]))
    assert extra == [], f"our audit reports these, axe does not: {extra}"


def test_the_html_report_itself_passes_axe(chromium, fixture_site):
    reports = fixture_site / "reports"
    violations = axe_violations(chromium, reports, ["audit.html"], {
        "type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]})
    assert violations == []


def test_the_html_report_reflows_at_320px_with_each_table_scrolling_in_its_own_region(chromium, fixture_site):
    """At 320 CSS px (400% zoom of 1280) the page itself never scrolls sideways:
    a table too wide for it scrolls inside a named region a keyboard can reach."""
    with serve_folder(fixture_site / "reports") as base:
        page = chromium.new_page(viewport={"width": 320, "height": 800})
        try:
            page.goto(f"{base}/audit.html")
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            regions = page.evaluate("""[...document.querySelectorAll('table')].map(table => {
                const region = table.closest('[role=region]');
                return region && [region.tabIndex, document.getElementById(
                    region.getAttribute('aria-labelledby')).textContent.trim()];
            })""")
            assert regions == [[0, "Number of findings by rule"], [0, "Pages, most new errors first"]]
            assert page.evaluate("""[...document.querySelectorAll('[role=region]')]
                .some(region => region.scrollWidth > region.clientWidth)"""), "no table was wider than the phone"
        finally:
            page.close()
