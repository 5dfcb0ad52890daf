"""Search in Chromium, served with the site's own `_headers` applied the way
Netlify applies them (every matching rule; repeated headers joined), so the
page runs under its real Content-Security-Policy: WebAssembly is allowed on
/search/ and nowhere else."""

from __future__ import annotations

import re
import shutil
from urllib.parse import urlsplit

import lxml.html
import pytest

from coproweek.publishing.headers import parse_netlify_headers
from coproweek.search import build_index, pages_to_read
from tests.site_tools import serve_folder
from tests.browser.site_browser import CHROMIUM_ARGS, axe_violations, describe_violations, report  # noqa: F401

pytestmark = pytest.mark.browser
SEARCH = "/search/"


def netlify_headers_for(rules: dict, path: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for rule, values in rules.items():
        if path.startswith(rule[:-1]) if rule.endswith("*") else path == rule:
            for name, value in values.items():
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def serving_as_netlify(chromium, base_url: str, site):
    """Open pages of `site` (served at `base_url`) in a browser context that
    applies its `_headers` as Netlify would; `open_page(path_for_headers=...)`
    can serve a page under another path's headers. A generator: it closes
    the contexts when it ends."""
    rules = parse_netlify_headers((site / "_headers").read_text(encoding="utf-8"))
    contexts = []

    def open_page(path: str, *, color_scheme: str = "light", headers_of: str | None = None,
                  worker_headers_of: str | None = None, javascript: bool = True):
        context = chromium.new_context(java_script_enabled=javascript, color_scheme=color_scheme)
        contexts.append(context)
        violations: list[str] = []

        def serve(route):
            url = urlsplit(route.request.url)
            if url.hostname != "127.0.0.1":
                return route.abort("blockedbyclient")
            response = route.fetch()
            served_as = url.path
            if headers_of and url.path == path:
                served_as = headers_of
            elif worker_headers_of and url.path.startswith("/pagefind/"):
                served_as = worker_headers_of
            extra = netlify_headers_for(rules, served_as)
            route.fulfill(response=response, headers={**response.headers, **extra})

        context.route("**/*", serve)
        page = context.new_page()
        for event in ("console", "pageerror"):
            page.on(event, lambda message: violations.append(str(getattr(message, "text", message)))
                    if "Content Security Policy" in str(getattr(message, "text", message)) else None)
        page.csp_messages = violations
        page.goto(base_url + path, wait_until="load")
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def host(chromium, site_server, built_site):
    yield from serving_as_netlify(chromium, site_server, built_site)


def search_for(page, text: str) -> str:
    page.wait_for_selector("#search:not([hidden])")
    page.fill("#search-input", text)
    return wait_for_status(page)


def wait_for_status(page, previous: str = "") -> str:
    page.wait_for_function("([previous]) => { const t = document.getElementById('search-status').textContent;"
                           " return t && t !== previous; }", arg=[previous])
    return page.locator("#search-status").inner_text()


def result_titles(page) -> list[str]:
    return page.locator(".search-results__title a").all_inner_texts()


def event_titles_with(built_site, feature_label: str) -> set[str]:
    titles = set()
    for page in (built_site / "events").glob("*/index.html"):
        root = lxml.html.parse(str(page)).getroot()
        if any(item.text_content().strip() == feature_label for item in root.cssselect(".access-list__item")):
            titles.add(root.cssselect("h1")[0].text_content().strip())
    return titles


def test_sign_language_finds_the_events_with_bsl(host, built_site):
    page = host(SEARCH)
    status = search_for(page, "sign language")
    bsl_events = event_titles_with(built_site, "British Sign Language (BSL) interpretation")
    assert len(bsl_events) >= 2
    assert bsl_events <= set(result_titles(page)), status
    assert re.match(r"\d+ results? for “sign language”\.", status)
    assert page.locator(".search-results__excerpt mark").count() >= 1
    assert not page.csp_messages


def test_filtering_by_an_access_feature_narrows_the_list(host, built_site):
    page = host(SEARCH)
    status = search_for(page, "co-production")
    before = result_titles(page)
    loop = page.get_by_label(re.compile(r"^Hearing loop \(\d+\)$"))
    loop.check()
    narrowed_status = wait_for_status(page, status)
    after = result_titles(page)
    assert 0 < len(after) < len(before), (status, narrowed_status)
    assert set(after) <= event_titles_with(built_site, "Hearing loop")
    assert "with 1 filter" in narrowed_status
    page.get_by_label(re.compile(r"^Online \(\d+\)$")).check()  # and how to take part, together
    both = wait_for_status(page, narrowed_status)
    assert len(result_titles(page)) <= len(after) and "with 2 filters" in both


def type_filter_counts(page) -> dict[str, int]:
    labels = page.locator("#search-filters fieldset").first.locator("label").all_inner_texts()
    return {match[1]: int(match[2]) for match in (re.fullmatch(r"(.+) \((\d+)\)", text) for text in labels)}


def test_filter_counts_follow_the_results_shown(host):
    page = host(SEARCH)
    page.wait_for_selector("#search-filters fieldset")
    everything = type_filter_counts(page)
    search_for(page, "sign language")
    shown = page.locator(".search-results__type").all_inner_texts()
    counts = type_filter_counts(page)
    # Each type's count is how many of these results are of that type, not of the whole site.
    assert counts == {kind: shown.count(kind) for kind in everything}, (counts, shown)
    assert sum(counts.values()) == len(shown) < sum(everything.values())
    # An empty box shows the whole site's counts again.
    page.fill("#search-input", "")
    page.wait_for_function("() => !document.getElementById('search-status').textContent")
    page.wait_for_timeout(400)  # the search waits for typing to pause
    assert type_filter_counts(page) == everything


def test_on_a_phone_the_filters_fold_away_so_results_show_under_the_box(host):
    page = host(SEARCH)
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    search_for(page, "sign language")
    panel = page.locator("#search-filters-panel")
    assert panel.evaluate("details => details.open") is False
    assert page.get_by_label(re.compile(r"^Event \(\d+\)$")).is_hidden()
    first_result = page.locator(".search-results__title a").first.bounding_box()
    assert first_result["y"] + first_result["height"] < 640 * 2, first_result  # not under every filter
    # Opening it (by keyboard) shows the filters, which still work.
    page.locator("#search-filters-panel > summary").focus()
    page.keyboard.press("Enter")
    unfiltered = page.locator("#search-status").inner_text()
    page.get_by_label(re.compile(r"^Event \(\d+\)$")).check()
    assert "with 1 filter" in wait_for_status(page, unfiltered)
    # On a wide screen they are open beside the results.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    page.wait_for_selector("#search-filters fieldset")
    assert panel.evaluate("details => details.open") is True


def test_filters_cover_type_access_attendance_and_organiser(host):
    page = host(SEARCH)
    page.wait_for_selector("#search-filters fieldset")
    legends = page.locator("#search-filters legend").all_inner_texts()
    assert legends == ["Type of content", "Access", "How to take part", "Organiser"]
    types = page.locator("#search-filters fieldset").first.locator("label").all_inner_texts()
    assert {re.sub(r" \(\d+\)$", "", text) for text in types} == {"Blog post", "Campaign week", "Event", "Page"}


def test_result_count_is_announced_politely_once_typing_pauses(host):
    page = host(SEARCH)
    page.wait_for_selector("#search:not([hidden])")
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    page.evaluate("""() => { window.statusChanges = 0;
        new MutationObserver(() => window.statusChanges++).observe(
            document.getElementById('search-status'), {childList: true, characterData: true, subtree: true}); }""")
    page.locator("#search-input").press_sequentially("online", delay=60)
    wait_for_status(page)
    page.wait_for_timeout(600)
    assert page.evaluate("window.statusChanges") == 1


def test_search_by_keyboard_alone(host):
    page = host(SEARCH)
    page.wait_for_selector("#search-filters fieldset")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-input":
            break
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("festival")
    page.keyboard.press("Enter")
    first = wait_for_status(page)
    page.keyboard.press("Tab")  # the filters' fold, open on a wide screen
    assert page.evaluate("document.activeElement.textContent") == "Filter the results"
    page.keyboard.press("Tab")  # into the filters
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    wait_for_status(page, first)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.search-results') !== null"):
            break
    assert page.evaluate("document.activeElement.tagName") == "A"


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_search_page_with_results_has_no_axe_violations(host, color_scheme):
    page = host(SEARCH, color_scheme=color_scheme)
    search_for(page, "sign language")
    problems = describe_violations(f"{SEARCH} (results, {color_scheme})", axe_violations(page))
    assert not problems, report(f"axe violations on the search page, {color_scheme}", problems)


def test_webassembly_is_allowed_on_the_search_page_only(host, built_site):
    rules = parse_netlify_headers((built_site / "_headers").read_text(encoding="utf-8"))
    assert "'wasm-unsafe-eval'" in netlify_headers_for(rules, SEARCH)["Content-Security-Policy"]
    for path in ("/", "/blog/", "/events/", "/tell-us-about-your-event/", "/events/co-production-festival-2018/"):
        policy = netlify_headers_for(rules, path)["Content-Security-Policy"]
        assert "wasm" not in policy and "," not in policy, path  # one policy, not two joined
    # Pagefind runs its WebAssembly in a worker, whose policy is its script's own.
    assert "'wasm-unsafe-eval'" in netlify_headers_for(rules, "/pagefind/pagefind-worker.js")["Content-Security-Policy"]
    pages = {"/" + p.relative_to(built_site).as_posix().removesuffix("index.html") for p in built_site.rglob("*.html")}
    assert [path for path in pages if "wasm" in netlify_headers_for(rules, path)["Content-Security-Policy"]] == [SEARCH]
    # The search, served under the rest of the site's policy, is refused.
    page = host(SEARCH, headers_of="/blog/", worker_headers_of="/blog/")
    page.wait_for_timeout(2000)
    assert any("WebAssembly" in message for message in page.csp_messages)
    assert page.locator("#search").is_hidden() and page.locator("#search-no-js").is_visible()


def test_without_javascript_the_page_links_to_event_filter_pages(host, built_site):
    page = host(SEARCH, javascript=False)
    message = page.locator("#search-no-js")
    assert message.is_visible() and "Search needs JavaScript" in message.inner_text()
    links = message.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any("/events/access/bsl/" in href for href in hrefs)
    for href in hrefs:
        assert (built_site / SEARCH.strip("/") / href / "index.html").resolve().is_file(), href
    assert page.locator("#search").is_hidden()


# A large site is indexed in parts, merged into one index
# (coproweek/pagefind_files.py). The project's site is one part; the same
# site indexed in parts must search exactly as Pagefind's own index does.

@pytest.fixture(scope="module")
def split_host(chromium, built_site, tmp_path_factory):
    site = tmp_path_factory.mktemp("index-in-parts") / "site"
    shutil.copytree(built_site, site, symlinks=True)
    shutil.rmtree(site / "pagefind")
    built = build_index(site, budget=sum(pages_to_read(site).values()) // 4)
    assert built.parts >= 3
    with serve_folder(site) as base_url:
        yield from serving_as_netlify(chromium, base_url, site)


def everything_shown(page) -> tuple[str, set[tuple[str, str, str]], dict[str, int]]:
    titles = page.locator(".search-results__title a")
    excerpts = page.locator(".search-results__excerpt")
    shown = {(titles.nth(n).inner_text(), titles.nth(n).get_attribute("href"), excerpts.nth(n).inner_html())
             for n in range(titles.count())}
    return page.locator("#search-status").inner_text(), shown, type_filter_counts(page)


@pytest.mark.parametrize("words", ["sign language", "co-production", "carers", "online training", "festival",
                                   "Event filter only"])
def test_an_index_made_in_parts_finds_what_pagefinds_own_finds(host, split_host, built_site, words):
    shown = []
    for open_page in (host, split_host):
        page = open_page(SEARCH)
        page.wait_for_selector("#search-filters fieldset")
        if words == "Event filter only":
            page.get_by_label(re.compile(r"^Event \(\d+\)$")).check()
            wait_for_status(page)
        else:
            search_for(page, words)
        shown.append(everything_shown(page))
        assert not page.csp_messages
    (one_status, one_shown, one_counts), (split_status, split_shown, split_counts) = shown
    assert re.match(r"[1-9]\d* results?", one_status)
    assert (split_status, split_counts) == (one_status, one_counts)
    if int(one_status.split()[0]) <= 30:  # all shown: the same pages, links and excerpts
        assert split_shown == one_shown
    for _title, href, _excerpt in split_shown:
        assert (built_site / urlsplit(href).path.strip("/") / "index.html").is_file(), href


def test_an_index_made_in_parts_shows_the_whole_sites_filter_counts(host, split_host):
    counts = []
    for open_page in (host, split_host):
        page = open_page(SEARCH)
        page.wait_for_selector("#search-filters fieldset")
        counts.append(page.locator("#search-filters label").all_inner_texts())
    assert counts[0] == counts[1]
