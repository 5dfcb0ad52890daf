"""SVG drawings that are safe to publish. An SVG is a document of its own: its
<script>, on*= handlers, <foreignObject> HTML, javascript: links and
animations that rewrite links run when it is opened directly or served
without the site's headers (as `invoke serve` does), and external references
make a visitor's browser contact other sites. A drawing may use only the
elements below, links that stay inside the drawing (or open an ordinary web
page), and CSS without imports or outside addresses; anything else is
reported with its line. Plain functions; nothing here knows Pelican."""

from __future__ import annotations

import re
from dataclasses import dataclass

import tinycss2
from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
XHTML = "http://www.w3.org/1999/xhtml"

# What drawing programs write for shapes, text, paint and filters.
ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "switch", "a", "view",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image",
    "text", "tspan", "textPath", "clipPath", "mask", "pattern", "marker",
    "linearGradient", "radialGradient", "stop", "style", "filter",
    "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
    "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood",
    "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode",
    "feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile",
    "feTurbulence",
})
_REFUSED_BECAUSE = {
    "script": "runs code",
    "foreignObject": "can hold an HTML page, with code, inside the drawing",
    "set": "can change a link into code while the drawing plays",
    "animate": "can change a link into code while the drawing plays",
    "animateTransform": "is an animation, which the site does not publish",
    "animateMotion": "is an animation, which the site does not publish",
    "feImage": "loads another file into the drawing",
    "iframe": "embeds another page", "embed": "embeds another page", "object": "embeds another page",
    "handler": "runs code", "listener": "runs code",
}
# Links inside the drawing (#id); pictures drawn into it may be data: images.
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);", re.IGNORECASE)
_URL_VALUE = re.compile(r"url\(\s*(['\"]?)(?P<url>[^'\")]*)\1\s*\)", re.IGNORECASE)
_CSS_CODE = ("expression(", "-moz-binding", "behavior:", "behaviour:", "javascript:")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=False)


@dataclass(frozen=True)
class SvgProblem:
    line: int | None
    what: str
    fix: str = "remove it in a drawing program, or export the drawing again as a plain SVG or a PNG."


def _inside(address: str) -> bool:
    return address.strip().startswith("#")


def _scheme(address: str) -> str:
    cleaned = "".join(ch for ch in address if ch > " ").lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned.split("/", 1)[0] else ""


def _link_problem(tag: str, address: str) -> str | None:
    """Why an href in the drawing is not allowed, or None."""
    if _inside(address):
        return None
    if tag == "a" and _scheme(address) in ("http", "https", "mailto"):
        return None
    if tag == "image" and _DATA_IMAGE.match(address.strip()):
        return None
    if _scheme(address) in ("javascript", "vbscript", "data"):
        return f"a link in a <{tag}> starts with '{_scheme(address)}:', which runs code"
    return f"the <{tag}> loads '{address[:60]}' from outside the drawing"


def css_problems(css: str) -> list[str]:
    """Why a stylesheet (a <style> or a style= value) is not allowed."""
    found = []
    lowered = css.lower()
    found += [f"its style has '{code.rstrip('(:')}', which runs code" for code in _CSS_CODE if code in lowered]
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            found.append("its style imports another stylesheet (@import)")
    for match in _URL_VALUE.finditer(css):
        if not _inside(match["url"]) and not _DATA_IMAGE.match(match["url"]):
            found.append(f"its style loads '{match['url'][:60]}' from outside the drawing")
    return found


def _local(name: str) -> tuple[str, str]:
    qname = etree.QName(name)
    return qname.namespace or "", qname.localname


def _refused(element) -> SvgProblem | None:
    namespace, tag = _local(element.tag)
    if namespace == XHTML or (namespace == SVG and tag not in ALLOWED_ELEMENTS):
        why = _REFUSED_BECAUSE.get(tag, "is not on the list of drawing elements the site publishes")
        return SvgProblem(element.sourceline, f"the <{tag}> element {why}.")
    return None


def _element_problems(element) -> list[SvgProblem]:
    namespace, tag = _local(element.tag)
    line = element.sourceline
    if namespace not in (SVG, ""):
        return []  # a drawing program's own notes (Inkscape, Sodipodi, RDF): browsers ignore them
    found = []
    for name, value in element.attrib.items():
        attribute_namespace, attribute = _local(name)
        if attribute.lower().startswith("on"):
            found.append(SvgProblem(line, f"the attribute {attribute}= on <{tag}> runs code."))
        elif attribute == "href" and attribute_namespace in ("", XLINK):
            if problem := _link_problem(tag, value):
                found.append(SvgProblem(line, f"{problem}."))
        elif attribute_namespace == XML and attribute == "base":
            found.append(SvgProblem(line, f"the attribute xml:base= on <{tag}> changes where its links go."))
        elif attribute_namespace in ("", XLINK):
            css = value if attribute == "style" else ""
            problems = css_problems(css) if css else [
                f"the attribute {attribute}= loads '{m['url'][:60]}' from outside the drawing"
                for m in _URL_VALUE.finditer(value) if not _inside(m["url"]) and not _DATA_IMAGE.match(m["url"])]
            found += [SvgProblem(line, f"on <{tag}>, {problem}.") for problem in problems]
    if tag == "style":
        found += [SvgProblem(line, f"the <style>: {problem}.") for problem in css_problems(element.text or "")]
    return found


def svg_problems(data: bytes) -> list[SvgProblem]:
    """Everything in an SVG file that is not on the safe lists (empty if none)."""
    if b"<!ENTITY" in data.upper():
        line = data[: data.upper().index(b"<!ENTITY")].count(b"\n") + 1
        return [SvgProblem(line, "the drawing declares its own entities (<!ENTITY …>), which can read other files "
                           "or make the file explode in size.")]
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        return [SvgProblem(error.lineno, f"the file is not a readable SVG drawing ({error.msg}).",
                           "export the drawing again as SVG from a drawing program, or as a PNG.")]
    if _local(root.tag) != (SVG, "svg"):
        return [SvgProblem(root.sourceline, "the file is not an SVG drawing (its first element is not <svg>).",
                           "export the drawing again as SVG, or as a PNG.")]
    found = [SvgProblem(node.sourceline, f"the instruction <?{node.target} …?> loads a stylesheet or program "
                        "from outside the drawing.")
             for node in [*root.itersiblings(preceding=True), *root.iter(etree.PI)]
             if isinstance(node, etree._ProcessingInstruction)]
    pending = [root]
    while pending:
        element = pending.pop()
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction (above)
        if refused := _refused(element):
            found.append(refused)  # and not its insides: the element goes as a whole
            continue
        found += _element_problems(element)
        pending.extend(reversed(list(element)))
    return sorted(found, key=lambda p: p.line or 0)
