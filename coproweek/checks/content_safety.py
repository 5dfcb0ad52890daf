"""What HTML authors may put in Markdown, as a list of what is allowed.

Authors may use HTML (a table, a <details>, a recorded webinar's player), but
what they paste from emails and partner sites must not run code on visitors'
devices, send them elsewhere (<meta http-equiv="refresh">), capture what they
type (<form>), re-base the page's links (<base>) or restyle it (<style>). So
every element and attribute in a piece of rendered HTML (a body, a summary,
any field rendered as Markdown) must be on the lists below; anything else is
reported with a fix. Plain functions; nothing here knows Pelican."""

from __future__ import annotations

import re
from html import escape
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
import tinycss2

# Hosts whose embedded players are allowed in <iframe>, by default: accessible
# video players that authors use for recorded webinars. Settable per site.
DEFAULT_IFRAME_HOSTS = ("www.youtube-nocookie.com", "player.vimeo.com")

# Attributes any allowed element may have (aria-* too: see _allowed_attribute).
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "hidden", "translate"})
_CELL = frozenset({"colspan", "rowspan", "headers", "scope", "abbr", "style"})
# Every element python-markdown (with extra, toc, smarty) writes, and the
# plain text and table markup authors write by hand, with their own attributes.
ALLOWED_ELEMENTS: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in (
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "section", "aside",
        "em", "strong", "b", "i", "u", "s", "small", "mark", "sub", "sup", "code", "kbd", "samp", "var",
        "pre", "ul", "dl", "dt", "dd", "figure", "figcaption", "caption", "thead", "tbody", "tfoot", "tr",
        "summary", "cite", "dfn", "abbr", "address", "wbr", "ruby", "rt", "rp", "bdi", "bdo")},
    "a": frozenset({"href", "rel", "hreflang", "type"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "data": frozenset({"value"}),
    "details": frozenset({"open"}),
    "table": frozenset(),
    "th": _CELL,
    "td": _CELL,
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "iframe": frozenset({"src", "title", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"}),
}
# Attributes that hold a web address, and the schemes each may use (an
# address with no scheme is a link within the site, or {static}/{filename}).
URL_ATTRIBUTES = {"href": ("http", "https", "mailto", "tel"), "src": ("http", "https"),
                  "cite": ("http", "https"), "srcset": ("http", "https")}
# The only inline style python-markdown writes (table column alignment).
ALLOWED_STYLE = {"text-align": {"left", "right", "center", "start", "end", "justify"}}

# Why some elements are refused, in words an author can act on; any other
# element not on the list gets the general message.
_REFUSED_BECAUSE = {
    "script": ("would run code in visitors' browsers", "remove the <script>…</script> part. To embed something, ask the web team."),
    "meta": ("can send visitors to another site or change how the page behaves", "remove the <meta …> tag; to point readers elsewhere, write a link."),
    "base": ("would change where every link on the page goes", "remove the <base …> tag."),
    "form": ("would send what visitors type to another address", "remove the form; link to the booking or sign-up page instead."),
    "style": ("would restyle the whole page", "remove the <style>…</style> part; the site's own styles decide how text looks."),
    "link": ("would load a stylesheet or other file into the page", "remove the <link …> tag; to point readers elsewhere, write a link."),
    "svg": ("can carry code", "save the drawing as a file in content/images/ and add it as an image."),
    "math": ("can carry code", "write the formula in words, or as an image with alt text."),
}
_EMBEDS = {"iframe", "frame", "frameset", "embed", "object", "applet", "portal"}
_FORM_PARTS = {"input", "button", "select", "textarea", "option", "label", "fieldset", "output"}
# The page's own <html>, <head> and <body>: an HTML parser drops a second one,
# but a browser adds its attributes (onload=…) to the page's own, so the
# check looks for them in the text itself.
_DOCUMENT_TAG = re.compile(r"<(html|head|body)(?=[\s/>])", re.IGNORECASE)


@dataclass(frozen=True)
class UnsafeMarkup:
    snippet: str      # what to search for in the source to find the line
    what: str
    fix: str


def _scheme(value: str) -> str:
    # Browsers ignore whitespace and control characters inside the scheme.
    cleaned = "".join(ch for ch in value if ch > " ").lower()
    if cleaned.startswith(("{", "|")):  # Pelican's {static}, {filename}, |filename| links
        return ""
    return urlsplit(cleaned).scheme if ":" in cleaned.split("/", 1)[0] else ""


def _allowed_attribute(tag: str, name: str) -> bool:
    return name in GLOBAL_ATTRIBUTES or name.startswith("aria-") or name in ALLOWED_ELEMENTS[tag]


def style_problem(declarations: str) -> str | None:
    """Why an inline style= is not allowed (it is only for table alignment)."""
    for item in tinycss2.parse_blocks_contents(declarations, skip_whitespace=True, skip_comments=True):
        if item.type != "declaration":
            return "it is not a plain list of styles"
        words = {token.lower_value for token in item.value if token.type == "ident"}
        others = [token for token in item.value if token.type not in ("ident", "whitespace")]
        if item.lower_name not in ALLOWED_STYLE or others or not words <= ALLOWED_STYLE[item.lower_name]:
            return f"'{item.name}' is not a style authors may set"
    return None


def _check_urls(tag: str, name: str, value: str) -> UnsafeMarkup | None:
    allowed = URL_ATTRIBUTES[name]
    addresses = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
    for address in addresses:
        scheme = _scheme(address)
        if tag == "img" and (scheme in ("http", "https") or address.strip().startswith("//")):
            host = urlsplit(address.strip()).hostname or address
            return UnsafeMarkup(address.strip()[:30], f"the image is loaded from another site ({host}): the site's "
                                "security policy blocks it, and it would tell that site who reads the page.",
                                "save the image in content/images/ and write its address as /images/<file name>.")
        if scheme and scheme not in allowed:
            runs = scheme in ("javascript", "vbscript", "data")
            what = (f"a link or source starts with '{scheme}:', which "
                    + ("runs code instead of opening a page." if runs else "is not a kind of address the site publishes."))
            return UnsafeMarkup(f"{scheme}:" if runs else address[:30], what,
                                f"replace it with a normal web address (starting with https://) in the <{tag}> tag.")
    return None


def _element_problems(element, iframe_hosts) -> list[UnsafeMarkup]:
    tag = element.tag.lower()
    if tag not in ALLOWED_ELEMENTS:
        if tag in _REFUSED_BECAUSE:
            why, fix = _REFUSED_BECAUSE[tag]
        elif tag in _EMBEDS:
            why, fix = ("embeds another page or program", "link to it instead, or use an <iframe> from an allowed video player.")
        elif tag in _FORM_PARTS:
            why, fix = ("is part of a form, which pages on this site cannot have",
                        "remove it; link to the booking or sign-up page instead.")
        else:
            why, fix = ("is not on the list of HTML the site allows",
                        "use Markdown for it, or remove the tag; docs/writing-posts.md lists the HTML you can use.")
        return [UnsafeMarkup(f"<{tag}", f"the <{tag}> element {why}.", fix)]
    found = []
    for raw_name, value in element.attrib.items():
        name = raw_name.lower()
        if name.startswith("on"):
            found.append(UnsafeMarkup(f"{name}=", f"the HTML attribute {name}= would run code in visitors' browsers.",
                                      f"remove {name}=\"…\" from the <{tag}> tag."))
        elif not _allowed_attribute(tag, name):
            found.append(UnsafeMarkup(f"{name}=", f"the attribute {name}= is not one a <{tag}> may have on this site.",
                                      f"remove {name}=\"…\" from the <{tag}> tag."))
        elif name == "style" and (why := style_problem(value)):
            found.append(UnsafeMarkup("style=", f"the style=\"{value}\" on a <{tag}>: {why}.",
                                      f"remove style=\"…\" from the <{tag}> tag; the site's own styles decide how text looks."))
        elif name in URL_ATTRIBUTES and (problem := _check_urls(tag, name, value)):
            found.append(problem)
    if tag == "iframe":
        source = element.get("src") or ""
        host = (urlsplit(source).hostname or "").lower()
        if host not in iframe_hosts or urlsplit(source).scheme != "https":
            found.append(UnsafeMarkup("<iframe", f"it embeds <iframe> from '{host or source or 'an unknown place'}', which is not on the list of allowed players.",
                                      "link to the page instead, or ask the web team to allow that host in IFRAME_ALLOWED_HOSTS."))
    return found


def parse_fragment(html: str):
    """A piece of HTML as the children of one <div>, however it starts
    (lxml's fragment helpers refuse text that begins like a whole page)."""
    document = lxml.html.document_fromstring(f"<!DOCTYPE html><html><body><div>{html}</div></body></html>")
    return document.find("body/div")


def find_unsafe_markup(html: str, iframe_hosts=DEFAULT_IFRAME_HOSTS) -> list[UnsafeMarkup]:
    """Every element or attribute in `html` that is not on the allowed lists."""
    if not html or not html.strip():
        return []
    found = [UnsafeMarkup(f"<{match[1]}", f"a <{match[1].lower()}> tag belongs to the page itself, and a browser "
                          "would add its attributes to the whole page.", f"remove the <{match[1]} …> tag.")
             for match in _DOCUMENT_TAG.finditer(html)]
    pending = list(parse_fragment(html))
    while pending:
        element = pending.pop(0)
        if not isinstance(element.tag, str):
            continue  # a comment
        problems = _element_problems(element, iframe_hosts)
        found.extend(problems)
        if element.tag.lower() in ALLOWED_ELEMENTS:  # a refused element is reported once, not its insides
            pending[:0] = list(element)
    return list(dict.fromkeys(found))


def add_noopener(html: str, own_hosts: set[str] = frozenset()) -> str:
    """Links to other sites get rel="noopener", so a page they open cannot
    script ours. (Not "noreferrer": partners like to see visits from the week.)"""
    if "href" not in html:
        return html
    wrapper = parse_fragment(html)
    changed = False
    for link in wrapper.iter("a"):
        host = urlsplit(link.get("href") or "").hostname
        if host and host.lower() not in own_hosts:
            rel = set((link.get("rel") or "").split())
            if "noopener" not in rel:
                link.set("rel", " ".join(sorted(rel | {"noopener"})))
                changed = True
    if not changed:
        return html
    return escape(wrapper.text or "", quote=False) + "".join(lxml.html.tostring(child, encoding="unicode") for child in wrapper)
