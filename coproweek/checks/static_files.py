"""Files published as they are from the content folder's static folders
(content/images/, content/extra/) must not carry code: a drawing is checked
(svg.py), an HTML file may use only the HTML a post may (content_safety),
and files that exist to run code are refused. Plain functions; nothing here
knows Pelican."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

import lxml.html

from .content_safety import DEFAULT_IFRAME_HOSTS, find_unsafe_markup
from .svg import svg_problems

# Programs, and documents that can hold or fetch programs, that no author
# file needs to publish (a script here would pass the site's own policy,
# which trusts scripts from the site itself).
CODE_EXTENSIONS = frozenset({
    ".js", ".mjs", ".cjs", ".wasm", ".swf", ".jar", ".class", ".php", ".phtml", ".asp", ".aspx", ".jsp",
    ".cgi", ".pl", ".py", ".sh", ".xml", ".xsl", ".xslt", ".xhtml", ".xht", ".shtml", ".svgz", ".hta",
    ".htaccess", ".htpasswd",
})
_HTML = (".html", ".htm")
_HEAD_ELEMENTS = {"title", "meta"}


@dataclass(frozen=True)
class StaticProblem:
    line: int | None
    what: str
    fix: str


def _html_problems(text: str, iframe_hosts) -> list[StaticProblem]:
    """A whole HTML file: its <head> may hold a title and plain <meta> tags,
    its <body> the HTML a post may."""
    document = lxml.html.document_fromstring(text or "<p></p>")
    found = []
    head = document.find("head")
    for element in head if head is not None else ():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in _HEAD_ELEMENTS or element.get("http-equiv"):
            found.append(StaticProblem(element.sourceline, f"the <{element.tag}> in its head is not allowed in a "
                                       "published file.", f"remove the <{element.tag}> tag."))
    body = document.find("body")
    if body is not None:
        inner = (body.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in body)
        attributes = [name for name in body.attrib if name.lower().startswith("on")]
        found += [StaticProblem(body.sourceline, f"the attribute {name}= on its <body> runs code.",
                                f"remove {name}=\"…\".") for name in attributes]
        lines = text.splitlines()
        for unsafe in find_unsafe_markup(inner, iframe_hosts):
            line = next((n for n, text_line in enumerate(lines, start=1) if unsafe.snippet.lower() in text_line.lower()), None)
            found.append(StaticProblem(line, unsafe.what, unsafe.fix))
    return found


def static_file_problems(relpath: str, data: bytes, iframe_hosts=DEFAULT_IFRAME_HOSTS) -> list[StaticProblem]:
    """Why the static file at `relpath` (inside content/) cannot be published as it is."""
    extension = posixpath.splitext(relpath.lower())[1] or posixpath.basename(relpath.lower())
    if extension == ".svg":
        return [StaticProblem(p.line, p.what, p.fix) for p in svg_problems(data)]
    if extension in _HTML:
        return _html_problems(data.decode("utf-8", errors="replace"), iframe_hosts)
    if extension in CODE_EXTENSIONS:
        return [StaticProblem(None, f"a '{extension}' file can run code in visitors' browsers or on the server, "
                              "so the site does not publish it from the content folder.",
                              "remove the file. To share data, use a .csv, .txt or .pdf file; to add a feature, "
                              "ask the web team.")]
    return []
