"""HTTP headers for the static hosts we document: Netlify and Cloudflare Pages
read `_headers`, Apache reads `.htaccess`, GitHub Pages needs `.nojekyll` (it
cannot set headers; its .ics type is already text/calendar). Plain functions."""

from __future__ import annotations

# Content types that hosts get wrong or serve without a charset. Calendar apps
# (Outlook especially) refuse a feed served as text/plain or octet-stream.
CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".atom.xml": "application/atom+xml; charset=utf-8",
    ".rss.xml": "application/rss+xml; charset=utf-8",
}


# The files hosts read, written beside the pages (plugins/host_config), and what each is.
HOST_FILES = {
    "_headers": "the security headers file for Netlify and Cloudflare Pages",
    ".htaccess": "the security headers file for Apache",
    ".nojekyll": "the file that tells GitHub Pages to publish the site as it is",
}


def content_security_policy(frame_hosts=()) -> str:
    """Only the site's own resources: no script, style, font or image from
    another host, so a page load never contacts another server."""
    frames = " ".join(f"https://{host}" for host in frame_hosts) or "'none'"
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        f"frame-src {frames}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "upgrade-insecure-requests",
    ])


def security_headers(frame_hosts=()) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(frame_hosts),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        "X-Frame-Options": "DENY",
        "Strict-Transport-Security": "max-age=31536000",
    }


def content_type_for(path: str) -> str | None:
    return next((kind for ending, kind in CONTENT_TYPES.items() if path.endswith(ending)), None)


def netlify_headers(headers: dict[str, str], typed_paths: dict[str, str]) -> str:
    """`_headers`: security headers on every path, and a Content-Type for each
    file that needs one, named exactly (wildcards inside a path segment are
    not read the same way by every host)."""
    lines = ["# Written by the build (plugins/host_config). Netlify and Cloudflare Pages read it.", "/*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    for path, kind in sorted(typed_paths.items()):
        lines += [path, f"  Content-Type: {kind}"]
    return "\n".join(lines) + "\n"


def apache_htaccess(headers: dict[str, str]) -> str:
    lines = ["# Written by the build (plugins/host_config). Apache reads it (AllowOverride FileInfo Indexes).",
             "AddType text/calendar .ics", "AddCharset utf-8 .ics .html .css .xml",
             "AddType application/atom+xml .atom.xml", "Options -Indexes",
             "ErrorDocument 404 /404.html", "<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in headers.items()]
    lines.append("</IfModule>")
    return "\n".join(lines) + "\n"


def parse_netlify_headers(text: str) -> dict[str, dict[str, str]]:
    """Read a `_headers` file back (for tests and for serving the built site
    locally with its real headers)."""
    rules: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            current = rules.setdefault(line.strip(), {})
        elif current is not None:
            name, _, value = line.strip().partition(":")
            current[name.strip()] = value.strip()
    return rules
