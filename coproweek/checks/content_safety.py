"""What raw HTML authors may put in Markdown. Authors may use HTML (a table, a
<details>), but what they paste from emails and partner sites must not run
code on our visitors' devices or load other sites. Plain functions over the
rendered HTML of one piece of content; nothing here knows Pelican."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html

# Hosts whose embedded players are allowed in <iframe>, by default: accessible
# video players that authors use for recorded webinars. Settable per site.
DEFAULT_IFRAME_HOSTS = ("www.youtube-nocookie.com", "player.vimeo.com")
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")


@dataclass(frozen=True)
class UnsafeMarkup:
    snippet: str      # what to search for in the source to find the line
    what: str
    fix: str


def _is_script_url(value: str) -> bool:
    # Browsers ignore whitespace and control characters inside the scheme.
    cleaned = "".join(ch for ch in value if ch > " ").lower()
    return cleaned.startswith(("javascript:", "vbscript:", "data:text/html"))


def find_unsafe_markup(html: str, iframe_hosts=DEFAULT_IFRAME_HOSTS) -> list[UnsafeMarkup]:
    if not html or not html.strip():
        return []
    found = []
    for element in lxml.html.fragments_fromstring(f"<div>{html}</div>")[0].iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script":
            found.append(UnsafeMarkup("<script", "it contains a <script> element, which would run code in visitors' browsers.",
                                      "remove the <script>…</script> part. To embed something, ask the web team."))
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(UnsafeMarkup(f"{name}=", f"the HTML attribute {name}= would run code in visitors' browsers.",
                                          f"remove {name}=\"…\" from the <{tag}> tag."))
            elif name in _URL_ATTRIBUTES and _is_script_url(value):
                found.append(UnsafeMarkup("javascript:" if "javascript" in value.lower() else value[:20],
                                          f"a link or source starts with '{value.split(':')[0]}:', which runs code instead of opening a page.",
                                          "replace it with a normal web address (starting with https://)."))
        if tag in ("iframe", "frame", "embed", "object"):
            source = element.get("src") or element.get("data") or ""
            host = (urlsplit(source).hostname or "").lower()
            if tag != "iframe" or host not in iframe_hosts:
                found.append(UnsafeMarkup(f"<{tag}", f"it embeds <{tag}> from '{host or source or 'an unknown place'}', which is not on the list of allowed players.",
                                          "link to the page instead, or ask the web team to allow that host in IFRAME_ALLOWED_HOSTS."))
    return found


def add_noopener(html: str, own_hosts: set[str] = frozenset()) -> str:
    """Links to other sites get rel="noopener", so a page they open cannot
    script ours. (Not "noreferrer": partners like to see visits from the week.)"""
    if "href" not in html:
        return html
    fragments = lxml.html.fragments_fromstring(html)
    changed = False
    for fragment in fragments:
        if isinstance(fragment, str):
            continue
        for link in fragment.iter("a"):
            host = urlsplit(link.get("href") or "").hostname
            if host and host.lower() not in own_hosts:
                rel = set((link.get("rel") or "").split())
                if "noopener" not in rel:
                    link.set("rel", " ".join(sorted(rel | {"noopener"})))
                    changed = True
    if not changed:
        return html
    return "".join(f if isinstance(f, str) else lxml.html.tostring(f, encoding="unicode") for f in fragments)
