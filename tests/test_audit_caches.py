"""The audit's shortcuts change no finding: on the real site and on the
planted fixture, the findings are the same with the sharing of matches and
computed styles between elements and pages (the id()-keyed caches) on and
off, and with the page cache of an earlier build on, cold and warm."""

from __future__ import annotations


import pytest

from coproweek.audit.engine import AuditOptions, Auditor
from coproweek.page_cache import PageCache
from tests.accessibility_fixture.site import build_fixture

pytestmark = pytest.mark.slow


def findings(root, **options) -> list:
    cache = options.pop("cache", None)
    result = Auditor(root, AuditOptions(**options)).run(workers=1, cache=cache)
    return sorted((f.page, f.rule, f.scheme, f.selector, f.message, repr(f.details)) for f in result.findings), result


@pytest.fixture(scope="module")
def fixture_output(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("a11y-caches")) / "output"


@pytest.mark.parametrize("site", ["real site", "planted fixture"])
def test_findings_are_the_same_with_caches_on_and_off(site, built_site, fixture_output, tmp_path):
    root = built_site if site == "real site" else fixture_output
    shared, result = findings(root)
    afresh, _ = findings(root, share_styles=False)
    assert shared == afresh
    cold_cache = PageCache(tmp_path / "pages.pickle", "context")
    cold, _ = findings(root, cache=cold_cache)
    cold_cache.save()
    warm_cache = PageCache(tmp_path / "pages.pickle", "context")
    warm, warm_result = findings(root, cache=warm_cache)
    assert shared == cold == warm
    assert warm_result.reused == len(warm_result.pages) > 0  # the warm run really came from the cache
    if site == "planted fixture":
        assert {rule for _, rule, *_ in shared} >= {"contrast-aa", "alt-missing", "focus-contrast"}


