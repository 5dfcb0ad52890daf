from coproweek.publishing.headers import (
    apache_htaccess, content_security_policy, content_type_for, netlify_headers,
    parse_netlify_headers, security_headers,
)


def test_csp_allows_only_own_resources_and_listed_frames():
    policy = content_security_policy()
    directives = dict(part.split(" ", 1) for part in policy.split("; ") if " " in part)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and "unsafe-inline" not in policy
    assert directives["frame-src"] == "'none'"
    assert "frame-src https://player.vimeo.com" in content_security_policy(["player.vimeo.com"])


def test_calendar_and_feed_types():
    assert content_type_for("events/calendar.ics") == "text/calendar; charset=utf-8"
    assert content_type_for("feeds/all.atom.xml").startswith("application/atom+xml")
    assert content_type_for("index.html") is None


def test_netlify_headers_round_trip():
    text = netlify_headers(security_headers(), {"/events/calendar.ics": "text/calendar; charset=utf-8"})
    rules = parse_netlify_headers(text)
    assert rules["/*"]["X-Content-Type-Options"] == "nosniff"
    assert rules["/*"]["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in rules["/*"]["Permissions-Policy"]
    assert rules["/*"]["Content-Security-Policy"].startswith("default-src 'self'")
    assert rules["/events/calendar.ics"] == {"Content-Type": "text/calendar; charset=utf-8"}


def test_htaccess_declares_calendar_type_and_headers():
    text = apache_htaccess(security_headers())
    assert "AddType text/calendar .ics" in text and "AddCharset utf-8 .ics" in text
    assert 'Header always set X-Content-Type-Options "nosniff"' in text


def directives(policy: str) -> dict[str, str]:
    return dict(part.split(" ", 1) for part in policy.split("; ") if " " in part)


def test_form_action_is_exactly_the_configured_destination():
    from coproweek.forms import form_action_sources, parse_destination

    assert directives(content_security_policy(form_action=form_action_sources(parse_destination("netlify"))))[
        "form-action"] == "'self'"
    endpoint = form_action_sources(parse_destination("https://formspree.io/f/abcd?x=1"))
    assert directives(content_security_policy(form_action=endpoint))["form-action"] == "https://formspree.io"
    assert directives(content_security_policy(form_action=form_action_sources(parse_destination(None))))[
        "form-action"] == "'none'"


def test_extra_sources_add_to_one_directive_only():
    policy = directives(content_security_policy(extra={"script-src": ["'wasm-unsafe-eval'"]}))
    assert policy["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert "wasm" not in " ".join(value for name, value in policy.items() if name != "script-src")


def netlify_match(rule: str, path: str) -> bool:
    """How Netlify and Cloudflare Pages match a `_headers` path rule."""
    return path.startswith(rule[:-1]) if rule.endswith("*") else path == rule


FILES = ["/index.html", "/404.html", "/robots.txt", "/blog/index.html", "/blog/2018/04/post/index.html",
         "/events/index.html", "/events/special/index.html", "/events/special/map.js",
         "/search/index.html", "/search/pagefind/pagefind.js", "/theme/css/main.css"]


def policies_seen(rules, path):
    return [policy for rule, policy in rules if netlify_match(rule, path)]


def test_each_path_gets_exactly_one_policy_and_search_its_own():
    from coproweek.publishing.headers import csp_path_rules, path_policies

    site, search = "SITE", "SEARCH"
    rules = csp_path_rules(FILES, path_policies(site, {"/search/": search}))
    for path in [*FILES, "/", "/blog/", "/blog/2018/04/post/", "/search/", "/events/"]:
        expected = search if path.startswith("/search/") else site
        assert policies_seen(rules, path) == [expected], path
    assert ("/*", site) not in rules  # a /* rule would be joined to the search policy


def test_nested_and_several_overrides():
    from coproweek.publishing.headers import csp_path_rules, path_policies

    rules = csp_path_rules(FILES, path_policies("SITE", {"/search/": "SEARCH", "/events/special/": "SPECIAL"}))
    assert policies_seen(rules, "/events/special/map.js") == ["SPECIAL"]
    assert policies_seen(rules, "/events/index.html") == ["SITE"]
    assert policies_seen(rules, "/events/") == ["SITE"]
    assert policies_seen(rules, "/search/pagefind/pagefind.js") == ["SEARCH"]


def test_without_overrides_one_rule_covers_the_site():
    from coproweek.publishing.headers import csp_path_rules, path_policies

    assert csp_path_rules(FILES, path_policies("SITE", {})) == [("/*", "SITE")]


def test_sub_path_site_and_netlify_file():
    from coproweek.publishing.headers import csp_path_rules, path_policies

    files = ["/week" + path for path in FILES]
    rules = csp_path_rules(files, path_policies("SITE", {"/search/": "SEARCH"}, base="/week"))
    assert policies_seen(rules, "/week/search/index.html") == ["SEARCH"]
    assert policies_seen(rules, "/week/blog/index.html") == ["SITE"]
    parsed = parse_netlify_headers(netlify_headers(security_headers(), {}, rules))
    assert "Content-Security-Policy" not in parsed["/*"]
    assert parsed["/*"]["X-Content-Type-Options"] == "nosniff"
    assert parsed["/week/search/*"]["Content-Security-Policy"] == "SEARCH"


def test_htaccess_gives_a_folder_its_own_policy():
    headers = security_headers()
    text = apache_htaccess(headers, {"/": headers["Content-Security-Policy"], "/search/": "SEARCH"})
    assert '<If "%{REQUEST_URI} =~ m#^/search/#">' in text
    assert 'Header always set Content-Security-Policy "SEARCH"' in text
    assert text.count("<If ") == 1


# The editor at /admin/ has its own whole policy, by the same mechanism:
# hosts apply every rule whose path matches, joining values of the same
# header, so no rule covering /admin/ may carry the site's policy.
def test_with_the_editor_each_path_gets_exactly_one_policy():
    from coproweek.publishing.headers import csp_path_rules, editor_content_security_policy, path_policies

    site = security_headers()["Content-Security-Policy"]
    editor = editor_content_security_policy()
    files = ["/index.html", "/404.html", "/blog/index.html", "/blog/2018/04/post/index.html", "/events/calendar.ics",
             "/admin/index.html", "/admin/decap-cms.js", "/theme/css/main.css"]
    rules = csp_path_rules(files, path_policies(site, {"/admin/": editor}))
    for path in ("/", "/index.html", "/404.html", "/blog/", "/blog/2018/04/post/", "/events/calendar.ics", "/theme/css/main.css"):
        assert policies_seen(rules, path) == [site], path
    for path in ("/admin/", "/admin/index.html", "/admin/decap-cms.js"):
        assert policies_seen(rules, path) == [editor], path
    text = netlify_headers(security_headers(), {}, rules, {"/admin/*": {"X-Robots-Tag": "noindex, nofollow"}})
    assert parse_netlify_headers(text)["/admin/*"]["X-Robots-Tag"] == "noindex, nofollow"
    assert "script-src 'self' 'unsafe-eval';" in editor and "https://api.github.com" in editor
    assert "'unsafe-inline'" not in editor.split("script-src")[1].split(";")[0]


def test_editor_htaccess_replaces_the_policy_for_its_folder_only():
    from coproweek.publishing.headers import editor_content_security_policy, editor_htaccess

    text = editor_htaccess(editor_content_security_policy(("https://api.github.com", "https://auth.example.org")))
    assert 'Header always set Content-Security-Policy "' in text and "https://auth.example.org" in text
    assert 'X-Robots-Tag "noindex, nofollow"' in text
