"""HTTP headers for the static hosts we document: Netlify and Cloudflare Pages
read `_headers`, Apache reads `.htaccess`, GitHub Pages needs `.nojekyll` (it
cannot set headers; its .ics type is already text/calendar). Plain functions."""

from __future__ import annotations

from dataclasses import dataclass

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


def editor_content_security_policy(api_origins=("https://api.github.com",)) -> str:
    """The editor's own policy, for /admin/ only: Decap CMS styles itself with
    inline <style> (emotion), shows uploaded images as blob: and data: URLs,
    draws the preview in a same-origin frame, and talks to the Git host's API
    (`api_origins`). Scripts come only from the site itself (no inline script,
    no other host); 'unsafe-eval' because Decap checks its configuration with
    Ajv, which compiles its checks with `new Function` (measured: without it
    the editor stops at "Error loading the CMS configuration")."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https://avatars.githubusercontent.com",
        "font-src 'self' data:",
        f"connect-src 'self' {' '.join(api_origins)}",
        "media-src 'self' blob:",
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
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


def netlify_headers(headers: dict[str, str], typed_paths: dict[str, str], editor: EditorArea | None = None) -> str:
    """`_headers`: security headers on every path, and a Content-Type for each
    file that needs one, named exactly (wildcards inside a path segment are
    not read the same way by every host).

    With the editor, hosts would join the site's policy and the editor's into
    one header (every matching rule applies), and the stricter would block the
    editor; so the site's policy is given to each of the site's own top-level
    paths instead, and /admin/ gets only its own."""
    lines = ["# Written by the build (plugins/host_config). Netlify and Cloudflare Pages read it.", "/*"]
    policy = "Content-Security-Policy"
    shared = {name: value for name, value in headers.items() if not (editor and name == policy)}
    lines += [f"  {name}: {value}" for name, value in shared.items()]
    if editor:
        for path in editor.site_paths:
            lines += [path, f"  {policy}: {headers[policy]}"]
        lines += [f"{editor.path}*", f"  {policy}: {editor.policy}", "  X-Robots-Tag: noindex, nofollow",
                  "  Cache-Control: no-cache"]
    for path, kind in sorted(typed_paths.items()):
        lines += [path, f"  Content-Type: {kind}"]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class EditorArea:
    """The editor's folder ("/admin/"), its policy, and the site's own paths
    beside it ("/", "/blog/*", "/index.html"...), which keep the site's policy."""

    path: str
    policy: str
    site_paths: tuple[str, ...]


def top_level_paths(names: list[str], folders: set[str], base: str = "", skip: str = "") -> tuple[str, ...]:
    """Header rules covering everything at the top of the built site except
    the `skip` folder: "/" and each file by name, each folder with a wildcard."""
    paths = [f"{base}/"]
    for name in sorted(names):
        if name == skip or name.startswith(".") or name in ("_headers",):
            continue
        paths.append(f"{base}/{name}/*" if name in folders else f"{base}/{name}")
    return tuple(paths)


def editor_htaccess(policy: str) -> str:
    """admin/.htaccess: Apache reads it after the site's, so `set` replaces the
    site's policy for this folder only."""
    return "\n".join([
        "# Written by the build (plugins/host_config): the editor's own policy (Apache).",
        "<IfModule mod_headers.c>",
        f'  Header always set Content-Security-Policy "{policy}"',
        '  Header always set X-Robots-Tag "noindex, nofollow"',
        "</IfModule>",
    ]) + "\n"


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
