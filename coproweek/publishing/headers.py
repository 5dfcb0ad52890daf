"""HTTP headers for the static hosts we document: Netlify and Cloudflare Pages
read `_headers`, Apache reads `.htaccess`, GitHub Pages needs `.nojekyll` (it
cannot set headers; its .ics type is already text/calendar). Plain functions."""

from __future__ import annotations

import re

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


def content_security_policy(frame_hosts=(), form_action: str = "'self'", extra: dict | None = None) -> str:
    """Only the site's own resources: no script, style, font or image from
    another host, so a page load never contacts another server. Forms post
    only to `form_action` (see site_forms.destination). `extra` adds sources
    to directives, for the paths that need more (see CSP_PATH_SOURCES)."""
    frames = " ".join(f"https://{host}" for host in frame_hosts) or "'none'"
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "media-src": "'self'",
        "frame-src": frames,
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": form_action,
        "frame-ancestors": "'none'",
    }
    for name, sources in (extra or {}).items():
        directives[name] = " ".join(dict.fromkeys([*directives.get(name, "").split(), *sources]))
    return "; ".join([*(f"{name} {value}" for name, value in directives.items()), "upgrade-insecure-requests"])



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
        # blob: Decap reads back the images it shows (measured: the event form).
        f"connect-src 'self' blob: {' '.join(api_origins)}",
        "media-src 'self' blob:",
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "upgrade-insecure-requests",
    ])


def security_headers(frame_hosts=(), form_action: str = "'self'") -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(frame_hosts, form_action),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        "X-Frame-Options": "DENY",
        "Strict-Transport-Security": "max-age=31536000",
    }



def content_type_for(path: str) -> str | None:
    return next((kind for ending, kind in CONTENT_TYPES.items() if path.endswith(ending)), None)


def path_policies(base_policy: str, overrides: dict[str, str], base: str = "") -> dict[str, str]:
    """{URL path prefix: policy}: the site-wide policy at base + "/", and each
    override (keys like "/search/") under `base` (a SITEURL sub-path)."""
    return {f"{base}/": base_policy} | {base + path: policy for path, policy in overrides.items()}


def csp_path_rules(files: list[str], policies: dict[str, str]) -> list[tuple[str, str]]:
    """Netlify/Cloudflare `_headers` rules giving each file exactly one policy.

    Those hosts apply every rule that matches a path and join repeated headers
    with commas, which browsers read as several policies that must all pass:
    a looser /search/* rule under a /* rule would change nothing. So when some
    folders have their own policy, the rest of the site is covered folder by
    folder beside them instead of by /*. `files` are URL paths of the output
    files ("/blog/index.html"); `policies` come from path_policies."""
    prefixes = sorted(policies, key=len)
    root = prefixes[0]

    def policy_for(path: str) -> str:
        return policies[max((prefix for prefix in prefixes if path.startswith(prefix)), key=len)]

    def cover(folder: str) -> list[tuple[str, str]]:
        if not any(prefix.startswith(folder) and prefix != folder for prefix in prefixes):
            return [(folder + "*", policy_for(folder))]
        rules, children = [], set()
        for path in files:
            if path.startswith(folder):
                rest = path[len(folder):]
                children.add(folder + rest.split("/", 1)[0] + ("/" if "/" in rest else ""))
        for child in sorted(children):
            if child.endswith("/"):
                rules += cover(child)
            else:
                rules.append((child, policy_for(child)))
                if child.endswith("/index.html"):
                    rules.append((child.removesuffix("index.html"), policy_for(child)))
        return rules

    return cover(root)


def netlify_headers(headers: dict[str, str], typed_paths: dict[str, str],
                    csp_rules: list[tuple[str, str]] | None = None,
                    path_headers: dict[str, dict[str, str]] | None = None) -> str:
    """`_headers`: security headers on every path, and a Content-Type for each
    file that needs one, named exactly (wildcards inside a path segment are
    not read the same way by every host). With `csp_rules` (csp_path_rules),
    the Content-Security-Policy is given path by path instead of on /*;
    `path_headers` adds other headers to some paths ({"/admin/*": {...}})."""
    lines = ["# Written by the build (plugins/host_config). Netlify and Cloudflare Pages read it.", "/*"]
    shared = {name: value for name, value in headers.items() if not (csp_rules and name == "Content-Security-Policy")}
    lines += [f"  {name}: {value}" for name, value in shared.items()]
    for path, policy in csp_rules or ():
        lines += [path, f"  Content-Security-Policy: {policy}"]
    for path, extra in (path_headers or {}).items():
        lines += [path] + [f"  {name}: {value}" for name, value in extra.items()]
    for path, kind in sorted(typed_paths.items()):
        lines += [path, f"  Content-Type: {kind}"]
    return "\n".join(lines) + "\n"


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


def apache_htaccess(headers: dict[str, str], policies: dict[str, str] | None = None) -> str:
    lines = ["# Written by the build (plugins/host_config). Apache reads it (AllowOverride FileInfo Indexes).",
             "AddType text/calendar .ics", "AddCharset utf-8 .ics .html .css .xml",
             "AddType application/atom+xml .atom.xml", "Options -Indexes",
             "ErrorDocument 404 /404.html", "<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in headers.items()]
    # <If> sections apply after the rest, so a folder's own policy replaces the site's.
    for prefix, policy in sorted((policies or {}).items()):
        if policy != headers.get("Content-Security-Policy"):
            lines += [f'  <If "%{{REQUEST_URI}} =~ m#^{re.escape(prefix)}#">',
                      f'    Header always set Content-Security-Policy "{policy}"', "  </If>"]
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
