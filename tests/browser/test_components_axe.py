"""axe-core's WCAG A and AA rules on one page holding every named example of
every theme component (sitekit.components.examples_page), in both colour
schemes: a component is accessible on its own, not only where a page uses it."""

import shutil

import pytest

from sitekit.components import examples, examples_page
from tests.browser.site_browser import SiteBrowser, axe_violations, describe_violations, report
from tests.site_tools import serve_folder

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def components_browser(chromium, built_site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("components")
    shutil.copytree(built_site / "theme", folder / "theme")  # the site's style sheets
    (folder / "components.html").write_text(examples_page(), encoding="utf-8")
    with serve_folder(folder) as url:
        browser = SiteBrowser(chromium, url)
        yield browser
        browser.close()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_component_example_has_no_axe_violations(components_browser, color_scheme):
    page = components_browser.visit("/components.html", color_scheme=color_scheme)
    headings = page.locator("main > section > h2[id^=example-]").count()
    assert headings == len(examples()), "every example is on the page"
    problems = describe_violations("/components.html", axe_violations(page))
    assert not problems, report(f"axe violations in component examples, {color_scheme} colour scheme", problems)
