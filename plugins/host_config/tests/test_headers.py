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
