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


# The editor at /admin/ has its own policy; hosts apply every rule whose path
# matches, joining values of the same header, so no rule covering /admin/ may
# carry the site's policy, and every other path must still get it.
from coproweek.publishing.headers import (  # noqa: E402
    EditorArea,
    editor_content_security_policy,
    editor_htaccess,
    top_level_paths,
)


def policies_for(rules: dict[str, dict[str, str]], path: str) -> list[str]:
    """Content-Security-Policy values a host applies to `path` (Netlify and
    Cloudflare match `*` as any characters, including slashes)."""
    import re

    matching = [headers for rule, headers in rules.items()
                if re.fullmatch(re.escape(rule).replace(r"\*", ".*"), path)]
    return [headers["Content-Security-Policy"] for headers in matching if "Content-Security-Policy" in headers]


def test_with_the_editor_each_path_gets_exactly_one_policy():

    site = security_headers()
    names = ["index.html", "404.html", "blog", "events", "admin", "theme", "_headers", ".htaccess"]
    folders = {"blog", "events", "admin", "theme"}
    editor = EditorArea("/admin/", editor_content_security_policy(), top_level_paths(names, folders, skip="admin"))
    rules = parse_netlify_headers(netlify_headers(site, {}, editor))
    for path in ("/", "/index.html", "/404.html", "/blog/", "/blog/2018/04/post/", "/events/calendar.ics", "/theme/css/main.css"):
        assert policies_for(rules, path) == [site["Content-Security-Policy"]], path
    for path in ("/admin/", "/admin/index.html", "/admin/decap-cms.js"):
        assert policies_for(rules, path) == [editor.policy], path
    assert rules["/admin/*"]["X-Robots-Tag"] == "noindex, nofollow"
    assert "'unsafe-inline'" not in site["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-eval';" in editor.policy and "https://api.github.com" in editor.policy
    assert "'unsafe-inline'" not in editor.policy.split("script-src")[1].split(";")[0]


def test_without_the_editor_the_site_policy_covers_everything_as_before():

    rules = parse_netlify_headers(netlify_headers(security_headers(), {}))
    assert policies_for(rules, "/admin/") == [security_headers()["Content-Security-Policy"]]
    assert list(rules) == ["/*"]


def test_editor_htaccess_replaces_the_policy_for_its_folder_only():
    text = editor_htaccess(editor_content_security_policy(("https://api.github.com", "https://auth.example.org")))
    assert 'Header always set Content-Security-Policy "' in text and "https://auth.example.org" in text
    assert 'X-Robots-Tag "noindex, nofollow"' in text
